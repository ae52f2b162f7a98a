//! The `sections` table: an article's ordered parts. Positions are 1-based and contiguous;
//! the functions here keep them so.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::sections;
use super::{columns, now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize, serde::Deserialize)]
#[diesel(table_name = sections)]
pub struct Section {
    pub id: i64,
    pub article_id: i64,
    pub position: i32,
    pub heading: String,
    pub subheading: Option<String>,
    pub body: String,
    pub body_html: String,
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = sections)]
pub struct NewSection {
    pub article_id: i64,
    pub position: i32,
    pub heading: String,
    pub subheading: Option<String>,
    pub body: String,
    pub body_html: String,
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A section row with every column, for restoring a revision with its original ids.
#[derive(Debug, Insertable)]
#[diesel(table_name = sections)]
pub struct RestoredSection<'a> {
    pub id: i64,
    pub article_id: i64,
    pub position: i32,
    pub heading: &'a str,
    pub subheading: Option<&'a str>,
    pub body: &'a str,
    pub body_html: &'a str,
    pub media_url: Option<&'a str>,
    pub media_caption: Option<&'a str>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = sections)]
pub struct SectionChanges {
    pub heading: Option<String>,
    pub subheading: Option<Option<String>>,
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub media_url: Option<Option<String>>,
    pub media_caption: Option<Option<String>>,
}

/// The sections of several articles, each article's in position order.
pub fn of_articles(conn: &mut DbConn, article_ids: &[i64]) -> QueryResult<Vec<Section>> {
    if article_ids.is_empty() {
        return Ok(Vec::new());
    }
    sections::table
        .filter(sections::article_id.eq_any(article_ids))
        .order((sections::article_id.asc(), sections::position.asc()))
        .select(Section::as_select())
        .load(conn)
}

pub fn of_article(conn: &mut DbConn, article_id: i64) -> QueryResult<Vec<Section>> {
    of_articles(conn, &[article_id])
}

pub fn find(conn: &mut DbConn, article_id: i64, id: i64) -> QueryResult<Option<Section>> {
    sections::table
        .filter(sections::id.eq(id))
        .filter(sections::article_id.eq(article_id))
        .select(Section::as_select())
        .first(conn)
        .optional()
}

pub fn count(conn: &mut DbConn, article_id: i64) -> QueryResult<i64> {
    sections::table.filter(sections::article_id.eq(article_id)).count().get_result(conn)
}

pub fn insert(conn: &mut DbConn, new: &NewSection) -> QueryResult<Section> {
    diesel::insert_into(sections::table).values(new).returning(columns::<Section>()).get_result(conn)
}

pub fn insert_restored(conn: &mut DbConn, row: &RestoredSection<'_>) -> QueryResult<()> {
    diesel::insert_into(sections::table).values(row).execute(conn).map(|_| ())
}

/// Moves every section at or after `from` by `delta` (+1 to open a gap, -1 to close one).
/// Positions are not unique in the schema, so the shift never collides mid-statement.
pub fn shift(conn: &mut DbConn, article_id: i64, from: i32, to: Option<i32>, delta: i32) -> QueryResult<usize> {
    let mut target =
        sections::table.filter(sections::article_id.eq(article_id)).filter(sections::position.ge(from)).into_boxed();
    if let Some(to) = to {
        target = target.filter(sections::position.le(to));
    }
    let ids: Vec<i64> = target.select(sections::id).load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(sections::table.filter(sections::id.eq_any(ids)))
        .set(sections::position.eq(sections::position + delta))
        .execute(conn)
}

pub fn set_position(conn: &mut DbConn, id: i64, position: i32) -> QueryResult<usize> {
    diesel::update(sections::table.filter(sections::id.eq(id))).set(sections::position.eq(position)).execute(conn)
}

pub fn update(conn: &mut DbConn, id: i64, version: i64, changes: &SectionChanges) -> QueryResult<Option<Section>> {
    diesel::update(sections::table.filter(sections::id.eq(id)).filter(sections::version.eq(version)))
        .set((changes, sections::version.eq(sections::version + 1), sections::updated_at.eq(now())))
        .returning(columns::<Section>())
        .get_result(conn)
        .optional()
}

/// Bumps a section's version after a move.
pub fn bump(conn: &mut DbConn, id: i64) -> QueryResult<Section> {
    diesel::update(sections::table.filter(sections::id.eq(id)))
        .set((sections::version.eq(sections::version + 1), sections::updated_at.eq(now())))
        .returning(columns::<Section>())
        .get_result(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(sections::table.find(id)).execute(conn)
}

pub fn delete_all(conn: &mut DbConn, article_id: i64) -> QueryResult<usize> {
    diesel::delete(sections::table.filter(sections::article_id.eq(article_id))).execute(conn)
}
