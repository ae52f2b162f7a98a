//! Two nodes on one PostgreSQL database: a write through one is served by the other within
//! milliseconds (its cache is told by `LISTEN/NOTIFY`, not its one-second feed tick), reaches
//! the other's live change stream, and both keep that up when the database drops every
//! connection (as a restart does).

use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

use super::Node;
use crate::helpers::{json, Events, TestDb};

const EDITS: usize = 20;

/// Edits the movie through `writer` `EDITS` times; after each acknowledged edit, reads
/// `reader` until it serves the edit, and waits for the edit on `stream`. Returns the
/// staleness and the stream's delivery time of each edit.
pub(super) async fn edit_and_watch(
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
        writer.edit_movie(client, token, id, &synopsis).await;
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
pub(super) fn assert_prompt(when: &str, stale: (Duration, Duration), delivered: (Duration, Duration)) {
    assert!(stale.0 < Duration::from_millis(50), "median staleness {when}: {stale:?}");
    assert!(delivered.0 < Duration::from_millis(50), "median stream delivery {when}: {delivered:?}");
    assert!(stale.1 < Duration::from_millis(900), "worst staleness {when}: {stale:?}");
    assert!(delivered.1 < Duration::from_millis(900), "worst stream delivery {when}: {delivered:?}");
}

/// Waits until the node hears other nodes' commits (its `LISTEN` connection is up).
pub(super) async fn listening(client: &reqwest::Client, node: &Node) {
    let url = node.url("/metrics");
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Ok(response) = client.get(&url).send().await {
            if response.text().await.unwrap_or_default().contains("marquee_change_listener_connected 1") {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{url} never listened");
}

pub(super) fn median_and_worst(mut times: Vec<Duration>) -> (Duration, Duration) {
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
    let token = first.admin_token(&client).await;
    let (id, slug) = first.create_movie(&client, &token, "Heat").await;
    let mut stream = Events::open(&client, &second.url("/api/v1/changes/stream"), None).await;
    stream.next(Duration::from_secs(5)).await.unwrap();
    listening(&client, &second).await;
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
    listening(&client, &first).await;
    listening(&client, &second).await;
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

/// An author's page is purged by no feed row (its articles' rows purge the articles): the
/// writing transaction's notification names it, and the other node purges it on arrival.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_author_page_edited_through_one_node_is_served_by_the_other_within_milliseconds() {
    let (db, url) = TestDb::create();
    if !db.is_postgres() {
        return;
    }
    let (first, second) = (Node::start(&url, &[]), Node::start(&url, &[]));
    let client = reqwest::Client::new();
    first.ready(&client).await;
    second.ready(&client).await;
    listening(&client, &second).await;
    let token = first.admin_token(&client).await;
    let send = |method: reqwest::Method, path: &str, body: serde_json::Value| {
        client.request(method, first.url(path)).bearer_auth(&token).json(&body).send()
    };
    let article = json(
        send(reqwest::Method::POST, "/api/v1/admin/articles", serde_json::json!({"title": "Heat, explained"}))
            .await
            .unwrap(),
    )
    .await;
    let publish = format!("/api/v1/admin/articles/{}/publish", article["id"]);
    assert_eq!(send(reqwest::Method::POST, &publish, serde_json::json!({})).await.unwrap().status(), 200);
    set_profile(&client, &first, &token, serde_json::json!({"slug": "the-admin", "bio": "before"})).await;
    let page = second.url("/api/v1/authors/the-admin");
    assert_eq!(json(client.get(&page).send().await.unwrap()).await["bio"], "before");

    let mut stale = Vec::new();
    for i in 0..EDITS {
        let bio = format!("bio {i}");
        set_profile(&client, &first, &token, serde_json::json!({ "bio": bio })).await;
        let committed = Instant::now();
        while json(client.get(&page).send().await.unwrap()).await["bio"] != bio.as_str() {
            assert!(committed.elapsed() < Duration::from_secs(5), "the other node never served bio {i}");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        stale.push(committed.elapsed());
    }
    let (median, worst) = median_and_worst(stale);
    println!("author page across nodes over {EDITS} edits: median {median:?}, worst {worst:?}");
    assert!(median < Duration::from_millis(50) && worst < Duration::from_millis(900), "{median:?}, {worst:?}");
}

/// Changes the signed-in user's own profile through `node`.
async fn set_profile(client: &reqwest::Client, node: &Node, token: &str, profile: serde_json::Value) {
    let me = client.get(node.url("/api/v1/auth/me")).bearer_auth(token).send().await.unwrap();
    let etag = me.headers()["etag"].to_str().unwrap().to_string();
    let changed = client
        .patch(node.url("/api/v1/auth/me"))
        .bearer_auth(token)
        .header("if-match", etag)
        .json(&profile)
        .send()
        .await;
    assert_eq!(changed.unwrap().status(), 200);
}
