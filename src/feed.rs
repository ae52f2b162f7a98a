//! This node's view of the change feed as it grows: the follower (`jobs::invalidator`)
//! reads each new row once, purges what it names and publishes it here, where the live
//! change streams (`GET /changes/stream`) pick it up.
//!
//! The follower is woken at once by a local write, by PostgreSQL's notification of another
//! node's commit (`jobs::listener`), and otherwise by its tick, the catch-up path after a
//! lost connection.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{broadcast, Notify};

use crate::cache::SurrogateKey;
use crate::clients::ClientKey;
use crate::db::changes::Change;

/// How many rows a slow stream may fall behind before it re-reads the feed.
const LIVE_BACKLOG: usize = 4096;
/// Local rows remembered for the follower; past this (a follower that cannot read the
/// database) they are forgotten and purged once more, which is only wasteful.
const LOCAL_ROWS: usize = 65_536;
/// Keys waiting for the read replica to replay their writes; past this the follower clears
/// the whole cache instead, which is only slower.
const REPLAY_KEYS: usize = 100_000;
/// Live streams one client may hold at once (a reader with several tabs, a few scripts)…
const STREAMS_PER_CLIENT: usize = 8;
/// …but never more than this share of the node's, so one client never takes them all.
const CLIENT_SHARE_DIVISOR: usize = 4;

pub struct Feed {
    wake: Notify,
    live: broadcast::Sender<Arc<Change>>,
    slots: Arc<Slots>,
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
            slots: Arc::new(Slots::new(max_subscribers)),
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

    /// A place for one more live stream of `client`, unless this node serves as many as it
    /// may, or that client holds its share already.
    pub fn subscribe(&self, client: ClientKey) -> Result<Subscription, Refused> {
        self.slots.take(client)?;
        Ok(Subscription { live: self.live.subscribe(), slot: Slot { slots: self.slots.clone(), client } })
    }

    /// Live streams open on this node.
    pub fn subscribers(&self) -> usize {
        self.slots.taken.lock().unwrap_or_else(PoisonError::into_inner).total
    }
}

/// Why a live stream was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The node serves as many streams as `MARQUEE_STREAM_MAX_SUBSCRIBERS` allows.
    NodeFull,
    /// This client holds its share already.
    ClientFull,
}

/// The node's stream places: how many are taken, and by whom. A client's entry goes when its
/// last stream ends, so the map holds only clients with a stream open.
struct Slots {
    max: usize,
    per_client: usize,
    taken: Mutex<Taken>,
}

#[derive(Default)]
struct Taken {
    total: usize,
    by_client: HashMap<ClientKey, usize>,
}

impl Slots {
    fn new(max: usize) -> Self {
        let per_client = STREAMS_PER_CLIENT.min(max / CLIENT_SHARE_DIVISOR).max(1);
        Slots { max, per_client, taken: Mutex::default() }
    }

    fn take(&self, client: ClientKey) -> Result<(), Refused> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        if taken.by_client.get(&client).copied().unwrap_or(0) >= self.per_client {
            return Err(Refused::ClientFull);
        }
        if taken.total >= self.max {
            return Err(Refused::NodeFull);
        }
        taken.total += 1;
        *taken.by_client.entry(client).or_default() += 1;
        Ok(())
    }

    fn give_back(&self, client: &ClientKey) {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        taken.total = taken.total.saturating_sub(1);
        if let Some(n) = taken.by_client.get_mut(client) {
            *n -= 1;
            if *n == 0 {
                taken.by_client.remove(client);
            }
        }
    }
}

/// A stream's place, given back when dropped.
struct Slot {
    slots: Arc<Slots>,
    client: ClientKey,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.give_back(&self.client);
    }
}

/// One live stream's receiver; gives its place back when dropped.
pub struct Subscription {
    pub live: broadcast::Receiver<Arc<Change>>,
    #[allow(dead_code)]
    slot: Slot,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(n: u8) -> ClientKey {
        ClientKey::of(std::net::IpAddr::from([192, 0, 2, n]))
    }

    #[test]
    fn one_client_takes_its_share_and_the_rest_stay_for_others() {
        let feed = Feed::new(20);
        let mine: Vec<Subscription> = (0..5).map(|_| feed.subscribe(client(1)).unwrap()).collect();
        assert_eq!(feed.subscribe(client(1)).err(), Some(Refused::ClientFull));
        let others: Vec<Subscription> = (2..=16).map(|n| feed.subscribe(client(n)).unwrap()).collect();
        assert_eq!(feed.subscribers(), 20);
        assert_eq!(feed.subscribe(client(17)).err(), Some(Refused::NodeFull));
        drop(mine);
        assert_eq!(feed.subscribers(), 15);
        assert!(!feed.slots.taken.lock().unwrap().by_client.contains_key(&client(1)), "forgotten at zero");
        assert!(feed.subscribe(client(1)).is_ok());
        drop(others);
    }
}
