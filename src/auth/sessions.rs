//! Login sessions: each login starts a family of refresh tokens; each refresh spends one
//! token and issues the next. Presenting a spent token means a copy leaked, so the whole
//! family is revoked and the thief and the victim both have to log in again.

use std::time::Duration;

use super::tokens;
use crate::db::{self, users::User, DbConn};
use crate::error::ApiError;

/// What a login or refresh hands back, before the access token is signed.
pub struct Grant {
    pub user: User,
    /// The new refresh token, in clear: shown once, stored only as a hash.
    pub refresh_token: String,
}

fn expires_at(ttl: Duration) -> chrono::NaiveDateTime {
    db::now() + chrono::Duration::seconds(ttl.as_secs() as i64)
}

/// Starts a new family for a user who just proved their password.
pub fn start(conn: &mut DbConn, user: User, ttl: Duration) -> Result<Grant, ApiError> {
    let refresh_token = tokens::new_secret();
    let family = uuid::Uuid::new_v4().simple().to_string();
    db::sessions::insert(conn, user.id, &tokens::hash(&refresh_token), &family, expires_at(ttl))?;
    db::audit::record(conn, Some(user.id), "auth.login", "user", Some(user.id))?;
    Ok(Grant { user, refresh_token })
}

/// The outcome of presenting a refresh token.
pub enum Refresh {
    Rotated(Grant),
    /// Unknown, expired, or its user can no longer log in.
    Invalid,
    /// Already spent or revoked: the family has been revoked.
    Reused,
}

/// Spends `presented` and issues its successor in the same family.
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
    Ok(Refresh::Rotated(Grant { user, refresh_token }))
}

/// Revokes one refresh token. Unknown tokens are ignored: logging out twice is fine.
pub fn logout(conn: &mut DbConn, presented: &str) -> Result<(), ApiError> {
    if let Some(token) = db::sessions::find_by_hash(conn, &tokens::hash(presented))? {
        db::sessions::revoke(conn, token.id)?;
        db::audit::record(conn, Some(token.user_id), "auth.logout", "user", Some(token.user_id))?;
    }
    Ok(())
}
