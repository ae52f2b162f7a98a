//! The `users` table.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{refresh_tokens, users};
use super::{columns, now, DbConn};
use crate::domain::Role;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled: bool,
    pub token_version: i64,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl<'a> NewUser<'a> {
    pub fn new(email: &'a str, display_name: &'a str, role: Role, password_hash: &'a str) -> Self {
        let now = now();
        NewUser { email, display_name, role, password_hash, created_at: now, updated_at: now }
    }
}

/// A change to a user; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
}

impl UserChanges {
    /// A new password, role or `disabled` ends every session of the user.
    pub fn ends_sessions(&self) -> bool {
        self.role.is_some() || self.password_hash.is_some() || self.disabled.is_some()
    }
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewUser<'_>) -> QueryResult<User> {
    diesel::insert_into(users::table).values(new).returning(columns::<User>()).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<User>> {
    users::table.find(id).select(User::as_select()).first(conn).optional()
}

/// Reads a user for a change, locking the row on PostgreSQL.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<User>> {
    super::first_for_update!(conn, users::table.find(id).select(User::as_select()))
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<User>> {
    users::table.filter(users::email.eq(email)).select(User::as_select()).first(conn).optional()
}

/// Users by id, after the cursor `after_id`, at most `limit`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list(conn: &mut DbConn, after_id: Option<i64>, limit: i64) -> QueryResult<Vec<User>> {
    let mut query = users::table.select(User::as_select()).order(users::id.asc()).limit(limit).into_boxed();
    if let Some(after) = after_id {
        query = query.filter(users::id.gt(after));
    }
    query.load(conn)
}

/// Applies `changes` to a user read with `find_for_update`, bumping the version, and the
/// token version when sessions must end, revoking the user's refresh tokens too.
#[tracing::instrument(level = "debug", skip_all)]
pub fn update(conn: &mut DbConn, id: i64, changes: &UserChanges) -> QueryResult<User> {
    let bump_tokens = i64::from(changes.ends_sessions());
    let updated = diesel::update(users::table.filter(users::id.eq(id)))
        .set((
            changes,
            users::version.eq(users::version + 1),
            users::token_version.eq(users::token_version + bump_tokens),
            users::updated_at.eq(now()),
        ))
        .returning(columns::<User>())
        .get_result(conn)?;
    if changes.ends_sessions() {
        revoke_refresh_tokens(conn, id)?;
    }
    Ok(updated)
}

/// Revokes every live refresh token of the user.
#[tracing::instrument(level = "debug", skip_all)]
pub fn revoke_refresh_tokens(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now()))
    .execute(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(users::table.find(id)).execute(conn)
}

/// Enabled admins other than `except`: a change must never leave the site without one.
#[tracing::instrument(level = "debug", skip_all)]
pub fn other_enabled_admins(conn: &mut DbConn, except: i64) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq(Role::Admin))
        .filter(users::disabled.eq(false))
        .filter(users::id.ne(except))
        .count()
        .get_result(conn)
}

/// Whether the user wrote any article (articles keep their author).
#[tracing::instrument(level = "debug", skip_all)]
pub fn has_articles(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    use super::schema::articles;
    diesel::select(diesel::dsl::exists(articles::table.filter(articles::author_id.eq(id)))).get_result(conn)
}

/// The name shown under an author's articles.
#[tracing::instrument(level = "debug", skip_all)]
pub fn display_name(conn: &mut DbConn, id: i64) -> QueryResult<Option<String>> {
    users::table.find(id).select(users::display_name).first(conn).optional()
}

/// The oldest enabled admin.
#[tracing::instrument(level = "debug", skip_all)]
pub fn first_admin(conn: &mut DbConn) -> QueryResult<Option<i64>> {
    users::table
        .filter(users::role.eq(Role::Admin))
        .filter(users::disabled.eq(false))
        .order(users::id.asc())
        .select(users::id)
        .first(conn)
        .optional()
}
