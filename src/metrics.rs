//! Prometheus metrics: requests by route and status, a latency histogram, the database
//! pool's usage, the read replica's state and use, and the response cache's hits, misses,
//! evictions, entries and bytes, the last two read when scraped.

use std::time::Duration;

use std::sync::atomic::Ordering;
use std::sync::{Mutex, PoisonError};

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

use crate::cache::PublicCache;

use crate::db::replica::{Replica, ReplicaState};
use crate::db::Db;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    cache: CacheMetrics,
    listening: IntGauge,
    streams: IntGauge,
    position: IntGauge,
    replica: ReplicaMetrics,
    /// One scrape at a time, so two cannot both add the same cache counts.
    rendering: Mutex<()>,
}

/// The read replica's state and use, copied from its own counters when scraped.
struct ReplicaMetrics {
    up: IntGauge,
    lag: prometheus::Gauge,
    reads: IntCounter,
    fallbacks: IntCounter,
}

/// The response cache's figures, copied from its own counters when scraped.
struct CacheMetrics {
    hits: IntCounter,
    misses: IntCounter,
    evictions: IntCounter,
    entries: IntGauge,
    bytes: IntGauge,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("marquee".into()), None).expect("static metric prefix is valid");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by method, route and status"),
            &["method", "route", "status"],
        )
        .expect("static metric definition is valid");
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to produce a response, by route").buckets(vec![
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["route"],
        )
        .expect("static metric definition is valid");
        let pool_size = IntGauge::new("db_pool_connections", "Open database connections").expect("valid");
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections").expect("valid");
        let pool_max = IntGauge::new("db_pool_max_connections", "Largest allowed pool size").expect("valid");
        let cache = CacheMetrics {
            hits: IntCounter::new("cache_hits_total", "Public reads served from the response cache").expect("valid"),
            misses: IntCounter::new("cache_misses_total", "Public reads the response cache did not have")
                .expect("valid"),
            evictions: IntCounter::new("cache_evictions_total", "Responses evicted to stay within the size bound")
                .expect("valid"),
            entries: IntGauge::new("cache_entries", "Responses in the cache").expect("valid"),
            bytes: IntGauge::new("cache_bytes", "Bytes the cached responses take").expect("valid"),
        };
        let listening = IntGauge::new(
            "change_listener_connected",
            "1 while the PostgreSQL connection that hears other nodes' commits is up",
        )
        .expect("valid");
        let streams = IntGauge::new("change_streams", "Open live change streams on this node").expect("valid");
        let position =
            IntGauge::new("change_feed_position", "The id of the last change-feed row this node has followed")
                .expect("valid");
        let replica = ReplicaMetrics {
            up: IntGauge::new("read_replica_up", "1 while public reads go to the read replica").expect("valid"),
            lag: prometheus::Gauge::new(
                "read_replica_lag_seconds",
                "How long the read replica took to replay the primary's position at the last check",
            )
            .expect("valid"),
            reads: IntCounter::new("read_replica_reads_total", "Public reads the read replica served").expect("valid"),
            fallbacks: IntCounter::new(
                "read_replica_fallbacks_total",
                "Public reads the read replica failed, served by the primary instead",
            )
            .expect("valid"),
        };
        for collector in [
            Box::new(listening.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(replica.up.clone()),
            Box::new(replica.lag.clone()),
            Box::new(replica.reads.clone()),
            Box::new(replica.fallbacks.clone()),
            Box::new(streams.clone()),
            Box::new(position.clone()),
            Box::new(requests.clone()),
            Box::new(latency.clone()),
            Box::new(pool_size.clone()),
            Box::new(pool_idle.clone()),
            Box::new(pool_max.clone()),
            Box::new(cache.hits.clone()),
            Box::new(cache.misses.clone()),
            Box::new(cache.evictions.clone()),
            Box::new(cache.entries.clone()),
            Box::new(cache.bytes.clone()),
        ] {
            registry.register(collector).expect("each metric is registered once");
        }
        Metrics {
            registry,
            requests,
            latency,
            pool_size,
            pool_idle,
            pool_max,
            cache,
            listening,
            streams,
            position,
            replica,
            rendering: Mutex::new(()),
        }
    }

    /// Counts one request. Every label comes from a closed set: methods the API knows (any
    /// other is `other`), route patterns (an unmatched path is `unmatched`), status codes; so
    /// no client can make new series.
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
        let method = METHODS.iter().copied().find(|m| *m == method).unwrap_or("other");
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[route]).observe(elapsed.as_secs_f64());
    }

    /// Whether this node hears other nodes' commits at once (PostgreSQL `LISTEN`).
    pub fn set_listening(&self, up: bool) {
        self.listening.set(i64::from(up));
    }

    pub fn listening(&self) -> bool {
        self.listening.get() == 1
    }

    /// The text exposition, with the pool's, the replica's, the cache's and the streams'
    /// figures read now.
    pub fn render(&self, db: &Db, cache: &PublicCache, feed: &crate::feed::Feed) -> String {
        let pool = db.pool();
        self.streams.set(i64::try_from(feed.subscribers()).unwrap_or(i64::MAX));
        self.position.set(feed.position());
        let _one_at_a_time = self.rendering.lock().unwrap_or_else(PoisonError::into_inner);
        let state = pool.state();
        self.pool_size.set(i64::from(state.connections));
        self.pool_idle.set(i64::from(state.idle_connections));
        self.pool_max.set(i64::from(pool.max_size()));
        let catch_up = |counter: &IntCounter, now: u64| counter.inc_by(now.saturating_sub(counter.get()));
        if let Some(replica) = db.replica() {
            self.render_replica(replica, catch_up);
        }
        catch_up(&self.cache.hits, cache.counters.hits.load(Ordering::Relaxed));
        catch_up(&self.cache.misses, cache.counters.misses.load(Ordering::Relaxed));
        catch_up(&self.cache.evictions, cache.counters.evictions.load(Ordering::Relaxed));
        let (entries, bytes) = cache.size();
        self.cache.entries.set(i64::try_from(entries).unwrap_or(i64::MAX));
        self.cache.bytes.set(i64::try_from(bytes).unwrap_or(i64::MAX));
        let mut out = Vec::new();
        // Encoding into a Vec cannot fail for the text format.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Metrics {
    fn render_replica(&self, replica: &Replica, catch_up: impl Fn(&IntCounter, u64)) {
        self.replica.up.set(i64::from(replica.state() == ReplicaState::Up));
        self.replica.lag.set(replica.lag().as_secs_f64());
        let (reads, fallbacks) = replica.counts();
        catch_up(&self.replica.reads, reads);
        catch_up(&self.replica.fallbacks, fallbacks);
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}
