//! The in-process cache of public responses.
//!
//! Each entry is a serialized body with its ETag and the surrogate keys of every record it
//! contains. Writes purge exactly the keys they touched (`content::Effects`), so a change
//! to a cast member's name drops every article page that shows it. Four rules keep it
//! correct:
//! - a response built while a purge happened is not stored (the purge may have raced it);
//! - when a scheduled article falls due, everything is dropped, and nothing is stored until
//!   the next due time is known again, so visibility never waits for the scheduler;
//! - other nodes' writes arrive through the change feed (see `jobs::invalidator`);
//! - as a safety net for anything else, an entry lives at most [`TTL`].

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use actix_web::http::header::HeaderValue;
use actix_web::web::Bytes;

#[derive(Debug)]
pub struct Cached {
    pub body: Bytes,
    pub etag: HeaderValue,
    /// The `Surrogate-Key` header value.
    pub surrogate_keys: HeaderValue,
    gzip: std::sync::OnceLock<Bytes>,
    brotli: std::sync::OnceLock<Bytes>,
}

impl Cached {
    pub fn new(body: Bytes, etag: HeaderValue, surrogate_keys: HeaderValue) -> Self {
        Cached { body, etag, surrogate_keys, gzip: Default::default(), brotli: Default::default() }
    }

    /// The body in `encoding`, compressed the first time it is asked for and kept; small
    /// bodies always as they are. Returns the encoding actually used.
    pub fn encoded(&self, encoding: crate::compression::Encoding) -> (Bytes, crate::compression::Encoding) {
        use crate::compression::{compress, Encoding, MIN_BYTES};
        if self.body.len() < MIN_BYTES {
            return (self.body.clone(), Encoding::Identity);
        }
        let slot = match encoding {
            Encoding::Identity => return (self.body.clone(), Encoding::Identity),
            Encoding::Gzip => &self.gzip,
            Encoding::Brotli => &self.brotli,
        };
        (slot.get_or_init(|| compress(&self.body, encoding)).clone(), encoding)
    }
}

/// Milliseconds since the epoch; `i64::MAX` means "nothing scheduled".
const NOTHING_DUE: i64 = i64::MAX;
/// Next due time not known: do not store anything.
const DUE_UNKNOWN: i64 = i64::MIN;

/// The longest an entry is served without being rebuilt.
pub const TTL: Duration = Duration::from_secs(300);

pub struct PublicCache {
    entries: RwLock<HashMap<String, (Instant, Arc<Cached>)>>,
    by_key: Mutex<HashMap<String, HashSet<String>>>,
    generation: AtomicU64,
    next_due_ms: AtomicI64,
    max_entries: usize,
}

/// A reader's ticket: taken before reading the database, presented when storing.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl PublicCache {
    pub fn new(max_entries: usize) -> Self {
        PublicCache {
            entries: RwLock::new(HashMap::new()),
            by_key: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
            next_due_ms: AtomicI64::new(DUE_UNKNOWN),
            max_entries,
        }
    }

    fn now_ms() -> i64 {
        chrono::Utc::now().timestamp_millis()
    }

    pub fn get(&self, key: &str) -> Option<Arc<Cached>> {
        let due = self.next_due_ms.load(Ordering::Acquire);
        if due != NOTHING_DUE && Self::now_ms() >= due {
            if due != DUE_UNKNOWN {
                self.set_next_due(DUE_UNKNOWN);
                self.clear();
            }
            return None;
        }
        let entries = self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.get(key).filter(|(stored, _)| stored.elapsed() < TTL).map(|(_, cached)| cached.clone())
    }

    pub fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::Acquire))
    }

    /// Stores a response built from data read after `ticket` was taken, unless a purge
    /// happened in between or the cache is not to be trusted right now.
    pub fn put(&self, ticket: Ticket, key: String, value: Arc<Cached>, surrogate_keys: &[String]) {
        if self.max_entries == 0 || self.next_due_ms.load(Ordering::Acquire) == DUE_UNKNOWN {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if self.generation.load(Ordering::Acquire) != ticket.0 {
            return;
        }
        if entries.len() >= self.max_entries {
            entries.clear();
            self.by_key.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
        }
        let mut by_key = self.by_key.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for skey in surrogate_keys {
            by_key.entry(skey.clone()).or_default().insert(key.clone());
        }
        entries.insert(key, (Instant::now(), value));
    }

    /// Drops every response that contains one of `keys`.
    pub fn purge<'a>(&self, keys: impl IntoIterator<Item = &'a String>) {
        let mut entries = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        let mut by_key = self.by_key.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for skey in keys {
            if let Some(cache_keys) = by_key.remove(skey) {
                for k in cache_keys {
                    entries.remove(&k);
                }
            }
        }
    }

    pub fn clear(&self) {
        let mut entries = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
        self.by_key.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }

    /// Tells the cache when the next scheduled article falls due (`None`: none is).
    pub fn set_next_due(&self, at_ms: i64) {
        self.next_due_ms.store(at_ms, Ordering::Release);
    }

    /// Moves the next due time earlier, never later (see `AppState::after_commit`).
    pub fn lower_next_due(&self, at_ms: i64) {
        self.next_due_ms.fetch_min(at_ms, Ordering::AcqRel);
    }

    pub fn next_due(at: Option<chrono::NaiveDateTime>) -> i64 {
        at.map_or(NOTHING_DUE, |t| t.and_utc().timestamp_millis())
    }

    pub fn len(&self) -> usize {
        self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached(body: &'static str) -> Arc<Cached> {
        Arc::new(Cached::new(
            Bytes::from_static(body.as_bytes()),
            HeaderValue::from_static("\"x\""),
            HeaderValue::from_static(""),
        ))
    }

    fn ready() -> PublicCache {
        let cache = PublicCache::new(100);
        cache.set_next_due(NOTHING_DUE);
        cache
    }

    #[test]
    fn purges_exactly_the_responses_with_the_key() {
        let cache = ready();
        let t = cache.ticket();
        cache.put(t, "/a".into(), cached("a"), &["article-1".into(), "movie-3".into()]);
        cache.put(t, "/b".into(), cached("b"), &["article-2".into()]);
        cache.purge(&["movie-3".to_string()]);
        assert!(cache.get("/a").is_none());
        assert!(cache.get("/b").is_some());
    }

    #[test]
    fn a_response_read_before_a_purge_is_not_stored() {
        let cache = ready();
        let t = cache.ticket();
        cache.purge(&["article-1".to_string()]);
        cache.put(t, "/a".into(), cached("stale"), &["article-1".into()]);
        assert!(cache.get("/a").is_none());
    }

    #[test]
    fn nothing_is_stored_until_the_due_time_is_known() {
        let cache = PublicCache::new(100);
        cache.put(cache.ticket(), "/a".into(), cached("a"), &[]);
        assert!(cache.get("/a").is_none());
    }

    #[test]
    fn everything_goes_when_a_scheduled_article_falls_due() {
        let cache = ready();
        cache.put(cache.ticket(), "/a".into(), cached("a"), &[]);
        cache.set_next_due(PublicCache::now_ms() - 1);
        assert!(cache.get("/a").is_none());
        assert!(cache.is_empty());
        cache.put(cache.ticket(), "/a".into(), cached("a"), &[]);
        assert!(cache.is_empty(), "not stored until the next due time is known");
    }
}
