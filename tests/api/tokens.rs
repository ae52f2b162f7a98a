//! API tokens: created once-visible, used like access tokens, limited to the owner's role,
//! revoked at once, expiring on time.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, run_marquee, spawn_app, TestApp, ADMIN_EMAIL};

async fn status(app: &TestApp, method: Method, path: &str, token: &str) -> u16 {
    app.authed(method, path, token).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn a_created_token_is_shown_once_and_works() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let response = app
        .authed(Method::POST, "/api/v1/admin/tokens", &admin.token)
        .json(&j!({"name": "moderation bot", "role": "moderator"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let body = json(response).await;
    let token = body["token"].as_str().unwrap();
    assert!(token.starts_with("mq_"));
    assert!(token.starts_with(body["prefix"].as_str().unwrap()));
    assert_eq!(body["role"], "moderator");
    assert_eq!(body["user_id"], admin.user_id);
    assert!(body["expires_at"].is_null() && body["last_used_at"].is_null());
    assert_eq!(location, format!("/api/v1/admin/tokens/{}", body["id"]));

    // It authenticates, with its own role rather than the owner's.
    let me = json(app.authed(Method::GET, "/api/v1/auth/me", token).send().await.unwrap()).await;
    assert_eq!(me["id"], admin.user_id);
    assert_eq!(status(&app, Method::GET, "/api/v1/admin/users", token).await, 403);

    // Lists never show the secret again, and record use.
    let list = json(app.authed(Method::GET, "/api/v1/admin/tokens", &admin.token).send().await.unwrap()).await;
    let listed = &list["data"][0];
    assert!(listed.get("token").is_none() && listed.get("token_hash").is_none());
    assert!(listed["last_used_at"].is_string());
    assert!(!list.to_string().contains(token));
}

#[tokio::test]
async fn a_revoked_token_stops_working_at_once() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let token = app.api_token(&editor, j!({"name": "script"})).await;
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 200);
    let list = json(app.authed(Method::GET, "/api/v1/admin/tokens", &editor.token).send().await.unwrap()).await;
    let id = list["data"][0]["id"].as_i64().unwrap();
    assert_eq!(status(&app, Method::DELETE, &format!("/api/v1/admin/tokens/{id}"), &editor.token).await, 204);
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 401);
    assert_eq!(status(&app, Method::DELETE, &format!("/api/v1/admin/tokens/{id}"), &editor.token).await, 404);
}

#[tokio::test]
async fn tokens_expire() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let expires_at = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let token = app.api_token(&admin, j!({"name": "short-lived", "expires_at": expires_at})).await;
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 200);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 401);
}

#[tokio::test]
async fn a_token_role_is_at_most_its_owners() {
    let app = spawn_app().await;
    let author = app.login_as(Role::Author).await;
    let create = |role: &'static str| {
        app.authed(Method::POST, "/api/v1/admin/tokens", &author.token).json(&j!({"name": "x", "role": role})).send()
    };
    for role in ["editor", "admin", "moderator"] {
        let body = assert_problem(create(role).await.unwrap(), 422).await;
        assert_eq!(body["errors"][0]["field"], "role", "{role}");
    }
    assert_eq!(create("author").await.unwrap().status(), 201);
}

#[tokio::test]
async fn bad_token_requests_list_every_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let response = app
        .authed(Method::POST, "/api/v1/admin/tokens", &admin.token)
        .json(&j!({"name": "", "expires_at": "2001-01-01T00:00:00Z"}))
        .send()
        .await
        .unwrap();
    let body = assert_problem(response, 422).await;
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "expires_at"]);
    let bad_time = app
        .authed(Method::POST, "/api/v1/admin/tokens", &admin.token)
        .json(&j!({"name": "x", "expires_at": "tomorrow"}))
        .send()
        .await
        .unwrap();
    assert_eq!(assert_problem(bad_time, 422).await["errors"][0]["field"], "expires_at");
}

#[tokio::test]
async fn tokens_die_with_their_owners_access() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let editor = app.login_as(Role::Editor).await;
    let token = app.api_token(&editor, j!({"name": "editor script"})).await;
    // Demoted below the token's role: the token no longer works.
    let path = format!("/api/v1/admin/users/{}", editor.user_id);
    let demote = app.authed(Method::PATCH, &path, &admin.token).json(&j!({"role": "author"}));
    assert_eq!(demote.send().await.unwrap().status(), 200);
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 401);

    let moderator = app.login_as(Role::Moderator).await;
    let token = app.api_token(&moderator, j!({"name": "queue"})).await;
    let path = format!("/api/v1/admin/users/{}", moderator.user_id);
    let disable = app.authed(Method::PATCH, &path, &admin.token).json(&j!({"disabled": true}));
    assert_eq!(disable.send().await.unwrap().status(), 200);
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 401);
    // Enabled again, the account does not get its old tokens back: disabling revoked them.
    let enable = app.authed(Method::PATCH, &path, &admin.token).json(&j!({"disabled": false}));
    assert_eq!(enable.send().await.unwrap().status(), 200);
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 401);

    // A password an admin sets revokes the user's tokens too.
    let author = app.login_as(Role::Author).await;
    let token = app.api_token(&author, j!({"name": "drafts"})).await;
    let path = format!("/api/v1/admin/users/{}", author.user_id);
    let reset = app.authed(Method::PATCH, &path, &admin.token).json(&j!({"password": "a-password-set-by-the-admin"}));
    assert_eq!(reset.send().await.unwrap().status(), 200);
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 401);
}

#[tokio::test]
async fn people_see_their_own_tokens_and_admins_see_all() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let editor = app.login_as(Role::Editor).await;
    let author = app.login_as(Role::Author).await;
    app.api_token(&editor, j!({"name": "editor's"})).await;
    app.api_token(&author, j!({"name": "author's"})).await;

    let names = |body: serde_json::Value| -> Vec<String> {
        body["data"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_string()).collect()
    };
    let of = |s: &crate::helpers::Session| app.authed(Method::GET, "/api/v1/admin/tokens", &s.token).send();
    assert_eq!(names(json(of(&editor).await.unwrap()).await), ["editor's"]);
    assert_eq!(names(json(of(&author).await.unwrap()).await), ["author's"]);
    assert_eq!(names(json(of(&admin).await.unwrap()).await), ["author's", "editor's"]);

    // Someone else's token is not there for a non-admin; an admin may revoke it.
    let all = json(of(&admin).await.unwrap()).await;
    let editors_id = all["data"][1]["id"].as_i64().unwrap();
    assert_eq!(status(&app, Method::DELETE, &format!("/api/v1/admin/tokens/{editors_id}"), &author.token).await, 404);
    assert_eq!(status(&app, Method::DELETE, &format!("/api/v1/admin/tokens/{editors_id}"), &admin.token).await, 204);
}

#[tokio::test]
async fn token_routes_need_credentials() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/admin/tokens").await, 401).await;
    assert_problem(app.post_json("/api/v1/admin/tokens", &j!({"name": "x"})).await, 401).await;
    assert_problem(app.request(Method::DELETE, "/api/v1/admin/tokens/1").send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn the_cli_mints_tokens_that_the_server_accepts() {
    let app = spawn_app().await;
    let out = run_marquee(
        &[("DATABASE_URL", &app.database_url), ("RUST_LOG", "warn")],
        &["tokens", "create", "--email", ADMIN_EMAIL, "--name", "cli", "--role", "editor"],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("mq_"));
    assert_eq!(status(&app, Method::GET, "/api/v1/auth/me", &token).await, 200);
    assert_eq!(status(&app, Method::GET, "/api/v1/admin/users", &token).await, 403);
}
