//! The `login_failures` table: one row per failed login per thing it counts against, kept
//! for the throttling window.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::login_failures;
use super::DbConn;

/// Records one failure against each of `keys`, and forgets failures older than `forget_before`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn record(conn: &mut DbConn, keys: &[&str], at: NaiveDateTime, forget_before: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::at.lt(forget_before))).execute(conn)?;
    for key in keys {
        diesel::insert_into(login_failures::table)
            .values((login_failures::key.eq(key), login_failures::at.eq(at)))
            .execute(conn)?;
    }
    Ok(())
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
