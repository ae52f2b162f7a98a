//! An article's lifecycle through the admin API: publish, schedule, unpublish, archive,
//! delete, and what each does to the public view.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use super::status;
use crate::helpers::{assert_problem, json, spawn_app};

#[tokio::test]
async fn publish_unpublish_archive_and_delete() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app.create_article(&editor.token, j!({"title": "Lifecycle"})).await;
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/articles/{id}");

    let published = app.publish(&editor.token, id, None).await;
    assert_eq!(published["status"], "published");
    let published_at = chrono::DateTime::parse_from_rfc3339(published["published_at"].as_str().unwrap()).unwrap();
    assert!((chrono::Utc::now() - published_at.to_utc()).num_seconds().abs() < 5);
    // Publishing again changes nothing.
    assert_eq!(app.publish(&editor.token, id, None).await["version"], published["version"]);

    let response = app.authed(Method::POST, &format!("{path}/unpublish"), &editor.token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let draft = json(response).await;
    assert_eq!(draft["status"], "draft");
    assert!(draft["published_at"].is_null());

    app.publish(&editor.token, id, None).await;
    let archived =
        json(app.authed(Method::POST, &format!("{path}/archive"), &editor.token).send().await.unwrap()).await;
    assert_eq!(archived["status"], "archived");

    assert_eq!(status(&app, Method::DELETE, &path, &editor.token, None).await, 204);
    assert_eq!(status(&app, Method::GET, &path, &editor.token, None).await, 404);
    assert_eq!(status(&app, Method::DELETE, &path, &editor.token, None).await, 404);

    let audit =
        json(app.authed(Method::GET, "/api/v1/admin/audit?limit=100", &app.admin().await.token).send().await.unwrap())
            .await;
    let actions: Vec<&str> = audit["data"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["article.create", "article.publish", "article.unpublish", "article.archive", "article.delete"] {
        assert!(actions.contains(&action), "{action} not audited: {actions:?}");
    }
}

#[tokio::test]
async fn a_future_publish_at_schedules() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app.create_article(&editor.token, j!({"title": "Later"})).await;
    let id = article["id"].as_i64().unwrap();
    let at = "2099-01-01T10:00:00Z";
    let scheduled = app.publish(&editor.token, id, Some(at)).await;
    assert_eq!(scheduled["status"], "scheduled");
    assert_eq!(scheduled["publish_at"], at);
    // A time in the past publishes now.
    let article = app.create_article(&editor.token, j!({"title": "Now"})).await;
    let now = app.publish(&editor.token, article["id"].as_i64().unwrap(), Some("2001-01-01T00:00:00Z")).await;
    assert_eq!(now["status"], "published");
    let bad = app
        .authed(Method::POST, &format!("/api/v1/admin/articles/{id}/publish"), &editor.token)
        .json(&j!({"publish_at": "next tuesday"}))
        .send()
        .await
        .unwrap();
    assert_eq!(assert_problem(bad, 422).await["errors"][0]["field"], "publish_at");
}

#[tokio::test]
async fn deleting_a_movie_that_articles_use_is_409() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let movie = app.create_movie(&editor.token, j!({"title": "Used"})).await;
    app.create_article(&editor.token, j!({"title": "About it", "movie_id": movie["id"]})).await;
    let path = format!("/api/v1/admin/movies/{}", movie["id"]);
    assert_problem(app.authed(Method::DELETE, &path, &editor.token).send().await.unwrap(), 409).await;
}
