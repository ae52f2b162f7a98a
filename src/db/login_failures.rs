//! The `login_failures` table: one row per failed login per thing it counts against, kept
//! for the throttling window.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::login_failures;
use super::DbConn;

/// Records one failure against each of `keys`, and forgets failures older than
/// `forget_before`; returns the new rows' ids.
#[tracing::instrument(level = "debug", skip_all)]
pub fn record(
    conn: &mut DbConn,
    keys: &[&str],
    at: NaiveDateTime,
    forget_before: NaiveDateTime,
) -> QueryResult<Vec<i64>> {
    diesel::delete(login_failures::table.filter(login_failures::at.lt(forget_before))).execute(conn)?;
    keys.iter()
        .map(|key| {
            diesel::insert_into(login_failures::table)
                .values((login_failures::key.eq(key), login_failures::at.eq(at)))
                .returning(login_failures::id)
                .get_result(conn)
        })
        .collect()
}

/// Takes `keys`' locks until the transaction ends, in the order given (PostgreSQL; SQLite's
/// writers take turns already), so two attempts on one key are counted one after the other.
/// Every caller must give its keys in the same order.
#[tracing::instrument(level = "debug", skip_all)]
pub fn lock(conn: &mut DbConn, keys: &[&str]) -> QueryResult<()> {
    let DbConn::Postgres(c) = conn else { return Ok(()) };
    for key in keys {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(c)?;
    }
    Ok(())
}

/// Forgets the failures with these ids (an attempt charged in advance that succeeded).
#[tracing::instrument(level = "debug", skip_all)]
pub fn forget(conn: &mut DbConn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(login_failures::table.filter(login_failures::id.eq_any(ids))).execute(conn)
}

/// How many failures `key` has since `since`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn count_since(conn: &mut DbConn, key: &str, since: NaiveDateTime) -> QueryResult<i64> {
    login_failures::table
        .filter(login_failures::key.eq(key))
        .filter(login_failures::at.gt(since))
        .count()
        .get_result(conn)
}

/// When the `nth` most recent failure of `key` since `since` happened (1 is the latest).
#[tracing::instrument(level = "debug", skip_all)]
pub fn nth_latest(conn: &mut DbConn, key: &str, since: NaiveDateTime, nth: i64) -> QueryResult<Option<NaiveDateTime>> {
    login_failures::table
        .filter(login_failures::key.eq(key))
        .filter(login_failures::at.gt(since))
        .order(login_failures::at.desc())
        .offset(nth.saturating_sub(1))
        .select(login_failures::at)
        .first(conn)
        .optional()
}

/// Forgets the failures of `key`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<usize> {
    diesel::delete(login_failures::table.filter(login_failures::key.eq(key))).execute(conn)
}
