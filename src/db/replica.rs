//! An optional PostgreSQL streaming replica for public reads (`MARQUEE_READ_DATABASE_URL`).
//!
//! A replica replays the primary's write-ahead log a little later, so a response built from
//! it may predate a write this node has just made or been told of. Two rules keep the cache
//! correct anyway: the change follower purges what a change touched once more after the
//! replica has replayed past the primary's WAL position read after the change
//! ([`super::Db::replica_caught_up`]), and public reads use the replica only while it keeps
//! up. One that cannot be reached, fails a read, or has not replayed the primary's position
//! within [`CATCH_UP`] is left to the primary until a later check finds it caught up.

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use tokio::sync::Semaphore;

use super::pool::on_blocking_pool;
use super::{DbConn, Manager, Pool};
use crate::config::DatabaseUrl;
use crate::error::ApiError;

/// How long the replica may take to replay a position before reads leave it.
pub const CATCH_UP: Duration = Duration::from_secs(1);
/// How often a wait for the replica asks how far it has replayed.
const POLL: Duration = Duration::from_millis(2);
/// How long a read waits for a replica connection: an unreachable replica must cost little.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

/// Whether public reads go to the replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplicaState {
    /// It answers and keeps up: public reads go to it.
    Up,
    /// It answers but did not replay the primary's position within [`CATCH_UP`].
    Behind,
    /// It cannot be reached, is not a standby, or failed a read.
    Down,
}

impl ReplicaState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReplicaState::Up => "up",
            ReplicaState::Behind => "behind",
            ReplicaState::Down => "down",
        }
    }
}

pub struct Replica {
    pool: Pool,
    permits: Arc<Semaphore>,
    state: AtomicU8,
    /// How long the last completed check took the replica to replay the primary's position.
    lag_micros: AtomicU64,
    reads: AtomicU64,
    fallbacks: AtomicU64,
}

impl Replica {
    /// A pool for the replica, opened without connecting: a replica that is down when the
    /// node starts is a replica to come back to, not a reason not to start. It starts out
    /// [`ReplicaState::Down`] until the first check finds it caught up.
    pub fn open(url: &DatabaseUrl, max_size: u32) -> Self {
        let pool = diesel::r2d2::Pool::builder()
            .max_size(max_size)
            .min_idle(Some(0))
            .connection_timeout(CONNECT_TIMEOUT)
            .test_on_check_out(true)
            .build_unchecked(Manager::new(url.clone()));
        Replica {
            pool,
            permits: Arc::new(Semaphore::new(max_size as usize)),
            state: AtomicU8::new(ReplicaState::Down as u8),
            lag_micros: AtomicU64::new(0),
            reads: AtomicU64::new(0),
            fallbacks: AtomicU64::new(0),
        }
    }

    pub fn state(&self) -> ReplicaState {
        match self.state.load(Ordering::Acquire) {
            s if s == ReplicaState::Up as u8 => ReplicaState::Up,
            s if s == ReplicaState::Behind as u8 => ReplicaState::Behind,
            _ => ReplicaState::Down,
        }
    }

    fn set_state(&self, state: ReplicaState) {
        let was = self.state.swap(state as u8, Ordering::AcqRel);
        if was != state as u8 {
            match state {
                ReplicaState::Up => tracing::info!("public reads go to the read replica"),
                other => tracing::warn!(state = other.as_str(), "public reads go to the primary"),
            }
        }
    }

    /// The time the last check took the replica to replay the primary's position.
    pub fn lag(&self) -> Duration {
        Duration::from_micros(self.lag_micros.load(Ordering::Relaxed))
    }

    /// Public reads the replica served, and those it failed that the primary served instead.
    pub fn counts(&self) -> (u64, u64) {
        (self.reads.load(Ordering::Relaxed), self.fallbacks.load(Ordering::Relaxed))
    }

    pub(super) async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        on_blocking_pool(&self.pool, &self.permits, None, f).await
    }

    pub(super) fn served(&self) {
        self.reads.fetch_add(1, Ordering::Relaxed);
    }

    /// A read failed on the replica (the caller retries it on the primary): reads leave the
    /// replica until a check finds it well.
    pub(super) fn failed(&self, error: &ApiError) {
        self.fallbacks.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(error = %error, "a public read failed on the read replica");
        self.set_state(ReplicaState::Down);
    }

    /// Waits for the replica to replay `target`, at most [`CATCH_UP`]; sets its state by
    /// the outcome and returns whether it did.
    pub(super) async fn catch_up(&self, target: u64) -> bool {
        let started = Instant::now();
        loop {
            let outcome = match self.run(|conn| Ok(wal_position(conn, WalSide::Replayed)?)).await {
                Ok(Some(replayed)) if replayed >= target => ReplicaState::Up,
                Ok(Some(_)) if started.elapsed() < CATCH_UP => {
                    tokio::time::sleep(POLL).await;
                    continue;
                }
                Ok(Some(_)) => ReplicaState::Behind,
                Ok(None) => {
                    tracing::warn!("MARQUEE_READ_DATABASE_URL names a server that is not a standby");
                    ReplicaState::Down
                }
                Err(e) => {
                    if self.state() != ReplicaState::Down {
                        tracing::warn!(error = %e, "the read replica does not answer");
                    }
                    ReplicaState::Down
                }
            };
            if outcome != ReplicaState::Down {
                self.lag_micros.store(started.elapsed().as_micros() as u64, Ordering::Relaxed);
            }
            self.set_state(outcome);
            return outcome == ReplicaState::Up;
        }
    }
}

/// Which write-ahead log position to read.
pub(super) enum WalSide {
    /// On the primary: how far its log is flushed (what a standby can have received).
    Flushed,
    /// On a standby: how far it has replayed (`None` on a server that is not one).
    Replayed,
}

#[derive(QueryableByName)]
struct Position {
    #[diesel(sql_type = Nullable<Text>)]
    lsn: Option<String>,
}

/// A WAL position as a number (PostgreSQL prints `hi/lo` in hex); `None` where the server
/// has none to give.
pub(super) fn wal_position(conn: &mut DbConn, side: WalSide) -> QueryResult<Option<u64>> {
    let DbConn::Postgres(pg) = conn else { return Ok(None) };
    let sql = match side {
        WalSide::Flushed => "SELECT pg_current_wal_flush_lsn()::text AS lsn",
        WalSide::Replayed => "SELECT pg_last_wal_replay_lsn()::text AS lsn",
    };
    let row: Position = diesel::sql_query(sql).get_result(pg)?;
    Ok(row.lsn.as_deref().and_then(parse_lsn))
}

fn parse_lsn(text: &str) -> Option<u64> {
    let (hi, lo) = text.split_once('/')?;
    Some((u64::from_str_radix(hi, 16).ok()? << 32) | u64::from_str_radix(lo, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::parse_lsn;

    #[test]
    fn wal_positions_compare_as_numbers() {
        assert_eq!(parse_lsn("0/16B3748"), Some(0x16B_3748));
        assert_eq!(parse_lsn("16/B374D848"), Some((0x16 << 32) | 0xB374_D848));
        assert!(parse_lsn("1/FFFFFFFF") < parse_lsn("2/0"));
        assert_eq!(parse_lsn("nonsense"), None);
    }
}
