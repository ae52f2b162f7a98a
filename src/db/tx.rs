//! Opening a write: the one place where a write transaction begins, commits or rolls back,
//! and is tried again when the database aborted it for a concurrent one. The API
//! ([`super::Db::write`]), group commit, the command line and start-up all come through here.
//!
//! On SQLite a write transaction is `BEGIN IMMEDIATE`, which takes the write lock up front: a
//! deferred transaction that reads and then writes fails with "database is locked" under
//! concurrency instead of waiting for the busy timeout. On PostgreSQL it is a plain `BEGIN`;
//! every read-modify-write inside locks its rows (`FOR UPDATE`).

use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::result::Error as DieselError;
use diesel::RunQueryDsl;

use super::DbConn;
use crate::error::ApiError;

/// How many times a write transaction is tried when PostgreSQL aborts it for a
/// serialization failure or a deadlock (the usual cure, per its documentation).
const WRITE_ATTEMPTS: u32 = 5;

/// How long a write waits for SQLite's write lock beyond the busy timeout.
#[derive(Debug, Clone, Copy)]
pub enum Patience {
    /// The connection's busy timeout: a request should not wait longer.
    Request,
    /// Up to this long: another node may hold the lock for a while when it starts (migrating,
    /// hashing the first admin's password on a loaded machine).
    Startup(Duration),
}

/// Runs `f` in a write transaction, retrying the whole transaction a bounded number of times
/// when the database aborted it because of a concurrent one. `f` may run more than once, so
/// it must not act outside the database.
pub fn write<T, F>(conn: &mut DbConn, mut f: F) -> Result<T, ApiError>
where
    F: FnMut(&mut DbConn) -> Result<T, ApiError>,
{
    let mut attempt = 1;
    loop {
        match once(conn, Patience::Request, &mut f) {
            Err(e) if e.is_transient() && attempt < WRITE_ATTEMPTS => {
                tracing::debug!(attempt, error = %e, "write transaction aborted by a concurrent one; retrying");
                std::thread::sleep(Duration::from_millis(u64::from(attempt) * 2 + rand::random::<u64>() % 5));
                attempt += 1;
            }
            result => return result,
        }
    }
}

/// Runs `f` in one write transaction: everything it does commits, or, if it fails or the
/// commit does, nothing does.
pub fn once<T, E, F>(conn: &mut DbConn, patience: Patience, f: F) -> Result<T, E>
where
    E: From<DieselError> + std::fmt::Display,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    begin(conn, patience)?;
    match f(conn) {
        Ok(value) => match DbConn::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(e) => {
                // A failed COMMIT may leave the transaction open: end it, so the connection is
                // usable (or, if even that fails, broken and discarded by the pool).
                roll_back(conn);
                Err(e.into())
            }
        },
        Err(e) => {
            roll_back(conn);
            Err(e)
        }
    }
}

fn begin(conn: &mut DbConn, patience: Patience) -> Result<(), DieselError> {
    let deadline = match patience {
        Patience::Request => None,
        Patience::Startup(wait) => Some(Instant::now() + wait),
    };
    loop {
        let begun = match conn {
            DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
            DbConn::Postgres(c) => AnsiTransactionManager::begin_transaction(c),
        };
        match begun {
            Err(DieselError::DatabaseError(_, info))
                if info.message().contains("locked") && deadline.is_some_and(|d| Instant::now() < d) =>
            {
                std::thread::sleep(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// The caller's error is the one worth reporting; a failed rollback leaves the connection
/// broken, and the pool discards broken connections.
fn roll_back(conn: &mut DbConn) {
    if let Err(e) = DbConn::rollback_transaction(conn) {
        tracing::error!(error = %e, "rollback failed");
    }
}

/// Runs `f` in a read-only transaction that sees one snapshot of the whole database from its
/// first read to its end, while writers carry on: SQLite's deferred transaction in WAL mode,
/// PostgreSQL's `REPEATABLE READ`. For reads of many statements that must agree (an export).
pub fn snapshot<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    E: From<DieselError> + std::fmt::Display,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN DEFERRED")?,
        DbConn::Postgres(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        }
    }
    let outcome = f(conn);
    // Nothing was written: ending it either way keeps nothing.
    roll_back(conn);
    outcome
}

/// The key of PostgreSQL's advisory lock taken while a node migrates and bootstraps.
const STARTUP_LOCK: i64 = 0x6d61_7271_7565_6501;

/// How long a start-up waits for another node's.
const STARTUP_PATIENCE: Duration = Duration::from_secs(120);

/// Runs `f` in one write transaction holding the database-wide start-up lock, so nodes
/// starting at the same moment migrate and bootstrap one after another: on PostgreSQL a
/// session advisory lock (released when the connection closes, should the process die), on
/// SQLite the write lock the transaction takes anyway.
pub fn startup<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> anyhow::Result<T>) -> anyhow::Result<T> {
    use diesel::sql_types::BigInt;
    let advisory = matches!(conn, DbConn::Postgres(_));
    if advisory {
        diesel::sql_query("SELECT pg_advisory_lock($1)").bind::<BigInt, _>(STARTUP_LOCK).execute(conn)?;
    }
    let result = once(conn, Patience::Startup(STARTUP_PATIENCE), f);
    if advisory {
        diesel::sql_query("SELECT pg_advisory_unlock($1)").bind::<BigInt, _>(STARTUP_LOCK).execute(conn)?;
    }
    result
}
