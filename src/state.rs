//! What every handler can reach: the database, the settings, keys, limiters and metrics.

use std::time::Duration;

use crate::auth::jwt::JwtKeys;
use crate::auth::throttle::FailureLimiter;
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
            metrics: Metrics::new(),
            db,
            config,
        })
    }
}
