//! `slug_history`: every slug a public record had before its current one, so that old links
//! keep leading to it and no other record can take them over.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use super::schema::{articles, cast_members, movies, slug_history, tags, users};
use super::{now, DbConn};
use crate::domain::SlugKind;

/// An old slug and the record it belonged to.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = slug_history)]
pub struct OldSlug {
    pub kind: SlugKind,
    pub slug: String,
    pub record_id: i64,
    pub created_at: NaiveDateTime,
}

/// Remembers that the record `id` of `kind` was called `slug`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn record(conn: &mut DbConn, kind: SlugKind, slug: &str, id: i64) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO slug_history (kind, slug, record_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind, slug) DO NOTHING",
    )
    .bind::<Text, _>(kind.as_str())
    .bind::<Text, _>(slug)
    .bind::<BigInt, _>(id)
    .bind::<Timestamp, _>(now())
    .execute(conn)
    .map(drop)
}

/// The record that once had `slug`, if one did.
#[tracing::instrument(level = "debug", skip_all)]
pub fn holder(conn: &mut DbConn, kind: SlugKind, slug: &str) -> QueryResult<Option<i64>> {
    slug_history::table
        .filter(slug_history::kind.eq(kind))
        .filter(slug_history::slug.eq(slug))
        .select(slug_history::record_id)
        .first(conn)
        .optional()
}

/// Forgets that `id` was called `slug` (it is called that again).
#[tracing::instrument(level = "debug", skip_all)]
pub fn forget(conn: &mut DbConn, kind: SlugKind, slug: &str, id: i64) -> QueryResult<usize> {
    diesel::delete(
        slug_history::table
            .filter(slug_history::kind.eq(kind))
            .filter(slug_history::slug.eq(slug))
            .filter(slug_history::record_id.eq(id)),
    )
    .execute(conn)
}

/// The id of the record of `kind` whose slug is `slug` now.
pub fn current_holder(conn: &mut DbConn, kind: SlugKind, slug: &str) -> QueryResult<Option<i64>> {
    match kind {
        SlugKind::Article => articles::table.filter(articles::slug.eq(slug)).select(articles::id).first(conn),
        SlugKind::Movie => movies::table.filter(movies::slug.eq(slug)).select(movies::id).first(conn),
        SlugKind::CastMember => {
            cast_members::table.filter(cast_members::slug.eq(slug)).select(cast_members::id).first(conn)
        }
        SlugKind::Tag => tags::table.filter(tags::slug.eq(slug)).select(tags::id).first(conn),
        SlugKind::Author => users::table.filter(users::slug.eq(slug)).select(users::id).first(conn),
    }
    .optional()
}

/// The current slug of the record `id` of `kind`.
pub fn current_slug(conn: &mut DbConn, kind: SlugKind, id: i64) -> QueryResult<Option<String>> {
    match kind {
        SlugKind::Article => articles::table.find(id).select(articles::slug).first(conn).optional(),
        SlugKind::Movie => movies::table.find(id).select(movies::slug).first(conn).optional(),
        SlugKind::CastMember => cast_members::table.find(id).select(cast_members::slug).first(conn).optional(),
        SlugKind::Tag => tags::table.find(id).select(tags::slug).first(conn).optional(),
        SlugKind::Author => {
            users::table.find(id).select(users::slug).first::<Option<String>>(conn).optional().map(Option::flatten)
        }
    }
}

/// Which record, if any, has or had `slug`: the one it names now, else the one it named
/// before.
pub fn owner(conn: &mut DbConn, kind: SlugKind, slug: &str) -> QueryResult<Option<i64>> {
    match current_holder(conn, kind, slug)? {
        Some(id) => Ok(Some(id)),
        None => holder(conn, kind, slug),
    }
}

/// A page of the history after `(kind, slug)`, for an export.
pub fn page(conn: &mut DbConn, after: Option<(SlugKind, String)>, limit: i64) -> QueryResult<Vec<OldSlug>> {
    let mut query = slug_history::table
        .order((slug_history::kind, slug_history::slug))
        .limit(limit)
        .select(OldSlug::as_select())
        .into_boxed();
    if let Some((kind, slug)) = after {
        query =
            query.filter(slug_history::kind.gt(kind).or(slug_history::kind.eq(kind).and(slug_history::slug.gt(slug))));
    }
    query.load(conn)
}

/// Writes one old slug as it was (an import).
pub fn insert(conn: &mut DbConn, old: &OldSlug) -> QueryResult<()> {
    diesel::insert_into(slug_history::table).values(old).execute(conn).map(drop)
}
