//! Sections keep contiguous 1-based positions through insert, move, delete and reorder, and
//! their HTML is always safe.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, Session, TestApp};

async fn article_with(app: &TestApp, editor: &Session, headings: &[&str]) -> i64 {
    let sections: Vec<_> = headings.iter().map(|h| j!({"heading": h})).collect();
    let article = app.create_article(&editor.token, j!({"title": "Sections", "sections": sections})).await;
    article["id"].as_i64().unwrap()
}

async fn order(app: &TestApp, editor: &Session, id: i64) -> Vec<String> {
    let sections = app.sections(&editor.token, id).await;
    let positions: Vec<i64> = sections.iter().map(|(_, p, _)| *p).collect();
    assert_eq!(positions, (1..=sections.len() as i64).collect::<Vec<_>>(), "positions stay 1..n");
    sections.into_iter().map(|(_, _, h)| h).collect()
}

#[tokio::test]
async fn sections_append_or_insert_and_shift() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let id = article_with(&app, &editor, &["B", "D"]).await;
    let appended = app.create_section(&editor.token, id, j!({"heading": "E"})).await;
    assert_eq!(appended["position"], 3);
    let inserted = app.create_section(&editor.token, id, j!({"heading": "A", "position": 1})).await;
    assert_eq!(inserted["position"], 1);
    app.create_section(&editor.token, id, j!({"heading": "C", "position": 3})).await;
    assert_eq!(order(&app, &editor, id).await, ["A", "B", "C", "D", "E"]);
    let last = app.create_section(&editor.token, id, j!({"heading": "F", "position": 6})).await;
    assert_eq!(last["position"], 6);

    let path = format!("/api/v1/admin/articles/{id}/sections");
    for position in [0, 8, -1] {
        let response =
            app.send_json(Method::POST, &path, &editor.token, &j!({"heading": "X", "position": position})).await;
        assert_eq!(assert_problem(response, 422).await["errors"][0]["field"], "position", "position {position}");
    }
    assert_eq!(order(&app, &editor, id).await, ["A", "B", "C", "D", "E", "F"], "failed inserts changed nothing");
}

#[tokio::test]
async fn deleting_a_section_closes_the_gap() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let id = article_with(&app, &editor, &["A", "B", "C", "D"]).await;
    let sections = app.sections(&editor.token, id).await;
    let path = format!("/api/v1/admin/articles/{id}/sections/{}", sections[1].0);
    assert_eq!(app.authed(Method::DELETE, &path, &editor.token).send().await.unwrap().status(), 204);
    assert_eq!(order(&app, &editor, id).await, ["A", "C", "D"]);
    assert_problem(app.authed(Method::GET, &path, &editor.token).send().await.unwrap(), 404).await;
    assert_problem(app.authed(Method::DELETE, &path, &editor.token).send().await.unwrap(), 404).await;
}

#[tokio::test]
async fn moving_a_section_shifts_the_ones_between() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let id = article_with(&app, &editor, &["A", "B", "C", "D", "E"]).await;
    let sections = app.sections(&editor.token, id).await;
    let path = |sid: i64| format!("/api/v1/admin/articles/{id}/sections/{sid}");

    let moved = app.send_json(Method::PATCH, &path(sections[0].0), &editor.token, &j!({"position": 4})).await;
    assert_eq!(json(moved).await["position"], 4);
    assert_eq!(order(&app, &editor, id).await, ["B", "C", "D", "A", "E"]);
    app.send_json(Method::PATCH, &path(sections[4].0), &editor.token, &j!({"position": 1, "heading": "E!"})).await;
    assert_eq!(order(&app, &editor, id).await, ["E!", "B", "C", "D", "A"]);
    let response = app.send_json(Method::PATCH, &path(sections[1].0), &editor.token, &j!({"position": 6})).await;
    assert_problem(response, 422).await;
    assert_eq!(order(&app, &editor, id).await, ["E!", "B", "C", "D", "A"]);
}

#[tokio::test]
async fn reorder_takes_exactly_the_articles_sections() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let id = article_with(&app, &editor, &["A", "B", "C"]).await;
    let other = article_with(&app, &editor, &["X"]).await;
    let ids: Vec<i64> = app.sections(&editor.token, id).await.into_iter().map(|s| s.0).collect();
    let foreign = app.sections(&editor.token, other).await[0].0;
    let path = format!("/api/v1/admin/articles/{id}/sections/order");

    for (why, section_ids) in [
        ("missing one", vec![ids[0], ids[1]]),
        ("duplicate", vec![ids[0], ids[1], ids[1]]),
        ("another article's", vec![ids[0], ids[1], foreign]),
        ("an extra", vec![ids[0], ids[1], ids[2], foreign]),
        ("empty", vec![]),
    ] {
        let response = app.send_json(Method::PUT, &path, &editor.token, &j!({"section_ids": section_ids})).await;
        assert_eq!(response.status(), 422, "{why}");
        assert_eq!(assert_problem(response, 422).await["errors"][0]["field"], "section_ids");
    }
    let response =
        app.send_json(Method::PUT, &path, &editor.token, &j!({"section_ids": [ids[2], ids[0], ids[1]]})).await;
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    let headings: Vec<&str> = body["data"].as_array().unwrap().iter().map(|s| s["heading"].as_str().unwrap()).collect();
    assert_eq!(headings, ["C", "A", "B"]);
    assert_eq!(order(&app, &editor, id).await, ["C", "A", "B"]);

    // If-Match here is the article's ETag.
    let stale =
        app.authed(Method::PUT, &path, &editor.token).header("if-match", "\"1\"").json(&j!({"section_ids": ids}));
    assert_problem(stale.send().await.unwrap(), 412).await;
}

#[tokio::test]
async fn section_edits_honour_if_match_and_null_clears() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let id = article_with(&app, &editor, &["A"]).await;
    let sid = app.sections(&editor.token, id).await[0].0;
    let path = format!("/api/v1/admin/articles/{id}/sections/{sid}");
    let body =
        j!({"subheading": "Why?", "body": "Because.", "media_url": "https://v.example.com/1", "media_caption": "Clip"});
    let first = app.authed(Method::PATCH, &path, &editor.token).header("if-match", "\"1\"").json(&body);
    let first = first.send().await.unwrap();
    assert_eq!(first.headers()["etag"], "\"2\"");
    let section = json(first).await;
    assert_eq!(section["body_html"], "<p>Because.</p>\n");
    let stale = app.authed(Method::PATCH, &path, &editor.token).header("if-match", "\"1\"").json(&j!({"heading": "Z"}));
    assert_problem(stale.send().await.unwrap(), 412).await;
    let cleared =
        json(app.send_json(Method::PATCH, &path, &editor.token, &j!({"subheading": null, "media_url": null})).await)
            .await;
    assert!(cleared["subheading"].is_null() && cleared["media_url"].is_null());
    assert_eq!(cleared["media_caption"], "Clip");
    assert_eq!(cleared["heading"], "A");
    let invalid =
        app.send_json(Method::PATCH, &path, &editor.token, &j!({"heading": "", "media_url": "javascript:x"})).await;
    let problem = assert_problem(invalid, 422).await;
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn hostile_markdown_never_reaches_body_html() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let id = article_with(&app, &editor, &[]).await;
    let hostile = [
        "<script>alert('x')</script>",
        "<img src=x onerror=\"alert(1)\">",
        "[click me](javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">link</a>",
        "<a href=\"jAvAsCrIpT:alert(1)\">link</a>",
        "<div onmouseover=\"steal()\">hover</div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<svg onload=alert(1)>",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    ];
    for body in hostile {
        let section = app.create_section(&editor.token, id, j!({"heading": "H", "body": body})).await;
        let html = section["body_html"].as_str().unwrap().to_lowercase();
        for forbidden in ["<script", "onerror", "onmouseover", "onload", "javascript:", "<iframe", "data:text"] {
            assert!(!html.contains(forbidden), "{body:?} gave {html:?}");
        }
        assert_eq!(section["body"], body, "the markdown itself is stored as written");
    }
    let preview = json(
        app.authed(Method::GET, &format!("/api/v1/admin/articles/{id}/preview"), &editor.token).send().await.unwrap(),
    )
    .await;
    for section in preview["sections"].as_array().unwrap() {
        assert!(!section["body_html"].as_str().unwrap().to_lowercase().contains("<script"), "{section}");
    }
}

#[tokio::test]
async fn reading_time_follows_the_sections() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let id = article_with(&app, &editor, &[]).await;
    let path = format!("/api/v1/admin/articles/{id}");
    let minutes = || async {
        json(app.authed(Method::GET, &path, &editor.token).send().await.unwrap()).await["reading_time_minutes"].clone()
    };
    assert_eq!(minutes().await, 0);
    let section = app.create_section(&editor.token, id, j!({"heading": "Long", "body": "word ".repeat(450)})).await;
    assert_eq!(minutes().await, 3);
    let sp = format!("{path}/sections/{}", section["id"]);
    app.send_json(Method::PATCH, &sp, &editor.token, &j!({"body": "short"})).await;
    assert_eq!(minutes().await, 1);
    app.authed(Method::DELETE, &sp, &editor.token).send().await.unwrap();
    assert_eq!(minutes().await, 0);
}
