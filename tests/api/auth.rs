//! Login, access tokens, refresh rotation, logout and throttling.

use chrono::Utc;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, json, spawn_app, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET};

#[tokio::test]
async fn login_returns_a_token_pair_and_the_user() {
    let app = spawn_app().await;
    let response = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = json(response).await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["access_token"].as_str().unwrap().split('.').count(), 3);
    assert!(body["refresh_token"].as_str().unwrap().len() >= 40);
    assert_eq!(body["user"]["email"], ADMIN_EMAIL);
    assert_eq!(body["user"]["role"], "admin");
    assert!(body["user"].get("password_hash").is_none());
}

#[tokio::test]
async fn emails_are_matched_case_insensitively() {
    let app = spawn_app().await;
    assert_eq!(app.login(&format!("  {}  ", ADMIN_EMAIL.to_uppercase()), ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    let unknown = app.login("nobody@marquee.test", ADMIN_PASSWORD).await;
    let wrong = app.login(ADMIN_EMAIL, "not-the-password").await;
    assert_eq!(unknown.status(), wrong.status());
    assert!(unknown.headers().contains_key("www-authenticate"));
    let (unknown, wrong) = (assert_problem(unknown, 401).await, assert_problem(wrong, 401).await);
    assert_eq!(unknown, wrong);
}

#[tokio::test]
async fn disabled_users_cannot_log_in() {
    let app = spawn_app().await;
    let (id, email) = app.create_user(Role::Editor).await;
    let admin = app.admin().await;
    let disable =
        app.authed(Method::PATCH, &format!("/api/v1/admin/users/{id}"), &admin.token).json(&j!({"disabled": true}));
    assert_eq!(disable.send().await.unwrap().status(), 200);
    assert_problem(app.login(&email, crate::helpers::USER_PASSWORD).await, 401).await;
}

#[tokio::test]
async fn me_returns_the_caller() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let response = app.authed(Method::GET, "/api/v1/auth/me", &editor.token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["id"], editor.user_id);
    assert_eq!(body["role"], "editor");
    assert_eq!(body["email"], editor.email);
}

fn token_with(claims: Value, alg: Algorithm, secret: &[u8]) -> String {
    encode(&Header::new(alg), &claims, &EncodingKey::from_secret(secret).unwrap()).unwrap()
}

/// The login (`sid`) an access token names.
fn session_of(token: &str) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value =
        serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    claims["sid"].as_str().unwrap().to_string()
}

fn claims(user_id: i64, sid: &str, overrides: Value) -> Value {
    let now = Utc::now().timestamp();
    let mut c = j!({"sub": user_id.to_string(), "role": "admin", "iat": now, "exp": now + 600,
                    "iss": "marquee", "aud": "marquee-admin", "jti": "t", "tv": 0, "sid": sid});
    for (k, v) in overrides.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

async fn assert_rejected(app: &TestApp, authorization: Option<String>, why: &str) {
    let mut request = app.request(Method::GET, "/api/v1/auth/me");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 401, "{why}");
    assert!(response.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"), "{why}");
    assert_problem(response, 401).await;
}

#[tokio::test]
async fn bad_access_tokens_are_401() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let id = admin.user_id;
    // A well-formed token signed right, naming a live login, is accepted, so the rejections
    // below are for their reason.
    let sid = session_of(&admin.token);
    let good = token_with(claims(id, &sid, j!({})), Algorithm::HS256, JWT_SECRET.as_bytes());
    assert_eq!(app.authed(Method::GET, "/api/v1/auth/me", &good).send().await.unwrap().status(), 200);

    let b64 = |v: Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let alg_none = format!("{}.{}.", b64(j!({"alg": "none", "typ": "JWT"})), b64(claims(id, &sid, j!({}))));
    let cases: Vec<(&str, Option<String>)> = vec![
        ("no header", None),
        ("empty bearer", Some("Bearer ".into())),
        ("basic auth", Some("Basic YWRtaW46cGFzc3dvcmQ=".into())),
        ("garbage", Some("Bearer not-a-token".into())),
        ("unknown api token", Some("Bearer mq_000000000000000000000000000000000000000000".into())),
        ("alg none", Some(format!("Bearer {alg_none}"))),
        (
            "wrong signature",
            Some(format!(
                "Bearer {}",
                token_with(claims(id, &sid, j!({})), Algorithm::HS256, b"a-different-secret-of-32-bytes-or-more")
            )),
        ),
        (
            "HS512",
            Some(format!("Bearer {}", token_with(claims(id, &sid, j!({})), Algorithm::HS512, JWT_SECRET.as_bytes()))),
        ),
        (
            "expired",
            Some(format!(
                "Bearer {}",
                token_with(
                    claims(id, &sid, j!({"exp": Utc::now().timestamp() - 60, "iat": Utc::now().timestamp() - 1000})),
                    Algorithm::HS256,
                    JWT_SECRET.as_bytes()
                )
            )),
        ),
        (
            "wrong iss",
            Some(format!(
                "Bearer {}",
                token_with(claims(id, &sid, j!({"iss": "evil"})), Algorithm::HS256, JWT_SECRET.as_bytes())
            )),
        ),
        (
            "wrong aud",
            Some(format!(
                "Bearer {}",
                token_with(claims(id, &sid, j!({"aud": "other"})), Algorithm::HS256, JWT_SECRET.as_bytes())
            )),
        ),
        (
            "no exp",
            Some(format!("Bearer {}", {
                let mut c = claims(id, &sid, j!({}));
                c.as_object_mut().unwrap().remove("exp");
                token_with(c, Algorithm::HS256, JWT_SECRET.as_bytes())
            })),
        ),
        (
            "unknown user",
            Some(format!("Bearer {}", token_with(claims(9999, &sid, j!({})), Algorithm::HS256, JWT_SECRET.as_bytes()))),
        ),
        (
            "no login named",
            Some(format!("Bearer {}", {
                let mut c = claims(id, &sid, j!({}));
                c.as_object_mut().unwrap().remove("sid");
                token_with(c, Algorithm::HS256, JWT_SECRET.as_bytes())
            })),
        ),
        (
            "a login that never was",
            Some(format!("Bearer {}", token_with(claims(id, "f00d", j!({})), Algorithm::HS256, JWT_SECRET.as_bytes()))),
        ),
        (
            "stale token version",
            Some(format!(
                "Bearer {}",
                token_with(claims(id, &sid, j!({"tv": 7})), Algorithm::HS256, JWT_SECRET.as_bytes())
            )),
        ),
        (
            "role not the user's",
            Some(format!(
                "Bearer {}",
                token_with(claims(id, &sid, j!({"role": "editor"})), Algorithm::HS256, JWT_SECRET.as_bytes())
            )),
        ),
    ];
    for (why, header) in cases {
        assert_rejected(&app, header, why).await;
    }
}

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.authed(Method::GET, "/api/v1/auth/me", token).send().await.unwrap().status().as_u16()
}

async fn patch_user(app: &TestApp, admin_token: &str, id: i64, body: Value) -> u16 {
    let path = format!("/api/v1/admin/users/{id}");
    app.authed(Method::PATCH, &path, admin_token).json(&body).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn sessions_end_when_the_user_is_disabled_deleted_or_changed() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (change, body) in [
        ("disabled", Some(j!({"disabled": true}))),
        ("password", Some(j!({"password": "a-brand-new-password"}))),
        ("role", Some(j!({"role": "author"}))),
        ("deleted", None),
    ] {
        let user = app.login_as(Role::Editor).await;
        assert_eq!(me_status(&app, &user.token).await, 200);
        match body {
            Some(body) => assert_eq!(patch_user(&app, &admin.token, user.user_id, body).await, 200, "{change}"),
            None => {
                let path = format!("/api/v1/admin/users/{}", user.user_id);
                assert_eq!(app.authed(Method::DELETE, &path, &admin.token).send().await.unwrap().status(), 204);
            }
        }
        assert_eq!(me_status(&app, &user.token).await, 401, "access token after {change}");
        let refreshed = app.post_json("/api/v1/auth/refresh", &j!({"refresh_token": user.refresh_token})).await;
        assert_eq!(refreshed.status(), 401, "refresh token after {change}");
    }
}

#[tokio::test]
async fn a_display_name_change_keeps_sessions() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let user = app.login_as(Role::Author).await;
    assert_eq!(patch_user(&app, &admin.token, user.user_id, j!({"display_name": "New Name"})).await, 200);
    assert_eq!(me_status(&app, &user.token).await, 200);
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.post_json("/api/v1/auth/refresh", &j!({"refresh_token": token})).await
}

#[tokio::test]
async fn refresh_rotates_the_pair() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let response = refresh(&app, &admin.refresh_token).await;
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    let (access, next) = (body["access_token"].as_str().unwrap(), body["refresh_token"].as_str().unwrap());
    assert_ne!(next, admin.refresh_token);
    assert_eq!(me_status(&app, access).await, 200);
    assert_eq!(refresh(&app, next).await.status(), 200, "the new refresh token works once");
}

#[tokio::test]
async fn reusing_a_spent_refresh_token_revokes_the_whole_login() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let other_login = app.admin().await;
    let next = json(refresh(&app, &admin.refresh_token).await).await["refresh_token"].as_str().unwrap().to_string();

    let thief = json(refresh(&app, &next).await).await;
    let thief_access = thief["access_token"].as_str().unwrap().to_string();
    assert_eq!(me_status(&app, &thief_access).await, 200);

    // The spent token comes back: a copy leaked.
    assert_problem(refresh(&app, &admin.refresh_token).await, 401).await;
    // The whole login ends at once: its refresh tokens, and the access tokens issued to it,
    // the thief's included...
    assert_problem(refresh(&app, thief["refresh_token"].as_str().unwrap()).await, 401).await;
    assert_eq!(me_status(&app, &thief_access).await, 401);
    assert_eq!(me_status(&app, &admin.token).await, 401);
    // ...but other logins of the same user are untouched.
    assert_eq!(me_status(&app, &other_login.token).await, 200);
    assert_eq!(refresh(&app, &other_login.refresh_token).await.status(), 200);
}

#[tokio::test]
async fn unknown_refresh_tokens_are_401() {
    let app = spawn_app().await;
    assert_problem(refresh(&app, "made-up").await, 401).await;
    // No token in the body and no session cookie: nothing to refresh.
    assert_problem(app.post_json("/api/v1/auth/refresh", &j!({})).await, 401).await;
    assert_problem(app.post_json("/api/v1/auth/refresh", &j!({"refresh_token": 5})).await, 422).await;
}

#[tokio::test]
async fn logout_ends_the_whole_login() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let other_login = app.admin().await;
    let logout = app.post_json("/api/v1/auth/logout", &j!({"refresh_token": admin.refresh_token})).await;
    assert_eq!(logout.status(), 204);
    assert_problem(refresh(&app, &admin.refresh_token).await, 401).await;
    assert_eq!(me_status(&app, &admin.token).await, 401, "its access token ends with it");
    assert_eq!(me_status(&app, &other_login.token).await, 200, "another login carries on");
    let again = app.post_json("/api/v1/auth/logout", &j!({"refresh_token": admin.refresh_token})).await;
    assert_eq!(again.status(), 204, "logging out twice is fine");
}

#[tokio::test]
async fn logout_with_a_spent_refresh_token_ends_the_login_it_belongs_to() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let next = json(refresh(&app, &admin.refresh_token).await).await;
    let (access, successor) = (next["access_token"].as_str().unwrap(), next["refresh_token"].as_str().unwrap());
    let logout = app.post_json("/api/v1/auth/logout", &j!({"refresh_token": admin.refresh_token})).await;
    assert_eq!(logout.status(), 204);
    assert_problem(refresh(&app, successor).await, 401).await;
    assert_eq!(me_status(&app, access).await, 401);
}

#[tokio::test]
async fn an_api_token_cannot_change_its_owners_profile() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let token = app.api_token(&editor, j!({"name": "bot", "role": "author"})).await;
    let renamed =
        app.authed(Method::PATCH, "/api/v1/auth/me", &token).json(&j!({"display_name": "Owned"})).send().await.unwrap();
    assert_problem(renamed, 403).await;
    let me = json(app.authed(Method::GET, "/api/v1/auth/me", &editor.token).send().await.unwrap()).await;
    assert_ne!(me["display_name"], "Owned", "nothing changed");
    let own = app
        .authed(Method::PATCH, "/api/v1/auth/me", &editor.token)
        .json(&j!({"display_name": "Eda"}))
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), 200, "the owner, signed in, may");
}

#[tokio::test]
async fn audit_records_logins_and_failures() {
    let app = spawn_app().await;
    app.login(ADMIN_EMAIL, "wrong-password!").await;
    app.login("nobody@marquee.test", "wrong-password!").await;
    let admin = app.admin().await;
    let body = json(app.authed(Method::GET, "/api/v1/admin/audit", &admin.token).send().await.unwrap()).await;
    let actions: Vec<(&str, Value)> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["user_id"].clone()))
        .collect();
    assert_eq!(
        actions,
        vec![
            ("auth.login", j!(admin.user_id)),
            ("auth.login_failed", Value::Null),
            ("auth.login_failed", j!(admin.user_id)),
            ("user.create", Value::Null),
        ],
        "newest first, down to the first start creating the admin"
    );
}

#[tokio::test]
async fn a_generated_jwt_secret_survives_a_restart() {
    let (_db, url) = crate::helpers::TestDb::create();
    let start = || async {
        let vars = crate::helpers::test_env(&url, &[("MARQUEE_JWT_SECRET", "")]);
        let config = marquee::config::Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
        assert!(config.jwt_secret.is_none());
        let app = marquee::startup::Application::build(config).await.unwrap();
        let address = format!("http://127.0.0.1:{}", app.port());
        (address, tokio::spawn(app.run_until_stopped()))
    };
    let client = reqwest::Client::new();
    let (first, server) = start().await;
    let login = client
        .post(format!("{first}/api/v1/auth/login"))
        .json(&j!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    let token = json(login).await["access_token"].as_str().unwrap().to_string();
    server.abort();

    let (second, _server) = start().await;
    let me = client.get(format!("{second}/api/v1/auth/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(me.status(), 200, "a token from before the restart still verifies");
}
