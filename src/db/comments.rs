//! The `comments` table.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::comments;
use super::{columns, now, DbConn};
use crate::domain::CommentStatus;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = comments)]
pub struct Comment {
    pub id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    pub body_html: String,
    pub status: CommentStatus,
    pub moderation_reason: String,
    pub moderation_note: Option<String>,
    pub client_hash: String,
    pub user_agent: Option<String>,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = comments)]
pub struct NewComment {
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    pub body_html: String,
    pub status: CommentStatus,
    pub moderation_reason: String,
    pub client_hash: String,
    pub user_agent: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewComment) -> QueryResult<Comment> {
    diesel::insert_into(comments::table).values(new).returning(columns::<Comment>()).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Comment>> {
    comments::table.find(id).select(Comment::as_select()).first(conn).optional()
}

/// Reads a comment for a moderator's change, locking the row on PostgreSQL.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<Comment>> {
    super::first_for_update!(conn, comments::table.find(id).select(Comment::as_select()))
}

/// Reads comments for a bulk decision, locking them on PostgreSQL in id order, so two bulk
/// decisions over overlapping comments wait for each other instead of deadlocking.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_many_for_update(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Comment>> {
    let query = || comments::table.filter(comments::id.eq_any(ids)).order(comments::id.asc());
    match conn {
        DbConn::Postgres(c) => query().select(Comment::as_select()).for_update().load(c),
        DbConn::Sqlite(c) => query().select(Comment::as_select()).load(c),
    }
}

/// Approved comments of an article: the count the public sees.
#[tracing::instrument(level = "debug", skip_all)]
pub fn approved_count(conn: &mut DbConn, article_id: i64) -> QueryResult<i64> {
    comments::table
        .filter(comments::article_id.eq(article_id))
        .filter(comments::status.eq(CommentStatus::Approved))
        .count()
        .get_result(conn)
}

/// Approved comments of an article, oldest first, after the cursor id.
#[tracing::instrument(level = "debug", skip_all)]
pub fn approved_of(conn: &mut DbConn, article_id: i64, after_id: Option<i64>, limit: i64) -> QueryResult<Vec<Comment>> {
    let mut query = comments::table
        .filter(comments::article_id.eq(article_id))
        .filter(comments::status.eq(CommentStatus::Approved))
        .select(Comment::as_select())
        .order(comments::id.asc())
        .limit(limit)
        .into_boxed();
    if let Some(after) = after_id {
        query = query.filter(comments::id.gt(after));
    }
    query.load(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn email_has_approved(conn: &mut DbConn, email: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        comments::table.filter(comments::author_email.eq(email)).filter(comments::status.eq(CommentStatus::Approved)),
    ))
    .get_result(conn)
}

/// When this client last commented (at all, any status).
#[tracing::instrument(level = "debug", skip_all)]
pub fn last_from_client(conn: &mut DbConn, client_hash: &str) -> QueryResult<Option<NaiveDateTime>> {
    comments::table
        .filter(comments::client_hash.eq(client_hash))
        .select(diesel::dsl::max(comments::created_at))
        .first(conn)
}

/// The class of the advisory locks taken per comment body ("Cmnt"); the two-key form of
/// PostgreSQL's advisory locks does not meet the one-key locks used elsewhere.
const BODY_LOCK_CLASS: i32 = 0x436d_6e74;

/// Makes submissions of the same body take turns until the transaction ends (PostgreSQL;
/// SQLite's writers take turns already), so the second of two identical comments sent at once
/// sees the first when it asks [`is_duplicate`]. Different bodies rarely share a key, and
/// then only wait for each other.
#[tracing::instrument(level = "debug", skip_all)]
pub fn lock_body(conn: &mut DbConn, body: &str) -> QueryResult<()> {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body.as_bytes());
    let key = i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    match conn {
        DbConn::Postgres(c) => diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind::<diesel::sql_types::Integer, _>(BODY_LOCK_CLASS)
            .bind::<diesel::sql_types::Integer, _>(key)
            .execute(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// Whether this client or this email sent `body` in the last day.
#[tracing::instrument(level = "debug", skip_all)]
pub fn is_duplicate(
    conn: &mut DbConn,
    client_hash: &str,
    email: &str,
    body: &str,
    since: NaiveDateTime,
) -> QueryResult<bool> {
    // The expression is the one `comments_body_start` indexes, character for character, on
    // both databases (their `substr` counts characters, as `chars` does).
    let start: String = body.chars().take(100).collect();
    diesel::select(diesel::dsl::exists(
        comments::table
            .filter(diesel::dsl::sql::<diesel::sql_types::Text>("substr(body, 1, 100)").eq(start))
            .filter(comments::created_at.ge(since))
            .filter(comments::body.eq(body))
            .filter(comments::client_hash.eq(client_hash).or(comments::author_email.eq(email))),
    ))
    .get_result(conn)
}

/// Moderation queue filters.
#[derive(Debug, Default, Clone)]
pub struct QueueFilter {
    pub status: Option<CommentStatus>,
    pub article_id: Option<i64>,
    pub q: Option<String>,
}

/// The moderation queue, newest first.
#[tracing::instrument(level = "debug", skip_all)]
pub fn queue(conn: &mut DbConn, filter: &QueueFilter, before_id: Option<i64>, limit: i64) -> QueryResult<Vec<Comment>> {
    let mut query = comments::table.select(Comment::as_select()).order(comments::id.desc()).limit(limit).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(comments::status.eq(status));
    }
    if let Some(article_id) = filter.article_id {
        query = query.filter(comments::article_id.eq(article_id));
    }
    if let Some(q) = &filter.q {
        let pattern = super::contains_pattern(q);
        query = query.filter(
            super::lower(comments::body)
                .like(pattern.clone())
                .escape('\\')
                .or(super::lower(comments::author_name).like(pattern.clone()).escape('\\'))
                .or(super::lower(comments::author_email).like(pattern).escape('\\')),
        );
    }
    if let Some(before) = before_id {
        query = query.filter(comments::id.lt(before));
    }
    query.load(conn)
}

/// Sets a comment's status (and note) as a moderator's decision, on a comment read with
/// `find_for_update`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn moderate(
    conn: &mut DbConn,
    id: i64,
    status: CommentStatus,
    note: Option<Option<String>>,
    moderator: i64,
) -> QueryResult<Comment> {
    let at = now();
    let target = comments::table.filter(comments::id.eq(id));
    let fields = (
        comments::status.eq(status),
        comments::moderated_by.eq(Some(moderator)),
        comments::moderated_at.eq(Some(at)),
        comments::version.eq(comments::version + 1),
        comments::updated_at.eq(at),
    );
    match note {
        Some(note) => diesel::update(target)
            .set((fields, comments::moderation_note.eq(note)))
            .returning(columns::<Comment>())
            .get_result(conn),
        None => diesel::update(target).set(fields).returning(columns::<Comment>()).get_result(conn),
    }
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(comments::table.find(id)).execute(conn)
}
