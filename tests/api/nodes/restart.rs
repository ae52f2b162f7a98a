//! PostgreSQL restarted under two nodes: cached public pages are served while it is down,
//! both nodes come back by themselves (pools and `LISTEN` reconnect), and their caches stay
//! coherent within milliseconds afterwards, in both directions.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::cluster::Cluster;
use super::coherence::{assert_prompt, edit_and_watch, listening, median_and_worst};
use super::{login, Node};
use crate::helpers::{json, Events, ADMIN_EMAIL, ADMIN_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_postgresql_restarts_both_nodes_come_back_coherent() {
    let Some(database) = Cluster::primary() else { return };
    let (first, second) = (Node::start(&database.url(), &[]), Node::start(&database.url(), &[]));
    let client = reqwest::Client::new();
    for node in [&first, &second] {
        node.ready(&client).await;
        listening(&client, node).await;
    }
    let token = first.admin_token(&client).await;
    let (id, slug) = first.create_movie(&client, &token, "The Conversation").await;
    let page = second.url(&format!("/api/v1/movies/{slug}"));
    assert_eq!(json(client.get(&page).send().await.unwrap()).await["synopsis"], "before");

    // Readers keep asking the second node for the cached page while the server restarts.
    let restarting = Arc::new(AtomicBool::new(true));
    let reader = tokio::spawn({
        let (client, page, restarting) = (client.clone(), page.clone(), restarting.clone());
        async move {
            let mut statuses = Vec::new();
            while restarting.load(Ordering::Acquire) {
                statuses.push(client.get(&page).send().await.unwrap().status().as_u16());
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            statuses
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    database.stop();
    tokio::time::sleep(Duration::from_millis(500)).await;
    database.start();
    restarting.store(false, Ordering::Release);
    let statuses = reader.await.unwrap();
    assert!(statuses.iter().all(|s| *s == 200), "cached reads during the restart: {statuses:?}");

    for node in [&first, &second] {
        node.ready(&client).await;
        listening(&client, node).await;
    }
    let login_again = login(&client, &second, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(login_again.status(), 200, "writes work again");
    for (writer, reader, round) in [(&first, &second, "a"), (&second, &first, "b")] {
        let mut stream = Events::open(&client, &reader.url("/api/v1/changes/stream"), None).await.skip_hello().await;
        let (stale, delivered) =
            edit_and_watch(&client, (writer, reader), &token, (id, &slug), &mut stream, round).await;
        let (stale, delivered) = (median_and_worst(stale), median_and_worst(delivered));
        println!("after the restart, {round}: staleness {stale:?}, stream delivery {delivered:?} (median, worst)");
        assert_prompt("after the restart", stale, delivered);
    }
}
