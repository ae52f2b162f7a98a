//! The `revisions` table: snapshots of an article and its sections, numbered per article.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::revisions;
use super::{columns, now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = revisions)]
pub struct Revision {
    pub id: i64,
    pub article_id: i64,
    pub number: i32,
    pub reason: String,
    pub snapshot: String,
    pub user_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(
    conn: &mut DbConn,
    article_id: i64,
    reason: &str,
    snapshot: &str,
    user_id: Option<i64>,
) -> QueryResult<Revision> {
    let last: Option<i32> = revisions::table
        .filter(revisions::article_id.eq(article_id))
        .select(diesel::dsl::max(revisions::number))
        .first(conn)?;
    diesel::insert_into(revisions::table)
        .values((
            revisions::article_id.eq(article_id),
            revisions::number.eq(last.unwrap_or(0) + 1),
            revisions::reason.eq(reason),
            revisions::snapshot.eq(snapshot),
            revisions::user_id.eq(user_id),
            revisions::created_at.eq(now()),
        ))
        .returning(columns::<Revision>())
        .get_result(conn)
}

/// Newest first, before the cursor number.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list(conn: &mut DbConn, article_id: i64, before: Option<i32>, limit: i64) -> QueryResult<Vec<Revision>> {
    let mut query = revisions::table
        .filter(revisions::article_id.eq(article_id))
        .select(Revision::as_select())
        .order(revisions::number.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(revisions::number.lt(before));
    }
    query.load(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, article_id: i64, number: i32) -> QueryResult<Option<Revision>> {
    revisions::table
        .filter(revisions::article_id.eq(article_id))
        .filter(revisions::number.eq(number))
        .select(Revision::as_select())
        .first(conn)
        .optional()
}
