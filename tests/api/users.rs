//! The users admin API: admins only, validated, conflict- and precondition-aware.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, USER_PASSWORD};

const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/admin/users"),
    ("POST", "/api/v1/admin/users"),
    ("GET", "/api/v1/admin/users/1"),
    ("PATCH", "/api/v1/admin/users/1"),
    ("DELETE", "/api/v1/admin/users/1"),
    ("GET", "/api/v1/admin/audit"),
];

#[tokio::test]
async fn user_routes_are_401_anonymous_and_403_for_other_roles() {
    let app = spawn_app().await;
    let body = j!({"email": "x@y.io", "display_name": "X", "role": "author", "password": USER_PASSWORD});
    for (method, path) in ROUTES {
        let method: Method = method.parse().unwrap();
        let response = app.request(method.clone(), path).json(&body).send().await.unwrap();
        assert_problem(response, 401).await;
    }
    for role in [Role::Editor, Role::Author, Role::Moderator] {
        let session = app.login_as(role).await;
        for (method, path) in ROUTES {
            let response = app.authed(method.parse().unwrap(), path, &session.token).json(&body).send().await.unwrap();
            assert_eq!(response.status(), 403, "{role} {method} {path}");
            assert_problem(response, 403).await;
        }
    }
}

#[tokio::test]
async fn admins_create_read_update_and_delete_users() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let response = app
        .authed(Method::POST, "/api/v1/admin/users", &admin.token)
        .json(&j!({"email": "  New.Writer@Example.COM ", "display_name": " New Writer ", "role": "author", "password": USER_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let created = json(response).await;
    assert_eq!(created["email"], "new.writer@example.com");
    assert_eq!(created["display_name"], "New Writer");
    assert_eq!(created["disabled"], false);
    assert_eq!(created["version"], 1);
    assert!(created.get("password_hash").is_none() && created.get("password").is_none());
    assert_eq!(location, format!("/api/v1/admin/users/{}", created["id"]));

    let fetched = app.authed(Method::GET, &location, &admin.token).send().await.unwrap();
    assert_eq!(fetched.headers()["etag"], "\"1\"");
    assert_eq!(fetched.headers()["cache-control"], "no-store");
    assert_eq!(json(fetched).await, created);

    let list = json(app.authed(Method::GET, "/api/v1/admin/users", &admin.token).send().await.unwrap()).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    assert!(list["next_cursor"].is_null());

    let updated = app
        .authed(Method::PATCH, &location, &admin.token)
        .header("if-match", "\"1\"")
        .json(&j!({"display_name": "Renamed", "role": "editor"}))
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.headers()["etag"], "\"2\"");
    let updated = json(updated).await;
    assert_eq!((updated["display_name"].as_str(), updated["role"].as_str()), (Some("Renamed"), Some("editor")));

    assert_eq!(app.authed(Method::DELETE, &location, &admin.token).send().await.unwrap().status(), 204);
    assert_problem(app.authed(Method::GET, &location, &admin.token).send().await.unwrap(), 404).await;
}

#[tokio::test]
async fn duplicate_emails_are_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (_, email) = app.create_user(Role::Author).await;
    let response = app
        .authed(Method::POST, "/api/v1/admin/users", &admin.token)
        .json(&j!({"email": email.to_uppercase(), "display_name": "Twin", "role": "author", "password": USER_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(response, 409).await;
}

#[tokio::test]
async fn invalid_users_list_every_bad_field_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let response = app
        .authed(Method::POST, "/api/v1/admin/users", &admin.token)
        .json(&j!({"email": "not-an-email", "display_name": "", "role": "author", "password": "short"}))
        .send()
        .await
        .unwrap();
    let body = assert_problem(response, 422).await;
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "display_name", "password"]);

    let bad_role = app
        .authed(Method::POST, "/api/v1/admin/users", &admin.token)
        .json(&j!({"email": "a@b.io", "display_name": "A", "role": "superuser", "password": USER_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(assert_problem(bad_role, 422).await["errors"][0]["field"], "role");

    let list = json(app.authed(Method::GET, "/api/v1/admin/users", &admin.token).send().await.unwrap()).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "nothing was created");
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let (id, _) = app.create_user(Role::Author).await;
    let path = format!("/api/v1/admin/users/{id}");
    let first =
        app.authed(Method::PATCH, &path, &admin.token).header("if-match", "\"1\"").json(&j!({"display_name": "One"}));
    assert_eq!(first.send().await.unwrap().status(), 200);
    let stale =
        app.authed(Method::PATCH, &path, &admin.token).header("if-match", "\"1\"").json(&j!({"display_name": "Two"}));
    assert_problem(stale.send().await.unwrap(), 412).await;
    let stale_delete = app.authed(Method::DELETE, &path, &admin.token).header("if-match", "\"1\"");
    assert_problem(stale_delete.send().await.unwrap(), 412).await;
    let user = json(app.authed(Method::GET, &path, &admin.token).send().await.unwrap()).await;
    assert_eq!(user["display_name"], "One");
}

#[tokio::test]
async fn the_last_admin_cannot_be_demoted_disabled_or_deleted() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let path = format!("/api/v1/admin/users/{}", admin.user_id);
    for body in [j!({"role": "editor"}), j!({"disabled": true})] {
        let response = app.authed(Method::PATCH, &path, &admin.token).json(&body).send().await.unwrap();
        assert_problem(response, 409).await;
    }
    assert_problem(app.authed(Method::DELETE, &path, &admin.token).send().await.unwrap(), 409).await;

    // With a second admin, the first may step down.
    let (second, _) = app.create_user(Role::Admin).await;
    assert!(second > 0);
    let response = app.authed(Method::PATCH, &path, &admin.token).json(&j!({"role": "editor"})).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn unknown_users_are_404_and_bad_ids_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    assert_problem(app.authed(Method::GET, "/api/v1/admin/users/999999", &admin.token).send().await.unwrap(), 404)
        .await;
    assert_problem(app.authed(Method::GET, "/api/v1/admin/users/abc", &admin.token).send().await.unwrap(), 400).await;
    let patch = app.authed(Method::PATCH, "/api/v1/admin/users/999999", &admin.token).json(&j!({"display_name": "x"}));
    assert_problem(patch.send().await.unwrap(), 404).await;
}

#[tokio::test]
async fn user_lists_page_with_cursors() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for _ in 0..3 {
        app.create_user(Role::Author).await;
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/admin/users?limit=2".to_string();
    loop {
        let page = json(app.authed(Method::GET, &path, &admin.token).send().await.unwrap()).await;
        seen.extend(page["data"].as_array().unwrap().iter().map(|u| u["id"].as_i64().unwrap()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/admin/users?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "in order, none repeated");
}
