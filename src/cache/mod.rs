//! The in-process cache of public responses, and the one map of how they are invalidated.
//!
//! Each entry is a serialized body (with its gzip and brotli forms, made on the compressor's
//! threads before it is stored, so a hit never compresses), its ETag and the surrogate keys
//! of everything it shows. The store is [moka]'s: bounded by bytes
//! (`MARQUEE_CACHE_MAX_BYTES`), evicting one entry at a time by TinyLFU, which also keeps a
//! flood of one-off URLs from pushing out the pages readers come back to.
//!
//! # How a response is filed
//!
//! - [`CacheKey`] ([`keys`]): the entry's name, built by the public handlers
//!   (`routes::public`) from a route's known query parameters only, so junk parameters make
//!   no entries at all.
//! - [`Deps`] ([`deps`]): while a response is assembled (`content::views`, the handlers'
//!   `build` closures) every record it shows is noted; their [`SurrogateKey`]s become the
//!   `Surrogate-Key` header and this cache's index, their versions the ETag. Lists also note
//!   the [`Collection`] they show.
//!
//! # How it is purged
//!
//! - A write on this node: each workflow reports what it changed through
//!   `content::Effects` (`changed` for a public record, which also names its collections
//!   through [`Collection::touched_by`], `stale` for a key no feed row stands for: an
//!   author's profile); `AppState::after_commit` purges those keys once the transaction has
//!   committed.
//! - A write on another node (or by the command line): the feed rows it committed are read
//!   by `jobs::invalidator`, which purges [`SurrogateKey::stale_after_change`] of each; on
//!   PostgreSQL `jobs::listener` wakes it at once through `LISTEN`, and purges the keys a
//!   notification names (parsed back with [`SurrogateKey::parse`]). A lost notification
//!   connection clears the whole cache when it is back; the follower's once-a-second tick is
//!   the catch-up path.
//! - With a read replica, a write's keys are purged again once the replica has replayed it
//!   (`feed::Feed::purge_after_replay`).
//!
//! Four rules keep it correct:
//! - a response built while a purge happened is not stored (the purge may have raced it);
//! - when a scheduled article falls due, everything is dropped, and nothing is stored until
//!   the next due time is known again, so visibility never waits for the scheduler;
//! - a purge names keys, never entries: an entry is dropped for any key it recorded;
//! - as a safety net for anything else, an entry lives at most [`TTL`].

mod deps;
mod keys;

pub use deps::Deps;
pub use keys::{CacheKey, Collection, SurrogateKey};

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use actix_web::http::header::{HeaderValue, InvalidHeaderValue};
use actix_web::web::Bytes;
use moka::notification::RemovalCause;

use crate::compression::{Compressed, Compressor, Encoding};

#[derive(Debug)]
pub struct Cached {
    pub body: Bytes,
    pub etag: HeaderValue,
    /// The `Surrogate-Key` header value.
    pub surrogate_keys: HeaderValue,
    /// The same keys, to forget this entry by when it goes.
    keys: Vec<SurrogateKey>,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// Tells this entry from another stored later under the same key, in the index.
    serial: u64,
}

static SERIALS: AtomicU64 = AtomicU64::new(0);

impl Cached {
    /// A response, with its compressed forms if it is to be stored (made once, before, rather
    /// than on the hits: see [`PublicCache::prepare`]).
    pub fn new(
        body: Bytes,
        etag: HeaderValue,
        keys: Vec<SurrogateKey>,
        compressed: Option<Compressed>,
    ) -> Result<Self, InvalidHeaderValue> {
        let header = keys.iter().map(SurrogateKey::as_str).collect::<Vec<_>>().join(" ");
        let surrogate_keys = HeaderValue::from_str(&header)?;
        let (gzip, brotli) = compressed.map(|c| (c.gzip, c.brotli)).unzip();
        let serial = SERIALS.fetch_add(1, Ordering::Relaxed);
        Ok(Cached { body, etag, surrogate_keys, keys, gzip, brotli, serial })
    }

    /// The body in `encoding` if this entry has it, else as it is. Returns the encoding
    /// actually used.
    pub fn encoded(&self, encoding: Encoding) -> (Bytes, Encoding) {
        let stored = match encoding {
            Encoding::Identity => None,
            Encoding::Gzip => self.gzip.as_ref(),
            Encoding::Brotli => self.brotli.as_ref(),
        };
        match stored {
            Some(bytes) => (bytes.clone(), encoding),
            None => (self.body.clone(), Encoding::Identity),
        }
    }

    /// What the entry costs in memory, roughly: its bodies, keys and bookkeeping.
    fn weight(&self, key: &str) -> u32 {
        let bodies =
            self.body.len() + self.gzip.as_ref().map_or(0, Bytes::len) + self.brotli.as_ref().map_or(0, Bytes::len);
        let keys: usize = self.keys.iter().map(|k| k.as_str().len() * 2 + 48).sum();
        u32::try_from(bodies + keys + key.len() * 2 + 256).unwrap_or(u32::MAX)
    }
}

/// Milliseconds since the epoch; `i64::MAX` means "nothing scheduled".
const NOTHING_DUE: i64 = i64::MAX;
/// Next due time not known: do not store anything.
const DUE_UNKNOWN: i64 = i64::MIN;

/// The longest an entry is served without being rebuilt.
pub const TTL: Duration = Duration::from_secs(300);

/// Cache keys by surrogate key, for purges, each with the serial of the entry stored under
/// it: an entry leaving the cache forgets only its own registrations, never those of a newer
/// entry under the same key (whatever order moka reports removals in).
type Index = Arc<Mutex<HashMap<SurrogateKey, HashMap<String, u64>>>>;

/// Counts of what the cache did, for `/metrics`.
#[derive(Debug, Default)]
pub struct Counters {
    pub hits: AtomicU64,
    pub misses: AtomicU64,
    pub evictions: AtomicU64,
}

pub struct PublicCache {
    entries: Option<moka::sync::Cache<String, Arc<Cached>>>,
    index: Index,
    /// Purges take it to write, stores to read: a store either happens wholly before a
    /// purge (which then sees it) or sees the purge's new generation and gives up.
    gate: RwLock<()>,
    generation: AtomicU64,
    next_due_ms: AtomicI64,
    pub counters: Arc<Counters>,
    /// Responses being built, by key and generation: readers who miss together wait for one
    /// build instead of each running the same queries (a popular page just purged).
    flights: Mutex<HashMap<(String, u64), Arc<Flight>>>,
    /// Compresses what is to be stored (only when there is a store).
    compressor: Option<Compressor>,
}

type Flight = tokio::sync::OnceCell<Option<Arc<Cached>>>;

/// Takes a finished (or abandoned) flight off the board.
struct Landing<'a> {
    flights: &'a Mutex<HashMap<(String, u64), Arc<Flight>>>,
    key: (String, u64),
    flight: Arc<Flight>,
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        let mut flights = self.flights.lock().unwrap_or_else(PoisonError::into_inner);
        if flights.get(&self.key).is_some_and(|f| Arc::ptr_eq(f, &self.flight)) {
            flights.remove(&self.key);
        }
    }
}

/// A reader's ticket: taken before reading the database, presented when storing.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl PublicCache {
    /// A cache of at most `max_bytes` (0: no cache).
    pub fn new(max_bytes: u64) -> std::io::Result<Self> {
        let index: Index = Arc::default();
        let counters = Arc::new(Counters::default());
        let entries = (max_bytes > 0).then(|| {
            let (index, counters) = (index.clone(), counters.clone());
            moka::sync::Cache::builder()
                .max_capacity(max_bytes)
                .weigher(|key: &String, value: &Arc<Cached>| value.weight(key))
                .time_to_live(TTL)
                .eviction_listener(move |key: Arc<String>, value: Arc<Cached>, cause| {
                    if cause == RemovalCause::Size {
                        counters.evictions.fetch_add(1, Ordering::Relaxed);
                    }
                    forget(&index, &key, &value);
                })
                .build()
        });
        let compressor = if entries.is_some() { Some(Compressor::start()?) } else { None };
        Ok(PublicCache {
            entries,
            index,
            gate: RwLock::new(()),
            generation: AtomicU64::new(0),
            next_due_ms: AtomicI64::new(DUE_UNKNOWN),
            counters,
            flights: Mutex::default(),
            compressor,
        })
    }

    /// A response as it is stored: with its compressed forms when there is a store.
    pub async fn prepare(
        &self,
        body: Bytes,
        etag: HeaderValue,
        keys: Vec<SurrogateKey>,
    ) -> Result<Cached, InvalidHeaderValue> {
        let compressed = match &self.compressor {
            Some(compressor) => compressor.compress(body.clone()).await,
            None => None,
        };
        Cached::new(body, etag, keys, compressed)
    }

    fn now_ms() -> i64 {
        chrono::Utc::now().timestamp_millis()
    }

    pub fn get(&self, key: &str) -> Option<Arc<Cached>> {
        let entries = self.entries.as_ref()?;
        let due = self.next_due_ms.load(Ordering::Acquire);
        if due != NOTHING_DUE && Self::now_ms() >= due {
            if due != DUE_UNKNOWN {
                self.set_next_due(DUE_UNKNOWN);
                self.clear();
            }
            return None;
        }
        let found = entries.get(key);
        let counter = if found.is_some() { &self.counters.hits } else { &self.counters.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::Acquire))
    }

    /// Stores a response built from data read after `ticket` was taken, unless a purge
    /// happened in between or the cache is not to be trusted right now.
    pub fn put(&self, ticket: Ticket, key: String, value: Arc<Cached>) {
        let Some(entries) = &self.entries else { return };
        if self.next_due_ms.load(Ordering::Acquire) == DUE_UNKNOWN {
            return;
        }
        let _gate = self.gate.read().unwrap_or_else(PoisonError::into_inner);
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        {
            let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
            for skey in &value.keys {
                index.entry(skey.clone()).or_default().insert(key.clone(), value.serial);
            }
        }
        // Outside the index lock: an insert may evict, and eviction takes the lock.
        entries.insert(key, value);
    }

    /// The response under `key`: from the cache, or from the build already running for it
    /// since the last purge, or built now by `build` and stored. A reader never waits for a
    /// build that started before a purge. If the build it waited for failed, it builds.
    pub async fn get_or_build<E, Fut>(&self, key: CacheKey, build: impl FnOnce() -> Fut) -> Result<Arc<Cached>, E>
    where
        Fut: std::future::Future<Output = Result<Arc<Cached>, E>>,
    {
        let key = key.into_inner();
        if let Some(hit) = self.get(&key) {
            return Ok(hit);
        }
        let ticket = self.ticket();
        if self.entries.is_none() {
            return build().await;
        }
        let flight_key = (key.clone(), ticket.0);
        let flight =
            self.flights.lock().unwrap_or_else(PoisonError::into_inner).entry(flight_key.clone()).or_default().clone();
        let _landing = Landing { flights: &self.flights, key: flight_key, flight: flight.clone() };
        let (mut build, mut failed) = (Some(build), None);
        let built = flight
            .get_or_init(|| async {
                let build = build.take().expect("a flight is built once");
                match build().await {
                    Ok(value) => {
                        self.put(ticket, key, value.clone());
                        Some(value)
                    }
                    Err(e) => {
                        failed = Some(e);
                        None
                    }
                }
            })
            .await
            .clone();
        match (built, failed, build) {
            (_, Some(e), _) => Err(e),
            (Some(value), None, _) => Ok(value),
            (None, None, Some(build)) => build().await,
            (None, None, None) => unreachable!("whoever built the flight either succeeded or failed"),
        }
    }

    /// Drops every response that contains one of `keys`.
    pub fn purge<'a>(&self, keys: impl IntoIterator<Item = &'a SurrogateKey>) {
        let _gate = self.gate.write().unwrap_or_else(PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        let doomed: Vec<String> = {
            let mut index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
            keys.into_iter().filter_map(|skey| index.remove(skey)).flat_map(HashMap::into_keys).collect()
        };
        if let Some(entries) = &self.entries {
            for key in doomed {
                entries.invalidate(&key);
            }
        }
    }

    pub fn clear(&self) {
        let _gate = self.gate.write().unwrap_or_else(PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(entries) = &self.entries {
            entries.invalidate_all();
            entries.run_pending_tasks();
        }
        self.index.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// Tells the cache when the next scheduled article falls due (`None`: none is).
    pub fn set_next_due(&self, at_ms: i64) {
        self.next_due_ms.store(at_ms, Ordering::Release);
    }

    /// Whether a scheduled article may have fallen due that is not published yet: the next
    /// due time has passed, or is not known.
    pub fn due_passed(&self) -> bool {
        match self.next_due_ms.load(Ordering::Acquire) {
            NOTHING_DUE => false,
            DUE_UNKNOWN => true,
            due => Self::now_ms() >= due,
        }
    }

    /// Moves the next due time earlier, never later (see `AppState::after_commit`).
    pub fn lower_next_due(&self, at_ms: i64) {
        self.next_due_ms.fetch_min(at_ms, Ordering::AcqRel);
    }

    pub fn next_due(at: Option<chrono::NaiveDateTime>) -> i64 {
        at.map_or(NOTHING_DUE, |t| t.and_utc().timestamp_millis())
    }

    /// Entries and their weight in bytes, after pending maintenance.
    pub fn size(&self) -> (u64, u64) {
        match &self.entries {
            Some(entries) => {
                entries.run_pending_tasks();
                (entries.entry_count(), entries.weighted_size())
            }
            None => (0, 0),
        }
    }

    pub fn len(&self) -> usize {
        usize::try_from(self.size().0).unwrap_or(usize::MAX)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Removes what `value`, stored under `key`, registered in the index, and empty sets with it.
fn forget(index: &Index, key: &str, value: &Cached) {
    let mut index = index.lock().unwrap_or_else(PoisonError::into_inner);
    for skey in &value.keys {
        if let Some(set) = index.get_mut(skey) {
            if set.get(key) == Some(&value.serial) {
                set.remove(key);
            }
            if set.is_empty() {
                index.remove(skey);
            }
        }
    }
}

#[cfg(test)]
mod tests;
