//! A node with a real streaming replica (`MARQUEE_READ_DATABASE_URL`): public reads are
//! served from it, a write shows there and through the node once replayed, a replica that
//! falls behind or stops is left for the primary without a failed request, and reads go back
//! to it once it has caught up.

use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};

use super::cluster::Cluster;
use super::coherence::median_and_worst;
use super::Node;
use crate::helpers::json;

const EDITS: usize = 20;

#[derive(diesel::QueryableByName)]
struct Synopsis {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    synopsis: Option<String>,
}

fn synopsis_on(conn: &mut PgConnection, id: i64) -> Option<String> {
    diesel::sql_query("SELECT synopsis FROM movies WHERE id = $1")
        .bind::<diesel::sql_types::BigInt, _>(id)
        .get_result::<Synopsis>(conn)
        .ok()
        .and_then(|row| row.synopsis)
}

fn sql(conn: &mut PgConnection, statement: &str) {
    diesel::sql_query(statement).execute(conn).unwrap();
}

async fn replica_state(client: &reqwest::Client, node: &Node) -> String {
    let ready = client.get(node.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "the node stays ready whatever the replica does");
    json(ready).await["read_replica"]["state"].as_str().unwrap().to_string()
}

async fn until_state(client: &reqwest::Client, node: &Node, wanted: &str, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let state = replica_state(client, node).await;
        if state == wanted {
            return;
        }
        assert!(Instant::now() < deadline, "the replica stayed {state}, never {wanted}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn metric(client: &reqwest::Client, node: &Node, name: &str) -> f64 {
    let text = client.get(node.url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(&format!("marquee_{name} ")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in /metrics"))
}

/// Edits the movie through the node; the public page must show each edit once the replica
/// has replayed it. Returns the replica's lag and the node's staleness for each edit.
async fn edit_and_watch(
    client: &reqwest::Client,
    node: &Node,
    token: &str,
    (id, slug): (i64, &str),
    replica: &mut PgConnection,
    round: &str,
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut lag, mut stale) = (Vec::new(), Vec::new());
    for i in 0..EDITS {
        let synopsis = format!("{round} {i}");
        node.edit_movie(client, token, id, &synopsis).await;
        let committed = Instant::now();
        let (mut replayed, mut served) = (None, None);
        while replayed.is_none() || served.is_none() {
            if replayed.is_none() && synopsis_on(replica, id).as_deref() == Some(synopsis.as_str()) {
                replayed = Some(committed.elapsed());
            }
            if served.is_none() {
                let page = client.get(node.url(&format!("/api/v1/movies/{slug}"))).send().await.unwrap();
                assert_eq!(page.status(), 200);
                if json(page).await["synopsis"] == synopsis.as_str() {
                    served = Some(committed.elapsed());
                }
            }
            assert!(committed.elapsed() < Duration::from_secs(5), "edit {i} never showed");
        }
        lag.push(replayed.unwrap());
        stale.push(served.unwrap());
    }
    (lag, stale)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn public_reads_go_to_a_streaming_replica_and_survive_it_falling_behind_or_stopping() {
    let Some(primary) = Cluster::primary() else { return };
    let replica = primary.replica();
    let replica_url = replica.url();
    let node = Node::start(&primary.url(), &[("MARQUEE_READ_DATABASE_URL", Some(replica_url.as_str()))]);
    let client = reqwest::Client::new();
    node.ready(&client).await;
    until_state(&client, &node, "up", Duration::from_secs(10)).await;

    let token = node.admin_token(&client).await;
    let (id, slug) = node.create_movie(&client, &token, "Chinatown").await;

    // Public reads are the replica's: they show in its statement log and its count.
    let mut on_replica = PgConnection::establish(&replica.url()).unwrap();
    sql(&mut on_replica, "SET log_statement = 'none'");
    let served_before = metric(&client, &node, "read_replica_reads_total").await;
    let logged_before = replica.log().matches("FROM \"movies\"").count();
    let page = client.get(node.url(&format!("/api/v1/movies/{slug}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(json(page).await["synopsis"], "before");
    assert!(metric(&client, &node, "read_replica_reads_total").await > served_before);
    assert!(replica.log().matches("FROM \"movies\"").count() > logged_before, "the replica ran the read");

    // A write goes to the primary and shows through the node once the replica replays it.
    let (lag, stale) = edit_and_watch(&client, &node, &token, (id, &slug), &mut on_replica, "replayed").await;
    let ((lag_median, lag_worst), (stale_median, stale_worst)) = (median_and_worst(lag), median_and_worst(stale));
    println!(
        "replica lag over {EDITS} edits: median {lag_median:?}, worst {lag_worst:?}; \
         the node served each edit after: median {stale_median:?}, worst {stale_worst:?}"
    );
    assert!(stale_worst < Duration::from_secs(1), "an edit waited for a replica that keeps up: {stale_worst:?}");

    // A replica that stops replaying is left for the primary: the edit shows anyway (watched
    // for on the primary, since the replica will not have it).
    sql(&mut on_replica, "SELECT pg_wal_replay_pause()");
    let mut on_primary = PgConnection::establish(&primary.url()).unwrap();
    let (_, stale) = edit_and_watch(&client, &node, &token, (id, &slug), &mut on_primary, "paused").await;
    assert_eq!(replica_state(&client, &node).await, "behind");
    assert_eq!(metric(&client, &node, "read_replica_up").await, 0.0);
    let (_, paused_worst) = median_and_worst(stale);
    assert!(paused_worst < Duration::from_secs(3), "edits while the replica was paused: {paused_worst:?}");
    sql(&mut on_replica, "SELECT pg_wal_replay_resume()");
    until_state(&client, &node, "up", Duration::from_secs(5)).await;
    drop(on_replica);

    // A stopped replica: every public read is answered (by the primary), and edits show.
    replica.stop();
    let (mut statuses, started) = (Vec::new(), Instant::now());
    for limit in 1..=40 {
        // Each limit is a page of its own, so each is a cache miss that needs the database.
        statuses.push(client.get(node.url(&format!("/api/v1/movies?limit={limit}"))).send().await.unwrap().status());
    }
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    println!("40 public reads with the replica stopped took {:?}", started.elapsed());
    until_state(&client, &node, "down", Duration::from_secs(3)).await;
    let (_, stale) = edit_and_watch(&client, &node, &token, (id, &slug), &mut on_primary, "stopped").await;
    assert!(median_and_worst(stale).1 < Duration::from_secs(1));

    // Started again, it catches up and serves public reads once more.
    replica.start();
    until_state(&client, &node, "up", Duration::from_secs(15)).await;
    let served_before = metric(&client, &node, "read_replica_reads_total").await;
    let page = client.get(node.url("/api/v1/movies?limit=41")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(metric(&client, &node, "read_replica_reads_total").await > served_before);
}
