//! The `credits` table: who did what on which movie, in billing order.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::cast_members::CastMember;
use super::movies::Movie;
use super::schema::{cast_members, credits, movies};
use super::{columns, now, DbConn};
use crate::domain::CreditRole;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = credits)]
pub struct Credit {
    pub id: i64,
    pub movie_id: i64,
    pub cast_member_id: i64,
    pub role: CreditRole,
    pub character: Option<String>,
    pub billing_order: i32,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = credits)]
pub struct NewCredit {
    pub movie_id: i64,
    pub cast_member_id: i64,
    pub role: CreditRole,
    pub character: Option<String>,
    pub billing_order: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = credits)]
pub struct CreditChanges {
    pub cast_member_id: Option<i64>,
    pub role: Option<CreditRole>,
    pub character: Option<Option<String>>,
    pub billing_order: Option<i32>,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewCredit) -> QueryResult<Credit> {
    diesel::insert_into(credits::table).values(new).returning(columns::<Credit>()).get_result(conn)
}

/// A credit of one movie.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, movie_id: i64, id: i64) -> QueryResult<Option<Credit>> {
    credits::table
        .filter(credits::id.eq(id))
        .filter(credits::movie_id.eq(movie_id))
        .select(Credit::as_select())
        .first(conn)
        .optional()
}

/// Reads a credit of one movie for a change, locking the row on PostgreSQL.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, movie_id: i64, id: i64) -> QueryResult<Option<Credit>> {
    super::first_for_update!(
        conn,
        credits::table.filter(credits::id.eq(id)).filter(credits::movie_id.eq(movie_id)).select(Credit::as_select())
    )
}

/// The next billing position after the movie's last.
#[tracing::instrument(level = "debug", skip_all)]
pub fn next_billing_order(conn: &mut DbConn, movie_id: i64) -> QueryResult<i32> {
    let max: Option<i32> = credits::table
        .filter(credits::movie_id.eq(movie_id))
        .select(diesel::dsl::max(credits::billing_order))
        .first(conn)?;
    Ok(max.map_or(1, |m| m + 1))
}

/// The credits of several movies with their people, in billing order.
#[tracing::instrument(level = "debug", skip_all)]
pub fn for_movies(conn: &mut DbConn, movie_ids: &[i64]) -> QueryResult<Vec<(Credit, CastMember)>> {
    if movie_ids.is_empty() {
        return Ok(Vec::new());
    }
    credits::table
        .inner_join(cast_members::table)
        .filter(credits::movie_id.eq_any(movie_ids))
        .order((credits::movie_id.asc(), credits::billing_order.asc(), credits::id.asc()))
        .select((Credit::as_select(), CastMember::as_select()))
        .load(conn)
}

/// One person's credits with their movies, newest movie first.
#[tracing::instrument(level = "debug", skip_all)]
pub fn for_cast_member(conn: &mut DbConn, cast_member_id: i64) -> QueryResult<Vec<(Credit, Movie)>> {
    credits::table
        .inner_join(movies::table)
        .filter(credits::cast_member_id.eq(cast_member_id))
        // Undated movies last on both backends (PostgreSQL sorts NULL first when descending).
        .order((
            movies::release_year.is_null(),
            movies::release_year.desc(),
            movies::id.desc(),
            credits::billing_order.asc(),
        ))
        .select((Credit::as_select(), Movie::as_select()))
        .load(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn movie_ids_of_cast_member(conn: &mut DbConn, cast_member_id: i64) -> QueryResult<Vec<i64>> {
    credits::table.filter(credits::cast_member_id.eq(cast_member_id)).select(credits::movie_id).distinct().load(conn)
}

/// Applies `changes` to a row read with `find_for_update`, bumping its version.
#[tracing::instrument(level = "debug", skip_all)]
pub fn update(conn: &mut DbConn, id: i64, changes: &CreditChanges) -> QueryResult<Credit> {
    diesel::update(credits::table.filter(credits::id.eq(id)))
        .set((changes, credits::version.eq(credits::version + 1), credits::updated_at.eq(now())))
        .returning(columns::<Credit>())
        .get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(credits::table.find(id)).execute(conn)
}
