//! Two nodes on one PostgreSQL database: a write through one is served by the other within
//! milliseconds (its cache is told by `LISTEN/NOTIFY`, not its one-second feed tick), reaches
//! the other's live change stream, and both keep that up when the database drops every
//! connection (as a restart does).

use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{json as j, Value};

use super::{login, Node};
use crate::change_stream::Events;
use crate::helpers::{json, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};

const EDITS: usize = 20;

/// Edits the movie through `writer` `EDITS` times; after each acknowledged edit, reads
/// `reader` until it serves the edit, and waits for the edit on `stream`. Returns the
/// staleness and the stream's delivery time of each edit.
async fn edit_and_watch(
    client: &reqwest::Client,
    (writer, reader): (&Node, &Node),
    token: &str,
    (id, slug): (i64, &str),
    stream: &mut Events,
    round: &str,
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut stale, mut delivered) = (Vec::new(), Vec::new());
    for i in 0..EDITS {
        let synopsis = format!("{round} edit {i}");
        let edit = client
            .patch(writer.url(&format!("/api/v1/admin/movies/{id}")))
            .bearer_auth(token)
            .json(&j!({ "synopsis": synopsis }))
            .send()
            .await
            .unwrap();
        assert_eq!(edit.status(), 200);
        let committed = Instant::now();
        loop {
            let page = json(client.get(reader.url(&format!("/api/v1/movies/{slug}"))).send().await.unwrap()).await;
            if page["synopsis"] == synopsis.as_str() {
                stale.push(committed.elapsed());
                break;
            }
            assert!(committed.elapsed() < Duration::from_secs(5), "the other node never served edit {i}");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let entry = stream.entries(1, Duration::from_secs(5)).await;
        delivered.push(committed.elapsed());
        assert_eq!(entry[0].1["id"], id);
    }
    (stale, delivered)
}

/// The feed tick alone gives a median near 500 ms and a worst near a second, so the medians
/// fail without `LISTEN`. The worst cases are held to a looser bound than the goal (100 ms)
/// because the suite runs its tests side by side on a busy machine; the printed figures,
/// from a run of this test alone, are what the closing note reports.
fn assert_prompt(when: &str, stale: (Duration, Duration), delivered: (Duration, Duration)) {
    assert!(stale.0 < Duration::from_millis(50), "median staleness {when}: {stale:?}");
    assert!(delivered.0 < Duration::from_millis(50), "median stream delivery {when}: {delivered:?}");
    assert!(stale.1 < Duration::from_millis(900), "worst staleness {when}: {stale:?}");
    assert!(delivered.1 < Duration::from_millis(900), "worst stream delivery {when}: {delivered:?}");
}

fn median_and_worst(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() - 1])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_edit_through_one_node_is_served_by_the_other_within_milliseconds() {
    let (db, url) = TestDb::create();
    if !db.is_postgres() {
        // SQLite has no notifications: other processes' writes show within the feed tick.
        return;
    }
    let first = Node::start(&url, &[]);
    let second = Node::start(&url, &[]);
    let client = reqwest::Client::new();
    first.ready(&client).await;
    second.ready(&client).await;
    let login = json(login(&client, &first, ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    let token = login["access_token"].as_str().unwrap().to_string();
    let movie: Value = json(
        client
            .post(first.url("/api/v1/admin/movies"))
            .bearer_auth(&token)
            .json(&j!({"title": "Heat", "synopsis": "before"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let (id, slug) = (movie["id"].as_i64().unwrap(), movie["slug"].as_str().unwrap().to_string());
    let mut stream = Events::open(&client, &second.url("/api/v1/changes/stream"), None).await;
    stream.next(Duration::from_secs(5)).await.unwrap();
    let listening = |node: &Node| {
        let client = client.clone();
        let url = node.url("/metrics");
        async move {
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline {
                let text = client.get(&url).send().await.unwrap().text().await.unwrap();
                if text.contains("marquee_change_listener_connected 1") {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            panic!("{url} never listened");
        }
    };
    listening(&second).await;
    // The second node caches the page before the edits.
    let warm = client.get(second.url(&format!("/api/v1/movies/{slug}"))).send().await.unwrap();
    assert_eq!(json(warm).await["synopsis"], "before");

    let (stale, delivered) = edit_and_watch(&client, (&first, &second), &token, (id, &slug), &mut stream, "a").await;
    let (stale_median, stale_worst) = median_and_worst(stale);
    let (stream_median, stream_worst) = median_and_worst(delivered);
    println!(
        "cross-node staleness over {EDITS} edits: median {stale_median:?}, worst {stale_worst:?}; \
         stream delivery: median {stream_median:?}, worst {stream_worst:?}"
    );
    assert_prompt("", (stale_median, stale_worst), (stream_median, stream_worst));

    // Every connection to the database is dropped, as when it restarts: the nodes reconnect
    // by themselves (the listener with a short pause) and stay coherent.
    let mut admin = PgConnection::establish(&url).unwrap();
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(&mut admin)
    .unwrap();
    drop(admin);
    listening(&first).await;
    listening(&second).await;
    let (stale, delivered) = edit_and_watch(
        &client,
        (&second, &first),
        &token,
        (id, &slug),
        &mut Events::open(&client, &first.url("/api/v1/changes/stream"), None).await.skip_hello().await,
        "b",
    )
    .await;
    let (stale, delivered) = (median_and_worst(stale), median_and_worst(delivered));
    println!("after the connections dropped: staleness {stale:?}, stream delivery {delivered:?} (median, worst)");
    assert_prompt("after reconnecting", stale, delivered);
    for node in [&first, &second] {
        let ready = client.get(node.url("/readyz")).send().await.unwrap();
        assert_eq!(ready.status(), 200);
    }
}
