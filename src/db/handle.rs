//! [`Db`], the handle every handler and job holds: the pool, and the steps that run SQL off
//! the async workers — reads on the primary or the read replica, writes in one transaction
//! (see [`super::tx`]), queued in order on SQLite.

use std::sync::Arc;

use tokio::sync::Semaphore;

use super::group_commit::GroupCommit;
use super::pool::on_blocking_pool;
use super::replica::{self, Replica, ReplicaState};
use super::{tx, Backend, DbConn, Pool};
use crate::error::ApiError;

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
    /// Small independent writes committed together on SQLite (see [`super::group_commit`]).
    pub(super) grouped: Option<GroupCommit>,
    /// One per pooled connection: work waits for one as a task before taking a blocking
    /// thread, which would only wait on the pool (and hold its allocator's memory).
    permits: Arc<Semaphore>,
    /// Where public reads go when it keeps up (`MARQUEE_READ_DATABASE_URL`).
    replica: Option<Arc<Replica>>,
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

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Runs `f` with a pooled connection on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        on_blocking_pool(&self.pool, &self.permits, None, f).await
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

    /// Runs `f` inside one write transaction (see [`tx::write`]): everything it does commits
    /// or nothing does. `f` may run more than once, so it must not act outside the database.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnMut(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        // Take the turn before the connection, so waiting writers hold no connection (nor
        // thread) that readers could use.
        let turn = match self.backend {
            Backend::Sqlite => Some(self.sqlite_writer.clone().lock_owned().await),
            Backend::Postgres => None,
        };
        on_blocking_pool(&self.pool, &self.permits, turn, move |conn| tx::write(conn, f)).await
    }
}
