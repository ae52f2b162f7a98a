//! Filters and keyset pagination of the public lists: every filter, unknown values, page
//! walks (also while articles are being published), and bad cursors and limits.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, get_ok, json, slugs, spawn_app, walk, TestApp, USER_PASSWORD};

/// Signs in a new user with a chosen display name.
async fn user_named(app: &TestApp, display_name: &str, role: &str) -> String {
    let admin = app.admin().await;
    let email = format!("{}@marquee.test", uuid::Uuid::new_v4().simple());
    let body = j!({"email": email, "display_name": display_name, "role": role, "password": USER_PASSWORD});
    let created = app.send_json(Method::POST, "/api/v1/admin/users", &admin.token, &body).await;
    assert_eq!(created.status(), 201);
    json(app.login(&email, USER_PASSWORD).await).await["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn filters_select_by_movie_tag_kind_and_author() {
    let app = spawn_app().await;
    let editor = user_named(&app, "Ed Itor", "editor").await;
    let jane = user_named(&app, "Jane Critic", "author").await;
    let arrival = app.create_movie(&editor, j!({"title": "Arrival"})).await;
    let dune = app.create_movie(&editor, j!({"title": "Dune"})).await;
    let review = app
        .create_article(&jane, j!({"title": "Review", "kind": "review", "movie_id": arrival["id"], "tags": ["Sci-Fi"]}))
        .await;
    app.publish(&editor, review["id"].as_i64().unwrap(), None).await;
    app.publish_new(&editor, j!({"title": "News", "kind": "news", "movie_id": dune["id"], "tags": ["Festival"]})).await;
    app.publish_new(&editor, j!({"title": "Explainer", "tags": ["Sci-Fi", "Festival"]})).await;

    let cases: &[(&str, &[&str])] = &[
        ("movie=arrival", &["review"]),
        ("movie=dune", &["news"]),
        ("movie=no-such-movie", &[]),
        ("tag=sci-fi", &["explainer", "review"]),
        ("tag=festival", &["explainer", "news"]),
        ("tag=no-such-tag", &[]),
        ("kind=review", &["review"]),
        ("kind=news", &["news"]),
        ("kind=recap", &[]),
        ("author=jane-critic", &["review"]),
        ("author=ed-itor", &["explainer", "news"]),
        ("author=Jane%20Critic", &[]),
        ("author=jane", &[]),
        ("author=nobody", &[]),
        ("tag=sci-fi&kind=explainer", &["explainer"]),
        ("movie=arrival&author=ed-itor", &[]),
    ];
    for (query, expected) in cases {
        let page = get_ok(&app, &format!("/api/v1/articles?{query}")).await;
        assert_eq!(slugs(&page), *expected, "{query}");
        assert!(page["next_cursor"].is_null(), "{query}");
    }
    assert_problem(app.get("/api/v1/articles?kind=essay").await, 400).await;
}

#[tokio::test]
async fn limit_2_walks_every_article_once_newest_first() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    for n in 1..=5 {
        app.publish_new(&t, j!({ "title": format!("Piece {n}") })).await;
    }
    let pages = walk(&app, "/api/v1/articles", 2).await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(pages.concat(), ["piece-5", "piece-4", "piece-3", "piece-2", "piece-1"]);
    // Filtered lists page the same way.
    app.publish_new(&t, j!({"title": "Tagged A", "tags": ["T"]})).await;
    app.publish_new(&t, j!({"title": "Tagged B", "tags": ["T"]})).await;
    assert_eq!(walk(&app, "/api/v1/articles?tag=t", 1).await.concat(), ["tagged-b", "tagged-a"]);
}

#[tokio::test]
async fn bad_cursors_and_limits_are_400_never_500() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    for title in ["A", "B", "C"] {
        app.create_movie(&t, j!({ "title": title })).await;
        app.publish_new(&t, j!({ "title": title })).await;
    }
    let article_cursor = get_ok(&app, "/api/v1/articles?limit=1").await["next_cursor"].as_str().unwrap().to_string();
    let movie_cursor = get_ok(&app, "/api/v1/movies?limit=1").await["next_cursor"].as_str().unwrap().to_string();
    let change_cursor = get_ok(&app, "/api/v1/changes?limit=1").await["next_cursor"].as_str().unwrap().to_string();
    let (payload, tag) = article_cursor.split_once('.').unwrap();
    let flipped = |s: &str| {
        let mut chars: Vec<char> = s.chars().collect();
        chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
        chars.into_iter().collect::<String>()
    };

    let cases: Vec<(&str, String, &str)> = vec![
        ("/api/v1/articles", "garbage".into(), "not a cursor at all"),
        ("/api/v1/articles", format!("{payload}.{}", flipped(tag)), "tampered signature"),
        ("/api/v1/articles", format!("{}.{tag}", flipped(payload)), "tampered position"),
        ("/api/v1/articles", format!("{payload}."), "no signature"),
        ("/api/v1/articles", "%%%.%%%".into(), "not base64"),
        ("/api/v1/articles", movie_cursor.clone(), "a movie-list cursor"),
        ("/api/v1/articles", change_cursor.clone(), "a change-feed cursor"),
        ("/api/v1/movies", article_cursor.clone(), "an article-list cursor"),
        ("/api/v1/cast-members", article_cursor.clone(), "an article-list cursor"),
        ("/api/v1/articles?tag=a", "garbage".into(), "a filtered list"),
    ];
    for (path, cursor, reason) in &cases {
        let response = app.request(Method::GET, path).query(&[("cursor", cursor)]).send().await.unwrap();
        assert_eq!(response.status(), 400, "{reason} on {path}");
        assert_problem(response, 400).await;
    }
    for limit in ["0", "101", "-1", "abc", "1.5"] {
        for path in ["/api/v1/articles", "/api/v1/movies", "/api/v1/cast-members", "/api/v1/search?q=a"] {
            let response = app.request(Method::GET, path).query(&[("limit", limit)]).send().await.unwrap();
            assert_eq!(response.status(), 400, "limit={limit} on {path}");
            assert_problem(response, 400).await;
        }
    }
    for limit in ["1", "100"] {
        assert_eq!(app.get(&format!("/api/v1/articles?limit={limit}")).await.status(), 200, "limit {limit}");
    }
}

#[tokio::test]
async fn walking_while_articles_are_published_misses_and_repeats_nothing() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    for n in 1..=6 {
        app.publish_new(&t, j!({ "title": format!("Old {n}") })).await;
    }
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut n = 0;
    loop {
        let mut request = app.request(Method::GET, "/api/v1/articles").query(&[("limit", "2")]);
        if let Some(c) = &cursor {
            request = request.query(&[("cursor", c)]);
        }
        let page = json(request.send().await.unwrap()).await;
        seen.extend(slugs(&page));
        n += 1;
        app.publish_new(&t, j!({ "title": format!("New {n}") })).await;
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, ["old-6", "old-5", "old-4", "old-3", "old-2", "old-1"]);
    let first = get_ok(&app, "/api/v1/articles?limit=3").await;
    assert_eq!(slugs(&first), ["new-3", "new-2", "new-1"]);
}

#[tokio::test]
async fn nul_characters_in_slugs_and_filters_are_not_server_errors() {
    let app = spawn_app().await;
    let paths = [
        "/api/v1/articles/%00",
        "/api/v1/articles/a%00b",
        "/api/v1/movies/%00",
        "/api/v1/cast-members/%00",
        "/api/v1/articles?tag=%00",
        "/api/v1/articles?movie=%00",
        "/api/v1/articles?author=%00",
    ];
    let mut failures = Vec::new();
    for path in paths {
        let status = app.get(path).await.status().as_u16();
        if ![200, 400, 404].contains(&status) {
            failures.push(format!("{path}: {status}"));
        }
    }
    assert!(failures.is_empty(), "{failures:?}");
}
