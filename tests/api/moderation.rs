//! The moderation queue: filters, decisions, bulk actions, and who may use it.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, json, spawn_app_with, TestApp};

/// Rate limits off: these tests send many comments from one address.
const RATE_LIMIT_OFF: &[(&str, &str)] = &[("MARQUEE_RATE_LIMIT", "off")];

/// A published article with `n` pending comments; returns (slug, article id, comment ids).
async fn queue_of(app: &TestApp, token: &str, title: &str, n: usize) -> (String, i64, Vec<i64>) {
    let rules = j!({"hold": "all", "max_links": 2, "hold_words": [], "block_words": [], "min_interval_seconds": 0});
    app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", token, &rules).await;
    let a = app.create_article(token, j!({ "title": title })).await;
    let id = a["id"].as_i64().unwrap();
    app.publish(token, id, None).await;
    let slug = a["slug"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for i in 0..n {
        let body = j!({"author_name": format!("Reader {i}"), "author_email": format!("r{i}@x.io"), "body": format!("{title} comment {i}")});
        let r = json(app.post_json(&format!("/api/v1/articles/{slug}/comments"), &body).await).await;
        ids.push(r["id"].as_i64().unwrap());
    }
    (slug, id, ids)
}

fn ids_of(body: &Value) -> Vec<i64> {
    body["data"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

const QUEUE_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/admin/comments"),
    ("PATCH", "/api/v1/admin/comments/1"),
    ("DELETE", "/api/v1/admin/comments/1"),
    ("POST", "/api/v1/admin/comments/moderate"),
];

#[tokio::test]
async fn the_queue_is_for_moderators_editors_and_admins() {
    let app = spawn_app_with(RATE_LIMIT_OFF).await;
    let body = j!({"status": "approved", "ids": [1]});
    for (method, path) in QUEUE_ROUTES {
        let response = app.request(method.parse().unwrap(), path).json(&body).send().await.unwrap();
        assert_problem(response, 401).await;
    }
    let author = app.login_as(Role::Author).await;
    for (method, path) in QUEUE_ROUTES {
        let response = app.authed(method.parse().unwrap(), path, &author.token).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 403, "author {method} {path}");
    }
    for role in [Role::Moderator, Role::Editor, Role::Admin] {
        let session = app.login_as(role).await;
        let response = app.authed(Method::GET, "/api/v1/admin/comments", &session.token).send().await.unwrap();
        assert_eq!(response.status(), 200, "{role}");
    }
    for (method, path) in [("GET", "/api/v1/admin/settings/moderation"), ("PUT", "/api/v1/admin/settings/moderation")] {
        for role in [Role::Moderator, Role::Editor] {
            let session = app.login_as(role).await;
            let response =
                app.authed(method.parse().unwrap(), path, &session.token).json(&j!({})).send().await.unwrap();
            assert_eq!(response.status(), 403, "{role} {method} {path}");
        }
    }
}

#[tokio::test]
async fn a_moderator_token_works_the_queue_and_nothing_else() {
    let app = spawn_app_with(RATE_LIMIT_OFF).await;
    let admin = app.admin().await;
    let (_, _, ids) = queue_of(&app, &admin.token, "Token", 2).await;
    let moderator = app.login_as(Role::Moderator).await;
    let token = app.api_token(&moderator, j!({"name": "queue bot"})).await;

    let queue =
        json(app.authed(Method::GET, "/api/v1/admin/comments?status=pending", &token).send().await.unwrap()).await;
    assert_eq!(ids_of(&queue).len(), 2);
    let bulk = app
        .send_json(Method::POST, "/api/v1/admin/comments/moderate", &token, &j!({"ids": ids, "status": "approved"}))
        .await;
    assert_eq!(json(bulk).await["updated"], 2);

    for (method, path, body) in [
        ("GET", "/api/v1/admin/articles", None),
        ("POST", "/api/v1/admin/articles", Some(j!({"title": "x"}))),
        ("POST", "/api/v1/admin/movies", Some(j!({"title": "x"}))),
        ("GET", "/api/v1/admin/users", None),
        ("GET", "/api/v1/admin/audit", None),
        ("GET", "/api/v1/admin/settings/moderation", None),
    ] {
        let mut request = app.authed(method.parse().unwrap(), path, &token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        assert_eq!(request.send().await.unwrap().status(), 403, "{method} {path}");
    }
}

#[tokio::test]
async fn queue_filters_and_full_records() {
    let app = spawn_app_with(RATE_LIMIT_OFF).await;
    let admin = app.admin().await;
    let (_, first, first_ids) = queue_of(&app, &admin.token, "Alpha", 2).await;
    let (_, _, second_ids) = queue_of(&app, &admin.token, "Beta", 1).await;
    let get = |q: &str| app.authed(Method::GET, &format!("/api/v1/admin/comments?{q}"), &admin.token).send();

    let all = json(get("").await.unwrap()).await;
    assert_eq!(ids_of(&all), [second_ids[0], first_ids[1], first_ids[0]], "newest first");
    let record = &all["data"][0];
    for field in
        ["author_email", "moderation_reason", "moderated_by", "moderated_at", "status", "user_agent", "version"]
    {
        assert!(record.get(field).is_some(), "{field} missing");
    }
    assert!(record.get("client_hash").is_none());
    assert_eq!(ids_of(&json(get(&format!("article_id={first}")).await.unwrap()).await), [first_ids[1], first_ids[0]]);
    assert_eq!(ids_of(&json(get("q=beta").await.unwrap()).await), second_ids);
    assert_eq!(ids_of(&json(get("q=R1@X.IO").await.unwrap()).await), [first_ids[1]]);
    let path = format!("/api/v1/admin/comments/{}", first_ids[0]);
    let decided = json(
        app.send_json(Method::PATCH, &path, &admin.token, &j!({"status": "rejected", "moderation_note": "rude"})).await,
    )
    .await;
    assert_eq!((decided["status"].as_str(), decided["moderation_note"].as_str()), (Some("rejected"), Some("rude")));
    assert_eq!(decided["moderated_by"], admin.user_id);
    assert!(decided["moderated_at"].is_string());
    assert_eq!(ids_of(&json(get("status=rejected").await.unwrap()).await), [first_ids[0]]);
    assert_eq!(ids_of(&json(get("status=pending&limit=1").await.unwrap()).await).len(), 1);
    assert_problem(get("status=bogus").await.unwrap(), 400).await;
}

#[tokio::test]
async fn bulk_moderation_is_atomic() {
    let app = spawn_app_with(RATE_LIMIT_OFF).await;
    let admin = app.admin().await;
    let (_, _, ids) = queue_of(&app, &admin.token, "Bulk", 3).await;
    let bulk =
        |body: Value| app.authed(Method::POST, "/api/v1/admin/comments/moderate", &admin.token).json(&body).send();

    let unknown = bulk(j!({"ids": [ids[0], 999_999], "status": "approved"})).await.unwrap();
    assert_eq!(assert_problem(unknown, 422).await["errors"][0]["field"], "ids");
    let pending =
        json(app.authed(Method::GET, "/api/v1/admin/comments?status=pending", &admin.token).send().await.unwrap())
            .await;
    assert_eq!(ids_of(&pending).len(), 3, "nothing changed");

    assert_eq!(json(bulk(j!({"ids": [ids[0], ids[1]], "status": "approved"})).await.unwrap()).await["updated"], 2);
    let again = bulk(j!({"ids": [ids[0], ids[1], ids[2]], "status": "approved"})).await.unwrap();
    assert_eq!(json(again).await["updated"], 1, "already approved ones do not count");
    assert_problem(bulk(j!({"ids": [], "status": "approved"})).await.unwrap(), 422).await;
    assert_problem(bulk(j!({"ids": [ids[0]], "status": "deleted"})).await.unwrap(), 422).await;
}

#[tokio::test]
async fn moderation_decisions_honour_if_match() {
    let app = spawn_app_with(RATE_LIMIT_OFF).await;
    let admin = app.admin().await;
    let (_, _, ids) = queue_of(&app, &admin.token, "Versions", 1).await;
    let path = format!("/api/v1/admin/comments/{}", ids[0]);
    let first =
        app.authed(Method::PATCH, &path, &admin.token).header("if-match", "\"1\"").json(&j!({"status": "approved"}));
    let first = first.send().await.unwrap();
    assert_eq!(first.headers()["etag"], "\"2\"");
    let stale =
        app.authed(Method::PATCH, &path, &admin.token).header("if-match", "\"1\"").json(&j!({"status": "spam"}));
    assert_problem(stale.send().await.unwrap(), 412).await;
    assert_problem(
        app.authed(Method::DELETE, &path, &admin.token).header("if-match", "\"1\"").send().await.unwrap(),
        412,
    )
    .await;
    assert_problem(
        app.send_json(Method::PATCH, "/api/v1/admin/comments/999999", &admin.token, &j!({"status": "spam"})).await,
        404,
    )
    .await;
}

#[tokio::test]
async fn moderation_rules_are_read_and_replaced_by_admins() {
    let app = spawn_app_with(RATE_LIMIT_OFF).await;
    let admin = app.admin().await;
    let rules =
        json(app.authed(Method::GET, "/api/v1/admin/settings/moderation", &admin.token).send().await.unwrap()).await;
    assert_eq!(
        rules,
        j!({"hold": "all", "max_links": 2, "hold_words": [], "block_words": [], "min_interval_seconds": 15})
    );
    let new = j!({"hold": "first_time", "max_links": 5, "hold_words": [" Refund ", "refund"], "block_words": ["VIAGRA"], "min_interval_seconds": 30});
    let saved = json(app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &new).await).await;
    assert_eq!(saved["hold_words"], j!(["refund"]));
    assert_eq!(saved["block_words"], j!(["viagra"]));
    let read =
        json(app.authed(Method::GET, "/api/v1/admin/settings/moderation", &admin.token).send().await.unwrap()).await;
    assert_eq!(read, saved);
    let bad =
        j!({"hold": "sometimes", "max_links": 5, "hold_words": [], "block_words": [], "min_interval_seconds": 30});
    assert_eq!(
        assert_problem(app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &bad).await, 422)
            .await["errors"][0]["field"],
        "hold"
    );
    let out_of_range =
        j!({"hold": "all", "max_links": 1000, "hold_words": [""], "block_words": [], "min_interval_seconds": 999999});
    let problem = assert_problem(
        app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &out_of_range).await,
        422,
    )
    .await;
    assert_eq!(problem["errors"].as_array().unwrap().len(), 3);
    let missing =
        app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &j!({"hold": "all"})).await;
    assert_problem(missing, 422).await;
}
