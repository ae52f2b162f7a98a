//! The browser flow of login sessions: with `session_cookie`, the refresh token travels only
//! as an `HttpOnly`, `Secure`, `SameSite=Strict` cookie named `__Secure-…` and scoped to
//! `/api/v1/auth`, spent only from this site's own pages (by `Origin`), rotates there on
//! refresh with the same reuse detection, and logout revokes it and removes it. The
//! body-token flow of scripts is unchanged.

use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, spawn_app_with, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD};

const COOKIE: &str = "__Secure-marquee_refresh";

/// The session cookie a response sets: its value and its attributes.
fn set_cookie(response: &reqwest::Response) -> (String, String) {
    let header = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with(&format!("{COOKIE}=")))
        .expect("a session cookie");
    let (pair, attributes) = header.split_once(';').unwrap_or((&header, ""));
    (pair.trim_start_matches(&format!("{COOKIE}=")).to_string(), attributes.to_string())
}

/// The admin's login as a browser makes it, asking for the session cookie.
async fn cookie_login(app: &TestApp) -> reqwest::Response {
    let body = j!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "session_cookie": true});
    app.post_json("/api/v1/auth/login", &body).await
}

/// A request from one of this site's own pages, with the session cookie.
async fn with_cookie(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    from_origin(app, path, cookie, Some(&app.address)).await
}

async fn from_origin(app: &TestApp, path: &str, cookie: &str, origin: Option<&str>) -> reqwest::Response {
    let mut request = app.request(Method::POST, path).header("cookie", format!("{COOKIE}={cookie}"));
    if let Some(origin) = origin {
        request = request.header("origin", origin);
    }
    request.json(&j!({})).send().await.unwrap()
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
        .header("cookie", format!("{COOKIE}=not-a-token"))
        .json(&j!({ "refresh_token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 200);
    assert!(refreshed.headers().get("set-cookie").is_none(), "the body flow sets no cookie");
    assert!(json(refreshed).await["refresh_token"].as_str().is_some_and(|t| t.len() >= 40));
}

#[tokio::test]
async fn the_cookie_is_spent_only_from_this_sites_pages() {
    let app = spawn_app_with(&[("MARQUEE_CORS_ORIGINS", "https://editors.example.com")]).await;
    let (cookie, _) = set_cookie(&cookie_login(&app).await);
    for (origin, why) in [
        (None, "no Origin"),
        (Some("https://evil.example.com"), "another site"),
        (Some("http://127.0.0.1:1"), "another port"),
        (Some("null"), "an opaque origin"),
    ] {
        for path in ["/api/v1/auth/refresh", "/api/v1/auth/logout"] {
            assert_problem(from_origin(&app, path, &cookie, origin).await, 403).await;
            let _ = why;
        }
    }
    // Nothing was spent or ended: the site's own page and a listed origin may.
    assert_eq!(
        from_origin(&app, "/api/v1/auth/refresh", &cookie, Some("https://editors.example.com")).await.status(),
        200
    );
}
