//! Requests and what to read from their answers: plain and authenticated sends, JSON
//! bodies, problems and their fields, redaction of ids and timestamps, list items, the
//! audit log.

use std::collections::BTreeSet;

use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{json as j, Value};

use super::TestApp;

impl TestApp {
    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("request sent")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path).json(body).send().await.expect("request sent")
    }

    /// A request with `Authorization: Bearer <token>`.
    pub fn authed(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.request(method, path).bearer_auth(token)
    }

    /// Sends `body` as JSON (`null` included) to `path` as `token`.
    pub async fn send_json(&self, method: Method, path: &str, token: &str, body: &Value) -> Response {
        self.authed(method, path, token).json(body).send().await.expect("request sent")
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post_json("/api/v1/auth/login", &serde_json::json!({"email": email, "password": password})).await
    }

    /// The article's sections as (id, position, heading).
    pub async fn sections(&self, token: &str, article_id: i64) -> Vec<(i64, i64, String)> {
        let path = format!("/api/v1/admin/articles/{article_id}/sections");
        let body = json(self.authed(Method::GET, &path, token).send().await.unwrap()).await;
        body["data"]
            .as_array()
            .unwrap_or_else(|| panic!("sections: {body}"))
            .iter()
            .map(|s| {
                (s["id"].as_i64().unwrap(), s["position"].as_i64().unwrap(), s["heading"].as_str().unwrap().to_string())
            })
            .collect()
    }
}

/// Sends `method` to `path` as `token`, with `body` unless it is `null`.
pub async fn send(app: &TestApp, method: Method, path: &str, token: &str, body: &Value) -> Response {
    let request = app.authed(method, path, token);
    let request = if body.is_null() { request } else { request.json(body) };
    request.send().await.expect("request sent")
}

/// A PATCH with an `If-Match` header.
pub async fn patch_if_match(app: &TestApp, path: &str, token: &str, etag: &str, body: &Value) -> Response {
    app.authed(Method::PATCH, path, token).header("if-match", etag).json(body).send().await.expect("request sent")
}

/// GETs `path`, expecting 200, and returns the body.
pub async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    let response = send(app, Method::GET, path, token, &Value::Null).await;
    assert_eq!(response.status(), 200, "GET {path}");
    json(response).await
}

/// GETs a public path: status, headers, and the JSON body (`null` when empty).
pub async fn fetch(app: &TestApp, path: &str) -> (u16, HeaderMap, Value) {
    let response = app.get(path).await;
    let (status, headers) = (response.status().as_u16(), response.headers().clone());
    let text = response.text().await.unwrap();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).expect("a JSON body") };
    (status, headers, body)
}

/// GETs a public path that must answer 200, returning its body.
pub async fn get_ok(app: &TestApp, path: &str) -> Value {
    let (status, _, body) = fetch(app, path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// Follows `next_cursor` through a list with `limit`, returning every page's slugs.
pub async fn walk(app: &TestApp, path: &str, limit: u32) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = app.request(Method::GET, path).query(&[("limit", limit.to_string())]);
        if let Some(c) = &cursor {
            request = request.query(&[("cursor", c)]);
        }
        let page = json(request.send().await.unwrap()).await;
        pages.push(slugs(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return pages,
        }
        assert!(pages.len() < 100, "the walk does not end");
    }
}

/// Reads a JSON body, failing the test with the body text when it is not JSON.
pub async fn json(response: Response) -> Value {
    let text = response.text().await.expect("body read");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// Asserts a problem+json response with `status`, returning its body.
pub async fn assert_problem(response: Response, status: u16) -> Value {
    let actual = response.status();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
    let body = json(response).await;
    assert_eq!(actual, StatusCode::from_u16(status).unwrap(), "body: {body}");
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    assert_eq!(body["status"], status);
    assert!(body["type"].as_str().is_some_and(|t| t.starts_with("urn:marquee:problem:")), "{body}");
    assert!(body["title"].is_string() && body["detail"].is_string(), "{body}");
    body
}

/// The `field` of each entry of a validation problem's `errors`, in order.
pub fn error_fields(problem: &Value) -> Vec<String> {
    let errors = problem["errors"].as_array().unwrap_or_else(|| panic!("no errors in {problem}"));
    for e in errors {
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    }
    errors.iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

/// Expects a 422 and returns the fields it names.
pub async fn invalid_fields(response: Response) -> Vec<String> {
    error_fields(&assert_problem(response, 422).await)
}

/// The admin API's movies; `movie_path` is one of them.
pub const MOVIES: &str = "/api/v1/admin/movies";

pub fn movie_path(movie: &Value) -> String {
    format!("{MOVIES}/{}", movie["id"])
}

/// A record with its id and timestamps (checked to be RFC 3339 UTC) replaced by placeholders.
pub fn redacted(record: &Value) -> Value {
    let mut out = record.clone();
    assert!(record["id"].as_i64().is_some_and(|id| id > 0), "{record}");
    out["id"] = j!("[id]");
    for key in ["created_at", "updated_at"] {
        let text = record[key].as_str().unwrap_or_else(|| panic!("{key} in {record}"));
        assert!(
            chrono::DateTime::parse_from_rfc3339(text).is_ok() && text.ends_with('Z') && text.len() == 20,
            "{text}"
        );
        out[key] = j!(format!("[{key}]"));
    }
    out
}

fn items(page: &Value) -> &Vec<Value> {
    page["data"].as_array().unwrap_or_else(|| panic!("not a page: {page}"))
}

/// The text `key` of each item of a list page (or of a plain array).
pub fn texts(page: &Value, key: &str) -> Vec<String> {
    let list = if page.is_array() { page.as_array().unwrap() } else { items(page) };
    list.iter().map(|item| item[key].as_str().unwrap_or_else(|| panic!("{key} in {item}")).to_string()).collect()
}

/// The ids of the items of a list page (or of a plain array).
pub fn ids(page: &Value) -> Vec<i64> {
    let list = if page.is_array() { page.as_array().unwrap() } else { items(page) };
    list.iter().map(|item| item["id"].as_i64().unwrap()).collect()
}

/// The `slug`s of a list page's items, in order.
pub fn slugs(page: &Value) -> Vec<String> {
    let items = page["data"].as_array().unwrap_or_else(|| panic!("not a list: {page}"));
    items.iter().map(|a| a["slug"].as_str().unwrap_or_else(|| panic!("no slug: {a}")).to_string()).collect()
}

/// The field names of an object.
pub fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect()
}

/// `names` as a set, to compare with `keys`.
pub fn key_set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(std::string::ToString::to_string).collect()
}

/// The fields of an article summary in the public lists (and of `related` on its page).
pub const SUMMARY_FIELDS: &[&str] = &[
    "id",
    "slug",
    "title",
    "subtitle",
    "excerpt",
    "kind",
    "tags",
    "published_at",
    "updated_at",
    "cover_image_url",
    "cover_image_alt",
    "cover_image",
    "reading_time_minutes",
    "author",
    "movie",
];

/// The audit log as `(action, target_type, target_id, user_id)`, newest first.
pub async fn audit_log(app: &TestApp) -> Vec<(String, String, i64, i64)> {
    let admin = app.admin().await;
    let page = get_json(app, "/api/v1/admin/audit?limit=100", &admin.token).await;
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap().to_string();
            (
                text("action"),
                text("target_type"),
                e["target_id"].as_i64().unwrap_or(0),
                e["user_id"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}
