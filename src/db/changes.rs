//! The `changes` table: the public change feed, one row per public record that appeared,
//! changed or went away.
//!
//! A follower resumes from the last id it saw and must never miss a row. On PostgreSQL ids
//! come from a sequence at insert while transactions commit in any order, so a lower id could
//! become visible after a follower moved past it. Writers therefore insert their feed rows as
//! the last step of their transaction while holding a transaction-scoped advisory lock
//! ([`lock_for_append`]): ids are handed out in the order transactions commit, each becomes
//! visible before the next writer can take an id, and "everything after the id I saw" is
//! complete. SQLite has one writer at a time, which gives the same order by itself.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::changes;
use super::{now, DbConn};
use crate::domain::{ChangeAction, ChangeKind};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct Change {
    pub id: i64,
    pub kind: ChangeKind,
    pub record_id: i64,
    pub slug: String,
    pub action: ChangeAction,
    pub at: NaiveDateTime,
}

/// The key of the advisory lock appending writers hold until they commit.
const APPEND_LOCK: i64 = 0x6d61_7271_7565_6502;

/// The channel on which PostgreSQL tells every node's follower that the feed grew.
pub const CHANNEL: &str = "marquee_changes";

/// Takes the feed's append lock until the transaction ends (PostgreSQL; SQLite's write lock
/// is held already), and queues a notification on [`CHANNEL`], which PostgreSQL delivers to
/// every listening node when the transaction commits, and never if it rolls back. Call it
/// right before the transaction's last statements: feed rows, then commit.
#[tracing::instrument(level = "debug", skip_all)]
pub fn lock_for_append(conn: &mut DbConn) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(c) => diesel::sql_query("SELECT pg_advisory_xact_lock($1), pg_notify($2, '')")
            .bind::<diesel::sql_types::BigInt, _>(APPEND_LOCK)
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .execute(c)
            .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// The word of a notification that says "the next scheduled time moved": listening nodes read
/// it again. (Never a cache key: those are `cache::SurrogateKey`s.)
pub const SCHEDULE_MOVED: &str = "schedule";

/// Tells every listening node, when the transaction commits, that the next scheduled time
/// moved (PostgreSQL; on SQLite other processes learn it at their scheduler's next tick).
#[tracing::instrument(level = "debug", skip_all)]
pub fn notify_schedule_moved(conn: &mut DbConn) -> QueryResult<()> {
    let DbConn::Postgres(c) = conn else { return Ok(()) };
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<diesel::sql_types::Text, _>(CHANNEL)
        .bind::<diesel::sql_types::Text, _>(SCHEDULE_MOVED)
        .execute(c)
        .map(|_| ())
}

/// The longest notification payload PostgreSQL takes is 8 000 bytes; keys go in batches below it.
const PAYLOAD_BYTES: usize = 7_000;

/// Queues a notification on [`CHANNEL`] naming cache keys no feed row stands for (an
/// author's page), which every listening node purges when the transaction commits
/// (PostgreSQL; SQLite has no notifications). Keys hold no spaces.
#[tracing::instrument(level = "debug", skip_all)]
pub fn notify_stale<'a>(conn: &mut DbConn, keys: impl IntoIterator<Item = &'a str>) -> QueryResult<()> {
    let DbConn::Postgres(c) = conn else { return Ok(()) };
    let mut payload = String::new();
    let mut keys = keys.into_iter().peekable();
    while let Some(key) = keys.next() {
        payload.push_str(key);
        payload.push(' ');
        if payload.len() >= PAYLOAD_BYTES || keys.peek().is_none() {
            diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<diesel::sql_types::Text, _>(CHANNEL)
                .bind::<diesel::sql_types::Text, _>(payload.trim_end())
                .execute(c)?;
            payload.clear();
        }
    }
    Ok(())
}

/// Appends one row and returns its id; the caller holds the append lock (see
/// [`lock_for_append`]).
#[tracing::instrument(level = "debug", skip_all)]
pub fn record(
    conn: &mut DbConn,
    kind: ChangeKind,
    record_id: i64,
    slug: &str,
    action: ChangeAction,
) -> QueryResult<i64> {
    diesel::insert_into(changes::table)
        .values((
            changes::kind.eq(kind),
            changes::record_id.eq(record_id),
            changes::slug.eq(slug),
            changes::action.eq(action),
            changes::at.eq(now()),
        ))
        .returning(changes::id)
        .get_result(conn)
}

/// Up to `limit` rows after the id `after`, oldest first.
#[tracing::instrument(level = "debug", skip_all)]
pub fn since(conn: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<Change>> {
    changes::table
        .select(Change::as_select())
        .filter(changes::id.gt(after))
        .order(changes::id.asc())
        .limit(limit)
        .load(conn)
}

/// The newest id, 0 when there is none: a follower starting now resumes here.
#[tracing::instrument(level = "debug", skip_all)]
pub fn last_id(conn: &mut DbConn) -> QueryResult<i64> {
    let max: Option<i64> = changes::table.select(diesel::dsl::max(changes::id)).first(conn)?;
    Ok(max.unwrap_or(0))
}
