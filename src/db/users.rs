//! The `users` table.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{refresh_tokens, users};
use super::{columns, now, DbConn};
use crate::domain::Role;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
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
    /// Set for every user once the first start after the profile migration has run.
    pub slug: Option<String>,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    /// The library's avatar (shown instead of `avatar_url` when set).
    pub avatar_id: Option<i64>,
}

/// What the public sees of a user: the byline of their articles and their author page.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct Profile {
    pub id: i64,
    pub slug: Option<String>,
    pub display_name: String,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    pub avatar_id: Option<i64>,
}

impl Profile {
    /// The author's slug; `user-{id}` for a user whose slug is not made yet.
    pub fn slug(&self) -> String {
        self.slug.clone().unwrap_or_else(|| format!("user-{}", self.id))
    }

    /// A stand-in for an author the database no longer has (never the case while articles
    /// keep their author: deleting such a user is refused).
    pub fn unknown(id: i64) -> Self {
        Profile { id, slug: None, display_name: String::new(), bio: None, avatar_url: None, avatar_id: None }
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub slug: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A change to a user; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
    pub slug: Option<String>,
    pub bio: Option<Option<String>>,
    pub avatar_url: Option<Option<String>>,
    pub avatar_id: Option<Option<i64>>,
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

/// Stores a new password hash, bumping the version and the token version (every access
/// token of the user stops working); refresh tokens are the caller's to revoke.
#[tracing::instrument(level = "debug", skip_all)]
pub fn set_password(conn: &mut DbConn, id: i64, password_hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.filter(users::id.eq(id)))
        .set((
            users::password_hash.eq(password_hash),
            users::version.eq(users::version + 1),
            users::token_version.eq(users::token_version + 1),
            users::updated_at.eq(now()),
        ))
        .execute(conn)
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

/// The public profiles of several users.
#[tracing::instrument(level = "debug", skip_all)]
pub fn profiles(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Profile>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table.filter(users::id.eq_any(ids)).select(Profile::as_select()).load(conn)
}

/// The profile with this slug.
#[tracing::instrument(level = "debug", skip_all)]
pub fn profile_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Profile>> {
    users::table.filter(users::slug.eq(slug)).select(Profile::as_select()).first(conn).optional()
}

/// Users made before profiles had slugs, as `(id, display_name)`.
pub fn without_slug(conn: &mut DbConn) -> QueryResult<Vec<(i64, String)>> {
    users::table.filter(users::slug.is_null()).select((users::id, users::display_name)).order(users::id).load(conn)
}

pub fn set_slug(conn: &mut DbConn, id: i64, slug: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id)).set(users::slug.eq(slug)).execute(conn)
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
