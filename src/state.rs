//! What every handler can reach: the database, the settings, keys, limiters and metrics.

use std::sync::Arc;

use crate::auth::devices::DeviceKeys;
use crate::auth::jwt::JwtKeys;
use crate::cache::PublicCache;
use crate::clients::Clients;
use crate::config::Config;
use crate::db::Db;
use crate::metrics::Metrics;
use crate::pagination::CursorCodec;

pub struct AppState {
    pub db: Db,
    pub config: Config,
    pub metrics: Metrics,
    pub jwt: JwtKeys,
    pub devices: DeviceKeys,
    pub cursors: CursorCodec,
    pub cache: PublicCache,
    /// `Cache-Control` of public responses.
    pub public_cache_control: actix_web::http::header::HeaderValue,
    /// Client hashes and per-client allowances.
    pub clients: Clients,
    /// Writes webhook deliveries with each write's other side records.
    outbox: Arc<dyn crate::content::Outbox>,
    /// Wakes the webhook worker after a write that emitted events.
    pub webhooks_due: Arc<tokio::sync::Notify>,
    /// Where the media library's files live.
    pub media: crate::media::store::MediaStore,
    /// Wakes the media worker after an upload or a deletion.
    pub media_due: Arc<tokio::sync::Notify>,
    /// The change feed as this node follows it, for the live streams.
    pub feed: crate::feed::Feed,
    /// Answers of `/redirects/resolve` not yet added to their redirects' hit counts.
    pub redirect_hits: crate::content::redirects::Hits,
    /// Cancelled when the server begins to stop: streams end, background jobs return.
    pub stopping: tokio_util::sync::CancellationToken,
}

impl AppState {
    /// Assembles the state once the database is open and the secret known.
    pub fn new(db: Db, config: Config, secret: &[u8]) -> anyhow::Result<Self> {
        Ok(AppState {
            jwt: JwtKeys::new(secret, config.access_token_ttl)?,
            devices: DeviceKeys::new(secret),
            cursors: CursorCodec::new(secret),
            clients: Clients::new(secret, config.rate_limit),
            cache: PublicCache::new(if config.response_cache { config.cache_max_bytes } else { 0 })?,
            public_cache_control: actix_web::http::header::HeaderValue::from_str(&format!(
                "public, max-age={}, stale-while-revalidate=300",
                config.public_max_age
            ))?,
            metrics: Metrics::new(),
            outbox: Arc::new(crate::webhooks::outbox::Payloads::new(&config)),
            webhooks_due: Arc::new(tokio::sync::Notify::new()),
            media: crate::media::store::MediaStore::open(&config.media_store).map_err(anyhow::Error::msg)?,
            media_due: Arc::new(tokio::sync::Notify::new()),
            feed: crate::feed::Feed::new(config.stream_max_subscribers),
            redirect_hits: crate::content::redirects::Hits::default(),
            stopping: tokio_util::sync::CancellationToken::new(),
            db,
            config,
        })
    }
}

impl AppState {
    /// Runs a workflow in one write transaction (retried as a whole if the database aborts
    /// it for a concurrent one), then drops the cached public responses it made stale.
    /// Nothing after the commit can fail: the client learns the write's outcome, never an
    /// error for a write that happened.
    pub async fn write<T, F>(&self, f: F) -> Result<T, crate::error::ApiError>
    where
        F: FnMut(&mut crate::db::DbConn, &mut crate::content::Effects) -> Result<T, crate::error::ApiError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        self.write_as(Commit::Alone, f).await
    }

    /// [`AppState::write`] for small independent writes that come in bursts: on SQLite
    /// they commit together (see `db::Db::write_grouped`).
    pub async fn write_grouped<T, F>(&self, f: F) -> Result<T, crate::error::ApiError>
    where
        F: FnMut(&mut crate::db::DbConn, &mut crate::content::Effects) -> Result<T, crate::error::ApiError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        self.write_as(Commit::Grouped, f).await
    }

    async fn write_as<T, F>(&self, commit: Commit, mut f: F) -> Result<T, crate::error::ApiError>
    where
        F: FnMut(&mut crate::db::DbConn, &mut crate::content::Effects) -> Result<T, crate::error::ApiError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let outbox = self.outbox.clone();
        let work = move |conn: &mut crate::db::DbConn| crate::content::apply(conn, &*outbox, &mut f);
        let (value, effects) = match commit {
            Commit::Alone => self.db.write(work).await?,
            Commit::Grouped => self.db.write_grouped(work).await?,
        };
        self.after_commit(&effects);
        Ok(value)
    }

    /// What a committed write's effects mean for this node's cache.
    pub fn after_commit(&self, effects: &crate::content::Effects) {
        if effects.emitted() {
            self.webhooks_due.notify_one();
        }
        if !effects.purged().is_empty() {
            self.cache.purge(effects.purged());
            if self.db.replica().is_some() {
                // A reader may rebuild these from the replica before it replays this write:
                // the follower purges them again once it has.
                self.feed.purge_after_replay(effects.purged());
                self.feed.wake();
            }
        }
        if !effects.recorded().is_empty() {
            // The follower hands the new feed rows to this node's live streams, without
            // purging again what was just purged (and may have been cached anew since).
            self.feed.written_here(effects.recorded());
            self.feed.wake();
        }
        // Only ever moved earlier here: of two writes committing at once, the one that
        // read the due time first must not hide the other's earlier one. The scheduler sets
        // the exact time on its next tick.
        if let Some(Some(next)) = effects.next_due() {
            self.cache.lower_next_due(PublicCache::next_due(Some(next)));
        }
    }

    /// Tells the cache when the next scheduled article falls due.
    pub async fn refresh_next_due(&self) -> Result<(), crate::error::ApiError> {
        let next = self.db.run(|conn| Ok(crate::db::articles::next_due(conn)?)).await?;
        self.cache.set_next_due(PublicCache::next_due(next));
        Ok(())
    }
}

/// How a workflow's transaction commits: on its own, or with others that came at once.
enum Commit {
    Alone,
    Grouped,
}
