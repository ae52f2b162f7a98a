//! The auth routes' cookies: the browser session's refresh token and the device cookie, and
//! the origin check that keeps another site from using the first.

use actix_web::cookie::{self, Cookie, SameSite};
use actix_web::http::header;
use actix_web::HttpRequest;

use crate::auth::devices;
use crate::config::CorsOrigins;
use crate::error::ApiError;

/// The cookie that holds a browser's refresh token (see `session_cookie` at login). The
/// `__Secure-` prefix makes browsers refuse it unless it came over HTTPS with `Secure`.
pub const SESSION_COOKIE: &str = "__Secure-marquee_refresh";
/// Sent only to refresh and logout (and the other auth routes), never to the rest of the API.
const SESSION_COOKIE_PATH: &str = "/api/v1/auth";

pub fn session_cookie(value: String, max_age: std::time::Duration) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, value)
        .path(SESSION_COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX)))
        .finish()
}

/// The session cookie, removed.
pub fn session_cookie_removal() -> Cookie<'static> {
    let mut gone = session_cookie(String::new(), std::time::Duration::ZERO);
    gone.make_removal();
    gone
}

/// The device cookie for a device that just logged in (see `auth::devices`).
pub fn device_cookie(value: String) -> Cookie<'static> {
    Cookie::build(devices::COOKIE, value)
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::days(devices::LIFETIME_DAYS))
        .finish()
}

/// A request that spends the session cookie must come from a page of this site (or of an
/// origin `MARQUEE_CORS_ORIGINS` names): browsers send `Origin` with every `POST`, and another
/// site's page, even one the `SameSite` rule lets through (a sibling subdomain), cannot
/// forge it. Scripts send their refresh token in the body instead.
pub fn check_origin(req: &HttpRequest, allowed: &CorsOrigins) -> Result<(), ApiError> {
    let refused = || ApiError::Forbidden("the session cookie is only used by this site's own pages".into());
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).ok_or_else(refused)?;
    let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let authority = url::Url::parse(origin).ok().map(|u| match u.port() {
        Some(port) => format!("{}:{port}", u.host_str().unwrap_or("")),
        None => u.host_str().unwrap_or("").to_string(),
    });
    let listed = match allowed {
        CorsOrigins::List(list) => list.iter().any(|o| o == origin.trim_end_matches('/')),
        CorsOrigins::None | CorsOrigins::Any => false,
    };
    if listed || authority.is_some_and(|a| !a.is_empty() && a.eq_ignore_ascii_case(host)) {
        Ok(())
    } else {
        Err(refused())
    }
}
