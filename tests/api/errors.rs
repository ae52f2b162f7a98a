//! Failures of every class are problem documents without internal detail, and change nothing.

use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, USER_PASSWORD};

#[tokio::test]
async fn unknown_routes_are_problem_404s() {
    let app = spawn_app().await;
    let body = assert_problem(app.get("/api/v1/nothing-here").await, 404).await;
    assert_eq!(body["title"], "Not Found");
}

#[tokio::test]
async fn body_errors_have_their_own_statuses() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let post = |content_type: &'static str, body: Vec<u8>| {
        app.authed(Method::POST, "/api/v1/admin/users", &admin.token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let valid = j!({"email": "a@b.io", "display_name": "A", "role": "author", "password": USER_PASSWORD});

    let cases: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("malformed JSON", "application/json", b"{\"email\": ".to_vec(), 400),
        ("not JSON at all", "application/json", b"hello".to_vec(), 400),
        ("empty body", "application/json", Vec::new(), 400),
        ("form content type", "application/x-www-form-urlencoded", b"email=a".to_vec(), 415),
        ("text content type", "text/plain", valid.to_string().into_bytes(), 415),
        ("over 1 MiB", "application/json", vec![b' '; 1024 * 1024 + 1], 413),
        ("an array", "application/json", b"[]".to_vec(), 422),
    ];
    for (why, content_type, body, status) in cases {
        let response = post(content_type, body).await.unwrap();
        assert_eq!(response.status(), status, "{why}");
        let problem = assert_problem(response, status).await;
        assert!(!problem["detail"].as_str().unwrap().contains("src/"), "{why}: {problem}");
    }
    let no_content_type = app.authed(Method::POST, "/api/v1/admin/users", &admin.token).body(valid.to_string());
    assert_problem(no_content_type.send().await.unwrap(), 415).await;

    let list = json(app.authed(Method::GET, "/api/v1/admin/users", &admin.token).send().await.unwrap()).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "no failed request created anything");
}

#[tokio::test]
async fn unknown_missing_and_mistyped_fields_are_named() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (
            j!({"email": "a@b.io", "display_name": "A", "role": "author", "password": USER_PASSWORD, "colour": "red"}),
            "colour",
        ),
        (j!({"display_name": "A", "role": "author", "password": USER_PASSWORD}), "email"),
        (j!({"email": 42, "display_name": "A", "role": "author", "password": USER_PASSWORD}), "email"),
        (j!({"email": "a@b.io", "display_name": "A", "role": "king", "password": USER_PASSWORD}), "role"),
    ];
    for (body, field) in cases {
        let response = app.authed(Method::POST, "/api/v1/admin/users", &admin.token).json(&body).send().await.unwrap();
        let problem = assert_problem(response, 422).await;
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
        assert!(!problem["errors"][0]["message"].as_str().unwrap().contains("line "), "{problem}");
    }
}

#[tokio::test]
async fn bad_path_and_query_parameters_are_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for path in [
        "/api/v1/admin/users/not-a-number",
        "/api/v1/admin/users/99999999999999999999999",
        "/api/v1/admin/users?limit=abc",
        "/api/v1/admin/users?limit=0",
        "/api/v1/admin/users?limit=101",
        "/api/v1/admin/users?cursor=forged",
        "/api/v1/admin/audit?cursor=eyJ4IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let response = app.authed(Method::GET, path, &admin.token).send().await.unwrap();
        assert_eq!(response.status(), 400, "{path}");
        assert_problem(response, 400).await;
    }
}
