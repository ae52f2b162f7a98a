//! Old slugs keep leading somewhere: a public read of a renamed record's old slug answers 301
//! to its current address (through renames of renames), and no other record may take an old
//! slug, so old links never start naming someone else.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, json, send, spawn_app, TestApp};

async fn rename(app: &TestApp, token: &str, path: &str, slug: &str) -> Value {
    let response = send(app, Method::PATCH, path, token, &j!({ "slug": slug })).await;
    assert_eq!(response.status(), 200, "rename {path} to {slug}");
    json(response).await
}

/// Follows nothing: the status and `Location` of a public read.
async fn read(app: &TestApp, path: &str) -> (u16, Option<String>) {
    let response = app.get(path).await;
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    (response.status().as_u16(), location)
}

#[tokio::test]
async fn renamed_articles_movies_and_people_answer_301_from_every_old_slug() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let article = app.published_article(&admin.token, "Arrival explained").await;
    let path = format!("/api/v1/admin/articles/{}", article["id"]);
    rename(&app, &admin.token, &path, "arrival-b").await;
    rename(&app, &admin.token, &path, "arrival-c").await;
    for old in ["arrival-explained", "arrival-b"] {
        let (status, location) = read(&app, &format!("/api/v1/articles/{old}")).await;
        assert_eq!((status, location.as_deref()), (301, Some("/api/v1/articles/arrival-c")), "{old}");
    }
    assert_eq!(read(&app, "/api/v1/articles/arrival-c").await.0, 200);
    assert_eq!(read(&app, "/api/v1/articles/never-was").await.0, 404);

    let movie = app.create_movie(&admin.token, j!({"title": "Arrival"})).await;
    let movie_path = format!("/api/v1/admin/movies/{}", movie["id"]);
    rename(&app, &admin.token, &movie_path, "arrival-2016").await;
    assert_eq!(read(&app, "/api/v1/movies/arrival").await, (301, Some("/api/v1/movies/arrival-2016".into())));

    let person = app.create_cast_member(&admin.token, j!({"name": "Amy Adams"})).await;
    let person_path = format!("/api/v1/admin/cast-members/{}", person["id"]);
    rename(&app, &admin.token, &person_path, "amy-adams-actor").await;
    let (status, location) = read(&app, "/api/v1/cast-members/amy-adams").await;
    assert_eq!((status, location.as_deref()), (301, Some("/api/v1/cast-members/amy-adams-actor")));
}

#[tokio::test]
async fn an_old_slug_is_reserved_but_its_record_may_take_it_back() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = app.create_article(&admin.token, j!({"title": "Heat"})).await;
    let path = format!("/api/v1/admin/articles/{}", first["id"]);
    rename(&app, &admin.token, &path, "heat-1995").await;
    // Another article may not take the old slug, explicitly or by a rename...
    let taken =
        send(&app, Method::POST, "/api/v1/admin/articles", &admin.token, &j!({"title": "Heat", "slug": "heat"})).await;
    assert_problem(taken, 409).await;
    let other = app.create_article(&admin.token, j!({"title": "Other"})).await;
    let other_path = format!("/api/v1/admin/articles/{}", other["id"]);
    assert_problem(send(&app, Method::PATCH, &other_path, &admin.token, &j!({"slug": "heat"})).await, 409).await;
    // ...and a generated one steps around it.
    let generated = app.create_article(&admin.token, j!({"title": "Heat"})).await;
    assert_ne!(generated["slug"], "heat");
    // The article it belonged to may take it back; its later slug then leads to it.
    rename(&app, &admin.token, &path, "heat").await;
    assert_problem(send(&app, Method::PATCH, &other_path, &admin.token, &j!({"slug": "heat-1995"})).await, 409).await;
}

#[tokio::test]
async fn a_renamed_authors_old_slug_cannot_be_taken_by_another_user() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let author = app.login_as(Role::Author).await;
    let article = app.create_article(&author.token, j!({"title": "By the author"})).await;
    app.publish(&admin.token, article["id"].as_i64().unwrap(), None).await;
    let me = json(app.authed(Method::GET, "/api/v1/auth/me", &author.token).send().await.unwrap()).await;
    let old = me["slug"].as_str().unwrap().to_string();
    let changed = app
        .authed(Method::PATCH, "/api/v1/auth/me", &author.token)
        .json(&j!({"slug": "the-new-name"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert_eq!(read(&app, &format!("/api/v1/authors/{old}")).await, (301, Some("/api/v1/authors/the-new-name".into())));
    // Someone else cannot impersonate the author under the old name.
    let other = app.login_as(Role::Author).await;
    let taken =
        app.authed(Method::PATCH, "/api/v1/auth/me", &other.token).json(&j!({"slug": old})).send().await.unwrap();
    assert_problem(taken, 409).await;
}
