//! The connection pool: a manager that opens either backend from its URL, SQLite files
//! created private, the checks made before a pool is handed out, and the one step that runs
//! work with a pooled connection off the async workers.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedMutexGuard, Semaphore};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::{PgConnection, SqliteConnection};

use super::DbConn;
use crate::config::DatabaseUrl;
use crate::error::ApiError;

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Per-connection settings for SQLite. WAL persists in the file; the rest is per connection.
/// The busy timeout comes first: switching a new file to WAL takes a lock that another
/// process starting at the same moment may hold.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
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
                create_private(path).map_err(|e| {
                    ConnectionError::BadConnection(format!("cannot create the database file {path}: {e}"))
                })?;
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

    /// A connection dropped while a panic unwinds, or with a transaction still open or
    /// failed, is discarded: on SQLite an open write transaction would hold the write lock
    /// for every later writer.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        use diesel::r2d2::R2D2Connection;
        std::thread::panicking()
            || match conn {
                DbConn::Postgres(c) => c.is_broken(),
                DbConn::Sqlite(c) => c.is_broken(),
            }
    }
}

/// Creates a SQLite file that does not exist yet readable by its owner only: it holds password
/// and token hashes and the generated JWT secret. SQLite gives its WAL and shared-memory files
/// the database file's permissions.
pub(super) fn create_private(path: &str) -> std::io::Result<()> {
    if path == ":memory:" || path.starts_with("file:") || std::path::Path::new(path).exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it a moment ago.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Builds the pool and checks that one connection can be made, so a bad URL or password
/// stops the start with the database's own message.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Pool, String> {
    Manager::new(url.clone()).connect().map_err(|e| format!("cannot connect to the database: {e}"))?;
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(5))
        // A SQLite connection cannot go away under us; asking it "SELECT 1" on every check-out
        // would cost a statement preparation per request. A PostgreSQL one can (a restart,
        // an idle timeout), so it is checked.
        .test_on_check_out(matches!(url, DatabaseUrl::Postgres(_)))
        .build(Manager::new(url.clone()))
        .map_err(|e| format!("cannot open the connection pool: {e}"))
}

/// Whether the database answers, within `wait` for a connection.
pub fn ping(pool: &Pool, wait: Duration) -> Result<(), ApiError> {
    let mut conn = pool.get_timeout(wait).map_err(ApiError::unavailable)?;
    conn.batch_execute("SELECT 1").map_err(ApiError::unavailable)
}

/// Runs `f` with a connection of `pool` on the blocking thread pool, once a permit (one per
/// connection) is free, in the caller's span. `turn`, when given, is held until `f` ends.
pub(super) async fn on_blocking_pool<T, F>(
    pool: &Pool,
    permits: &Arc<Semaphore>,
    turn: Option<OwnedMutexGuard<()>>,
    f: F,
) -> Result<T, ApiError>
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
        let (_turn, _permit) = (turn, permit);
        let mut conn = pool.get().map_err(ApiError::unavailable)?;
        f(&mut conn)
    })
    .await
    .map_err(ApiError::internal)?
}
