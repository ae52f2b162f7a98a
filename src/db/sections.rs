//! The `sections` table: an article's ordered parts. Positions are 1-based and contiguous,
//! and unique per article (an index enforces it); the functions here keep them so.
//!
//! Renumbering under a unique index: rows to move are first lifted out of the way, to
//! [`LIFT`] plus their new position, then settled back down in one statement. No statement
//! ever has two rows of one article at one position, whatever order the database updates
//! rows in, on either backend.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::sections;
use super::{columns, now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
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
    /// A library image shown with the section.
    pub media_id: Option<i64>,
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
    pub media_id: Option<i64>,
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
    pub media_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl<'a> RestoredSection<'a> {
    /// A snapshot's section put back into `article_id`: same id and position, a new
    /// version and `updated_at`.
    pub fn from_snapshot(s: &'a Section, article_id: i64, now: NaiveDateTime) -> Self {
        RestoredSection {
            id: s.id,
            article_id,
            position: s.position,
            heading: &s.heading,
            subheading: s.subheading.as_deref(),
            body: &s.body,
            body_html: &s.body_html,
            media_url: s.media_url.as_deref(),
            media_caption: s.media_caption.as_deref(),
            media_id: s.media_id,
            version: s.version + 1,
            created_at: s.created_at,
            updated_at: now,
        }
    }
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
    pub media_id: Option<Option<i64>>,
}

/// The sections of several articles, each article's in position order.
#[tracing::instrument(level = "debug", skip_all)]
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

#[tracing::instrument(level = "debug", skip_all)]
pub fn of_article(conn: &mut DbConn, article_id: i64) -> QueryResult<Vec<Section>> {
    of_articles(conn, &[article_id])
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, article_id: i64, id: i64) -> QueryResult<Option<Section>> {
    sections::table
        .filter(sections::id.eq(id))
        .filter(sections::article_id.eq(article_id))
        .select(Section::as_select())
        .first(conn)
        .optional()
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn count(conn: &mut DbConn, article_id: i64) -> QueryResult<i64> {
    sections::table.filter(sections::article_id.eq(article_id)).count().get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewSection) -> QueryResult<Section> {
    diesel::insert_into(sections::table).values(new).returning(columns::<Section>()).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert_restored(conn: &mut DbConn, row: &RestoredSection<'_>) -> QueryResult<()> {
    diesel::insert_into(sections::table).values(row).execute(conn).map(|_| ())
}

/// Lifted positions start here: far above any real position, far below `i32::MAX`.
const LIFT: i32 = 1_000_000_000;

/// Lifts the sections at positions `from..=to` (or `from..` when `to` is `None`) to where
/// they go after moving by `delta`, plus [`LIFT`]; [`settle`] brings them down.
fn lift(conn: &mut DbConn, article_id: i64, from: i32, to: Option<i32>, delta: i32) -> QueryResult<usize> {
    let target = sections::table
        .filter(sections::article_id.eq(article_id))
        .filter(sections::position.ge(from))
        .filter(sections::position.le(to.unwrap_or(LIFT - 1)));
    diesel::update(target).set(sections::position.eq(sections::position + (LIFT + delta))).execute(conn)
}

/// Brings every lifted section of the article down to its new position.
fn settle(conn: &mut DbConn, article_id: i64) -> QueryResult<usize> {
    diesel::update(sections::table.filter(sections::article_id.eq(article_id)).filter(sections::position.ge(LIFT / 2)))
        .set(sections::position.eq(sections::position - LIFT))
        .execute(conn)
}

/// Moves every section at or after `from` (up to `to`) by `delta`: +1 opens a gap for an
/// insert, -1 closes the gap a delete left.
#[tracing::instrument(level = "debug", skip_all)]
pub fn shift(conn: &mut DbConn, article_id: i64, from: i32, to: Option<i32>, delta: i32) -> QueryResult<()> {
    lift(conn, article_id, from, to, delta)?;
    settle(conn, article_id)?;
    Ok(())
}

/// Moves the section at `from` to `to`, shifting the ones between by one.
#[tracing::instrument(level = "debug", skip_all)]
pub fn move_to(conn: &mut DbConn, article_id: i64, from: i32, to: i32) -> QueryResult<()> {
    let moving = sections::table.filter(sections::article_id.eq(article_id)).filter(sections::position.eq(from));
    diesel::update(moving).set(sections::position.eq(LIFT + to)).execute(conn)?;
    if to < from {
        lift(conn, article_id, to, Some(from - 1), 1)?;
    } else {
        lift(conn, article_id, from + 1, Some(to), -1)?;
    }
    settle(conn, article_id)?;
    Ok(())
}

/// Gives sections new positions, `(id, position)`, which together with the sections left
/// alone must be a permutation of the article's positions. Each moved section's version
/// grows by one.
#[tracing::instrument(level = "debug", skip_all)]
pub fn set_positions(conn: &mut DbConn, article_id: i64, moves: &[(i64, i32)]) -> QueryResult<()> {
    let at = now();
    for (id, position) in moves {
        diesel::update(sections::table.filter(sections::id.eq(id)).filter(sections::article_id.eq(article_id)))
            .set((
                sections::position.eq(LIFT + position),
                sections::version.eq(sections::version + 1),
                sections::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    settle(conn, article_id)?;
    Ok(())
}

/// Applies content changes to a section (locked through its article), bumping its version.
#[tracing::instrument(level = "debug", skip_all)]
pub fn update(conn: &mut DbConn, id: i64, changes: &SectionChanges) -> QueryResult<Section> {
    diesel::update(sections::table.filter(sections::id.eq(id)))
        .set((changes, sections::version.eq(sections::version + 1), sections::updated_at.eq(now())))
        .returning(columns::<Section>())
        .get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
/// A section by its id alone.
pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<Section>> {
    sections::table.find(id).select(Section::as_select()).first(conn).optional()
}

/// Stores a section's body rendered again (its markdown unchanged: no new version).
pub fn set_html(conn: &mut DbConn, id: i64, html: &str) -> QueryResult<usize> {
    diesel::update(sections::table.find(id)).set(sections::body_html.eq(html)).execute(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(sections::table.find(id)).execute(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn delete_all(conn: &mut DbConn, article_id: i64) -> QueryResult<usize> {
    diesel::delete(sections::table.filter(sections::article_id.eq(article_id))).execute(conn)
}
