//! Login sessions and credentials: each login starts a family of refresh tokens; each
//! refresh spends one token and issues the next. Presenting a spent token means a copy
//! leaked, so the whole family is revoked and the thief and the victim both have to log in
//! again. Also here: what a presented access or API token stands for.

use std::time::Duration;

use crate::auth::jwt::Claims;
use crate::auth::{throttle, tokens, Identity};
use crate::db::{self, users::User, DbConn};
use crate::error::ApiError;

/// The caller an API token (by hash) stands for: a live token of an enabled owner, with
/// the token's role, which never outranks the owner's even after a demotion.
pub fn api_token_identity(conn: &mut DbConn, token_hash: &str) -> Result<Option<Identity>, ApiError> {
    let Some((api_token, owner)) = db::tokens::find_live(conn, token_hash)? else { return Ok(None) };
    if owner.disabled || !owner.role.includes(api_token.role) {
        return Ok(None);
    }
    db::tokens::touch(conn, api_token.id)?;
    Ok(Some(Identity { user_id: owner.id, role: api_token.role, api_token_id: Some(api_token.id), session: None }))
}

/// The caller a verified access token stands for: its user, if still enabled and with the
/// same role and token version as when it was issued (a password, role or `disabled`
/// change ends sessions at once), while the login it was issued to lasts (a logout, or a
/// spent refresh token presented again, ends the login and its access tokens with it, on
/// every node, since this is read from the database).
pub fn access_token_identity(conn: &mut DbConn, claims: &Claims) -> Result<Option<Identity>, ApiError> {
    let Some(user_id) = claims.user_id() else { return Ok(None) };
    let Some(user) = db::users::find(conn, user_id)? else { return Ok(None) };
    if user.disabled || user.token_version != claims.tv || user.role != claims.role {
        return Ok(None);
    }
    if claims.sid.is_empty() || !db::sessions::family_alive(conn, &claims.sid)? {
        return Ok(None);
    }
    Ok(Some(Identity { user_id, role: user.role, api_token_id: None, session: Some(claims.sid.clone()) }))
}

/// An attempt to prove a password, let through by the failed-login policy and already
/// counted as a failure, which a correct password takes back.
pub struct Attempt {
    /// The failure rows charged for it in advance.
    charged: Vec<i64>,
}

/// Applies the failed-login policy (`auth::throttle`) to an attempt about to be made
/// (`Err(seconds)`: refused, retry after that long) and, when it may go ahead, counts it as a
/// failure in advance. The counts and the charge happen under the client's, the pair's and
/// the account's locks, so attempts made at the same moment, on any node, are admitted one
/// after another and no more of them get through than the limits allow. `enforce` off (rate
/// limits disabled) admits every attempt and still counts it.
#[tracing::instrument(level = "debug", skip_all)]
pub fn begin_attempt(
    conn: &mut DbConn,
    keys: &throttle::Keys,
    enforce: bool,
) -> Result<Result<Attempt, u64>, ApiError> {
    let now = db::now();
    let since = now - window();
    db::login_failures::lock(conn, &[&keys.client, &keys.pair, &keys.account])?;
    if enforce {
        for (key, limit) in [(&keys.client, throttle::CLIENT_FAILURES), (&keys.pair, throttle::PAIR_FAILURES)] {
            if db::login_failures::count_since(conn, key, since)? >= limit {
                // Free again once the failure that reached the limit leaves the window.
                let reached = db::login_failures::nth_latest(conn, key, since, limit)?.unwrap_or(now);
                let retry_after = (reached + window() - now).num_seconds().max(1);
                return Ok(Err(u64::try_from(retry_after).unwrap_or(1)));
            }
        }
        if throttle::under_attack(db::login_failures::count_since(conn, &keys.account, since)?)
            && !known_device(conn, keys, since)?
        {
            let turn = now - chrono::Duration::from_std(throttle::ADMIT_EVERY).unwrap_or_default();
            if db::login_failures::count_since(conn, &keys.admitted, turn)? > 0 {
                return Ok(Err(throttle::ADMIT_EVERY.as_secs().max(1)));
            }
            db::login_failures::record(conn, &[&keys.admitted], now, since)?;
        }
    }
    let mut counted = vec![keys.account.as_str(), keys.client.as_str(), keys.pair.as_str()];
    counted.extend(keys.device.as_deref());
    let charged = db::login_failures::record(conn, &counted, now, since)?;
    Ok(Ok(Attempt { charged }))
}

/// Whether the attempt comes from a device that logged in to the account before and has not
/// been failing on it since.
fn known_device(conn: &mut DbConn, keys: &throttle::Keys, since: chrono::NaiveDateTime) -> Result<bool, ApiError> {
    let Some(device) = &keys.device else { return Ok(false) };
    Ok(db::login_failures::count_since(conn, device, since)? < throttle::PAIR_FAILURES)
}

fn window() -> chrono::Duration {
    chrono::Duration::from_std(throttle::WINDOW).unwrap_or_else(|_| chrono::Duration::minutes(15))
}

/// Records a failed login in the audit log (with the account, when one has the email); the
/// throttle counted it when the attempt began.
#[tracing::instrument(level = "debug", skip_all)]
pub fn login_failed(conn: &mut DbConn, email: &str) -> Result<(), ApiError> {
    let user_id = db::users::find_by_email(conn, email)?.map(|u| u.id);
    Ok(db::audit::record(conn, user_id, "auth.login_failed", "user", user_id)?)
}

/// Takes back what a correct password's attempt was charged, and forgets this client's
/// and this device's failures on the account.
fn attempt_succeeded(conn: &mut DbConn, attempt: &Attempt, keys: &throttle::Keys) -> Result<(), ApiError> {
    db::login_failures::forget(conn, &attempt.charged)?;
    db::login_failures::clear(conn, &keys.pair)?;
    if let Some(device) = &keys.device {
        db::login_failures::clear(conn, device)?;
    }
    Ok(())
}

/// Starts a session after a correct password.
#[tracing::instrument(level = "debug", skip_all)]
pub fn login_succeeded(
    conn: &mut DbConn,
    user: &User,
    (attempt, keys): (&Attempt, &throttle::Keys),
    ttl: Duration,
) -> Result<Grant, ApiError> {
    attempt_succeeded(conn, attempt, keys)?;
    start(conn, user, ttl)
}

/// What a login or refresh hands back, before the access token is signed.
pub struct Grant {
    pub user: User,
    /// The new refresh token, in clear: shown once, stored only as a hash.
    pub refresh_token: String,
    /// The login session it belongs to (its family), named in the access token.
    pub session: String,
}

fn expires_at(ttl: Duration) -> chrono::NaiveDateTime {
    db::now() + chrono::Duration::seconds(ttl.as_secs() as i64)
}

/// Starts a new family for a user who just proved their password.
#[tracing::instrument(level = "debug", skip_all, fields(user = user.id))]
pub fn start(conn: &mut DbConn, user: &User, ttl: Duration) -> Result<Grant, ApiError> {
    let refresh_token = tokens::new_secret();
    let family = uuid::Uuid::new_v4().simple().to_string();
    db::sessions::insert(conn, user.id, &tokens::hash(&refresh_token), &family, expires_at(ttl))?;
    db::audit::record(conn, Some(user.id), "auth.login", "user", Some(user.id))?;
    Ok(Grant { user: user.clone(), refresh_token, session: family })
}

/// The outcome of presenting a refresh token.
pub enum Refresh {
    Rotated(Box<Grant>),
    /// Unknown, expired, or its user can no longer log in.
    Invalid,
    /// Already spent or revoked: the family has been revoked.
    Reused,
}

/// Spends `presented` and issues its successor in the same family.
#[tracing::instrument(level = "debug", skip_all)]
pub fn refresh(conn: &mut DbConn, presented: &str, ttl: Duration) -> Result<Refresh, ApiError> {
    let Some(token) = db::sessions::find_by_hash(conn, &tokens::hash(presented))? else {
        return Ok(Refresh::Invalid);
    };
    if token.revoked_at.is_some() || token.expires_at <= db::now() {
        return Ok(Refresh::Invalid);
    }
    // `mark_used` is a conditional update, so of two requests racing with one token only
    // one wins; the other is treated as the replay it is.
    if token.used_at.is_some() || !db::sessions::mark_used(conn, token.id)? {
        db::sessions::revoke_family(conn, &token.family)?;
        db::audit::record(conn, Some(token.user_id), "auth.refresh_reused", "user", Some(token.user_id))?;
        return Ok(Refresh::Reused);
    }
    let Some(user) = db::users::find(conn, token.user_id)?.filter(|u| !u.disabled) else {
        return Ok(Refresh::Invalid);
    };
    let refresh_token = tokens::new_secret();
    db::sessions::insert(conn, user.id, &tokens::hash(&refresh_token), &token.family, expires_at(ttl))?;
    Ok(Refresh::Rotated(Box::new(Grant { user, refresh_token, session: token.family })))
}

/// Gives a signed-in user the password they chose, after they proved the current one:
/// every access token of theirs stops working at once (the token version moves), every
/// login session but `keep`, the one they changed it from, ends, and their API tokens are
/// revoked (see `users::update`); `keep`'s refresh token gets them a new access token. Their failures on the account from this client are
/// forgotten, as after a login.
#[tracing::instrument(level = "debug", skip_all)]
pub fn change_password(
    conn: &mut DbConn,
    user_id: i64,
    keep: Option<&str>,
    password_hash: &str,
    (attempt, keys): (&Attempt, &throttle::Keys),
) -> Result<(), ApiError> {
    attempt_succeeded(conn, attempt, keys)?;
    db::users::set_password(conn, user_id, password_hash)?;
    db::sessions::revoke_all_but(conn, user_id, keep)?;
    db::tokens::revoke_all_of(conn, user_id)?;
    Ok(db::audit::record(conn, Some(user_id), "auth.password_changed", "user", Some(user_id))?)
}

/// Ends the login `presented` belongs to: every refresh token of its family, spent ones
/// included (a spent token still names its login), and with them the access tokens issued
/// to it. Unknown tokens are ignored: logging out twice is fine.
#[tracing::instrument(level = "debug", skip_all)]
pub fn logout(conn: &mut DbConn, presented: &str) -> Result<(), ApiError> {
    if let Some(token) = db::sessions::find_by_hash(conn, &tokens::hash(presented))? {
        db::sessions::revoke_family(conn, &token.family)?;
        db::audit::record(conn, Some(token.user_id), "auth.logout", "user", Some(token.user_id))?;
    }
    Ok(())
}
