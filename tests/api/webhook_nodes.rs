//! Webhooks across processes: events committed just before a node is killed (SIGKILL) are
//! delivered after a restart, and two nodes delivering one outbox send each delivery once,
//! in commit order, while clients write through both.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json as j, Value};
use tokio::sync::Barrier;

use crate::helpers::{json, Receiver, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};
use crate::nodes::Node;

const FAST_WEBHOOKS: [(&str, Option<&str>); 3] = [
    ("MARQUEE_WEBHOOKS_ALLOW_PRIVATE", Some("on")),
    ("MARQUEE_WEBHOOK_RETRY_BASE_MS", Some("200")),
    ("MARQUEE_WEBHOOK_TIMEOUT_MS", Some("1000")),
];

async fn token(client: &reqwest::Client, node: &Node) -> String {
    let login = j!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD});
    let response = client.post(node.url("/api/v1/auth/login")).json(&login).send().await.unwrap();
    json(response).await["access_token"].as_str().unwrap().to_string()
}

/// Creates a webhook for `article.*` events; returns its id.
async fn article_webhook(client: &reqwest::Client, node: &Node, token: &str, url: &str) -> i64 {
    let events = ["article.published", "article.updated"];
    let body = j!({"url": url, "events": events});
    let response = client.post(node.url("/api/v1/admin/webhooks")).bearer_auth(token).json(&body).send().await.unwrap();
    assert_eq!(response.status(), 201);
    json(response).await["id"].as_i64().unwrap()
}

/// Creates and publishes an article; returns its id.
async fn published(client: &reqwest::Client, node: &Node, token: &str, title: &str) -> i64 {
    let created = client
        .post(node.url("/api/v1/admin/articles"))
        .bearer_auth(token)
        .json(&j!({"title": title}))
        .send()
        .await
        .unwrap();
    let id = json(created).await["id"].as_i64().unwrap();
    let publish = client.post(node.url(&format!("/api/v1/admin/articles/{id}/publish"))).bearer_auth(token).send();
    assert_eq!(publish.await.unwrap().status(), 200);
    id
}

/// Every delivery of a webhook, oldest first.
async fn all_deliveries(client: &reqwest::Client, node: &Node, token: &str, webhook: i64) -> Vec<Value> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = client.get(node.url(&format!("/api/v1/admin/webhooks/{webhook}/deliveries")));
        request = request.bearer_auth(token).query(&[("limit", "100")]);
        if let Some(c) = &cursor {
            request = request.query(&[("cursor", c)]);
        }
        let page = json(request.send().await.unwrap()).await;
        all.extend(page["data"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    all.reverse();
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_committed_before_a_kill_are_delivered_after_the_restart() {
    let (_db, url) = TestDb::create();
    let client = reqwest::Client::new();
    // The receiver is down while the first node runs: every attempt there fails.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let hook_url = format!("http://127.0.0.1:{port}/hook");
    let first = Node::start(&url, &FAST_WEBHOOKS);
    first.ready(&client).await;
    let token = token(&client, &first).await;
    let webhook = article_webhook(&client, &first, &token, &hook_url).await;
    let mut committed = 0;
    for i in 0..10 {
        published(&client, &first, &token, &format!("Before the kill {i}")).await;
        committed += 1;
    }
    drop(first); // SIGKILL, with every delivery still owed.

    let receiver = Receiver::on(port, Arc::new(|_| (200, Duration::ZERO))).await;
    let second = Node::start(&url, &FAST_WEBHOOKS);
    second.ready(&client).await;
    let got = receiver.wait_for(committed, Duration::from_secs(30)).await;
    let mut keys: Vec<&str> = got.iter().map(|r| r.header("x-marquee-delivery")).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), committed, "every committed event once: {got:#?}");
    let log = all_deliveries(&client, &second, &token, webhook).await;
    assert_eq!(log.len(), committed);
    assert!(log.iter().all(|d| d["status"] == "delivered"), "{log:#?}");
    let titles: Vec<&str> = got.iter().map(|r| r.body.as_str()).collect();
    for (i, body) in titles.iter().enumerate() {
        assert!(body.contains(&format!("Before the kill {i}")), "in commit order: {i} {body}");
    }
    println!("committed {committed} events before SIGKILL; delivered {} after the restart", keys.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_send_each_delivery_once_in_commit_order() {
    let (_db, url) = TestDb::create();
    let client = reqwest::Client::new();
    let nodes = Arc::new([Node::start(&url, &FAST_WEBHOOKS), Node::start(&url, &FAST_WEBHOOKS)]);
    for node in nodes.iter() {
        node.ready(&client).await;
    }
    let token = token(&client, &nodes[0]).await;
    let receiver = Receiver::start().await;
    let webhook = article_webhook(&client, &nodes[0], &token, &receiver.url).await;
    let article = published(&client, &nodes[0], &token, "Edited by many").await;

    // Eight editors change the published article through both nodes at once.
    let barrier = Arc::new(Barrier::new(8));
    let writers: Vec<_> = (0..8)
        .map(|who| {
            let (nodes, token, barrier, client) = (nodes.clone(), token.clone(), barrier.clone(), client.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let mut acknowledged = 0;
                let deadline = Instant::now() + Duration::from_millis(1500);
                let mut i = 0;
                while Instant::now() < deadline {
                    let node = &nodes[(who + i) % 2];
                    i += 1;
                    let edit = client
                        .patch(node.url(&format!("/api/v1/admin/articles/{article}")))
                        .bearer_auth(&token)
                        .json(&j!({"excerpt": format!("edit {who}-{i}")}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(edit.status(), 200, "no edit fails");
                    acknowledged += 1;
                }
                acknowledged
            })
        })
        .collect();
    let mut edits = 0;
    for writer in writers {
        edits += writer.await.unwrap();
    }
    let expected = edits + 1; // and the publication
    let got = receiver.wait_for(expected, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got_all = receiver.received();
    assert_eq!(got_all.len(), expected, "nothing sent twice, nothing extra");

    // Arrival order is the outbox's order, which is commit order.
    let log = all_deliveries(&client, &nodes[1], &token, webhook).await;
    assert_eq!(log.len(), expected);
    let position: HashMap<&str, usize> =
        log.iter().enumerate().map(|(i, d)| (d["delivery_id"].as_str().unwrap(), i)).collect();
    let arrival: Vec<usize> = got.iter().map(|r| position[r.header("x-marquee-delivery")]).collect();
    assert_eq!(arrival, (0..expected).collect::<Vec<_>>(), "in order");
    assert!(log.iter().all(|d| d["status"] == "delivered" && d["attempts"] == 1), "one attempt each");
    // The last payload is the article as the last edit left it.
    let last = got.last().unwrap().json();
    let shown = client.get(nodes[0].url(&format!("/api/v1/admin/articles/{article}"))).bearer_auth(&token);
    let current = json(shown.send().await.unwrap()).await;
    assert_eq!(last["data"]["excerpt"], current["excerpt"]);
    println!("{edits} concurrent edits through two nodes: {expected} deliveries, each once, in commit order");
}
