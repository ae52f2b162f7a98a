//! The `api_tokens` table: long-lived tokens for scripts, stored as SHA-256.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_tokens, users};
use super::users::User;
use super::{columns, now, DbConn};
use crate::domain::Role;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub prefix: String,
    pub token_hash: String,
    pub role: Role,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub prefix: &'a str,
    pub token_hash: &'a str,
    pub role: Role,
    pub expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewApiToken<'_>) -> QueryResult<ApiToken> {
    diesel::insert_into(api_tokens::table).values(new).returning(columns::<ApiToken>()).get_result(conn)
}

/// A live token (not revoked, not expired) and its owner, by hash.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_live(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<(ApiToken, User)>> {
    let now = now();
    api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.is_null().or(api_tokens::expires_at.gt(now)))
        .select((ApiToken::as_select(), User::as_select()))
        .first(conn)
        .optional()
}

/// Records use at most once a minute per token, so scripts do not turn reads into writes.
#[tracing::instrument(level = "debug", skip_all)]
pub fn touch(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    let now = now();
    let stale = now - chrono::Duration::seconds(60);
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::last_used_at.is_null().or(api_tokens::last_used_at.lt(stale))),
    )
    .set(api_tokens::last_used_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .find(id)
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

/// Live tokens, newest first, of one owner or (for `None`) of everyone.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list(conn: &mut DbConn, owner: Option<i64>, before_id: Option<i64>, limit: i64) -> QueryResult<Vec<ApiToken>> {
    let mut query = api_tokens::table
        .filter(api_tokens::revoked_at.is_null())
        .select(ApiToken::as_select())
        .order(api_tokens::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(owner) = owner {
        query = query.filter(api_tokens::user_id.eq(owner));
    }
    if let Some(before) = before_id {
        query = query.filter(api_tokens::id.lt(before));
    }
    query.load(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn revoke(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::update(api_tokens::table.filter(api_tokens::id.eq(id)).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(now()))
        .execute(conn)
}

/// Revokes every live API token of `owner`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn revoke_all_of(conn: &mut DbConn, owner: i64) -> QueryResult<usize> {
    diesel::update(api_tokens::table.filter(api_tokens::user_id.eq(owner)).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(now()))
        .execute(conn)
}
