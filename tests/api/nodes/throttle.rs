//! The failed-login limits are kept in the database, so attempts spread over several nodes
//! get no more tries than attempts on one: a client that fails on one account five times,
//! alternating between two nodes, is refused on both, and one that fails twenty times over
//! many accounts is refused everywhere, while the account's owner, from elsewhere, logs in;
//! and guesses sent all at once, to both nodes, get exactly as many tries as the limit.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use tokio::sync::Barrier;

use serde_json::json as j;

use super::Node;
use crate::helpers::{TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};

fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder().local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))).build().unwrap()
}

async fn attempt(client: &reqwest::Client, node: &Node, email: &str, password: &str) -> u16 {
    let response = client
        .post(node.url("/api/v1/auth/login"))
        .json(&j!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn failed_logins_spread_over_two_nodes_get_no_more_tries_than_on_one() {
    let (_db, url) = TestDb::create();
    let rate_limited = [("MARQUEE_RATE_LIMIT", Some("on"))];
    let nodes = [Node::start(&url, &rate_limited), Node::start(&url, &rate_limited)];
    let (attacker, owner) = (client_from(60), client_from(61));
    for node in &nodes {
        node.ready(&attacker).await;
    }

    // Five failures on the admin's account, alternating between the nodes.
    for i in 0..5 {
        assert_eq!(attempt(&attacker, &nodes[i % 2], ADMIN_EMAIL, "wrong password!").await, 401, "try {i}");
    }
    for node in &nodes {
        assert_eq!(attempt(&attacker, node, ADMIN_EMAIL, "wrong password!").await, 429, "{}", node.address);
        assert_eq!(attempt(&attacker, node, ADMIN_EMAIL, ADMIN_PASSWORD).await, 429, "even the right password");
    }
    // The owner, from their own address, is not locked out on either node.
    for node in &nodes {
        assert_eq!(attempt(&owner, node, ADMIN_EMAIL, ADMIN_PASSWORD).await, 200);
    }

    // Twenty failures from one client over many accounts, alternating: then every account
    // is refused to it, on both nodes (the five above count too).
    for i in 5..20 {
        let status = attempt(&attacker, &nodes[i % 2], &format!("reader{i}@example.com"), "wrong password!").await;
        assert_eq!(status, 401, "try {i}");
    }
    for node in &nodes {
        assert_eq!(attempt(&attacker, node, "someone.else@example.com", "wrong password!").await, 429);
    }
    assert_eq!(attempt(&owner, &nodes[1], ADMIN_EMAIL, ADMIN_PASSWORD).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_sent_at_once_to_two_nodes_get_exactly_the_limit() {
    const GUESSES: usize = 20;
    let (_db, url) = TestDb::create();
    let rate_limited = [("MARQUEE_RATE_LIMIT", Some("on"))];
    let nodes = Arc::new([Node::start(&url, &rate_limited), Node::start(&url, &rate_limited)]);
    let attacker = client_from(62);
    for node in nodes.iter() {
        node.ready(&attacker).await;
    }
    let barrier = Arc::new(Barrier::new(GUESSES));
    let guesses: Vec<_> = (0..GUESSES)
        .map(|i| {
            let (nodes, barrier, attacker) = (nodes.clone(), barrier.clone(), attacker.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                attempt(&attacker, &nodes[i % 2], ADMIN_EMAIL, &format!("guess number {i}")).await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.unwrap());
    }
    statuses.sort_unstable();
    let tried = statuses.iter().filter(|s| **s == 401).count();
    assert_eq!(tried, 5, "one account, one client: five tries whatever the timing: {statuses:?}");
    assert!(statuses.iter().all(|s| matches!(s, 401 | 429)), "{statuses:?}");
    // The owner is not locked out; their success takes nothing from the count.
    assert_eq!(attempt(&client_from(63), &nodes[0], ADMIN_EMAIL, ADMIN_PASSWORD).await, 200);
    assert_eq!(attempt(&attacker, &nodes[1], ADMIN_EMAIL, ADMIN_PASSWORD).await, 429);
}
