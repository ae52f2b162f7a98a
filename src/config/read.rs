//! Reading the environment, one area at a time: each function reads the variables of one
//! concern and names the variable in any error.

use std::net::SocketAddr;
use std::time::Duration;

use super::{AdminSeed, CorsOrigins, DatabaseUrl, LogFormat, Secret, JWT_SECRET_MIN_BYTES};
use crate::domain::addresses::ArticlePath;
use crate::domain::limits::PASSWORD_MIN;

/// The variables, as `lookup` finds them; blank values count as unset.
pub struct Env<F> {
    lookup: F,
}

impl<F: Fn(&str) -> Option<String>> Env<F> {
    pub fn new(lookup: F) -> Self {
        Env { lookup }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        (self.lookup)(key).filter(|v| !v.trim().is_empty())
    }

    /// `on`/`off` (or `true`/`false`, `1`/`0`).
    pub fn switch(&self, key: &str, default: bool) -> Result<bool, String> {
        match self.get(key).as_deref().map(str::trim) {
            None => Ok(default),
            Some("on" | "true" | "1") => Ok(true),
            Some("off" | "false" | "0") => Ok(false),
            Some(other) => Err(format!("{key}: {other:?} is neither on nor off")),
        }
    }

    /// A whole number in `min..=max`.
    pub fn number(&self, key: &str, default: u64, min: u64, max: u64) -> Result<u64, String> {
        match self.get(key) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| format!("{key}: {v:?} is not a whole number between {min} and {max}")),
        }
    }

    pub fn seconds(&self, key: &str, default: u64, min: u64, max: u64) -> Result<Duration, String> {
        self.number(key, default, min, max).map(Duration::from_secs)
    }

    pub fn millis(&self, key: &str, default: u64, min: u64, max: u64) -> Result<Duration, String> {
        self.number(key, default, min, max).map(Duration::from_millis)
    }
}

/// `DATABASE_URL` and the optional read replica, which needs PostgreSQL on both sides.
pub fn databases(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<(DatabaseUrl, Option<DatabaseUrl>), String> {
    let primary = DatabaseUrl::parse(&env.get("DATABASE_URL").unwrap_or_else(|| "sqlite://marquee.db".into()))?;
    let replica = match env.get("MARQUEE_READ_DATABASE_URL") {
        None => None,
        Some(raw) => match DatabaseUrl::parse_setting("MARQUEE_READ_DATABASE_URL", &raw)? {
            replica @ DatabaseUrl::Postgres(_) if matches!(primary, DatabaseUrl::Postgres(_)) => Some(replica),
            _ => {
                return Err("MARQUEE_READ_DATABASE_URL: a read replica needs PostgreSQL, for it and for \
                            DATABASE_URL"
                    .into())
            }
        },
    };
    Ok((primary, replica))
}

pub fn bind(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<SocketAddr, String> {
    let raw = env.get("MARQUEE_BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
    raw.trim().parse().map_err(|_| format!("MARQUEE_BIND: {raw:?} is not an address like 127.0.0.1:8080"))
}

pub fn jwt_secret(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<Option<Secret>, String> {
    match env.get("MARQUEE_JWT_SECRET") {
        Some(s) if s.len() < JWT_SECRET_MIN_BYTES => {
            Err(format!("MARQUEE_JWT_SECRET: must be at least {JWT_SECRET_MIN_BYTES} bytes long"))
        }
        other => Ok(other.map(Secret::new)),
    }
}

/// The administrator to create on a first start, when both variables are set.
pub fn first_admin(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<Option<AdminSeed>, String> {
    match (env.get("MARQUEE_ADMIN_EMAIL"), env.get("MARQUEE_ADMIN_PASSWORD")) {
        (None, None) => Ok(None),
        (Some(email), Some(password)) => {
            let email = crate::domain::Email::parse(&email)
                .map_err(|e| format!("MARQUEE_ADMIN_EMAIL: {email:?} {e}"))?
                .into_inner();
            if password.chars().count() < PASSWORD_MIN {
                return Err(format!("MARQUEE_ADMIN_PASSWORD: must be at least {PASSWORD_MIN} characters"));
            }
            Ok(Some(AdminSeed { email, password: Secret::new(password) }))
        }
        _ => Err("MARQUEE_ADMIN_EMAIL and MARQUEE_ADMIN_PASSWORD must be set together".into()),
    }
}

pub fn cors_origins(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<CorsOrigins, String> {
    let Some(v) = env.get("MARQUEE_CORS_ORIGINS") else { return Ok(CorsOrigins::None) };
    if v.trim() == "*" {
        return Ok(CorsOrigins::Any);
    }
    let list: Vec<String> =
        v.split(',').map(|o| o.trim().trim_end_matches('/').to_string()).filter(|o| !o.is_empty()).collect();
    for origin in &list {
        let ok = url::Url::parse(origin).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !ok {
            return Err(format!("MARQUEE_CORS_ORIGINS: {origin:?} is not an origin like https://example.com"));
        }
    }
    Ok(CorsOrigins::List(list))
}

pub fn log_format(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<LogFormat, String> {
    match env.get("MARQUEE_LOG_FORMAT").as_deref().map(str::trim) {
        None | Some("pretty") => Ok(LogFormat::Pretty),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(format!("MARQUEE_LOG_FORMAT: {other:?} is neither pretty nor json")),
    }
}

/// The public site: its address, and where articles and tags live on it.
pub struct Site {
    pub url: Option<String>,
    pub article_path: ArticlePath,
    pub tag_path: String,
}

/// The public site's address and where articles and tags live on it.
pub fn site(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<Site, String> {
    let site_url = match env.get("MARQUEE_SITE_URL") {
        None => None,
        Some(v) => {
            // Any web origin, an IP address included: the public site is the operator's.
            let url = url::Url::parse(v.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
                .ok_or_else(|| format!("MARQUEE_SITE_URL: {v:?} must be an http or https URL"))?;
            Some(url.as_str().trim_end_matches('/').to_string())
        }
    };
    let article_path = env.get("MARQUEE_ARTICLE_PATH").unwrap_or_else(|| "/{slug}".into());
    let article_path = ArticlePath::parse(&article_path).map_err(|e| format!("MARQUEE_ARTICLE_PATH: {e}"))?;
    let tag_path = env.get("MARQUEE_TAG_PATH").unwrap_or_else(|| "/tag/{slug}".into()).trim().to_string();
    if !tag_path.starts_with('/') || tag_path.matches("{slug}").count() != 1 || tag_path.contains("//") {
        return Err(format!("MARQUEE_TAG_PATH: {tag_path:?} must start with / and contain {{slug}} once"));
    }
    Ok(Site { url: site_url, article_path, tag_path })
}

/// `MARQUEE_MEDIA_PUBLIC_URL`, without a trailing slash; `/media` (served here) when unset.
pub fn media_public_url(env: &Env<impl Fn(&str) -> Option<String>>) -> Result<String, String> {
    let Some(v) = env.get("MARQUEE_MEDIA_PUBLIC_URL") else { return Ok("/media".into()) };
    let url = url::Url::parse(v.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host() && u.query().is_none())
        .ok_or_else(|| format!("MARQUEE_MEDIA_PUBLIC_URL: {v:?} must be an http or https URL"))?;
    Ok(url.as_str().trim_end_matches('/').to_string())
}
