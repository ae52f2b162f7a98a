//! API tokens for scripts: minted for a user (by themselves, or by the command line on their
//! behalf), shown once, stored as a hash, revoked by their owner or an admin.

use chrono::{DateTime, Utc};

use crate::auth::{permissions, tokens, Identity};
use crate::db::tokens::{ApiToken, NewApiToken};
use crate::db::{self, DbConn};
use crate::domain::Role;
use crate::error::ApiError;

/// A checked new token: its role is at most its owner's.
#[derive(Debug, Clone)]
pub struct TokenInput {
    pub name: String,
    pub role: Role,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Mints a token for `owner_id`; returns the record and the token in clear. The audit row
/// names the owner as the actor: the token acts as them.
#[tracing::instrument(level = "debug", skip_all, fields(owner_id = owner_id))]
pub fn create(conn: &mut DbConn, owner_id: i64, input: &TokenInput) -> Result<(ApiToken, String), ApiError> {
    let token = tokens::new_api_token();
    let record = db::tokens::insert(
        conn,
        &NewApiToken {
            user_id: owner_id,
            name: &input.name,
            prefix: &tokens::visible_prefix(&token),
            token_hash: &tokens::hash(&token),
            role: input.role,
            expires_at: input.expires_at.map(|t| t.naive_utc()),
            created_at: db::now(),
        },
    )?;
    db::audit::record(conn, Some(owner_id), "token.create", "api_token", Some(record.id))?;
    Ok((record, token))
}

/// Revokes a token the caller may manage (their own; any, for admins); it stops working at
/// once. Others' tokens do not exist to the caller.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn revoke(conn: &mut DbConn, who: &Identity, id: i64) -> Result<(), ApiError> {
    let token = db::tokens::find(conn, id)?
        .filter(|t| permissions::can_manage_token(who.role, who.user_id, t.user_id))
        .ok_or_else(ApiError::not_found)?;
    db::tokens::revoke(conn, token.id)?;
    Ok(db::audit::record(conn, Some(who.user_id), "token.revoke", "api_token", Some(token.id))?)
}
