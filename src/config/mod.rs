//! Settings, read once from the environment in `main` and passed down; no globals.
//!
//! Every variable is documented in `.env.example` and in `docs/operating.md`. A bad value stops the
//! start with one readable line naming the variable.

use std::net::SocketAddr;
use std::time::Duration;

mod read;
mod values;
use read::Env;
pub use values::{parse_networks, DatabaseUrl, MediaStoreUrl, Secret};

/// Which origins may read the API from a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsOrigins {
    None,
    Any,
    List(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// The first administrator, created when the database has no user yet.
#[derive(Debug, Clone)]
pub struct AdminSeed {
    pub email: String,
    pub password: Secret,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: DatabaseUrl,
    /// A PostgreSQL streaming replica that serves public reads (the primary when it cannot).
    pub read_database_url: Option<DatabaseUrl>,
    pub bind: SocketAddr,
    pub jwt_secret: Option<Secret>,
    pub admin: Option<AdminSeed>,
    pub cors_origins: CorsOrigins,
    pub public_max_age: u32,
    pub rate_limit: bool,
    /// The in-process cache of public responses (off only to measure the database path).
    pub response_cache: bool,
    /// The response cache's bound in bytes, bodies and their compressed forms together.
    pub cache_max_bytes: u64,
    pub log_format: LogFormat,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub preview_token_ttl: Duration,
    /// HTTP worker threads; `None` means one per core.
    pub workers: Option<usize>,
    pub db_pool_size: u32,
    /// How often the scheduler looks for articles whose `publish_at` has passed.
    pub scheduler_interval: Duration,
    /// The public site's address (no trailing slash), for articles' `canonical_url`.
    pub site_url: Option<String>,
    /// Where an article lives on the site (`MARQUEE_ARTICLE_PATH`).
    pub article_path: ArticlePath,
    /// Where a tag's archive lives on the site, with `{slug}` in it (`MARQUEE_TAG_PATH`).
    pub tag_path: String,
    /// Webhook deliveries may go to loopback and private addresses (tests, private networks).
    pub webhooks_allow_private: bool,
    /// The delay before a failed delivery's first retry; it doubles with each attempt.
    pub webhook_retry_base: Duration,
    /// How long one delivery attempt may take.
    pub webhook_timeout: Duration,
    /// Live change streams one node serves at once; more are refused with 503.
    pub stream_max_subscribers: usize,
    /// How often a live change stream sends a comment to keep idle connections open.
    pub stream_heartbeat: Duration,
    /// How long a live change stream lasts before the server ends it (the client resumes).
    pub stream_max_life: Duration,
    /// How long a stopping server waits for requests in flight before it exits.
    pub shutdown_grace: Duration,
    /// Peers whose `X-Forwarded-For` / `Forwarded` name the client (load balancers).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Where media files live.
    pub media_store: MediaStoreUrl,
    /// The base of every media URL the API returns (a CDN or a public bucket); `/media` when
    /// Marquee serves them itself.
    pub media_public_url: String,
    /// The largest upload, in bytes, and the most pixels an image may have.
    pub media_max_bytes: u64,
    pub media_max_pixels: u64,
}

use crate::domain::addresses::{ArticleParts, ArticlePath};

impl Config {
    /// An article's address on the public site, when the site's URL is configured.
    pub fn article_url(&self, article: ArticleParts<'_>) -> Option<String> {
        self.site_url.as_ref().map(|site| format!("{site}{}", self.article_path.path(article)))
    }

    /// A tag archive's path on the public site.
    pub fn tag_path(&self, slug: &str) -> String {
        self.tag_path.replace("{slug}", slug)
    }
}

pub const JWT_SECRET_MIN_BYTES: usize = 32;

impl Config {
    /// Reads the process environment (after `.env`, which `main` loads).
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map instead of the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let env = Env::new(lookup);
        let (database_url, read_database_url) = read::databases(&env)?;
        let site = read::site(&env)?;
        let media_store = MediaStoreUrl::parse(env.get("MARQUEE_MEDIA_STORE").as_deref(), &database_url)?;
        Ok(Config {
            database_url,
            read_database_url,
            db_pool_size: env.number("MARQUEE_DB_POOL_SIZE", 10, 1, 200)? as u32,
            bind: read::bind(&env)?,
            workers: match env.number("MARQUEE_WORKERS", 0, 0, 256)? {
                0 => None,
                n => Some(n as usize),
            },
            cors_origins: read::cors_origins(&env)?,
            trusted_proxies: env
                .get("MARQUEE_TRUSTED_PROXIES")
                .map_or_else(|| Ok(Vec::new()), |v| parse_networks(&v))?,
            shutdown_grace: env.seconds("MARQUEE_SHUTDOWN_GRACE_SECONDS", 30, 1, 3600)?,
            log_format: read::log_format(&env)?,
            jwt_secret: read::jwt_secret(&env)?,
            admin: read::first_admin(&env)?,
            access_token_ttl: env.seconds("MARQUEE_ACCESS_TOKEN_TTL", 900, 30, 86_400)?,
            refresh_token_ttl: env.seconds("MARQUEE_REFRESH_TOKEN_TTL", 30 * 86_400, 60, 365 * 86_400)?,
            preview_token_ttl: env.seconds("MARQUEE_PREVIEW_TOKEN_TTL", 3600, 1, 30 * 86_400)?,
            rate_limit: env.switch("MARQUEE_RATE_LIMIT", true)?,
            public_max_age: env.number("MARQUEE_PUBLIC_MAX_AGE", 60, 0, 31_536_000)? as u32,
            response_cache: env.switch("MARQUEE_RESPONSE_CACHE", true)?,
            cache_max_bytes: env.number("MARQUEE_CACHE_MAX_BYTES", 64 << 20, 1 << 20, 1 << 40)?,
            site_url: site.url,
            article_path: site.article_path,
            tag_path: site.tag_path,
            scheduler_interval: env.millis("MARQUEE_SCHEDULER_INTERVAL_MS", 1000, 10, 3_600_000)?,
            webhooks_allow_private: env.switch("MARQUEE_WEBHOOKS_ALLOW_PRIVATE", false)?,
            webhook_retry_base: env.millis("MARQUEE_WEBHOOK_RETRY_BASE_MS", 10_000, 1, 3_600_000)?,
            webhook_timeout: env.millis("MARQUEE_WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000)?,
            stream_max_subscribers: env.number("MARQUEE_STREAM_MAX_SUBSCRIBERS", 1000, 1, 100_000)? as usize,
            stream_heartbeat: env.millis("MARQUEE_STREAM_HEARTBEAT_MS", 15_000, 10, 300_000)?,
            stream_max_life: env.seconds("MARQUEE_STREAM_MAX_SECONDS", 3600, 1, 86_400)?,
            media_store,
            media_public_url: read::media_public_url(&env)?,
            media_max_bytes: env.number("MARQUEE_MEDIA_MAX_BYTES", 20 << 20, 1 << 10, 1 << 30)?,
            media_max_pixels: env.number("MARQUEE_MEDIA_MAX_PIXELS", 50_000_000, 1, 250_000_000)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, String> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_match_the_contract() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, DatabaseUrl::Sqlite("marquee.db".into()));
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_max_age, 60);
        assert!(c.rate_limit);
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert_eq!(c.cors_origins, CorsOrigins::None);
        assert_eq!(c.access_token_ttl, Duration::from_secs(900));
        assert!(c.jwt_secret.is_none() && c.admin.is_none());
        assert!(!c.webhooks_allow_private);
        assert_eq!(c.webhook_retry_base, Duration::from_secs(10));
        assert!(c.trusted_proxies.is_empty());
        assert!(c.read_database_url.is_none());
    }

    #[test]
    fn a_read_replica_needs_postgresql_on_both_sides() {
        let pg = "postgres://u:p@primary/db";
        let c = config(&[("DATABASE_URL", pg), ("MARQUEE_READ_DATABASE_URL", "postgres://u:p@replica/db")]).unwrap();
        assert!(matches!(c.read_database_url, Some(DatabaseUrl::Postgres(_))));
        for (primary, replica) in [("sqlite://x.db", "postgres://u:p@replica/db"), (pg, "sqlite://y.db"), (pg, "x")] {
            let err = config(&[("DATABASE_URL", primary), ("MARQUEE_READ_DATABASE_URL", replica)]).unwrap_err();
            assert!(err.starts_with("MARQUEE_READ_DATABASE_URL:"), "{err}");
        }
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (key, value) in [
            ("MARQUEE_BIND", "not an address"),
            ("MARQUEE_JWT_SECRET", "too-short"),
            ("MARQUEE_PUBLIC_MAX_AGE", "-1"),
            ("MARQUEE_RATE_LIMIT", "maybe"),
            ("MARQUEE_LOG_FORMAT", "xml"),
            ("MARQUEE_CORS_ORIGINS", "example.com"),
            ("DATABASE_URL", "mysql://localhost/x"),
        ] {
            let err = config(&[(key, value)]).unwrap_err();
            assert!(err.starts_with(key), "{err}");
        }
        assert!(config(&[("MARQUEE_ADMIN_EMAIL", "a@b.c")]).is_err());
        let bad_email =
            config(&[("MARQUEE_ADMIN_EMAIL", "bad-email"), ("MARQUEE_ADMIN_PASSWORD", "long enough password")]);
        assert!(bad_email.unwrap_err().starts_with("MARQUEE_ADMIN_EMAIL"));
    }

    #[test]
    fn cors_and_rate_limit_switches() {
        let c = config(&[
            ("MARQUEE_CORS_ORIGINS", "https://a.example, http://localhost:3000/"),
            ("MARQUEE_RATE_LIMIT", "off"),
        ])
        .unwrap();
        assert_eq!(c.cors_origins, CorsOrigins::List(vec!["https://a.example".into(), "http://localhost:3000".into()]));
        assert!(!c.rate_limit);
        assert_eq!(config(&[("MARQUEE_CORS_ORIGINS", "*")]).unwrap().cors_origins, CorsOrigins::Any);
    }

    #[test]
    fn canonical_urls_come_from_the_site_url_and_article_path() {
        let date = chrono::NaiveDate::from_ymd_opt(2016, 12, 9).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let arrival = ArticleParts { id: 3, slug: "arrival", kind: crate::domain::ArticleKind::Explainer, date };
        assert_eq!(config(&[]).unwrap().article_url(arrival), None);
        let c = config(&[("MARQUEE_SITE_URL", "https://films.example.com/")]).unwrap();
        assert_eq!(c.article_url(arrival).as_deref(), Some("https://films.example.com/arrival"));
        let c = config(&[("MARQUEE_SITE_URL", "https://x.io"), ("MARQUEE_ARTICLE_PATH", "/{year}/{month}/{slug}/")])
            .unwrap();
        assert_eq!(c.article_url(arrival).as_deref(), Some("https://x.io/2016/12/arrival/"));
        assert!(config(&[("MARQUEE_ARTICLE_PATH", "no-slug")]).unwrap_err().starts_with("MARQUEE_ARTICLE_PATH"));
        assert!(config(&[("MARQUEE_TAG_PATH", "/tags/")]).unwrap_err().starts_with("MARQUEE_TAG_PATH"));
        assert!(config(&[("MARQUEE_SITE_URL", "ftp://x")]).unwrap_err().starts_with("MARQUEE_SITE_URL"));
    }

    #[test]
    fn secrets_do_not_print() {
        let c = config(&[("MARQUEE_JWT_SECRET", "0123456789abcdef0123456789abcdef!")]).unwrap();
        assert!(!format!("{c:?}").contains("0123456789abcdef"));
    }
}
