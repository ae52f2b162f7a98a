//! Acknowledged writes survive a crash, and cached reads need no database.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{json, spawn_app_with, test_env, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The real binary, serving `url` on `port`.
async fn serve(url: &str, port: u16) -> Child {
    let vars = test_env(
        url,
        &[("MARQUEE_BIND", &format!("127.0.0.1:{port}")), ("RUST_LOG", "warn"), ("MARQUEE_RATE_LIMIT", "off")],
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_marquee"))
        .arg("serve")
        .envs(vars)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if reqwest::get(format!("http://127.0.0.1:{port}/readyz")).await.is_ok_and(|r| r.status() == 200) {
            return child;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    panic!("the server did not start");
}

#[tokio::test]
async fn acknowledged_writes_survive_sigkill() {
    let (_db, url) = TestDb::create();
    let port = free_port();
    let mut server = serve(&url, port).await;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let login =
        client.post(format!("{base}/api/v1/auth/login")).json(&j!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}));
    let token = json(login.send().await.unwrap()).await["access_token"].as_str().unwrap().to_string();
    let rules = j!({"hold": "none", "max_links": 2, "hold_words": [], "block_words": [], "min_interval_seconds": 0});
    client
        .put(format!("{base}/api/v1/admin/settings/moderation"))
        .bearer_auth(&token)
        .json(&rules)
        .send()
        .await
        .unwrap();

    let article =
        client.post(format!("{base}/api/v1/admin/articles")).bearer_auth(&token).json(&j!({"title": "Durable"}));
    let article = json(article.send().await.unwrap()).await;
    let id = article["id"].as_i64().unwrap();
    client.post(format!("{base}/api/v1/admin/articles/{id}/publish")).bearer_auth(&token).send().await.unwrap();
    let mut acknowledged = 0;
    for i in 0..30 {
        let body = j!({"author_name": "Ann", "author_email": "ann@x.io", "body": format!("comment {i}")});
        let response =
            client.post(format!("{base}/api/v1/articles/durable/comments")).json(&body).send().await.unwrap();
        if response.status() == 202 {
            acknowledged += 1;
        }
    }
    assert_eq!(acknowledged, 30);

    // No shutdown, no flush: the process is gone mid-flight.
    server.kill().unwrap();
    server.wait().unwrap();

    let port = free_port();
    let mut server = serve(&url, port).await;
    let article: serde_json::Value =
        reqwest::get(format!("http://127.0.0.1:{port}/api/v1/articles/durable")).await.unwrap().json().await.unwrap();
    assert_eq!(article["comment_count"], acknowledged);
    server.kill().unwrap();
    server.wait().unwrap();
}

#[tokio::test]
async fn a_cached_article_is_served_without_the_database() {
    let app = spawn_app_with(&[("MARQUEE_DB_POOL_SIZE", "2")]).await;
    let admin = app.admin().await;
    let article = app.published_article(&admin.token, "Cached").await;
    let path = format!("/api/v1/articles/{}", article["slug"].as_str().unwrap());
    assert_eq!(app.get(&path).await.status(), 200, "warm the cache");

    // Take every connection the server has: a cache hit must not need one.
    let state = app.state.clone();
    let held = tokio::task::spawn_blocking(move || {
        let pool = state.db.pool();
        (0..pool.max_size()).map(|_| pool.get().unwrap()).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    assert_eq!(app.get("/readyz").await.status(), 503, "the database is out of reach");
    let hit = tokio::time::timeout(Duration::from_secs(1), app.request(Method::GET, &path).send()).await;
    assert_eq!(hit.expect("a cache hit answers at once").unwrap().status(), 200);
    drop(held);
}
