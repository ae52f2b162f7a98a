//! `/api/v1/auth`: login, refresh, logout and the current user.

mod cookies;

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};

use crate::auth::{devices, password, throttle, Identity};
use crate::content::sessions::{self, Grant, Refresh};
use crate::content::users;
use crate::db::users::UserChanges;
use crate::db::{self, users::User};
use crate::domain::limits;
use crate::domain::Email;
use crate::dto::auth::{ChangePasswordRequest, CurrentUser, LoginRequest, RefreshRequest, TokenResponse};
use crate::dto::users::UpdateProfileRequest;
use crate::error::{ApiError, FieldError, Problem};
use crate::extract::{client_key, Json};
use crate::state::AppState;
use cookies::{check_origin, device_cookie, session_cookie, session_cookie_removal, SESSION_COOKIE};

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized("wrong email or password".into())
}

/// How a refresh token goes back to the client: in the body, or as the session cookie.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Body,
    Cookie,
}

fn token_response(state: &AppState, grant: Grant, delivery: Delivery) -> Result<HttpResponse, ApiError> {
    token_response_with(state, grant, delivery, None)
}

/// The token pair, with the device cookie of a device that just logged in.
fn token_response_with(
    state: &AppState,
    grant: Grant,
    delivery: Delivery,
    device: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let access_token = state.jwt.issue(grant.user.id, grant.user.role, grant.user.token_version, &grant.session)?;
    let mut response = HttpResponse::Ok();
    if let Some(device) = device {
        response.cookie(device_cookie(device));
    }
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

/// The refresh token presented: the body's, else the session cookie's (from this site's
/// own pages only).
fn presented_token(
    state: &AppState,
    req: &HttpRequest,
    in_body: Option<String>,
) -> Result<(String, Delivery), ApiError> {
    if let Some(token) = in_body {
        return Ok((token, Delivery::Body));
    }
    let cookie = req.cookie(SESSION_COOKIE).ok_or_else(|| {
        ApiError::Unauthorized("no refresh token: send it in the body, or log in with session_cookie".into())
    })?;
    check_origin(req, &state.config.cors_origins)?;
    Ok((cookie.value().to_string(), Delivery::Cookie))
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
/// on all after 20. An account that more than 10 failures hit in that window, from
/// anywhere, is under attack: attempts on it from devices it has not seen log in take turns,
/// one a second for the whole account, the rest 429. A successful login sets a device cookie
/// (`__Host-marquee_device`); a browser or script that sends it back skips that queue, so
/// the owner is never locked out.
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
    let device = known_device(&state, &req, &email);
    let keys = throttle_keys(&state, &req, &email, device.as_deref());
    let attempt = begin_attempt(&state, &keys).await?;

    let Some(user) = check_password(&state, email.clone(), password).await? else {
        state.db.write(move |conn| sessions::login_failed(conn, &email)).await?;
        return Err(bad_credentials());
    };
    let ttl = state.config.refresh_token_ttl;
    let cookie = state.devices.issue(&user.email, device.as_deref());
    let grant = state.db.write(move |conn| sessions::login_succeeded(conn, &user, (&attempt, &keys), ttl)).await?;
    token_response_with(&state, grant, delivery, Some(cookie))
}

/// The device of a valid device cookie for `email`, if the request has one.
fn known_device(state: &AppState, req: &HttpRequest, email: &str) -> Option<String> {
    let cookie = req.cookie(devices::COOKIE)?;
    state.devices.verify(cookie.value(), email).map(str::to_string)
}

fn throttle_keys(state: &AppState, req: &HttpRequest, email: &str, device: Option<&str>) -> throttle::Keys {
    throttle::Keys::new(email, &state.clients.hash(&client_key(req, &state.config.trusted_proxies)), device)
}

/// Refuses an attempt to prove a password (429), or counts it before it is made (see
/// [`sessions::begin_attempt`]).
async fn begin_attempt(state: &AppState, keys: &throttle::Keys) -> Result<sessions::Attempt, ApiError> {
    let (checked, enforce) = (keys.clone(), state.config.rate_limit);
    state
        .db
        .write(move |conn| sessions::begin_attempt(conn, &checked, enforce))
        .await?
        .map_err(|retry_after| ApiError::TooManyRequests { retry_after })
}

/// Change your own password.
///
/// Any signed-in user, with an access token (an API token gets 403). The new password
/// follows the rules of user creation. Every access token of yours stops working, every
/// other login session ends and your API tokens are revoked, at once; the refresh token of
/// the session you changed it from keeps working, so refresh to carry on. A wrong `current_password` is a 422 on that field
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
    let device = known_device(&state, &req, &user.email);
    let keys = throttle_keys(&state, &req, &user.email, device.as_deref());
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
/// The presented token stops working. Presenting an already-used token ends that whole
/// login at once: every refresh token of it, and the access tokens issued to it, on every
/// node. Without a token in the body, the session cookie's is used (from this site's own
/// pages only), and the new one goes back as the cookie.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Wrong credentials", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The session cookie, sent from another site's page", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (presented, delivery) = presented_token(&state, &req, body.into_inner()?.refresh_token)?;
    let ttl = state.config.refresh_token_ttl;
    match state.db.write(move |conn| sessions::refresh(conn, &presented, ttl)).await? {
        Refresh::Rotated(grant) => token_response(&state, *grant, delivery),
        Refresh::Invalid | Refresh::Reused => Err(ApiError::Unauthorized("invalid or expired refresh token".into())),
    }
}

/// End a login: the one the body's refresh token belongs to (a spent one will do), else the
/// session cookie's (which is then removed). Every refresh token of that login stops working,
/// and so does every access token issued to it, on every node.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "The login ended: its refresh tokens and access tokens no longer work"),
        (status = 401, description = "No refresh token in the body or a cookie", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The session cookie, sent from another site's page", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let (presented, delivery) = presented_token(&state, &req, body.into_inner()?.refresh_token)?;
    state.db.write(move |conn| sessions::logout(conn, &presented)).await?;
    let mut response = HttpResponse::NoContent();
    if delivery == Delivery::Cookie {
        response.cookie(session_cookie_removal());
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

/// Change your own profile: display name, author slug, bio and avatar. Any signed-in user
/// with an access token (an API token gets 403: a script acting for someone does not rename
/// them); `If-Match` takes the `version` from `GET /auth/me` as `"N"`.
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
    if identity.api_token_id.is_some() {
        return Err(ApiError::Forbidden("an API token cannot change its owner's profile: log in to do it".into()));
    }
    let changes = UserChanges::try_from(body.into_inner()?)?;
    let id = identity.user_id;
    let user = state.write(move |conn, fx| users::update(conn, fx, id, id, &if_match.0, &changes)).await?;
    Ok(crate::routes::with_etag(user.version, &CurrentUser::from(user)))
}
