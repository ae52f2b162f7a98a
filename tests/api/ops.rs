//! Health, readiness, metrics, request ids and the documentation pages.

use crate::helpers::{assert_problem, json, spawn_app, test_env, TestDb};

#[tokio::test]
async fn healthz_is_ok_and_not_cached() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(json(response).await, serde_json::json!({"status": "ok"}));
}

#[tokio::test]
async fn readyz_is_ok_while_the_database_answers() {
    let app = spawn_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn readyz_is_503_when_no_connection_can_be_had() {
    let (_db, url) = TestDb::create();
    let vars = test_env(&url, &[("MARQUEE_DB_POOL_SIZE", "1")]);
    let config = marquee::config::Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let app = marquee::startup::Application::build(config).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    tokio::spawn(app.run_until_stopped());

    // Hold the only connection: to the server the database no longer answers.
    let held = tokio::task::spawn_blocking(move || state.db.pool().get().unwrap()).await.unwrap();
    let response = reqwest::get(format!("{address}/readyz")).await.unwrap();
    assert!(response.headers().contains_key("retry-after"));
    assert_problem(response, 503).await;

    drop(held);
    assert_eq!(reqwest::get(format!("{address}/readyz")).await.unwrap().status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = spawn_app().await;
    app.get("/healthz").await;
    app.get("/no-such-page").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    assert!(text.contains(r#"marquee_http_requests_total{method="GET",route="/healthz",status="200"} 1"#), "{text}");
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
    assert!(text.contains("marquee_http_request_duration_seconds_bucket"));
    assert!(text.contains("marquee_db_pool_max_connections 4"));
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let first = app.get("/healthz").await.headers()["x-request-id"].to_str().unwrap().to_string();
    let second = app.get("/no-such-page").await.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!first.is_empty());
    assert_ne!(first, second);
}

#[tokio::test]
async fn a_plain_incoming_request_id_is_kept_and_a_hostile_one_replaced() {
    let app = spawn_app().await;
    let kept = app.client.get(app.url("/healthz")).header("x-request-id", "lb-1234.abc").send().await.unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-1234.abc");
    let replaced = app.client.get(app.url("/healthz")).header("x-request-id", "x y\"<script>").send().await.unwrap();
    assert_ne!(replaced.headers()["x-request-id"], "x y\"<script>");
}

#[tokio::test]
async fn docs_redirect_and_serve_swagger_ui_from_the_binary() {
    let app = spawn_app().await;
    let redirect = app.get("/docs").await;
    assert_eq!(redirect.status(), 308);
    assert_eq!(redirect.headers()["location"], "/docs/");

    let page = app.get("/docs/").await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    // Assets come from the binary, not a CDN.
    assert!(!html.contains("https://"), "{html}");
    let js = app.get("/docs/swagger-ui-bundle.js").await;
    assert_eq!(js.status(), 200);
    let init = app.get("/docs/swagger-initializer.js").await.text().await.unwrap();
    assert!(init.contains("/api/v1/openapi.json"), "{init}");
}

#[tokio::test]
async fn cors_is_off_unless_configured() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).header("origin", "https://front.example").send().await.unwrap();
    assert!(!response.headers().contains_key("access-control-allow-origin"));
}
