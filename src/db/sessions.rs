//! The `refresh_tokens` table: one row per refresh token, grouped in families (one family
//! per login) so that reuse of a spent token can revoke the whole chain.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::refresh_tokens;
use super::{now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshToken {
    pub id: i64,
    pub user_id: i64,
    pub token_hash: String,
    pub family: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(
    conn: &mut DbConn,
    user_id: i64,
    token_hash: &str,
    family: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::family.eq(family),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_by_hash(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<RefreshToken>> {
    refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshToken::as_select())
        .first(conn)
        .optional()
}

/// Marks a live token as used. `false` when it was already used or revoked, which, for a
/// token being presented, means it was stolen or replayed.
#[tracing::instrument(level = "debug", skip_all)]
pub fn mark_used(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::used_at.is_null())
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now()))
    .execute(conn)
    .map(|n| n == 1)
}

/// Revokes every live refresh token of the user outside the family `keep`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn revoke_all_but(conn: &mut DbConn, user_id: i64, keep: Option<&str>) -> QueryResult<usize> {
    let live =
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)).filter(refresh_tokens::revoked_at.is_null());
    match keep {
        Some(family) => diesel::update(live.filter(refresh_tokens::family.ne(family)))
            .set(refresh_tokens::revoked_at.eq(now()))
            .execute(conn),
        None => diesel::update(live).set(refresh_tokens::revoked_at.eq(now())).execute(conn),
    }
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn revoke_family(conn: &mut DbConn, family: &str) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family.eq(family)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now()))
    .execute(conn)
}

/// Whether the login `family` still has a live refresh token: a login that ended (logged out,
/// revoked for reuse, ended by a password change) has none, and its access tokens stop
/// working with it.
#[tracing::instrument(level = "debug", skip_all)]
pub fn family_alive(conn: &mut DbConn, family: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        refresh_tokens::table
            .filter(refresh_tokens::family.eq(family))
            .filter(refresh_tokens::revoked_at.is_null())
            .filter(refresh_tokens::expires_at.gt(now())),
    ))
    .get_result(conn)
}
