//! `/api/v1/auth`: login, refresh, logout and the current user.

use actix_web::cookie::{self, Cookie, SameSite};
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};

use crate::auth::{password, throttle, Identity};
use crate::content::sessions::{self, Grant, Refresh};
use crate::content::users;
use crate::db::users::UserChanges;
use crate::db::{self, users::User};
use crate::domain::limits;
use crate::domain::Email;
use crate::dto::auth::{ChangePasswordRequest, CurrentUser, LoginRequest, RefreshRequest, TokenResponse};
use crate::dto::users::UpdateProfileRequest;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{client_ip, Json};
use crate::state::AppState;

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized("wrong email or password".into())
}

/// The cookie that holds a browser's refresh token (see `session_cookie` at login).
const SESSION_COOKIE: &str = "marquee_refresh";
/// Sent only to refresh and logout (and the other auth routes), never to the rest of the API.
const SESSION_COOKIE_PATH: &str = "/api/v1/auth";

fn session_cookie(value: String, max_age: std::time::Duration) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, value)
        .path(SESSION_COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX)))
        .finish()
}

/// How a refresh token goes back to the client: in the body, or as the session cookie.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Body,
    Cookie,
}

fn token_response(state: &AppState, grant: Grant, delivery: Delivery) -> Result<HttpResponse, ApiError> {
    let access_token = state.jwt.issue(grant.user.id, grant.user.role, grant.user.token_version, &grant.session)?;
    let mut response = HttpResponse::Ok();
    let refresh_token = match delivery {
        Delivery::Body => Some(grant.refresh_token),
        Delivery::Cookie => {
            response.cookie(session_cookie(grant.refresh_token, state.config.refresh_token_ttl));
            None
        }
    };
    Ok(response.json(TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.ttl().as_secs(),
        refresh_token,
        user: grant.user.into(),
    }))
}

/// The refresh token presented: the body's, else the session cookie's.
fn presented_token(req: &HttpRequest, in_body: Option<String>) -> Result<(String, Delivery), ApiError> {
    match in_body {
        Some(token) => Ok((token, Delivery::Body)),
        None => req.cookie(SESSION_COOKIE).map(|c| (c.value().to_string(), Delivery::Cookie)).ok_or_else(|| {
            ApiError::Unauthorized("no refresh token: send it in the body, or log in with session_cookie".into())
        }),
    }
}

/// The enabled user with this email and password. An unknown email costs the same hashing
/// time as a wrong password, so timing does not tell which emails have accounts.
async fn check_password(state: &AppState, email: String, password: String) -> Result<Option<User>, ApiError> {
    let user = state.db.run(move |conn| Ok(db::users::find_by_email(conn, &email)?)).await?;
    Ok(web::block(move || match user {
        Some(user) if password::verify(&password, &user.password_hash) && !user.disabled => Some(user),
        Some(_) => None,
        None => {
            password::verify_dummy(&password);
            None
        }
    })
    .await?)
}

/// Log in with email and password.
///
/// An unknown email and a wrong password get the same 401, in about the same time. A client
/// that keeps failing is refused with 429, on one account after 5 failures in 15 minutes and
/// on all after 20; an account that many clients fail on answers each attempt a little more
/// slowly (up to 2 s), but never locks its owner out.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong credentials", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password, session_cookie } = body.into_inner()?;
    let delivery = if session_cookie { Delivery::Cookie } else { Delivery::Body };
    let email = Email::parse(&email).map_or_else(|_| email.trim().to_lowercase(), Email::into_inner);
    let keys = throttle_keys(&state, &req, &email);
    let attempt = begin_attempt(&state, &keys).await?;

    let Some(user) = check_password(&state, email.clone(), password).await? else {
        state.db.write(move |conn| sessions::login_failed(conn, &email)).await?;
        return Err(bad_credentials());
    };
    let ttl = state.config.refresh_token_ttl;
    let grant = state.db.write(move |conn| sessions::login_succeeded(conn, &user, (&attempt, &keys), ttl)).await?;
    token_response(&state, grant, delivery)
}

fn throttle_keys(state: &AppState, req: &HttpRequest, email: &str) -> throttle::Keys {
    throttle::Keys::new(email, &state.clients.hash(&client_ip(req, &state.config.trusted_proxies)))
}

/// Refuses an attempt to prove a password (429), or counts it and waits as long as the
/// failed-login policy asks before it is made (see [`sessions::begin_attempt`]).
async fn begin_attempt(state: &AppState, keys: &throttle::Keys) -> Result<sessions::Attempt, ApiError> {
    let (checked, enforce) = (keys.clone(), state.config.rate_limit);
    match state.db.write(move |conn| sessions::begin_attempt(conn, &checked, enforce)).await? {
        Err(retry_after) => Err(ApiError::TooManyRequests { retry_after }),
        Ok(attempt) => {
            if !attempt.delay.is_zero() {
                tokio::time::sleep(attempt.delay).await;
            }
            Ok(attempt)
        }
    }
}

/// Change your own password.
///
/// Any signed-in user, with an access token (an API token gets 403). The new password
/// follows the rules of user creation. Every access token of yours stops working and every
/// other login session ends at once; the refresh token of the session you changed it from
/// keeps working, so refresh to carry on. A wrong `current_password` is a 422 on that field
/// and counts as a failed login: after as many as a login allows, 429.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; refresh to get an access token that works"),
        (status = 422, description = "A new password that breaks the rules, or a wrong current one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    identity: Identity,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    if identity.api_token_id.is_some() {
        return Err(ApiError::Forbidden(
            "an API token cannot change a password: log in and use the access token".into(),
        ));
    }
    let ChangePasswordRequest { current_password, new_password } = body.into_inner()?;
    if current_password.chars().count() > limits::PASSWORD_MAX {
        // No password is that long: refused as the spec says, not counted as a guess.
        let message = format!("must be at most {} characters", limits::PASSWORD_MAX);
        return Err(ApiError::Validation(vec![FieldError::new("current_password", message)]));
    }
    if let Err(message) = password::check_policy(&new_password) {
        return Err(ApiError::Validation(vec![FieldError::new("new_password", message)]));
    }
    let id = identity.user_id;
    let user = state.db.run(move |conn| db::users::find(conn, id)?.ok_or_else(ApiError::unauthorized)).await?;
    let keys = throttle_keys(&state, &req, &user.email);
    let attempt = begin_attempt(&state, &keys).await?;
    let Some(new_hash) = hash_if_proven(current_password, user.password_hash, new_password).await? else {
        let email = user.email;
        state.db.write(move |conn| sessions::login_failed(conn, &email)).await?;
        return Err(ApiError::Validation(vec![FieldError::new("current_password", "is not your current password")]));
    };
    let keep = identity.session.clone();
    state
        .db
        .write(move |conn| sessions::change_password(conn, id, keep.as_deref(), &new_hash, (&attempt, &keys)))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The hash of `new` if `current` is the password `stored` hashes, else `None`. Both take
/// tens of milliseconds of CPU: off the async workers.
async fn hash_if_proven(current: String, stored: String, new: String) -> Result<Option<String>, ApiError> {
    web::block(move || match password::verify(&current, &stored) {
        true => password::hash(&new).map(Some),
        false => Ok(None),
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// Exchange a refresh token for a new pair.
///
/// The presented token stops working. Presenting an already-used token revokes every
/// refresh token of that login. Without a token in the body, the session cookie's is used,
/// and the new one goes back as the cookie.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Wrong credentials", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (presented, delivery) = presented_token(&req, body.into_inner()?.refresh_token)?;
    let ttl = state.config.refresh_token_ttl;
    match state.db.write(move |conn| sessions::refresh(conn, &presented, ttl)).await? {
        Refresh::Rotated(grant) => token_response(&state, *grant, delivery),
        Refresh::Invalid | Refresh::Reused => Err(ApiError::Unauthorized("invalid or expired refresh token".into())),
    }
}

/// Revoke a refresh token: the body's, else the session cookie's (which is then removed).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "The refresh token no longer works"),
        (status = 401, description = "No refresh token in the body or a cookie", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (presented, delivery) = presented_token(&req, body.into_inner()?.refresh_token)?;
    state.db.write(move |conn| sessions::logout(conn, &presented)).await?;
    let mut response = HttpResponse::NoContent();
    if delivery == Delivery::Cookie {
        let mut gone = session_cookie(String::new(), std::time::Duration::ZERO);
        gone.make_removal();
        response.cookie(gone);
    }
    Ok(response.finish())
}

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller", body = CurrentUser, headers(("ETag"))))
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, identity: Identity) -> Result<HttpResponse, ApiError> {
    let user =
        state.db.run(move |conn| db::users::find(conn, identity.user_id)?.ok_or_else(ApiError::unauthorized)).await?;
    Ok(crate::routes::with_etag(user.version, &CurrentUser::from(user)))
}

/// Change your own profile: display name, author slug, bio and avatar. Any signed-in user;
/// `If-Match` takes the `version` from `GET /auth/me` as `"N"`.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = UpdateProfileRequest,
    params(crate::extract::IfMatchHeader),
    responses((status = 200, description = "The caller, changed", body = CurrentUser, headers(("ETag"))))
)]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    identity: Identity,
    if_match: crate::extract::IfMatch,
    body: Json<UpdateProfileRequest>,
) -> Result<HttpResponse, ApiError> {
    let changes = UserChanges::try_from(body.into_inner()?)?;
    let id = identity.user_id;
    let user = state.write(move |conn, fx| users::update(conn, fx, id, id, &if_match.0, &changes)).await?;
    Ok(crate::routes::with_etag(user.version, &CurrentUser::from(user)))
}
