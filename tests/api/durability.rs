//! Acknowledged writes survive a crash, and cached reads need no database.

use std::process::Child;
use std::time::Duration;

use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{json, spawn_app_with, spawn_marquee, test_env, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The real binary, serving `url` on `port`.
async fn serve(url: &str, port: u16) -> Child {
    let vars = test_env(
        url,
        &[("MARQUEE_BIND", &format!("127.0.0.1:{port}")), ("RUST_LOG", "warn"), ("MARQUEE_RATE_LIMIT", "off")],
    );
    let env: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut child = spawn_marquee(&env, &["serve"]);
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

#[tokio::test]
async fn a_panic_inside_a_write_transaction_leaves_the_pool_healthy() {
    use diesel::RunQueryDsl;
    // One connection: if the panicked transaction's connection went back to the pool, every
    // later write would run on it, still inside that transaction.
    let app = spawn_app_with(&[("MARQUEE_DB_POOL_SIZE", "1")]).await;
    let failed = app
        .state
        .db
        .write(|conn| {
            diesel::sql_query(
                "INSERT INTO settings (key, value, updated_at) VALUES ('half-done', 'x', '2026-01-01 00:00:00')",
            )
            .execute(conn)?;
            #[allow(unreachable_code)]
            {
                panic!("a bug in the middle of a write");
                Ok::<(), marquee::error::ApiError>(())
            }
        })
        .await;
    assert!(failed.is_err(), "the panic is a failed request, not a crash");
    let token = json(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await["access_token"].as_str().unwrap().to_string();
    for i in 0..3 {
        let created = app
            .authed(Method::POST, "/api/v1/admin/movies", &token)
            .json(&j!({"title": format!("After the panic {i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201, "writes go on");
    }
    let leftover = app.state.db.run(|conn| Ok(marquee::db::settings::get(conn, "half-done")?)).await.unwrap();
    assert_eq!(leftover, None, "the panicked transaction was rolled back");
}

#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_file_its_journal_and_its_backups_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let app = crate::helpers::spawn_app().await;
    if app.db.is_postgres() {
        return;
    }
    let url = app.database_url.clone();
    // A write makes sure the WAL and shared-memory files exist.
    let token = json(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await["access_token"].as_str().unwrap().to_string();
    app.authed(Method::POST, "/api/v1/admin/movies", &token).json(&j!({"title": "Private"})).send().await.unwrap();
    let path = url.trim_start_matches("sqlite://").to_string();
    for file in [path.clone(), format!("{path}-wal"), format!("{path}-shm")] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} is {mode:o}");
    }
    let copy = format!("{path}.backup");
    let pool = app.state.db.pool().clone();
    let target = copy.clone();
    tokio::task::spawn_blocking(move || marquee::db::backup_sqlite(&mut pool.get().unwrap(), &target).unwrap())
        .await
        .unwrap();
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
}
