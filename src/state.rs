//! What every handler can reach: the database, the settings, keys, limiters and metrics.

use std::time::Duration;

use crate::auth::jwt::JwtKeys;
use crate::auth::throttle::FailureLimiter;
use crate::cache::PublicCache;
use crate::config::Config;
use crate::db::Db;
use crate::metrics::Metrics;
use crate::pagination::CursorCodec;

pub struct AppState {
    pub db: Db,
    pub config: Config,
    pub metrics: Metrics,
    pub jwt: JwtKeys,
    pub cursors: CursorCodec,
    pub login_limits: LoginLimits,
    pub cache: PublicCache,
    /// `Cache-Control` of public responses.
    pub public_cache_control: actix_web::http::header::HeaderValue,
}

/// Failed-login lockouts per account and per client address.
pub struct LoginLimits {
    pub accounts: FailureLimiter,
    pub clients: FailureLimiter,
}

impl LoginLimits {
    pub const ACCOUNT_FAILURES: u32 = 5;
    pub const CLIENT_FAILURES: u32 = 20;
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);

    pub fn new() -> Self {
        LoginLimits {
            accounts: FailureLimiter::new(Self::ACCOUNT_FAILURES, Self::WINDOW),
            clients: FailureLimiter::new(Self::CLIENT_FAILURES, Self::WINDOW),
        }
    }
}

impl Default for LoginLimits {
    fn default() -> Self {
        Self::new()
    }
}

impl AppState {
    /// Assembles the state once the database is open and the secret known.
    pub fn new(db: Db, config: Config, secret: &[u8]) -> anyhow::Result<Self> {
        Ok(AppState {
            jwt: JwtKeys::new(secret, config.access_token_ttl)?,
            cursors: CursorCodec::new(secret),
            login_limits: LoginLimits::new(),
            cache: PublicCache::new(50_000),
            public_cache_control: actix_web::http::header::HeaderValue::from_str(&format!(
                "public, max-age={}, stale-while-revalidate=300",
                config.public_max_age
            ))?,
            metrics: Metrics::new(),
            db,
            config,
        })
    }
}

impl AppState {
    /// Runs an editorial write in one transaction, then drops the cached public responses it
    /// made stale.
    pub async fn write<T, F>(&self, f: F) -> Result<T, crate::error::ApiError>
    where
        F: FnOnce(&mut crate::db::DbConn, &mut crate::content::Effects) -> Result<T, crate::error::ApiError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let (value, effects) = self
            .db
            .write(move |conn| {
                let mut effects = crate::content::Effects::default();
                f(conn, &mut effects).map(|v| (v, effects))
            })
            .await?;
        if !effects.purge.is_empty() {
            self.cache.purge(&effects.purge);
        }
        if effects.reschedule {
            self.refresh_next_due().await?;
        }
        Ok(value)
    }

    /// Tells the cache when the next scheduled article falls due.
    pub async fn refresh_next_due(&self) -> Result<(), crate::error::ApiError> {
        let next = self.db.run(|conn| Ok(crate::db::articles::next_due(conn)?)).await?;
        self.cache.set_next_due(PublicCache::next_due(next));
        Ok(())
    }
}
