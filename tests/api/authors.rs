//! Authors' public profiles: on every article and summary and on their own page, edited by
//! the authors themselves, never with an email.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app};

#[tokio::test]
async fn an_author_page_shows_the_profile_and_published_articles_newest_first() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    app.publish_new(&editor.token, j!({"title": "Older"})).await;
    app.publish_new(&editor.token, j!({"title": "Newer"})).await;
    app.create_article(&editor.token, j!({"title": "Unfinished"})).await;

    let page = json(app.get("/api/v1/authors/a-editor").await).await;
    let mut keys: Vec<&str> = page.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["articles", "avatar", "avatar_url", "bio", "display_name", "slug"], "never an email");
    let titles: Vec<&str> = page["articles"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Newer", "Older"]);
    assert!(!page.to_string().contains("@marquee.test"));

    assert_problem(app.get("/api/v1/authors/nobody").await, 404).await;
    // The admin has published nothing: no public page.
    assert_problem(app.get("/api/v1/authors/administrator").await, 404).await;
}

#[tokio::test]
async fn users_edit_their_own_profile_and_every_page_shows_it_at_once() {
    let app = spawn_app().await;
    let author = app.login_as(Role::Author).await;
    let editor = app.login_as(Role::Editor).await;
    let draft = app.create_article(&author.token, j!({"title": "By the author"})).await;
    app.publish(&editor.token, draft["id"].as_i64().unwrap(), None).await;
    assert_eq!(json(app.get("/api/v1/articles/by-the-author").await).await["author"]["display_name"], "A author");

    let me = app.authed(Method::GET, "/api/v1/auth/me", &author.token).send().await.unwrap();
    let etag = me.headers()["etag"].to_str().unwrap().to_string();
    let profile = j!({"display_name": "Ada Writer", "slug": "ada", "bio": "Writes about endings.", "avatar_url": "https://img.example.com/ada.jpg"});
    let changed = app
        .authed(Method::PATCH, "/api/v1/auth/me", &author.token)
        .header("if-match", &etag)
        .json(&profile)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let changed = json(changed).await;
    assert_eq!((changed["slug"].as_str(), changed["bio"].as_str()), (Some("ada"), Some("Writes about endings.")));

    let shown = json(app.get("/api/v1/articles/by-the-author").await).await["author"].clone();
    assert_eq!(
        shown,
        j!({"slug": "ada", "display_name": "Ada Writer", "bio": "Writes about endings.", "avatar_url": "https://img.example.com/ada.jpg", "avatar": null})
    );
    assert_eq!(json(app.get("/api/v1/articles?author=ada").await).await["data"][0]["author"]["slug"], "ada");
    assert_eq!(json(app.get("/api/v1/authors/ada").await).await["display_name"], "Ada Writer");

    // A stale If-Match, a taken slug, bad fields: refused, nothing changed.
    let stale = app
        .authed(Method::PATCH, "/api/v1/auth/me", &author.token)
        .header("if-match", &etag)
        .json(&j!({"bio": null}))
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412).await;
    let taken = app.send_json(Method::PATCH, "/api/v1/auth/me", &author.token, &j!({"slug": "a-editor"})).await;
    assert_problem(taken, 409).await;
    let bad = app
        .send_json(
            Method::PATCH,
            "/api/v1/auth/me",
            &author.token,
            &j!({"avatar_url": "javascript:alert(1)", "slug": "Not A Slug", "role": "admin"}),
        )
        .await;
    assert_problem(bad, 422).await;
    let bad = app
        .send_json(
            Method::PATCH,
            "/api/v1/auth/me",
            &author.token,
            &j!({"avatar_url": "javascript:alert(1)", "slug": "Not A Slug"}),
        )
        .await;
    let fields: Vec<String> = assert_problem(bad, 422).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["slug", "avatar_url"]);
    assert_problem(app.send_json(Method::PATCH, "/api/v1/auth/me", "not-a-token", &j!({})).await, 401).await;
    let me = json(app.authed(Method::GET, "/api/v1/auth/me", &author.token).send().await.unwrap()).await;
    assert_eq!((me["slug"].as_str(), me["role"].as_str()), (Some("ada"), Some("author")));
}
