//! Database access: the two-backend connection, its pool, migrations, and the one helper
//! through which handlers run SQL off the async workers.
//!
//! Every other module in `db/` holds plain synchronous functions on `&mut DbConn` that return
//! `QueryResult`, so several of them compose inside one transaction.

pub mod articles;
pub mod audit;
pub mod cast_members;
pub mod changes;
pub mod comments;
pub mod credits;
pub mod imports;
pub mod login_failures;
pub mod movies;
pub mod previews;
pub mod revisions;
pub mod schema;
pub mod search;
pub mod sections;
pub mod sessions;
pub mod settings;
pub mod tags;
pub mod tokens;
pub mod users;
pub mod webhook_deliveries;
pub mod webhooks;

mod group_commit;
mod pool;
pub mod replica;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::ApiError;
use group_commit::GroupCommit;
use pool::create_private;
pub use pool::{connect, ping, Manager, Pool, PooledConn};
use replica::{Replica, ReplicaState};

/// One connection to either backend. Queries written with diesel's DSL run on both; the few
/// that cannot (multi-row inserts, upserts) match on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which backend a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies the embedded migrations of the connection's backend; returns the names applied.
pub fn migrate(conn: &mut DbConn) -> Result<Vec<String>, String> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| format!("migration failed: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// How many times a write transaction is tried when PostgreSQL aborts it for a
/// serialization failure or a deadlock (the usual cure, per its documentation).
const WRITE_ATTEMPTS: u32 = 5;

/// Runs `f` in a write transaction, retrying the whole transaction a bounded number of
/// times when the database aborted it because of a concurrent one. On SQLite the transaction
/// is `BEGIN IMMEDIATE`, which takes the write lock up front: a deferred transaction that
/// reads and then writes fails with "database is locked" under concurrency instead of
/// waiting for the busy timeout.
pub fn write_tx<T, F>(conn: &mut DbConn, mut f: F) -> Result<T, ApiError>
where
    F: FnMut(&mut DbConn) -> Result<T, ApiError>,
{
    let mut attempt = 1;
    loop {
        match try_write_tx(conn, &mut f) {
            Err(e) if e.is_transient() && attempt < WRITE_ATTEMPTS => {
                tracing::debug!(attempt, error = %e, "write transaction aborted by a concurrent one; retrying");
                std::thread::sleep(Duration::from_millis(u64::from(attempt) * 2 + rand::random::<u64>() % 5));
                attempt += 1;
            }
            result => return result,
        }
    }
}

fn try_write_tx<T, F>(conn: &mut DbConn, f: &mut F) -> Result<T, ApiError>
where
    F: FnMut(&mut DbConn) -> Result<T, ApiError>,
{
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            DbConn::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            // The caller's error is the one worth reporting; a failed rollback leaves the
            // connection broken, and the pool discards broken connections.
            if let Err(rollback) = DbConn::rollback_transaction(conn) {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

/// The pool, shared by all handlers. `run` and `write` move the work onto the blocking
/// thread pool so no actix worker ever waits on SQL; the request's span goes with it, so
/// the work shows up under its request in the logs.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: Backend,
    /// SQLite has one writer at a time; queueing writers here, in order, beats SQLite's
    /// busy handler, which sleeps in growing steps and makes tail latency jump.
    /// An async lock, so writers waiting for their turn wait as tasks, not as threads.
    sqlite_writer: Arc<tokio::sync::Mutex<()>>,
    /// Small independent writes committed together on SQLite (see [`group_commit`]).
    grouped: Option<GroupCommit>,
    /// One per pooled connection: work waits for one as a task before taking a blocking
    /// thread, which would only wait on the pool (and hold its allocator's memory).
    permits: Arc<Semaphore>,
    /// Where public reads go when it keeps up (`MARQUEE_READ_DATABASE_URL`).
    replica: Option<Arc<Replica>>,
}

/// Runs `f` with a connection of `pool` on the blocking thread pool, once a permit (one per
/// connection) is free, in the caller's span.
async fn on_blocking_pool<T, F>(pool: &Pool, permits: &Arc<Semaphore>, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    let span = tracing::Span::current();
    let permit = permits.clone().acquire_owned().await.map_err(ApiError::internal)?;
    actix_web::web::block(move || {
        let _entered = span.enter();
        // Held until the work ends, even if the request that asked for it is dropped.
        let _permit = permit;
        let mut conn = pool.get().map_err(ApiError::unavailable)?;
        f(&mut conn)
    })
    .await
    .map_err(ApiError::internal)?
}

impl Db {
    pub fn new(pool: Pool, backend: Backend) -> Self {
        let sqlite_writer = Arc::<tokio::sync::Mutex<()>>::default();
        let grouped = (backend == Backend::Sqlite).then(|| GroupCommit::start(pool.clone(), sqlite_writer.clone()));
        let permits = Arc::new(Semaphore::new(pool.max_size() as usize));
        Db { pool, backend, sqlite_writer, grouped, permits, replica: None }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    async fn permit(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.permits.clone().acquire_owned().await.map_err(ApiError::internal)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `f` with a pooled connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        on_blocking_pool(&self.pool, &self.permits, f).await
    }

    /// Runs a public read: on the read replica while it keeps up (see [`replica`]), else on
    /// the primary. A read the replica fails is run again on the primary.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: Fn(&mut DbConn) -> Result<T, ApiError> + Send + Sync + 'static,
        T: Send + 'static,
    {
        let Some(replica) = self.replica.as_deref().filter(|r| r.state() == ReplicaState::Up) else {
            return self.run(f).await;
        };
        let f = Arc::new(f);
        let first = f.clone();
        match replica.run(move |conn| first(conn)).await {
            Err(e) if actix_web::ResponseError::status_code(&e).is_server_error() => {
                replica.failed(&e);
                self.run(move |conn| f(conn)).await
            }
            read => {
                replica.served();
                read
            }
        }
    }

    /// Waits until the read replica has replayed everything the primary had flushed when
    /// called, for at most [`replica::CATCH_UP`]; whether it did (always, without a replica).
    /// Sets the replica's state by the outcome.
    pub async fn replica_caught_up(&self) -> bool {
        let Some(replica) = self.replica.clone() else { return true };
        match self.run(|conn| Ok(replica::wal_position(conn, replica::WalSide::Flushed)?)).await {
            Ok(Some(target)) => replica.catch_up(target).await,
            Ok(None) => false,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the primary's WAL position");
                false
            }
        }
    }

    pub fn with_replica(mut self, replica: Replica) -> Self {
        self.replica = Some(Arc::new(replica));
        self
    }

    pub fn replica(&self) -> Option<&Replica> {
        self.replica.as_deref()
    }

    /// Runs `f` inside one write transaction (see [`write_tx`]): everything it does commits
    /// or nothing does. `f` may run more than once, so it must not act outside the database.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnMut(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let span = tracing::Span::current();
        // Take the turn before the connection, so waiting writers hold no connection (nor
        // thread) that readers could use.
        let turn = match self.backend {
            Backend::Sqlite => Some(self.sqlite_writer.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        let permit = self.permit().await?;
        actix_web::web::block(move || {
            let _entered = span.enter();
            let (_turn, _permit) = (turn, permit);
            let mut conn = pool.get().map_err(ApiError::unavailable)?;
            write_tx(&mut conn, f)
        })
        .await
        .map_err(ApiError::internal)?
    }
}

/// Reads the first row of `$query` and, on PostgreSQL, locks it (`FOR UPDATE`) until the
/// transaction ends. SQLite needs no row locks: its writers take turns.
macro_rules! first_for_update {
    ($conn:expr, $query:expr) => {
        match $conn {
            $crate::db::DbConn::Postgres(c) => $query.for_update().first(c).optional(),
            $crate::db::DbConn::Sqlite(c) => $query.first(c).optional(),
        }
    };
}
pub(crate) use first_for_update;

/// The current time as stored: UTC, truncated to microseconds so both backends keep exactly
/// what was written.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

/// The columns of `T`, for `RETURNING` clauses: `MultiConnection` cannot take
/// `T::as_returning()`, but it can take the plain selection.
pub fn columns<T: diesel::Selectable<MultiBackend>>() -> T::SelectExpression {
    T::construct_selection()
}

/// Escapes `%`, `_` and `\` so user text matches literally in `LIKE ... ESCAPE '\'`.
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// The `LIKE` pattern for "contains `text`, ignoring case"; compare with `lower(column)`.
pub fn contains_pattern(text: &str) -> String {
    format!("%{}%", escape_like(&text.to_lowercase()))
}

/// Writes a consistent copy of a SQLite database to `path` with `VACUUM INTO`, which reads
/// one snapshot, so writers carry on meanwhile.
pub fn backup_sqlite(conn: &mut DbConn, path: &str) -> anyhow::Result<()> {
    let DbConn::Sqlite(sqlite) = conn else {
        anyhow::bail!("backup copies SQLite databases; for PostgreSQL use pg_dump");
    };
    // VACUUM INTO fills an empty file; creating it first makes the copy private too.
    create_private(path)?;
    diesel::sql_query("VACUUM INTO $1").bind::<diesel::sql_types::Text, _>(path).execute(sqlite)?;
    Ok(())
}

/// The key of PostgreSQL's advisory lock taken while a node migrates and bootstraps.
const STARTUP_LOCK: i64 = 0x6d61_7271_7565_6501;

/// Runs `f` holding the database-wide start-up lock, so nodes starting at the same moment
/// migrate and bootstrap one after another: PostgreSQL's session advisory lock (released
/// when the connection closes, should the process die), SQLite's write lock; `f` runs in
/// one transaction on both.
pub fn with_startup_lock<T>(conn: &mut DbConn, f: impl FnOnce(&mut DbConn) -> anyhow::Result<T>) -> anyhow::Result<T> {
    use diesel::sql_types::BigInt;
    match conn {
        DbConn::Postgres(c) => {
            diesel::sql_query("SELECT pg_advisory_lock($1)").bind::<BigInt, _>(STARTUP_LOCK).execute(c)?;
            // One transaction, as on SQLite: the first admin and its audit row, the secret,
            // commit together or not at all.
            let result = conn.transaction(|conn| f(conn));
            diesel::sql_query("SELECT pg_advisory_unlock($1)").bind::<BigInt, _>(STARTUP_LOCK).execute(conn)?;
            result
        }
        DbConn::Sqlite(c) => {
            // Another node may hold the lock for a while (migrating, hashing the first
            // admin's password on a loaded machine): a start-up waits longer than the busy
            // timeout a request would.
            let deadline = std::time::Instant::now() + Duration::from_secs(120);
            loop {
                match AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE") {
                    Err(diesel::result::Error::DatabaseError(_, info))
                        if info.message().contains("locked") && std::time::Instant::now() < deadline =>
                    {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    other => break other?,
                }
            }
            match f(conn) {
                Ok(value) => {
                    DbConn::commit_transaction(conn)?;
                    Ok(value)
                }
                Err(e) => {
                    DbConn::rollback_transaction(conn)?;
                    Err(e)
                }
            }
        }
    }
}
