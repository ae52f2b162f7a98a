//! Failed-login throttling: a client that keeps failing is refused, on one account and then on
//! all; failures from many clients slow an account down; nobody can lock the owner out.
//! Clients are told apart by their address: these tests connect from several loopback
//! addresses (127.0.0.x).

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use serde_json::json as j;

use crate::helpers::{assert_problem, spawn_app, spawn_app_with, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

/// A client connecting from 127.0.0.`n`.
fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder().local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n))).build().unwrap()
}

async fn login_from(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> reqwest::Response {
    client.post(app.url("/api/v1/auth/login")).json(&j!({"email": email, "password": password})).send().await.unwrap()
}

#[tokio::test]
async fn a_client_failing_on_an_account_is_refused_there_and_the_owner_still_logs_in() {
    let app = spawn_app().await;
    let attacker = client_from(2);
    for _ in 0..5 {
        assert_eq!(login_from(&app, &attacker, ADMIN_EMAIL, "wrong-password!").await.status(), 401);
    }
    // The attacker is refused on this account now, even with the right password...
    let refused = login_from(&app, &attacker, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let retry_after: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after > 0 && retry_after <= 900, "{retry_after}");
    assert_problem(refused, 429).await;
    // ...but the owner, from anywhere else, logs in.
    assert_eq!(login_from(&app, &client_from(3), ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    // Unknown accounts throttle the same way: the answer does not reveal which emails exist.
    for _ in 0..5 {
        login_from(&app, &attacker, "ghost@marquee.test", "wrong-password!").await;
    }
    assert_eq!(login_from(&app, &attacker, "ghost@marquee.test", "wrong-password!").await.status(), 429);
}

#[tokio::test]
async fn a_client_failing_on_many_accounts_is_refused_on_all() {
    let app = spawn_app().await;
    let sprayer = client_from(4);
    for i in 0..20 {
        let email = format!("guess{i}@marquee.test");
        assert_eq!(login_from(&app, &sprayer, &email, "wrong-password!").await.status(), 401);
    }
    assert_problem(login_from(&app, &sprayer, ADMIN_EMAIL, ADMIN_PASSWORD).await, 429).await;
    assert_eq!(login_from(&app, &client_from(5), ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn failures_from_many_clients_slow_the_account_without_locking_it() {
    let app = spawn_app().await;
    for n in 10..22 {
        let status = login_from(&app, &client_from(n), ADMIN_EMAIL, "wrong-password!").await.status();
        assert_eq!(status, 401, "each client fails once");
    }
    let started = Instant::now();
    assert_eq!(login_from(&app, &client_from(30), ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(100), "12 failures from anywhere make each attempt wait");
}

#[tokio::test]
async fn a_success_forgets_the_clients_failures_on_the_account() {
    let app = spawn_app().await;
    let client = client_from(6);
    for _ in 0..4 {
        login_from(&app, &client, ADMIN_EMAIL, "wrong-password!").await;
    }
    assert_eq!(login_from(&app, &client, ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    for _ in 0..4 {
        assert_eq!(login_from(&app, &client, ADMIN_EMAIL, "wrong-password!").await.status(), 401);
    }
    assert_eq!(login_from(&app, &client, ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn throttling_is_off_when_rate_limits_are() {
    let app = spawn_app_with(&[("MARQUEE_RATE_LIMIT", "off")]).await;
    for _ in 0..6 {
        app.login(ADMIN_EMAIL, "wrong-password!").await;
    }
    assert_eq!(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
}

async fn login_forwarded(app: &TestApp, client: &reqwest::Client, forwarded_for: &str, password: &str) -> u16 {
    client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&j!({"email": ADMIN_EMAIL, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_counted() {
    let app = spawn_app_with(&[("MARQUEE_TRUSTED_PROXIES", "127.0.0.50/32")]).await;
    let proxy = client_from(50);
    // Each failure names a different first hop: what the client wrote before reaching the
    // proxy, which the proxy appended the real address after.
    for n in 0..5 {
        assert_eq!(login_forwarded(&app, &proxy, &format!("6.6.6.{n}, 203.0.113.5"), "wrong-password!").await, 401);
    }
    assert_eq!(login_forwarded(&app, &proxy, "203.0.113.5", ADMIN_PASSWORD).await, 429, "that client is refused");
    // Another client behind the same proxy is someone else.
    assert_eq!(login_forwarded(&app, &proxy, "203.0.113.6", ADMIN_PASSWORD).await, 200);
    // The standard header does the same.
    let forwarded = proxy
        .post(app.url("/api/v1/auth/login"))
        .header("forwarded", "for=203.0.113.5;proto=https")
        .json(&j!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(forwarded.status(), 429);
}

#[tokio::test]
async fn from_an_untrusted_peer_forwarded_headers_change_nothing() {
    let app = spawn_app_with(&[("MARQUEE_TRUSTED_PROXIES", "10.0.0.0/8")]).await;
    let attacker = client_from(51);
    for n in 0..5 {
        let status = login_forwarded(&app, &attacker, &format!("203.0.113.{n}"), "wrong-password!").await;
        assert_eq!(status, 401);
    }
    // A fresh spoofed address does not make the attacker someone new...
    assert_eq!(login_forwarded(&app, &attacker, "198.51.100.77", ADMIN_PASSWORD).await, 429);
    // ...and claiming to be the owner's address does not lock the owner out.
    assert_eq!(login_forwarded(&app, &client_from(52), "127.0.0.51", ADMIN_PASSWORD).await, 200);
}
