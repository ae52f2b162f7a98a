//! Database access: the two-backend connection, its pool, migrations, and the one helper
//! through which handlers run SQL off the async workers.
//!
//! Every other module in `db/` holds plain synchronous functions on `&mut DbConn` that return
//! `QueryResult`, so several of them compose inside one transaction.

pub mod api_tokens;
pub mod articles;
pub mod audit;
pub mod changes;
pub mod comments;
pub mod credits;
pub mod movies;
pub mod people;
pub mod previews;
pub mod revisions;
pub mod schema;
pub mod search;
pub mod sections;
pub mod sessions;
pub mod settings;
pub mod users;

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::config::DatabaseUrl;
use crate::error::ApiError;

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

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Per-connection settings for SQLite. WAL persists in the file; the rest is per connection.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";

/// An r2d2 manager that opens the concrete connection the URL's scheme names, so a wrong
/// PostgreSQL password reports itself instead of diesel's generic "invalid connection url".
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    pub fn new(url: DatabaseUrl) -> Self {
        Manager { url }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConn, ConnectionError> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)?;
                conn.batch_execute(SQLITE_PRAGMAS).map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => Ok(DbConn::Postgres(PgConnection::establish(url)?)),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1").map_err(ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Builds the pool and checks that one connection can be made, so a bad URL or password
/// stops the start with the database's own message.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Pool, String> {
    Manager::new(url.clone()).connect().map_err(|e| format!("cannot connect to the database: {e}"))?;
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(5))
        .build(Manager::new(url.clone()))
        .map_err(|e| format!("cannot open the connection pool: {e}"))
}

/// Applies the embedded migrations of the connection's backend; returns the names applied.
pub fn migrate(conn: &mut DbConn) -> Result<Vec<String>, String> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| format!("migration failed: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Runs `f` in a write transaction. On SQLite that is `BEGIN IMMEDIATE`, which takes the
/// write lock up front: a deferred transaction that reads and then writes fails with
/// "database is locked" under concurrency instead of waiting for the busy timeout.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
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
            // connection broken, and r2d2 discards broken connections.
            if let Err(rollback) = DbConn::rollback_transaction(conn) {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

/// The pool, shared by all handlers. `run` and `write` move the work onto the blocking
/// thread pool so no actix worker ever waits on SQL.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: Backend,
    /// SQLite has one writer at a time; queueing writers here, in order, beats SQLite's
    /// busy handler, which sleeps in growing steps and makes tail latency jump.
    sqlite_writer: std::sync::Arc<std::sync::Mutex<()>>,
}

impl Db {
    pub fn new(pool: Pool, backend: Backend) -> Self {
        Db { pool, backend, sqlite_writer: Default::default() }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Runs `f` with a pooled connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().map_err(ApiError::unavailable)?;
            f(&mut conn)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `f` inside one write transaction: everything it does commits or nothing does.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (pool, writer, sqlite) = (self.pool.clone(), self.sqlite_writer.clone(), self.backend == Backend::Sqlite);
        actix_web::web::block(move || {
            // Take the turn before the connection, so waiting writers hold no connection
            // that readers could use.
            let _turn = sqlite.then(|| writer.lock().unwrap_or_else(|e| e.into_inner()));
            let mut conn = pool.get().map_err(ApiError::unavailable)?;
            write_tx(&mut conn, f)
        })
        .await
        .map_err(ApiError::internal)?
    }
}

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

/// Whether the database answers, within `wait` for a connection.
pub fn ping(pool: &Pool, wait: Duration) -> Result<(), ApiError> {
    let mut conn = pool.get_timeout(wait).map_err(ApiError::unavailable)?;
    conn.batch_execute("SELECT 1").map_err(ApiError::unavailable)
}

/// Writes a consistent copy of a SQLite database to `path` with `VACUUM INTO`, which reads
/// one snapshot, so writers carry on meanwhile.
pub fn backup_sqlite(conn: &mut DbConn, path: &str) -> anyhow::Result<()> {
    let DbConn::Sqlite(sqlite) = conn else {
        anyhow::bail!("backup copies SQLite databases; for PostgreSQL use pg_dump");
    };
    diesel::sql_query("VACUUM INTO $1").bind::<diesel::sql_types::Text, _>(path).execute(sqlite)?;
    Ok(())
}
