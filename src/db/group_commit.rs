//! Group commit for small independent writes on SQLite (reader comments).
//!
//! SQLite has one writer at a time, so a burst of comments queues behind the write lock and
//! each pays a whole transaction of its own. Here they queue in a channel instead, and one
//! thread runs whatever has gathered while the previous batch committed in one transaction,
//! each job in its own savepoint: a job that fails rolls back alone and the others commit.
//! Nobody hears of their write before the transaction that holds it has committed, so an
//! acknowledged write survives a crash exactly as one committed alone does.
//!
//! On PostgreSQL writers run in parallel and each job is its own transaction (`Db::write`).

use std::sync::mpsc;

use diesel::Connection;

use super::tx::{self, Patience};
use super::{Db, DbConn, Pool};
use crate::error::ApiError;

impl Db {
    /// Like [`Db::write`], for small independent writes that come in bursts (reader
    /// comments): on SQLite they are committed together, a savepoint each (see
    /// this module); on PostgreSQL each is its own transaction.
    pub async fn write_grouped<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnMut(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        match &self.grouped {
            Some(grouped) => grouped.write(f).await,
            None => self.write(f).await,
        }
    }
}

/// The most jobs one transaction takes; more wait for the next.
const MAX_BATCH: usize = 256;

/// Runs one job in the batch's transaction; what it returns tells the job's caller the
/// outcome, once the batch's fate is known.
type Job = Box<dyn FnOnce(&mut DbConn) -> Deliver + Send>;
/// Tells a job's caller how it ended: `Ok(())` if the batch committed, else why not.
type Deliver = Box<dyn FnOnce(Result<(), String>) + Send>;

/// The sending side of the queue; the thread ends when every clone is gone.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Starts the committing thread. It takes `writer` around each batch, like every other
    /// SQLite write, so batches and single writes take turns.
    pub fn start(pool: Pool, writer: std::sync::Arc<tokio::sync::Mutex<()>>) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("marquee-group-commit".into())
            .spawn(move || {
                while let Ok(first) = queue.recv() {
                    let mut batch = vec![first];
                    batch.extend(queue.try_iter().take(MAX_BATCH - 1));
                    let _turn = writer.blocking_lock();
                    run_batch(&pool, batch);
                }
            })
            .expect("a thread can be started");
        GroupCommit { jobs }
    }

    /// Queues `f` and waits for the batch it ran in to commit. `f` runs inside a savepoint:
    /// its error rolls back its own changes only.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (tell, told) = tokio::sync::oneshot::channel::<Result<T, ApiError>>();
        let span = tracing::Span::current();
        let job: Job = Box::new(move |conn| {
            let _entered = span.enter();
            let outcome = conn.transaction(f);
            Box::new(move |committed: Result<(), String>| {
                let result = match (committed, outcome) {
                    (Ok(()), outcome) => outcome,
                    // The job itself failed: its error, whatever became of the others.
                    (Err(_), Err(e)) => Err(e),
                    (Err(why), Ok(_)) => Err(ApiError::unavailable(why)),
                };
                // The caller may have gone away (a closed connection): nothing to tell.
                let _ = tell.send(result);
            })
        });
        self.jobs.send(job).map_err(|_| ApiError::unavailable("the group-commit thread has stopped"))?;
        told.await.map_err(|_| ApiError::unavailable("the group-commit thread dropped a write"))?
    }
}

/// One transaction for the whole batch; every job learns the outcome after the commit. A
/// batch that cannot start, or a job that panics, drops the batch: its callers hear that the
/// service is unavailable, and nothing of it commits.
fn run_batch(pool: &Pool, batch: Vec<Job>) {
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(e) => return tracing::warn!(error = %e, jobs = batch.len(), "no connection for a batch of writes"),
    };
    let jobs = batch.len();
    let mut delivers: Vec<Deliver> = Vec::with_capacity(jobs);
    let committed = tx::once(&mut conn, Patience::Request, |conn: &mut DbConn| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            delivers.extend(batch.into_iter().map(|job| job(&mut *conn)));
        }))
        .map_err(|_| ApiError::internal(anyhow::anyhow!("a write in a batch panicked; the batch is rolled back")))
    });
    if let Err(e) = &committed {
        tracing::warn!(error = %e, jobs, "a batch of writes did not commit");
    }
    let committed = committed.map_err(|e| e.to_string());
    for deliver in delivers {
        deliver(committed.clone());
    }
}
