//! Hostile and careless input: bodies that would cost seconds to render, lists that would
//! cost quadratic work, made-up methods, over-long URLs and headers, bodies announced too
//! large; and what every response carries whatever it is.

use std::io::{Read, Write};
use std::time::Duration;

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, spawn_app_with};

#[tokio::test]
async fn bodies_that_nest_too_deeply_are_422_naming_the_field() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app.create_article(&editor.token, j!({"title": "Deep"})).await;
    let sections = format!("/api/v1/admin/articles/{}/sections", article["id"]);
    for (body, why) in [
        ("> ".repeat(49_000) + "x", "49 000 nested blockquotes"),
        ("<div>".repeat(16_000) + "x", "16 000 nested divs"),
        ("> - ".repeat(20_000) + "x", "quotes in lists in quotes"),
    ] {
        let response = app.send_json(Method::POST, &sections, &editor.token, &j!({"heading": "H", "body": body})).await;
        let problem = assert_problem(response, 422).await;
        assert_eq!(problem["errors"][0]["field"], "body", "{why}");
        let nested = j!({"title": "Deep too", "sections": [{"heading": "ok"}, {"heading": "H", "body": body}]});
        let response = app.send_json(Method::POST, "/api/v1/admin/articles", &editor.token, &nested).await;
        assert_eq!(assert_problem(response, 422).await["errors"][0]["field"], "sections[1].body", "{why}");
    }
    assert!(app.sections(&editor.token, article["id"].as_i64().unwrap()).await.is_empty(), "nothing was stored");
    let fine = app
        .send_json(Method::POST, &sections, &editor.token, &j!({"heading": "H", "body": "> quoted\n> > twice"}))
        .await;
    assert_eq!(fine.status(), 201);
}

#[tokio::test]
async fn word_lists_are_checked_for_size_before_anything_else() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let words: Vec<String> = (0..100_000).map(|i| format!("w{i}")).collect();
    let rules = j!({"hold": "all", "max_links": 2, "hold_words": words, "block_words": [], "min_interval_seconds": 0});
    let response = app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &rules).await;
    let problem = assert_problem(response, 422).await;
    assert_eq!(problem["errors"][0]["field"], "hold_words");
    // The server was not held up meanwhile, and the rules did not change.
    assert_eq!(app.get("/healthz").await.status(), 200);
    let current =
        json(app.authed(Method::GET, "/api/v1/admin/settings/moderation", &admin.token).send().await.unwrap()).await;
    assert_eq!(current["hold_words"], j!([]));
}

#[tokio::test]
async fn made_up_methods_make_no_new_metric_series() {
    let app = spawn_app().await;
    let before = app.get("/metrics").await.text().await.unwrap();
    for i in 0..50 {
        let method = Method::from_bytes(format!("JUNK{i}").as_bytes()).unwrap();
        app.request(method, "/api/v1/articles").send().await.unwrap();
    }
    let after = app.get("/metrics").await.text().await.unwrap();
    assert!(!after.contains("JUNK"), "made-up methods are counted as `other`");
    let series = |text: &str| text.lines().filter(|l| l.starts_with("marquee_http_requests_total")).count();
    assert!(series(&after) <= series(&before) + 2, "{} series before, {} after", series(&before), series(&after));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/healthz", "/api/v1/articles", "/api/v1/nothing", "/docs/", "/api/v1/admin/users"] {
        let response = app.get(path).await;
        let h = response.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        if path.starts_with("/docs") {
            assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline'; script"), "{csp}");
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{path}: {csp}");
        }
    }
}

#[tokio::test]
async fn over_long_urls_and_too_many_headers_get_problem_documents() {
    let app = spawn_app().await;
    let long = format!("/api/v1/articles?tag={}", "a".repeat(9_000));
    assert_problem(app.get(&long).await, 414).await;
    let mut request = app.request(Method::GET, "/api/v1/articles");
    for i in 0..70 {
        request = request.header(format!("x-padding-{i}"), "x");
    }
    assert_problem(request.send().await.unwrap(), 431).await;
}

/// Sends raw bytes and reads the answer to its end (the server closes the connection).
async fn raw_to_end(address: &str, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://")).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn requests_the_http_parser_refuses_get_problem_documents_too() {
    let app = spawn_app().await;
    let long_path = format!("GET /api/v1/{} HTTP/1.1\r\nhost: x\r\n\r\n", "a".repeat(70_000));
    let many_headers: String = (0..150).map(|i| format!("x-padding-{i}: x\r\n")).collect();
    let many = format!("GET /api/v1/articles HTTP/1.1\r\nhost: x\r\n{many_headers}\r\n");
    for (request, status) in [(long_path, 400), (many, 431)] {
        let answer = raw_to_end(&app.address, request.as_bytes()).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer: {answer:?}"));
        assert!(head.starts_with(&format!("HTTP/1.1 {status} ")), "{head}");
        assert!(head.to_lowercase().contains("content-type: application/problem+json"), "{head}");
        let problem: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
        assert_eq!(problem["status"], status);
        assert!(problem["type"].as_str().unwrap().starts_with("urn:marquee:problem:"), "{problem}");
    }
    // The server carries on.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn a_refused_cors_preflight_is_a_problem_document() {
    let app = spawn_app_with(&[("MARQUEE_CORS_ORIGINS", "https://site.example")]).await;
    let refused = app
        .request(Method::OPTIONS, "/api/v1/admin/movies")
        .header("origin", "https://elsewhere.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    let problem = assert_problem(refused, 400).await;
    assert!(problem["detail"].as_str().unwrap().to_lowercase().contains("origin"), "{problem}");
}

/// Sends raw bytes and returns what the server answers within a moment.
fn raw_exchange(address: &str, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(address.trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.len() > 200 {
            break;
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn an_oversized_body_announced_with_expect_continue_is_413_without_100_continue() {
    let app = spawn_app().await;
    let address = app.address.clone();
    let answer = tokio::task::spawn_blocking(move || {
        raw_exchange(
            &address,
            "POST /api/v1/articles/x/comments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
             Content-Length: 50000000\r\nExpect: 100-continue\r\n\r\n",
        )
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(!answer.contains("100 Continue"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
}

#[tokio::test]
async fn reordering_sections_answers_with_the_articles_new_etag() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app
        .create_article(&editor.token, j!({"title": "Order", "sections": [{"heading": "A"}, {"heading": "B"}]}))
        .await;
    let id = article["id"].as_i64().unwrap();
    let ids: Vec<i64> = app.sections(&editor.token, id).await.iter().rev().map(|s| s.0).collect();
    let path = format!("/api/v1/admin/articles/{id}/sections/order");
    let response = app.send_json(Method::PUT, &path, &editor.token, &j!({ "section_ids": ids })).await;
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    let current = app.authed(Method::GET, &format!("/api/v1/admin/articles/{id}"), &editor.token).send().await.unwrap();
    assert_eq!(current.headers()["etag"].to_str().unwrap(), etag, "the reorder's ETag is the article's");
}

#[tokio::test]
async fn corrupt_stored_genres_are_an_error_not_an_empty_list() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = app.create_movie(&admin.token, j!({"title": "Corrupted", "genres": ["Drama"]})).await;
    let id = movie["id"].as_i64().unwrap();
    let pool = app.state.db.pool().clone();
    tokio::task::spawn_blocking(move || {
        diesel::sql_query("UPDATE movies SET genres = 'not a list' WHERE id = $1")
            .bind::<diesel::sql_types::BigInt, _>(id)
            .execute(&mut pool.get().unwrap())
            .unwrap();
    })
    .await
    .unwrap();
    let response = app.authed(Method::GET, &format!("/api/v1/admin/movies/{id}"), &admin.token).send().await.unwrap();
    let problem = assert_problem(response, 500).await;
    assert!(!problem["detail"].as_str().unwrap().contains("genres"), "the cause stays in the log");
    assert!(crate::helpers::captured_logs().contains("stored genres are not a JSON list"));
}
