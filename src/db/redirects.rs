//! `redirects`: old addresses of the public site and where they lead.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::redirects;
use super::{columns, DbConn};
use crate::domain::addresses::TargetKind;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = redirects)]
pub struct Redirect {
    pub id: i64,
    pub from_path: String,
    pub to_url: Option<String>,
    pub target_kind: Option<TargetKind>,
    pub target_id: Option<i64>,
    pub status: i32,
    pub note: Option<String>,
    pub origin: String,
    pub hits: i64,
    pub last_hit_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Redirect {
    /// The record it leads to, when it names one.
    pub fn target(&self) -> Option<(TargetKind, i64)> {
        self.target_kind.zip(self.target_id)
    }
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = redirects)]
pub struct NewRedirect {
    pub from_path: String,
    pub to_url: Option<String>,
    pub target_kind: Option<TargetKind>,
    pub target_id: Option<i64>,
    pub status: i32,
    pub note: Option<String>,
    pub origin: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an editor may change; `None` leaves a field alone.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = redirects)]
pub struct RedirectChanges {
    pub from_path: Option<String>,
    pub to_url: Option<Option<String>>,
    pub status: Option<i32>,
    pub note: Option<Option<String>>,
}

/// The key of the advisory lock editors' redirect writes hold until they commit.
const WRITE_LOCK: i64 = 0x6d61_7271_7565_6503;

/// Makes writes of editors' redirects take turns until the transaction ends (PostgreSQL;
/// SQLite's writers take turns already): whether a destination chains, or a new redirect
/// collapses others, is read from redirects another writer may be adding at the same moment.
#[tracing::instrument(level = "debug", skip_all)]
pub fn take_turn(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(c) => diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(WRITE_LOCK)
            .execute(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewRedirect) -> QueryResult<Redirect> {
    diesel::insert_into(redirects::table).values(new).returning(columns::<Redirect>()).get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Redirect>> {
    redirects::table.find(id).select(Redirect::as_select()).first(conn).optional()
}

/// Reads a redirect for a change, locking its row on PostgreSQL.
pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<Redirect>> {
    super::first_for_update!(conn, redirects::table.find(id).select(Redirect::as_select()))
}

/// The redirect from a normalized path.
#[tracing::instrument(level = "debug", skip_all)]
pub fn from_path(conn: &mut DbConn, path: &str) -> QueryResult<Option<Redirect>> {
    redirects::table.filter(redirects::from_path.eq(path)).select(Redirect::as_select()).first(conn).optional()
}

/// Applies `changes` and moves the version on; the redirect as it is now.
pub fn update(conn: &mut DbConn, id: i64, changes: &RedirectChanges, now: NaiveDateTime) -> QueryResult<Redirect> {
    diesel::update(redirects::table.find(id))
        .set((changes, redirects::version.eq(redirects::version + 1), redirects::updated_at.eq(now)))
        .returning(columns::<Redirect>())
        .get_result(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(redirects::table.find(id)).execute(conn)
}

/// Removes the redirects that lead to a record that is going.
pub fn delete_leading_to(conn: &mut DbConn, kind: TargetKind, id: i64) -> QueryResult<usize> {
    diesel::delete(redirects::table.filter(redirects::target_kind.eq(kind)).filter(redirects::target_id.eq(id)))
        .execute(conn)
}

/// The redirects an editor made that lead to `to`: a redirect from `to` would chain them.
pub fn leading_to(conn: &mut DbConn, to: &str) -> QueryResult<Vec<Redirect>> {
    redirects::table.filter(redirects::to_url.eq(to)).select(Redirect::as_select()).load(conn)
}

/// Points the redirect `id` at `to` (a chain through it collapsed).
pub fn set_destination(conn: &mut DbConn, id: i64, to: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(redirects::table.find(id))
        .set((redirects::to_url.eq(to), redirects::version.eq(redirects::version + 1), redirects::updated_at.eq(now)))
        .execute(conn)
}

/// Sets the record a redirect leads to (`None`: where its `to_url` says).
pub fn set_target(conn: &mut DbConn, id: i64, target: Option<(TargetKind, i64)>) -> QueryResult<Redirect> {
    diesel::update(redirects::table.find(id))
        .set((redirects::target_kind.eq(target.map(|t| t.0)), redirects::target_id.eq(target.map(|t| t.1))))
        .returning(columns::<Redirect>())
        .get_result(conn)
}

/// A page of redirects, newest first, before the id `before`; with `q`, those whose paths
/// or note contain it.
pub fn page(conn: &mut DbConn, q: Option<&str>, before: Option<i64>, limit: i64) -> QueryResult<Vec<Redirect>> {
    let mut query =
        redirects::table.order(redirects::id.desc()).limit(limit).select(Redirect::as_select()).into_boxed();
    if let Some(before) = before {
        query = query.filter(redirects::id.lt(before));
    }
    if let Some(q) = q {
        let pattern = super::contains_pattern(q);
        query = query.filter(
            super::lower(redirects::from_path)
                .like(pattern.clone())
                .escape('\\')
                .or(super::lower(redirects::to_url.assume_not_null()).like(pattern.clone()).escape('\\'))
                .or(super::lower(redirects::note.assume_not_null()).like(pattern).escape('\\')),
        );
    }
    query.load(conn)
}

/// A page of every redirect by id after `after`, for an export.
pub fn after(conn: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<Redirect>> {
    redirects::table
        .filter(redirects::id.gt(after))
        .order(redirects::id)
        .limit(limit)
        .select(Redirect::as_select())
        .load(conn)
}

/// Writes a redirect as it was (an import of a catalogue).
pub fn insert_whole(conn: &mut DbConn, redirect: &Redirect) -> QueryResult<()> {
    diesel::insert_into(redirects::table).values(redirect).execute(conn).map(drop)
}

/// Adds `count` hits to the redirect from `path`, the last at `at`.
pub fn add_hits(conn: &mut DbConn, path: &str, count: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(redirects::table.filter(redirects::from_path.eq(path)))
        .set((redirects::hits.eq(redirects::hits + count), redirects::last_hit_at.eq(at)))
        .execute(conn)
}

/// Records that an import's `from_path` leads to a record, unless a redirect from it exists
/// (an editor's stays as it is; an import's is pointed at the record again).
pub fn record_import(conn: &mut DbConn, new: &NewRedirect) -> QueryResult<()> {
    match from_path(conn, &new.from_path)? {
        Some(existing) if existing.origin == "manual" => Ok(()),
        Some(existing) if existing.target() == new.target_kind.zip(new.target_id) => Ok(()),
        Some(existing) => diesel::update(redirects::table.find(existing.id))
            .set((
                redirects::target_kind.eq(new.target_kind),
                redirects::target_id.eq(new.target_id),
                redirects::to_url.eq(&new.to_url),
                redirects::version.eq(redirects::version + 1),
                redirects::updated_at.eq(new.updated_at),
            ))
            .execute(conn)
            .map(drop),
        None => insert(conn, new).map(drop),
    }
}
