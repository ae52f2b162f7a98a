//! The browser flow of login sessions: with `session_cookie`, the refresh token travels only
//! as an `HttpOnly`, `Secure`, `SameSite=Strict` cookie scoped to `/api/v1/auth`, rotates
//! there on refresh with the same reuse detection, and logout revokes it and removes it.
//! The body-token flow of scripts is unchanged.

use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

/// The `marquee_refresh` cookie a response sets: its value and its attributes.
fn set_cookie(response: &reqwest::Response) -> (String, String) {
    let header = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("marquee_refresh="))
        .expect("a session cookie");
    let (pair, attributes) = header.split_once(';').unwrap_or((&header, ""));
    (pair.trim_start_matches("marquee_refresh=").to_string(), attributes.to_string())
}

/// The admin's login as a browser makes it, asking for the session cookie.
async fn cookie_login(app: &TestApp) -> reqwest::Response {
    let body = j!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "session_cookie": true});
    app.post_json("/api/v1/auth/login", &body).await
}

async fn with_cookie(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    app.request(Method::POST, path)
        .header("cookie", format!("marquee_refresh={cookie}"))
        .json(&j!({}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_browser_session_keeps_its_refresh_token_in_an_http_only_cookie() {
    let app = spawn_app().await;
    let login = cookie_login(&app).await;
    assert_eq!(login.status(), 200);
    let (first, attributes) = set_cookie(&login);
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth", "Max-Age="] {
        assert!(attributes.contains(attribute), "{attribute} missing from {attributes}");
    }
    let body = json(login).await;
    assert!(body["refresh_token"].is_null(), "page scripts never see it: {body}");
    assert_eq!(
        app.authed(Method::GET, "/api/v1/auth/me", body["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // Refreshing with the cookie rotates it; the body still carries no token.
    let refreshed = with_cookie(&app, "/api/v1/auth/refresh", &first).await;
    assert_eq!(refreshed.status(), 200);
    let (second, _) = set_cookie(&refreshed);
    assert_ne!(second, first);
    assert!(json(refreshed).await["refresh_token"].is_null());

    // The spent cookie replayed: the whole login is revoked, the fresh cookie too.
    assert_problem(with_cookie(&app, "/api/v1/auth/refresh", &first).await, 401).await;
    assert_problem(with_cookie(&app, "/api/v1/auth/refresh", &second).await, 401).await;
}

#[tokio::test]
async fn logging_out_with_the_cookie_revokes_and_removes_it() {
    let app = spawn_app().await;
    let login = cookie_login(&app).await;
    let (cookie, _) = set_cookie(&login);
    let logout = with_cookie(&app, "/api/v1/auth/logout", &cookie).await;
    assert_eq!(logout.status(), 204);
    let (emptied, attributes) = set_cookie(&logout);
    assert!(emptied.is_empty() && attributes.contains("Max-Age=0"), "{emptied:?} {attributes}");
    assert_problem(with_cookie(&app, "/api/v1/auth/refresh", &cookie).await, 401).await;

    // Without a token in the body or a cookie there is nothing to refresh or revoke.
    assert_problem(app.post_json("/api/v1/auth/refresh", &j!({})).await, 401).await;
    assert_problem(app.post_json("/api/v1/auth/logout", &j!({})).await, 401).await;
}

#[tokio::test]
async fn a_token_in_the_body_wins_over_the_cookie_and_scripts_see_no_cookie() {
    let app = spawn_app().await;
    let script = json(app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    let token = script["refresh_token"].as_str().unwrap();
    let refreshed = app
        .request(Method::POST, "/api/v1/auth/refresh")
        .header("cookie", "marquee_refresh=not-a-token")
        .json(&j!({ "refresh_token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 200);
    assert!(refreshed.headers().get("set-cookie").is_none(), "the body flow sets no cookie");
    assert!(json(refreshed).await["refresh_token"].as_str().is_some_and(|t| t.len() >= 40));
}
