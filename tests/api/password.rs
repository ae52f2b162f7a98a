//! `POST /auth/password`: any signed-in user changes their own password; every other login
//! session ends at once, the one it was changed from carries on through its refresh token;
//! a wrong current password is a field error that counts as a failed login.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, json, spawn_app, TestApp, USER_PASSWORD};

const NEW_PASSWORD: &str = "a new and longer passphrase";

async fn change(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.authed(Method::POST, "/api/v1/auth/password", token).json(&body).send().await.unwrap()
}

async fn status_of_me(app: &TestApp, token: &str) -> u16 {
    app.authed(Method::GET, "/api/v1/auth/me", token).send().await.unwrap().status().as_u16()
}

async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/refresh", &j!({ "refresh_token": refresh_token })).await
}

fn fields(problem: &Value) -> Vec<&str> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_user_changes_their_password_and_only_the_session_they_used_carries_on() {
    let app = spawn_app().await;
    let here = app.login_as(Role::Moderator).await;
    let elsewhere = json(app.login(&here.email, USER_PASSWORD).await).await;
    let elsewhere_token = elsewhere["access_token"].as_str().unwrap();
    let script = app.api_token(&here, j!({"name": "queue bot"})).await;
    assert_eq!(status_of_me(&app, &script).await, 200);

    let changed =
        change(&app, &here.token, j!({"current_password": USER_PASSWORD, "new_password": NEW_PASSWORD})).await;
    assert_eq!(changed.status(), 204);

    // Every access token of theirs stopped working; the other session is over for good.
    assert_eq!(status_of_me(&app, &here.token).await, 401);
    assert_eq!(status_of_me(&app, elsewhere_token).await, 401);
    assert_problem(refresh(&app, elsewhere["refresh_token"].as_str().unwrap()).await, 401).await;
    // Their API tokens are revoked: one made by whoever knew the old password ends here.
    assert_eq!(status_of_me(&app, &script).await, 401);
    // The session it was changed from goes on with its refresh token.
    let renewed = refresh(&app, &here.refresh_token).await;
    assert_eq!(renewed.status(), 200);
    let renewed = json(renewed).await;
    assert_eq!(status_of_me(&app, renewed["access_token"].as_str().unwrap()).await, 200);

    assert_problem(app.login(&here.email, USER_PASSWORD).await, 401).await;
    assert_eq!(app.login(&here.email, NEW_PASSWORD).await.status(), 200);
    let admin = app.admin().await;
    let audit = json(
        app.authed(Method::GET, "/api/v1/admin/audit?action=auth.password_changed", &admin.token).send().await.unwrap(),
    )
    .await;
    assert_eq!(audit["data"][0]["user_id"], here.user_id);
}

#[tokio::test]
async fn a_wrong_current_password_or_a_weak_new_one_changes_nothing() {
    let app = spawn_app().await;
    let user = app.login_as(Role::Author).await;

    let weak = change(&app, &user.token, j!({"current_password": USER_PASSWORD, "new_password": "short"})).await;
    assert_eq!(fields(&assert_problem(weak, 422).await), ["new_password"]);
    let wrong =
        change(&app, &user.token, j!({"current_password": "not my password", "new_password": NEW_PASSWORD})).await;
    assert_eq!(fields(&assert_problem(wrong, 422).await), ["current_password"]);
    for bad in [
        j!({"new_password": NEW_PASSWORD}),
        j!({"current_password": USER_PASSWORD}),
        j!({"current_password": USER_PASSWORD, "new_password": NEW_PASSWORD, "extra": 1}),
        j!([]),
    ] {
        let refused = change(&app, &user.token, bad.clone()).await;
        assert!(matches!(refused.status().as_u16(), 400 | 422), "{bad}: {}", refused.status());
    }

    // Nothing changed: the old password still works, and so does the session.
    assert_eq!(status_of_me(&app, &user.token).await, 200);
    assert_eq!(app.login(&user.email, USER_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled_like_failed_logins() {
    let app = spawn_app().await;
    let user = app.login_as(Role::Editor).await;
    // The login throttle allows five failures per account and client.
    for i in 0..5 {
        let wrong = change(
            &app,
            &user.token,
            j!({"current_password": format!("guess number {i}"), "new_password": NEW_PASSWORD}),
        )
        .await;
        assert_eq!(wrong.status(), 422, "guess {i}");
    }
    let refused =
        change(&app, &user.token, j!({"current_password": USER_PASSWORD, "new_password": NEW_PASSWORD})).await;
    let retry_after = refused.headers().get("retry-after").cloned();
    assert_problem(refused, 429).await;
    assert!(retry_after.is_some());
    // And they count against logins from the same client, as failed logins do.
    assert_problem(app.login(&user.email, USER_PASSWORD).await, 429).await;
}

#[tokio::test]
async fn only_a_signed_in_user_with_an_access_token_may_change_a_password() {
    let app = spawn_app().await;
    let body = j!({"current_password": USER_PASSWORD, "new_password": NEW_PASSWORD});
    let anonymous = app.post_json("/api/v1/auth/password", &body).await;
    assert_problem(anonymous, 401).await;
    assert_problem(change(&app, "not-a-token", body.clone()).await, 401).await;

    let user = app.login_as(Role::Editor).await;
    let api_token = app.api_token(&user, j!({"name": "a script"})).await;
    assert_problem(change(&app, &api_token, body).await, 403).await;
    assert_eq!(app.login(&user.email, USER_PASSWORD).await.status(), 200, "nothing changed");
}
