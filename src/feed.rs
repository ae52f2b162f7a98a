//! This node's view of the change feed as it grows: the follower (`jobs::invalidator`)
//! reads each new row once, purges what it names and publishes it here, where the live
//! change streams (`GET /changes/stream`) pick it up.
//!
//! The follower is woken at once by a local write, by PostgreSQL's notification of another
//! node's commit (`jobs::listener`), and otherwise by its tick, the catch-up path after a
//! lost connection.

use crate::cache::SurrogateKey;
use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{broadcast, Notify};

use crate::db::changes::Change;

/// How many rows a slow stream may fall behind before it re-reads the feed.
const LIVE_BACKLOG: usize = 4096;
/// Local rows remembered for the follower; past this (a follower that cannot read the
/// database) they are forgotten and purged once more, which is only wasteful.
const LOCAL_ROWS: usize = 65_536;
/// Keys waiting for the read replica to replay their writes; past this the follower clears
/// the whole cache instead, which is only slower.
const REPLAY_KEYS: usize = 100_000;

pub struct Feed {
    wake: Notify,
    live: broadcast::Sender<Arc<Change>>,
    subscribers: Arc<AtomicUsize>,
    max_subscribers: usize,
    /// Rows this node wrote and purged for already, until the follower reads them.
    local: Mutex<HashSet<i64>>,
    /// The id of the last row the follower has handled.
    position: AtomicI64,
    /// Cache keys this node's writes purged, to purge again once the read replica has
    /// replayed those writes (a reader may have cached the replica's older view meanwhile).
    replayed: Mutex<ReplayPurges>,
}

/// The keys to purge after the replica replays, or "everything" once there were too many.
#[derive(Default)]
pub struct ReplayPurges {
    pub keys: Vec<SurrogateKey>,
    pub overflowed: bool,
}

impl Feed {
    pub fn new(max_subscribers: usize) -> Self {
        Feed {
            wake: Notify::new(),
            live: broadcast::channel(LIVE_BACKLOG).0,
            subscribers: Arc::new(AtomicUsize::new(0)),
            max_subscribers,
            local: Mutex::new(HashSet::new()),
            position: AtomicI64::new(0),
            replayed: Mutex::default(),
        }
    }

    /// Notes feed rows a write on this node added, after it purged what they name.
    pub fn written_here(&self, ids: &[i64]) {
        let mut local = self.local.lock().unwrap_or_else(PoisonError::into_inner);
        if local.len() + ids.len() > LOCAL_ROWS {
            local.clear();
        }
        local.extend(ids);
    }

    /// Whether the row was written on this node (and so purged for already); forgets it.
    pub fn was_written_here(&self, id: i64) -> bool {
        self.local.lock().unwrap_or_else(PoisonError::into_inner).remove(&id)
    }

    /// Queues keys to purge again once the read replica has replayed the write that purged
    /// them; the follower does it ([`Feed::take_replay_purges`]).
    pub fn purge_after_replay<'a>(&self, keys: impl IntoIterator<Item = &'a SurrogateKey>) {
        let mut queued = self.replayed.lock().unwrap_or_else(PoisonError::into_inner);
        if queued.overflowed {
            return;
        }
        queued.keys.extend(keys.into_iter().cloned());
        if queued.keys.len() > REPLAY_KEYS {
            *queued = ReplayPurges { keys: Vec::new(), overflowed: true };
        }
    }

    pub fn take_replay_purges(&self) -> ReplayPurges {
        std::mem::take(&mut *self.replayed.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Asks the follower to read the feed now (a write committed somewhere).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits until someone calls [`Feed::wake`] (one call is kept if nobody waited).
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    /// Hands rows the follower read, in feed order, to the live streams.
    pub fn publish(&self, rows: &[Change]) {
        for row in rows {
            // An error only means that no stream is listening.
            let _ = self.live.send(Arc::new(row.clone()));
        }
        self.followed_to(rows.last().map_or(0, |row| row.id));
    }

    /// Notes how far the follower has read and purged.
    pub fn followed_to(&self, id: i64) {
        self.position.fetch_max(id, Ordering::AcqRel);
    }

    /// The id of the last feed row this node has purged for and published.
    pub fn position(&self) -> i64 {
        self.position.load(Ordering::Acquire)
    }

    /// A place for one more live stream, or `None` when this node has as many as allowed.
    pub fn subscribe(&self) -> Option<Subscription> {
        let taken = self.subscribers.fetch_add(1, Ordering::AcqRel);
        if taken >= self.max_subscribers {
            self.subscribers.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Subscription { live: self.live.subscribe(), count: self.subscribers.clone() })
    }

    /// Live streams open on this node.
    pub fn subscribers(&self) -> usize {
        self.subscribers.load(Ordering::Acquire)
    }
}

/// One live stream's receiver; gives its place back when dropped.
pub struct Subscription {
    pub live: broadcast::Receiver<Arc<Change>>,
    count: Arc<AtomicUsize>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::AcqRel);
    }
}
