//! The live change stream (`GET /changes/stream`, Server-Sent Events): entries as writes
//! commit, the same as `/changes`, resumed by `Last-Event-ID` or `?since=` with no gap,
//! heartbeats, a bounded number of streams, and nothing missed while writers write at once.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json as j, Value};
use tokio::sync::Barrier;

use crate::helpers::{assert_problem, json, spawn_app, spawn_app_with, Events, TestApp};

async fn new_movie(app: &TestApp, token: &str, title: &str) -> i64 {
    app.create_movie(token, j!({ "title": title })).await["id"].as_i64().unwrap()
}

const SOON: Duration = Duration::from_secs(10);

#[tokio::test]
async fn writes_arrive_as_events_with_cursors_that_resume_without_a_gap() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let before = new_movie(&app, &admin.token, "Before the stream").await;
    let mut stream = Events::open(&app.client, &app.url("/api/v1/changes/stream"), None).await;
    let hello = stream.next(SOON).await.unwrap();
    assert_eq!(hello.comments, ["connected"]);

    let first = new_movie(&app, &admin.token, "Heat").await;
    let second = new_movie(&app, &admin.token, "Ronin").await;
    let got = stream.entries(2, SOON).await;
    // Only what happened after connecting, in order, as `/changes` shows it.
    let ids: Vec<i64> = got.iter().map(|(_, e)| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [first, second], "{got:?}");
    assert!(!ids.contains(&before));
    assert_eq!(got[0].1["kind"], "movie");
    assert_eq!(got[0].1["action"], "upsert");
    let feed = json(app.get("/api/v1/changes").await).await;
    let listed: Vec<&Value> = feed["data"].as_array().unwrap().iter().filter(|e| e["id"] != before).collect();
    assert_eq!(listed, got.iter().map(|(_, e)| e).collect::<Vec<_>>(), "the same entries as the feed");
    drop(stream);

    // Disconnected, two more writes; resuming after the first event gives the rest exactly.
    let third = new_movie(&app, &admin.token, "Thief").await;
    let fourth = new_movie(&app, &admin.token, "Collateral").await;
    let mut resumed = Events::open(&app.client, &app.url("/api/v1/changes/stream"), Some(&got[0].0)).await;
    let again: Vec<i64> = resumed.entries(3, SOON).await.iter().map(|(_, e)| e["id"].as_i64().unwrap()).collect();
    assert_eq!(again, [second, third, fourth]);
    // An event id is a `/changes` cursor, and the other way round.
    let after = json(app.get(&format!("/api/v1/changes?since={}", got[1].0)).await).await;
    let after: Vec<i64> = after["data"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(after, [third, fourth]);
    let cursor = json(app.get("/api/v1/changes?limit=1").await).await["next_cursor"].as_str().unwrap().to_string();
    let url = app.url(&format!("/api/v1/changes/stream?since={cursor}"));
    let mut from_query = Events::open(&app.client, &url, None).await;
    let rest = from_query.entries(4, SOON).await;
    assert_eq!(rest.last().unwrap().1["id"], fourth);
    // Nothing more until something changes.
    let quiet = from_query.next(Duration::from_millis(300)).await;
    assert!(quiet.is_none(), "{quiet:?}");
}

#[tokio::test]
async fn a_bad_cursor_is_a_problem_and_streams_are_bounded_per_node() {
    // A stream whose client went away is noticed at its next heartbeat, at the latest.
    let app = spawn_app_with(&[("MARQUEE_STREAM_MAX_SUBSCRIBERS", "2"), ("MARQUEE_STREAM_HEARTBEAT_MS", "100")]).await;
    let url = app.url("/api/v1/changes/stream");
    assert_problem(app.get("/api/v1/changes/stream?since=forged").await, 400).await;
    let refused = app.client.get(&url).header("last-event-id", "not-a-cursor").send().await.unwrap();
    assert_problem(refused, 400).await;

    // Two clients (one stream each: their share of two places).
    let one = Events::open(&from(1), &url, None).await;
    let _two = Events::open(&from(2), &url, None).await;
    let third = from(3).get(&url).send().await.unwrap();
    assert_eq!(third.headers()["retry-after"], "5");
    assert_problem(third, 503).await;
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("marquee_change_streams 2"), "{metrics}");
    // A closed stream gives its place back.
    drop(one);
    let mut reopened = None;
    for _ in 0..100 {
        let response = from(3).get(&url).send().await.unwrap();
        if response.status() == 200 {
            reopened = Some(response);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(reopened.is_some(), "the place of a closed stream is given back");
}

/// A client connecting from 127.0.0.`n` (clients are told apart by address).
fn from(n: u8) -> reqwest::Client {
    reqwest::Client::builder().local_address(std::net::IpAddr::from([127, 0, 0, n])).build().unwrap()
}

#[tokio::test]
async fn one_client_cannot_take_every_stream() {
    let app = spawn_app_with(&[("MARQUEE_STREAM_MAX_SUBSCRIBERS", "20")]).await;
    let url = app.url("/api/v1/changes/stream");
    let greedy = from(10);
    // A client's share is a quarter of the places, at most 8: five of twenty.
    let mut held = Vec::new();
    for _ in 0..5 {
        held.push(Events::open(&greedy, &url, None).await);
    }
    let refused = greedy.get(&url).send().await.unwrap();
    assert!(refused.headers().contains_key("retry-after"));
    assert_problem(refused, 429).await;
    // Everyone else still gets a stream.
    for n in 11..14 {
        held.push(Events::open(&from(n), &url, None).await);
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("marquee_change_streams 8"), "{metrics}");
}

#[tokio::test]
async fn an_idle_stream_gets_heartbeats() {
    let app = spawn_app_with(&[("MARQUEE_STREAM_HEARTBEAT_MS", "50")]).await;
    let mut stream = Events::open(&app.client, &app.url("/api/v1/changes/stream"), None).await;
    stream.next(SOON).await.unwrap();
    for _ in 0..3 {
        let beat = stream.next(Duration::from_secs(2)).await.expect("a heartbeat");
        assert_eq!(beat.comments, ["heartbeat"]);
        assert!(beat.data.is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stream_misses_nothing_while_eight_editors_write_at_once() {
    let app = Arc::new(spawn_app().await);
    let admin = app.admin().await;
    let mut stream = Events::open(&app.client, &app.url("/api/v1/changes/stream"), None).await;
    stream.next(SOON).await.unwrap();
    let barrier = Arc::new(Barrier::new(8));
    let writers: Vec<_> = (0..8)
        .map(|who| {
            let (app, token, barrier) = (app.clone(), admin.token.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let mut made = Vec::new();
                for i in 0..10 {
                    made.push(new_movie(&app, &token, &format!("Film {who}-{i}")).await);
                }
                made
            })
        })
        .collect();
    let mut made = Vec::new();
    for writer in writers {
        made.extend(writer.await.unwrap());
    }
    let got = stream.entries(made.len(), SOON).await;
    let mut ids: Vec<i64> = got.iter().map(|(_, e)| e["id"].as_i64().unwrap()).collect();
    // In feed order, as `/changes` lists them...
    let feed = json(app.get("/api/v1/changes?limit=100").await).await;
    let listed: Vec<i64> = feed["data"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, listed);
    // ...each write exactly once.
    ids.sort_unstable();
    made.sort_unstable();
    assert_eq!(ids, made);
    assert!(stream.next(Duration::from_millis(300)).await.is_none_or(|e| e.data.is_none()), "no repeat");
}
