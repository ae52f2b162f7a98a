//! What every handler can reach: the database, the settings, keys, caches and metrics.

use crate::config::Config;
use crate::db::Db;
use crate::metrics::Metrics;

pub struct AppState {
    pub db: Db,
    pub config: Config,
    pub metrics: Metrics,
    /// The HS256 key for access tokens: configured, or generated once and kept in the database.
    pub jwt_secret: Vec<u8>,
}
