//! No password, hash or token ever shows up in a response it does not belong to, or in the log.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{captured_logs, json, spawn_app, ADMIN_PASSWORD};

#[tokio::test]
async fn secrets_stay_out_of_logs_and_responses() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let new_password = "a-secret-new-password-42";
    let editor = app.login_as(Role::Editor).await;
    let api_token = app.api_token(&editor, j!({"name": "script"})).await;
    let refreshed =
        json(app.post_json("/api/v1/auth/refresh", &j!({"refresh_token": editor.refresh_token})).await).await;
    let path = format!("/api/v1/admin/users/{}", editor.user_id);
    app.authed(Method::PATCH, &path, &admin.token).json(&j!({"password": new_password})).send().await.unwrap();
    app.login(&editor.email, "a-wrong-password-typed").await;
    // A preview link is a credential in the path: it is read, and stays out of the log.
    let draft = app.create_article(&admin.token, j!({"title": "Unseen"})).await;
    let preview_path = format!("/api/v1/admin/articles/{}/preview-token", draft["id"]);
    let preview = json(app.authed(Method::POST, &preview_path, &admin.token).send().await.unwrap()).await;
    let preview_token = preview["token"].as_str().unwrap().to_string();
    assert_eq!(app.get(&format!("/api/v1/preview/{preview_token}")).await.status(), 200);

    let mut responses = String::new();
    for path in ["/api/v1/admin/users", "/api/v1/admin/tokens", "/api/v1/admin/audit", &path] {
        responses.push_str(&app.authed(Method::GET, path, &admin.token).send().await.unwrap().text().await.unwrap());
    }
    assert!(!responses.contains("$argon2"), "a password hash was sent");

    let logs = captured_logs();
    assert!(!logs.is_empty(), "the log capture works");
    let secrets = [
        ADMIN_PASSWORD,
        crate::helpers::USER_PASSWORD,
        new_password,
        "a-wrong-password-typed",
        &api_token,
        &editor.refresh_token,
        refreshed["refresh_token"].as_str().unwrap(),
        &admin.token,
        &preview_token,
        "$argon2",
    ];
    for secret in secrets {
        assert!(!logs.contains(secret), "the log contains a secret: {secret}");
        assert!(!responses.contains(secret) || secret == "$argon2", "a response contains a secret: {secret}");
    }
}
