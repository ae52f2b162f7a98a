//! The `movies` table.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::deserialize::{self, FromSql};
use diesel::prelude::*;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use super::schema::{articles, movies};
use super::{columns, now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
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
    pub genres: Genres,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    /// The library's poster (shown instead of `poster_url` when set).
    pub poster_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A movie's genres, stored as a JSON array of strings. A stored value that is not one is
/// a read error, never an empty list.
#[derive(Debug, Clone, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Genres {
    names: Vec<String>,
    json: String,
}

impl Genres {
    pub fn new(names: Vec<String>) -> Self {
        let json = serde_json::to_string(&names).expect("a list of strings always serializes");
        Genres { names, json }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Reads the stored form.
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        Ok(Genres { names: serde_json::from_str(json)?, json: json.to_string() })
    }
}

impl Default for Genres {
    fn default() -> Self {
        Genres::new(Vec::new())
    }
}

impl<DB> FromSql<Text, DB> for Genres
where
    DB: diesel::backend::Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, DB>>::from_sql(bytes)?;
        Genres::parse(&text).map_err(|e| format!("stored genres are not a JSON list of strings: {e}").into())
    }
}

impl<DB> ToSql<Text, DB> for Genres
where
    DB: diesel::backend::Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        <str as ToSql<Text, DB>>::to_sql(self.json.as_str(), out)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = movies)]
pub struct NewMovie {
    pub slug: String,
    pub title: String,
    pub original_title: Option<String>,
    pub release_year: Option<i32>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    pub genres: Genres,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub poster_id: Option<i64>,
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
    pub genres: Option<Genres>,
    pub poster_url: Option<Option<String>>,
    pub trailer_url: Option<Option<String>>,
    pub poster_id: Option<Option<i64>>,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewMovie) -> QueryResult<Movie> {
    diesel::insert_into(movies::table).values(new).returning(columns::<Movie>()).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Movie>> {
    movies::table.find(id).select(Movie::as_select()).first(conn).optional()
}

/// Reads a movie for a change, locking its row on PostgreSQL (see `articles::find_for_update`).
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<Movie>> {
    super::first_for_update!(conn, movies::table.find(id).select(Movie::as_select()))
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Movie>> {
    movies::table.filter(movies::slug.eq(slug)).select(Movie::as_select()).first(conn).optional()
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Movie>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    movies::table.filter(movies::id.eq_any(ids)).select(Movie::as_select()).load(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn slug_taken(conn: &mut DbConn, slug: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(movies::table.filter(movies::slug.eq(slug)))).get_result(conn)
}

/// Admin list, newest first, optionally filtered by a title fragment.
#[tracing::instrument(level = "debug", skip_all)]
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
#[tracing::instrument(level = "debug", skip_all)]
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

/// Applies `changes` to a row read with `find_for_update`, bumping its version.
#[tracing::instrument(level = "debug", skip_all)]
pub fn update(conn: &mut DbConn, id: i64, changes: &MovieChanges) -> QueryResult<Movie> {
    diesel::update(movies::table.filter(movies::id.eq(id)))
        .set((changes, movies::version.eq(movies::version + 1), movies::updated_at.eq(now())))
        .returning(columns::<Movie>())
        .get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn is_referenced_by_articles(conn: &mut DbConn, id: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(articles::table.filter(articles::movie_id.eq(id)))).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(movies::table.find(id)).execute(conn)
}
