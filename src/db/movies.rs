//! The `movies` table.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{articles, movies};
use super::{columns, now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = movies)]
pub struct Movie {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub original_title: Option<String>,
    pub release_year: Option<i32>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    /// A JSON array of strings.
    pub genres: String,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = movies)]
pub struct NewMovie {
    pub slug: String,
    pub title: String,
    pub original_title: Option<String>,
    pub release_year: Option<i32>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    pub genres: String,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A change: `None` keeps a field, `Some(None)` clears a nullable one.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = movies)]
pub struct MovieChanges {
    pub slug: Option<String>,
    pub title: Option<String>,
    pub original_title: Option<Option<String>>,
    pub release_year: Option<Option<i32>>,
    pub release_date: Option<Option<NaiveDate>>,
    pub runtime_minutes: Option<Option<i32>>,
    pub synopsis: Option<Option<String>>,
    pub genres: Option<String>,
    pub poster_url: Option<Option<String>>,
    pub trailer_url: Option<Option<String>>,
}

pub fn insert(conn: &mut DbConn, new: &NewMovie) -> QueryResult<Movie> {
    diesel::insert_into(movies::table).values(new).returning(columns::<Movie>()).get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Movie>> {
    movies::table.find(id).select(Movie::as_select()).first(conn).optional()
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Movie>> {
    movies::table.filter(movies::slug.eq(slug)).select(Movie::as_select()).first(conn).optional()
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Movie>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    movies::table.filter(movies::id.eq_any(ids)).select(Movie::as_select()).load(conn)
}

pub fn slug_taken(conn: &mut DbConn, slug: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(movies::table.filter(movies::slug.eq(slug)))).get_result(conn)
}

/// Admin list, newest first, optionally filtered by a title fragment.
pub fn list(conn: &mut DbConn, q: Option<&str>, before_id: Option<i64>, limit: i64) -> QueryResult<Vec<Movie>> {
    let mut query = movies::table.select(Movie::as_select()).order(movies::id.desc()).limit(limit).into_boxed();
    if let Some(q) = q {
        query = query.filter(super::lower(movies::title).like(super::contains_pattern(q)).escape('\\'));
    }
    if let Some(before) = before_id {
        query = query.filter(movies::id.lt(before));
    }
    query.load(conn)
}

/// Public list, by title then id.
pub fn list_by_title(conn: &mut DbConn, after: Option<(String, i64)>, limit: i64) -> QueryResult<Vec<Movie>> {
    let mut query = movies::table
        .select(Movie::as_select())
        .order((movies::title.asc(), movies::id.asc()))
        .limit(limit)
        .into_boxed();
    if let Some((title, id)) = after {
        query = query.filter(movies::title.gt(title.clone()).or(movies::title.eq(title).and(movies::id.gt(id))));
    }
    query.load(conn)
}

/// Applies `changes` if the movie is still at `version`; `None` if it moved on.
pub fn update(conn: &mut DbConn, id: i64, version: i64, changes: &MovieChanges) -> QueryResult<Option<Movie>> {
    diesel::update(movies::table.filter(movies::id.eq(id)).filter(movies::version.eq(version)))
        .set((changes, movies::version.eq(movies::version + 1), movies::updated_at.eq(now())))
        .returning(columns::<Movie>())
        .get_result(conn)
        .optional()
}

pub fn is_referenced_by_articles(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(articles::table.filter(articles::movie_id.eq(id)))).get_result(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(movies::table.find(id)).execute(conn)
}
