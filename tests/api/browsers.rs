//! What browsers need of HTTP: CORS for public reads and the anonymous comment form from any
//! origin allowed, admin calls only from listed origins; `HEAD` for every `GET`; 405 with
//! `Allow` for a wrong method on a known path; gzip and brotli by `Accept-Encoding`, cached
//! bodies compressed once.

use std::io::Read;

use reqwest::{Method, StatusCode};
use serde_json::json as j;

use crate::helpers::{assert_problem, spawn_app, spawn_app_with, TestApp};

async fn preflight(app: &TestApp, path: &str, origin: &str, method: &str, headers: &str) -> reqwest::Response {
    app.request(Method::OPTIONS, path)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", headers)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn with_a_wildcard_anyone_reads_and_comments_but_nobody_calls_the_admin_api() {
    let app = spawn_app_with(&[("MARQUEE_CORS_ORIGINS", "*")]).await;
    let admin = app.admin().await;
    let article = app.published_article(&admin.token, "Open to all").await;
    let comments = format!("/api/v1/articles/{}/comments", article["slug"].as_str().unwrap());

    let read =
        app.request(Method::GET, "/api/v1/articles").header("origin", "https://anyone.example").send().await.unwrap();
    assert_eq!(read.headers()["access-control-allow-origin"], "*");
    assert!(!read.headers().contains_key("access-control-allow-credentials"), "never credentials with *");

    let form = preflight(&app, &comments, "https://blog.example", "POST", "content-type").await;
    assert!(form.status().is_success(), "{}", form.status());
    assert_eq!(form.headers()["access-control-allow-origin"], "*");
    let posted = app
        .request(Method::POST, &comments)
        .header("origin", "https://blog.example")
        .json(&j!({"author_name": "Ann", "author_email": "ann@example.com", "body": "From another site"}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 202);
    assert_eq!(posted.headers()["access-control-allow-origin"], "*");

    let admin_call =
        preflight(&app, "/api/v1/admin/movies", "https://anyone.example", "POST", "authorization,content-type").await;
    assert!(
        !admin_call.headers().contains_key("access-control-allow-origin"),
        "no origin may call the admin API under *"
    );
    let login = preflight(&app, "/api/v1/auth/login", "https://anyone.example", "POST", "content-type").await;
    assert!(!login.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn listed_origins_call_everything_and_others_nothing() {
    let app = spawn_app_with(&[("MARQUEE_CORS_ORIGINS", "https://front.example")]).await;
    let ok = preflight(
        &app,
        "/api/v1/admin/movies",
        "https://front.example",
        "PATCH",
        "authorization,if-match,content-type",
    )
    .await;
    assert!(ok.status().is_success());
    assert_eq!(ok.headers()["access-control-allow-origin"], "https://front.example");
    assert!(ok.headers().get_all("vary").iter().any(|v| v.to_str().unwrap().to_lowercase().contains("origin")));
    let read =
        app.request(Method::GET, "/api/v1/articles").header("origin", "https://front.example").send().await.unwrap();
    assert_eq!(read.headers()["access-control-allow-origin"], "https://front.example");

    let refused = preflight(&app, "/api/v1/articles", "https://evil.example", "GET", "accept").await;
    assert!(!refused.headers().contains_key("access-control-allow-origin"));
    assert_problem(refused, 400).await;
}

#[tokio::test]
async fn head_answers_every_get_with_its_headers_and_no_body() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.published_article(&admin.token, "Headed").await;
    for path in
        ["/healthz", "/api/v1/articles", "/api/v1/articles/headed", "/api/v1/tags", "/api/v1/openapi.json", "/docs/"]
    {
        let get = app.get(path).await;
        let head = app.request(Method::HEAD, path).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        for name in ["etag", "content-type", "cache-control"] {
            assert_eq!(head.headers().get(name), get.headers().get(name), "{name} of HEAD {path}");
        }
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
    }
    let head = app.request(Method::HEAD, "/api/v1/admin/movies").bearer_auth(&admin.token).send().await.unwrap();
    assert_eq!(head.status(), 200);
}

#[tokio::test]
async fn a_wrong_method_on_a_known_path_is_405_with_allow() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        (Method::DELETE, "/api/v1/articles", "GET, HEAD, OPTIONS"),
        (Method::PUT, "/api/v1/articles/some-slug", "GET, HEAD, OPTIONS"),
        (Method::POST, "/healthz", "GET, HEAD, OPTIONS"),
        (Method::GET, "/api/v1/auth/login", "POST, OPTIONS"),
        (Method::from_bytes(b"JUNK").unwrap(), "/api/v1/admin/movies/1", "GET, HEAD, PATCH, DELETE, OPTIONS"),
    ] {
        let response = app.request(method.clone(), path).send().await.unwrap();
        assert_eq!(response.headers().get("allow").map(|v| v.to_str().unwrap()), Some(allow), "{method} {path}");
        assert_problem(response, 405).await;
    }
    // A literal path beside a parameter one (`/sections/order` and `/sections/{section_id}`)
    // is its own resource.
    let admin = app.admin().await;
    for (method, path, allow) in [
        (Method::GET, "/api/v1/admin/articles/1/sections/order", "PUT, OPTIONS"),
        (Method::PATCH, "/api/v1/admin/comments/moderate", "POST, OPTIONS"),
        (Method::DELETE, "/api/v1/admin/comments/moderate", "POST, OPTIONS"),
    ] {
        let response = app.authed(method.clone(), path, &admin.token).send().await.unwrap();
        assert_eq!(response.headers().get("allow").map(|v| v.to_str().unwrap()), Some(allow), "{method} {path}");
        assert_problem(response, 405).await;
    }
    for path in ["/api/v1/admin/comments/abc", "/api/v1/admin/articles/1/sections/first"] {
        let response = app.authed(Method::PATCH, path, &admin.token).json(&j!({})).send().await.unwrap();
        assert_problem(response, 404).await;
    }
    let options = app.request(Method::OPTIONS, "/api/v1/articles").send().await.unwrap();
    assert_eq!(options.status(), StatusCode::NO_CONTENT);
    assert_eq!(options.headers()["allow"], "GET, HEAD, OPTIONS");
    assert_problem(app.request(Method::DELETE, "/api/v1/nowhere").send().await.unwrap(), 404).await;
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut out).unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut out = String::new();
    brotli::Decompressor::new(bytes, 4096).read_to_string(&mut out).unwrap();
    out
}

#[tokio::test]
async fn responses_are_compressed_by_accept_encoding() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    app.published_article(&admin.token, "Squeezed").await;
    let plain = app.get("/api/v1/articles/squeezed").await.text().await.unwrap();
    for _ in 0..2 {
        // Twice: the first builds and caches, the second is a cache hit.
        let gz = app
            .request(Method::GET, "/api/v1/articles/squeezed")
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(gz.headers()["content-encoding"], "gzip");
        assert!(gz.headers()["vary"].to_str().unwrap().contains("Accept-Encoding"));
        assert_eq!(gunzip(&gz.bytes().await.unwrap()), plain);
        let br = app
            .request(Method::GET, "/api/v1/articles/squeezed")
            .header("accept-encoding", "gzip, br")
            .send()
            .await
            .unwrap();
        assert_eq!(br.headers()["content-encoding"], "br");
        assert_eq!(unbrotli(&br.bytes().await.unwrap()), plain);
    }
    let bundle =
        app.request(Method::GET, "/docs/swagger-ui-bundle.js").header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(bundle.headers()["content-encoding"], "br");
    assert!(bundle.headers()["cache-control"].to_str().unwrap().contains("max-age=86400"));
    let spec = app.request(Method::GET, "/api/v1/openapi.json").header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(spec.headers()["content-encoding"], "gzip");
}
