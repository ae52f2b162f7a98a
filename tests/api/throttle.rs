//! Failed-login throttling: a client that keeps failing is refused, on one account and then on
//! all; an account that many clients fail on admits one unknown device a second, and its
//! owner's device at once; nobody can lock the owner out. Clients are told apart by their
//! address (an IPv4 address or an IPv6 /64): these tests connect from several loopback
//! addresses (127.0.0.x), or through a trusted proxy that names others.

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

/// A login through the trusted proxy 127.0.0.50 for the client `forwarded_for`, with a
/// device cookie if given; its status and the device cookie it set.
async fn login_as_client(
    app: &TestApp,
    forwarded_for: &str,
    device: Option<&str>,
    password: &str,
) -> (u16, Option<String>) {
    let mut request = client_from(50)
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&j!({"email": ADMIN_EMAIL, "password": password}));
    if let Some(device) = device {
        request = request.header("cookie", format!("{DEVICE_COOKIE}={device}"));
    }
    let response = request.send().await.unwrap();
    let cookie = response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        v.strip_prefix(&format!("{DEVICE_COOKIE}=")).map(|rest| rest.split(';').next().unwrap().to_string())
    });
    (response.status().as_u16(), cookie)
}

const DEVICE_COOKIE: &str = "__Host-marquee_device";

#[tokio::test]
async fn an_account_under_attack_admits_one_unknown_device_a_second_and_its_owner_at_once() {
    let app = spawn_app_with(&[("MARQUEE_TRUSTED_PROXIES", "127.0.0.50/32")]).await;
    // The owner logged in before, from home: that browser has a device cookie.
    let (status, device) = login_as_client(&app, "198.51.100.7", None, ADMIN_PASSWORD).await;
    assert_eq!(status, 200);
    let device = device.expect("a successful login sets a device cookie");
    // Eleven addresses fail once each: the account is under attack.
    for n in 0..11 {
        assert_eq!(login_as_client(&app, &format!("203.0.113.{n}"), None, "wrong-password!").await.0, 401);
    }
    // 64 guessers from 64 addresses, at once, for three seconds.
    let started = Instant::now();
    let attack = Duration::from_secs(3);
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(64));
    let guessers: Vec<_> = (0..64u8)
        .map(|n| {
            let (app_url, barrier) = (app.url("/api/v1/auth/login"), barrier.clone());
            tokio::spawn(async move {
                let client = client_from(50);
                barrier.wait().await;
                let (mut checked, mut refused) = (0, 0);
                while started.elapsed() < attack {
                    let status = client
                        .post(&app_url)
                        .header("x-forwarded-for", format!("192.0.2.{n}"))
                        .json(&j!({"email": ADMIN_EMAIL, "password": format!("guess-{n}-{checked}-{refused}")}))
                        .send()
                        .await
                        .unwrap()
                        .status()
                        .as_u16();
                    match status {
                        401 => checked += 1,
                        429 => refused += 1,
                        other => panic!("a guess answered {other}"),
                    }
                }
                (checked, refused)
            })
        })
        .collect();
    // Meanwhile the owner, from home, gets in at once.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let owner_started = Instant::now();
    let (status, _) = login_as_client(&app, "198.51.100.7", Some(&device), ADMIN_PASSWORD).await;
    let owner_took = owner_started.elapsed();
    let (mut checked, mut refused) = (0, 0);
    for guesser in guessers {
        let (c, r) = guesser.await.unwrap();
        checked += c;
        refused += r;
    }
    let elapsed = started.elapsed();
    println!("64 guessers for {elapsed:?}: {checked} passwords tried, {refused} refused; the owner got in after {owner_took:?}");
    assert_eq!(status, 200, "the owner's device skips the queue");
    assert!(owner_took < Duration::from_secs(3), "the owner waited {owner_took:?}");
    let allowed = elapsed.as_secs_f64().ceil() as usize + 1;
    assert!(checked <= allowed, "{checked} passwords tried in {elapsed:?}");
    assert!(refused > 64, "the rest were refused");
}

#[tokio::test]
async fn a_device_that_keeps_failing_loses_its_place_at_the_front() {
    let app = spawn_app_with(&[("MARQUEE_TRUSTED_PROXIES", "127.0.0.50/32")]).await;
    let (_, device) = login_as_client(&app, "198.51.100.7", None, ADMIN_PASSWORD).await;
    let device = device.unwrap();
    for n in 0..11 {
        login_as_client(&app, &format!("203.0.113.{n}"), None, "wrong-password!").await;
    }
    // A stolen device cookie, shared by many addresses: five failures and it is one of many.
    for n in 0..5 {
        assert_eq!(login_as_client(&app, &format!("192.0.2.{n}"), Some(&device), "wrong-password!").await.0, 401);
    }
    let addresses: Vec<String> = (10..16).map(|n| format!("192.0.2.{n}")).collect();
    let attempts = addresses.iter().map(|address| login_as_client(&app, address, Some(&device), "wrong!!"));
    let statuses: Vec<u16> =
        futures_util::future::join_all(attempts).await.into_iter().map(|(status, _)| status).collect();
    assert!(statuses.iter().filter(|s| **s == 401).count() <= 2, "queued again: {statuses:?}");
}

#[tokio::test]
async fn one_ipv6_64_is_one_client_and_an_unnamed_hop_is_not_the_proxy() {
    let app = spawn_app_with(&[("MARQUEE_TRUSTED_PROXIES", "127.0.0.50/32")]).await;
    // Five failures from five addresses of one /64: the sixth address of it is refused.
    for n in 1..=5 {
        assert_eq!(login_as_client(&app, &format!("2001:db8:1:2::{n:x}"), None, "wrong-password!").await.0, 401);
    }
    assert_eq!(login_as_client(&app, "2001:db8:1:2:ffff::1", None, ADMIN_PASSWORD).await.0, 429);
    // The next /64 is someone else.
    assert_eq!(login_as_client(&app, "2001:db8:1:3::1", None, ADMIN_PASSWORD).await.0, 200);
    // Clients the proxy cannot name share a key of their own, not the proxy's.
    for _ in 0..5 {
        assert_eq!(login_as_client(&app, "unknown", None, "wrong-password!").await.0, 401);
    }
    assert_eq!(login_as_client(&app, "unknown", None, ADMIN_PASSWORD).await.0, 429);
    let direct = client_from(50)
        .post(app.url("/api/v1/auth/login"))
        .json(&j!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}));
    assert_eq!(direct.send().await.unwrap().status(), 200, "the proxy's own requests are not refused");
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
