//! The public change feed: what became visible, changed or went away, oldest first, with a
//! cursor to resume from.

use std::time::{Duration, Instant};

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, from_now, get_ok, json, key_set, keys, spawn_app, TestApp};

/// (kind, id, slug, action) of each entry of a page.
fn entries(page: &Value) -> Vec<(String, i64, String, String)> {
    let data = page["data"].as_array().unwrap_or_else(|| panic!("not a list: {page}"));
    data.iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap_or_else(|| panic!("{k} in {e}")).to_string();
            (text("kind"), e["id"].as_i64().unwrap(), text("slug"), text("action"))
        })
        .collect()
}

fn entry(kind: &str, id: &Value, slug: &str, action: &str) -> (String, i64, String, String) {
    (kind.to_string(), id.as_i64().unwrap(), slug.to_string(), action.to_string())
}

async fn changes(app: &TestApp, since: Option<&str>, limit: u32) -> Value {
    let mut request = app.request(Method::GET, "/api/v1/changes").query(&[("limit", limit.to_string())]);
    if let Some(since) = since {
        request = request.query(&[("since", since)]);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    json(response).await
}

async fn delete(app: &TestApp, token: &str, path: &str) {
    let response = app.authed(Method::DELETE, path, token).send().await.unwrap();
    assert_eq!(response.status(), 204, "DELETE {path}");
}

#[tokio::test]
async fn the_feed_lists_every_public_change_oldest_first() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let movie = app.create_movie(&t, j!({"title": "Arrival"})).await;
    let alpha = app.create_article(&t, j!({"title": "Alpha", "movie_id": movie["id"]})).await;
    let alpha_id = alpha["id"].as_i64().unwrap();
    app.publish(&t, alpha_id, None).await;
    let path = format!("/api/v1/admin/articles/{alpha_id}");
    assert_eq!(app.send_json(Method::PATCH, &path, &t, &j!({"title": "Alpha, edited"})).await.status(), 200);
    app.lifecycle(&t, alpha_id, "unpublish").await;
    delete(&app, &t, &path).await;
    let beta = app.publish_new(&t, j!({"title": "Beta"})).await;
    delete(&app, &t, &format!("/api/v1/admin/articles/{}", beta["id"])).await;
    let path = format!("/api/v1/admin/movies/{}", movie["id"]);
    assert_eq!(app.send_json(Method::PATCH, &path, &t, &j!({"slug": "arrival-2016"})).await.status(), 200);
    let person = app.create_cast_member(&t, j!({"name": "Amy Adams"})).await;
    delete(&app, &t, &format!("/api/v1/admin/cast-members/{}", person["id"])).await;

    let page = changes(&app, None, 100).await;
    assert_eq!(
        entries(&page),
        [
            entry("movie", &movie["id"], "arrival", "upsert"),
            entry("article", &alpha["id"], "alpha", "upsert"),
            entry("article", &alpha["id"], "alpha", "upsert"),
            entry("article", &alpha["id"], "alpha", "delete"),
            entry("article", &beta["id"], "beta", "upsert"),
            entry("article", &beta["id"], "beta", "delete"),
            entry("movie", &movie["id"], "arrival", "delete"),
            entry("movie", &movie["id"], "arrival-2016", "upsert"),
            entry("cast_member", &person["id"], "amy-adams", "upsert"),
            entry("cast_member", &person["id"], "amy-adams", "delete"),
        ]
    );
    let mut previous = None;
    for e in page["data"].as_array().unwrap() {
        assert_eq!(keys(e), key_set(&["kind", "id", "slug", "action", "at"]));
        let at = e["at"].as_str().unwrap();
        assert!(at.ends_with('Z'), "{at}");
        let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
        assert!((chrono::Utc::now() - at.to_utc()).num_seconds().abs() < 60, "{at}");
        assert!(previous.is_none_or(|p| p <= at), "not oldest first: {page}");
        previous = Some(at);
    }
    assert!(page["next_cursor"].is_string(), "the last page still says where to resume: {page}");
}

#[tokio::test]
async fn limit_1_walks_every_change_and_the_last_cursor_resumes() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    for title in ["One", "Two", "Three"] {
        app.create_movie(&t, j!({ "title": title })).await;
    }
    app.create_cast_member(&t, j!({"name": "Four"})).await;
    let all = entries(&changes(&app, None, 100).await);
    assert_eq!(all.len(), 4);

    let mut walked = Vec::new();
    let mut cursor: Option<String> = None;
    let last_cursor = loop {
        let page = changes(&app, cursor.as_deref(), 1).await;
        let next = page["next_cursor"].as_str().unwrap_or_else(|| panic!("no next_cursor: {page}")).to_string();
        let got = entries(&page);
        if got.is_empty() {
            break next;
        }
        assert_eq!(got.len(), 1);
        walked.extend(got);
        cursor = Some(next);
        assert!(walked.len() <= all.len(), "the walk repeats: {walked:?}");
    };
    assert_eq!(walked, all);
    assert_eq!(Some(&last_cursor), cursor.as_ref(), "an empty page hands back the cursor it was given");

    // Up to date: polling again is empty (and cached), until something changes.
    assert_eq!(changes(&app, Some(&last_cursor), 20).await["data"], j!([]));
    let movie = app.create_movie(&t, j!({"title": "Five"})).await;
    let page = changes(&app, Some(&last_cursor), 20).await;
    assert_eq!(entries(&page), [entry("movie", &movie["id"], "five", "upsert")]);
    let resume = page["next_cursor"].as_str().unwrap();
    assert_eq!(changes(&app, Some(resume), 20).await["data"], j!([]));
}

#[tokio::test]
async fn an_empty_feed_still_gives_a_resume_cursor() {
    let app = spawn_app().await;
    let page = get_ok(&app, "/api/v1/changes").await;
    assert_eq!(page["data"], j!([]));
    let cursor = page["next_cursor"].as_str().unwrap_or_else(|| panic!("no cursor to resume from: {page}"));
    let t = app.login_as(Role::Editor).await.token;
    let movie = app.create_movie(&t, j!({"title": "First"})).await;
    let page = changes(&app, Some(cursor), 20).await;
    assert_eq!(entries(&page), [entry("movie", &movie["id"], "first", "upsert")]);
}

#[tokio::test]
async fn a_bad_since_cursor_or_limit_is_400() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    for title in ["A", "B"] {
        app.publish_new(&t, j!({ "title": title })).await;
    }
    let good = changes(&app, None, 1).await["next_cursor"].as_str().unwrap().to_string();
    let article_cursor = get_ok(&app, "/api/v1/articles?limit=1").await["next_cursor"].as_str().unwrap().to_string();
    let (payload, tag) = good.split_once('.').unwrap();
    let tampered = format!(
        "{payload}.{}",
        if tag.starts_with('A') { tag.replacen('A', "B", 1) } else { format!("A{}", &tag[1..]) }
    );
    for (since, reason) in [
        ("garbage".to_string(), "not a cursor"),
        (tampered, "a tampered signature"),
        (article_cursor, "an article-list cursor"),
        ("MQ.AAAAAAAAAAAAAAAAAAAAAA".to_string(), "a forged cursor"),
    ] {
        let response = app.request(Method::GET, "/api/v1/changes").query(&[("since", &since)]).send().await.unwrap();
        assert_eq!(response.status(), 400, "{reason}");
        assert_problem(response, 400).await;
    }
    for limit in ["0", "101", "x"] {
        assert_problem(app.get(&format!("/api/v1/changes?limit={limit}")).await, 400).await;
    }
    assert_eq!(app.get(&format!("/api/v1/changes?since={good}")).await.status(), 200);
}

#[tokio::test]
async fn a_scheduled_article_enters_the_feed_once_due() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let article = app.create_article(&t, j!({"title": "Soon"})).await;
    app.publish(&t, article["id"].as_i64().unwrap(), Some(&from_now(chrono::Duration::seconds(1)))).await;
    assert_eq!(get_ok(&app, "/api/v1/changes").await["data"], j!([]));
    let start = Instant::now();
    let expected = [entry("article", &article["id"], "soon", "upsert")];
    loop {
        let page = get_ok(&app, "/api/v1/changes").await;
        if entries(&page) == expected || start.elapsed() > Duration::from_secs(5) {
            assert_eq!(entries(&page), expected);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_scheduled_article_is_in_the_feed_the_moment_it_falls_due() {
    // A scheduler that would not run for an hour: the feed does not wait for it.
    let app = crate::helpers::spawn_app_with(&[("MARQUEE_SCHEDULER_INTERVAL_MS", "3600000")]).await;
    let admin = app.admin().await;
    let article = app.create_article(&admin.token, j!({"title": "Due soon"})).await;
    let at = from_now(chrono::Duration::milliseconds(1500));
    app.publish(&admin.token, article["id"].as_i64().unwrap(), Some(&at)).await;
    let before = entries(&changes(&app, None, 100).await);
    assert!(!before.iter().any(|e| e.1 == article["id"].as_i64().unwrap()), "not yet: {before:?}");
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let after = entries(&changes(&app, None, 100).await);
    assert!(after.contains(&entry("article", &article["id"], "due-soon", "upsert")), "{after:?}");
}
