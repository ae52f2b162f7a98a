//! The `cast_members` table: everyone credited on a movie, in front of or behind the camera.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::cast_members;
use super::{columns, now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cast_members)]
pub struct CastMember {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub photo_url: Option<String>,
    /// The library's photo (shown instead of `photo_url` when set).
    pub photo_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = cast_members)]
pub struct NewCastMember {
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub photo_url: Option<String>,
    pub photo_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = cast_members)]
pub struct CastMemberChanges {
    pub slug: Option<String>,
    pub name: Option<String>,
    pub bio: Option<Option<String>>,
    pub birth_date: Option<Option<NaiveDate>>,
    pub photo_url: Option<Option<String>>,
    pub photo_id: Option<Option<i64>>,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewCastMember) -> QueryResult<CastMember> {
    diesel::insert_into(cast_members::table).values(new).returning(columns::<CastMember>()).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<CastMember>> {
    cast_members::table.find(id).select(CastMember::as_select()).first(conn).optional()
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<CastMember>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    cast_members::table.filter(cast_members::id.eq_any(ids)).select(CastMember::as_select()).load(conn)
}

/// Reads a cast member for a change, locking the row on PostgreSQL.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<CastMember>> {
    super::first_for_update!(conn, cast_members::table.find(id).select(CastMember::as_select()))
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<CastMember>> {
    cast_members::table.filter(cast_members::slug.eq(slug)).select(CastMember::as_select()).first(conn).optional()
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn list(conn: &mut DbConn, q: Option<&str>, before_id: Option<i64>, limit: i64) -> QueryResult<Vec<CastMember>> {
    let mut query =
        cast_members::table.select(CastMember::as_select()).order(cast_members::id.desc()).limit(limit).into_boxed();
    if let Some(q) = q {
        query = query.filter(super::lower(cast_members::name).like(super::contains_pattern(q)).escape('\\'));
    }
    if let Some(before) = before_id {
        query = query.filter(cast_members::id.lt(before));
    }
    query.load(conn)
}

/// Public list, by name then id.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list_by_name(conn: &mut DbConn, after: Option<(String, i64)>, limit: i64) -> QueryResult<Vec<CastMember>> {
    let mut query = cast_members::table
        .select(CastMember::as_select())
        .order((cast_members::name.asc(), cast_members::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((name, id)) = after {
        query = query
            .filter(cast_members::name.gt(name.clone()).or(cast_members::name.eq(name).and(cast_members::id.gt(id))));
    }
    query.load(conn)
}

/// Applies `changes` to a row read with `find_for_update`, bumping its version.
#[tracing::instrument(level = "debug", skip_all)]
pub fn update(conn: &mut DbConn, id: i64, changes: &CastMemberChanges) -> QueryResult<CastMember> {
    diesel::update(cast_members::table.filter(cast_members::id.eq(id)))
        .set((changes, cast_members::version.eq(cast_members::version + 1), cast_members::updated_at.eq(now())))
        .returning(columns::<CastMember>())
        .get_result(conn)
}

/// Deletes the person; their credits go with them (ON DELETE CASCADE).
#[tracing::instrument(level = "debug", skip_all)]
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(cast_members::table.find(id)).execute(conn)
}
