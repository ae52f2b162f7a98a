//! `media_jobs`: work on the media store (making variants, purging files), claimed by one
//! node at a time like the webhook outbox, with a claim that ends so a crashed node's job
//! is taken up again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::media_jobs;
use super::{now, DbConn};

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Make an upload's original and variants.
    Variants,
    /// Remove a key's files from the store (no item uses it any more).
    Purge,
}

impl JobKind {
    fn as_str(self) -> &'static str {
        match self {
            JobKind::Variants => "variants",
            JobKind::Purge => "purge",
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = media_jobs)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub media_id: Option<i64>,
    pub key: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

impl Job {
    pub fn kind(&self) -> JobKind {
        if self.kind == "purge" {
            JobKind::Purge
        } else {
            JobKind::Variants
        }
    }
}

/// Queues a job, due now.
pub fn enqueue(conn: &mut DbConn, kind: JobKind, media_id: Option<i64>, key: &str) -> QueryResult<()> {
    enqueue_at(conn, kind, media_id, key, now())
}

/// Queues a job, due at `at`.
pub fn enqueue_at(
    conn: &mut DbConn,
    kind: JobKind,
    media_id: Option<i64>,
    key: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(media_jobs::table)
        .values((
            media_jobs::kind.eq(kind.as_str()),
            media_jobs::media_id.eq(media_id),
            media_jobs::key.eq(key),
            media_jobs::next_attempt_at.eq(at),
            media_jobs::created_at.eq(now()),
        ))
        .execute(conn)
        .map(drop)
}

/// Calls off the waiting purges of `key` (its bytes were uploaded again); when one is
/// running, the time its claim ends, after which the new upload's files may be made.
pub fn call_off_purges(conn: &mut DbConn, key: &str) -> QueryResult<Option<NaiveDateTime>> {
    let purges = media_jobs::table.filter(media_jobs::key.eq(key)).filter(media_jobs::kind.eq(JobKind::Purge.as_str()));
    let at = now();
    diesel::delete(purges.filter(media_jobs::locked_until.is_null().or(media_jobs::locked_until.lt(at))))
        .execute(conn)?;
    purges.select(diesel::dsl::max(media_jobs::locked_until)).first::<Option<NaiveDateTime>>(conn)
}

/// Renews a running job's claim.
pub fn extend(conn: &mut DbConn, id: i64, hold_until: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(media_jobs::table.find(id)).set(media_jobs::locked_until.eq(Some(hold_until))).execute(conn)
}

/// Jobs due at `now` that no node holds, oldest first.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<Job>> {
    media_jobs::table
        .filter(media_jobs::next_attempt_at.le(now))
        .filter(media_jobs::locked_until.is_null().or(media_jobs::locked_until.lt(now)))
        .order(media_jobs::id)
        .limit(limit)
        .select(Job::as_select())
        .load(conn)
}

/// Takes a due job until `hold_until`; its attempt number, or `None` when another node took
/// it first.
pub fn claim(conn: &mut DbConn, id: i64, now: NaiveDateTime, hold_until: NaiveDateTime) -> QueryResult<Option<i32>> {
    diesel::update(
        media_jobs::table
            .filter(media_jobs::id.eq(id))
            .filter(media_jobs::next_attempt_at.le(now))
            .filter(media_jobs::locked_until.is_null().or(media_jobs::locked_until.lt(now))),
    )
    .set((media_jobs::locked_until.eq(Some(hold_until)), media_jobs::attempts.eq(media_jobs::attempts + 1)))
    .returning(media_jobs::attempts)
    .get_result(conn)
    .optional()
}

/// A job done: gone from the queue.
pub fn done(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(media_jobs::table.find(id)).execute(conn)
}

/// A job to try again at `at`.
pub fn retry(conn: &mut DbConn, id: i64, at: NaiveDateTime, error: &str) -> QueryResult<usize> {
    diesel::update(media_jobs::table.find(id))
        .set((
            media_jobs::next_attempt_at.eq(at),
            media_jobs::locked_until.eq(None::<NaiveDateTime>),
            media_jobs::last_error.eq(Some(error)),
        ))
        .execute(conn)
}

/// Jobs waiting, for `/metrics` and tests.
pub fn queued(conn: &mut DbConn) -> QueryResult<i64> {
    media_jobs::table.count().get_result(conn)
}
