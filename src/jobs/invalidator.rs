//! Follows the change feed: keeps this node's response cache correct when other nodes (or
//! the command line) write to the same database, and hands every new row to the live change
//! streams (see [`crate::feed`]). Local writes purge at once and wake it; on PostgreSQL other
//! nodes' commits wake it through `LISTEN` ([`super::listener`]); its tick catches up on
//! anything a lost connection hid.

use std::time::Duration;

use crate::cache::SurrogateKey;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Rows read per query while catching up.
const BATCH: i64 = 1000;

pub async fn run(state: actix_web::web::Data<AppState>, every: Duration) {
    let mut last = loop {
        match state.db.run(|conn| Ok(db::changes::last_id(conn)?)).await {
            Ok(last) => break last,
            Err(e) => {
                tracing::warn!(error = %e, "change follower could not start; retrying");
                tokio::time::sleep(every).await;
            }
        }
    };
    state.feed.followed_to(last);
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            () = state.feed.woken() => {}
        }
        match follow(&state, last).await {
            Ok(next) => last = next,
            Err(e) => tracing::warn!(error = %e, "change follower could not read the feed"),
        }
    }
}

/// Purges and publishes what the changes after `last` touched; returns where to resume. It
/// reads the feed the way public followers do, so it misses no row whatever the commit order.
pub async fn follow(state: &AppState, mut last: i64) -> Result<i64, ApiError> {
    loop {
        let after = last;
        let rows = state.db.run(move |conn| Ok(db::changes::since(conn, after, BATCH)?)).await?;
        let Some(newest) = rows.last().map(|c| c.id) else {
            // Nothing new in the feed; this node's own writes may still wait for the replica.
            purge_when_replayed(state, Vec::new()).await;
            return Ok(last);
        };
        let keys: Vec<SurrogateKey> = rows
            .iter()
            .filter(|c| !state.feed.was_written_here(c.id))
            .flat_map(|c| SurrogateKey::stale_after_change(c.kind, c.record_id))
            .collect();
        purge_when_replayed(state, keys).await;
        state.feed.publish(&rows);
        last = newest;
        if (rows.len() as i64) < BATCH {
            return Ok(last);
        }
    }
}

/// Purges `keys`, with this node's own writes' keys queued for the replica; while public
/// reads go to a read replica, only once it has replayed what the primary holds now, so no
/// reader caches its older view after the purge. (A slow replica is left for the primary
/// after [`db::replica::CATCH_UP`]; the purge happens then.)
async fn purge_when_replayed(state: &AppState, mut keys: Vec<SurrogateKey>) {
    if state.db.replica().is_some() {
        let queued = state.feed.take_replay_purges();
        if queued.overflowed {
            keys.clear();
            state.cache.clear();
        }
        keys.extend(queued.keys);
        if !keys.is_empty() && state.db.replica().is_some_and(|r| r.state() == db::replica::ReplicaState::Up) {
            state.db.replica_caught_up().await;
        }
    }
    if !keys.is_empty() {
        state.cache.purge(&keys);
    }
}

/// Checks the read replica every `every`: how far behind it is, and whether public reads
/// may go to it.
pub async fn watch_replica(state: actix_web::web::Data<AppState>, every: Duration) {
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        state.db.replica_caught_up().await;
    }
}
