//! The values settings hold that need more than a number: database URLs, secrets, networks.

use std::fmt;

/// Where the data lives; the scheme picks the backend.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path (or `:memory:`), without the `sqlite://` prefix.
    Sqlite(String),
    /// The full `postgres://` URL, handed to libpq as it is.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::parse_setting("DATABASE_URL", raw)
    }

    /// Parses the value of the setting `name`, which error messages name.
    pub fn parse_setting(name: &str, raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if rest.is_empty() {
                return Err(format!("{name}: a sqlite URL needs a file path, as in sqlite://marquee.db"));
            }
            return Ok(DatabaseUrl::Sqlite(rest.to_string()));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            url::Url::parse(raw).map_err(|e| format!("{name}: not a valid PostgreSQL URL ({e})"))?;
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        Err(format!("{name}: must start with sqlite:// or postgres://"))
    }
}

/// Never prints a PostgreSQL password.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{path}"),
            DatabaseUrl::Postgres(raw) => match url::Url::parse(raw) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("***"));
                    }
                    write!(f, "{url}")
                }
                Err(_) => write!(f, "postgres://***"),
            },
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A secret that never shows up in `Debug` output or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// `MARQUEE_TRUSTED_PROXIES`: comma-separated CIDRs or single addresses.
pub fn parse_networks(list: &str) -> Result<Vec<ipnet::IpNet>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.parse::<ipnet::IpNet>()
                .or_else(|_| n.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("MARQUEE_TRUSTED_PROXIES: {n:?} is not an address or a CIDR like 10.0.0.0/8"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_pick_the_backend() {
        assert_eq!(DatabaseUrl::parse("sqlite:data/x.db").unwrap(), DatabaseUrl::Sqlite("data/x.db".into()));
        assert_eq!(DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap(), DatabaseUrl::Sqlite("/tmp/x.db".into()));
        assert!(matches!(DatabaseUrl::parse("postgres://u:p@localhost/db").unwrap(), DatabaseUrl::Postgres(_)));
        for bad in ["mysql://x", "x.db", "sqlite://", "postgres://[bad"] {
            assert!(DatabaseUrl::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn postgres_password_is_hidden_when_printed() {
        let url = DatabaseUrl::parse("postgres://user:hunter2@db/marquee").unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
    }
}

/// Where media files live (`MARQUEE_MEDIA_STORE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaStoreUrl {
    /// `file://PATH`: a folder.
    Folder(std::path::PathBuf),
    /// `s3://BUCKET/PREFIX`: a bucket of any S3-compatible store, reached with the standard
    /// `AWS_*` variables.
    S3 { bucket: String, prefix: String },
}

impl MediaStoreUrl {
    /// The setting's value; unset, a `media` folder beside the SQLite file (or in the working
    /// directory, on PostgreSQL).
    pub fn parse(raw: Option<&str>, database: &DatabaseUrl) -> Result<Self, String> {
        let Some(raw) = raw.map(str::trim) else {
            let beside = match database {
                DatabaseUrl::Sqlite(path) if path != ":memory:" && !path.starts_with("file:") => {
                    std::path::Path::new(path).parent().map(std::path::Path::to_path_buf).unwrap_or_default()
                }
                _ => std::path::PathBuf::from("."),
            };
            return Ok(MediaStoreUrl::Folder(beside.join("media")));
        };
        if let Some(path) = raw.strip_prefix("file://") {
            if path.is_empty() {
                return Err("MARQUEE_MEDIA_STORE: file:// needs a folder, as in file://./media".into());
            }
            return Ok(MediaStoreUrl::Folder(path.into()));
        }
        if let Some(rest) = raw.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let valid = !bucket.is_empty()
                && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
            if !valid {
                return Err(format!("MARQUEE_MEDIA_STORE: {bucket:?} is not an S3 bucket name"));
            }
            return Ok(MediaStoreUrl::S3 { bucket: bucket.to_string(), prefix: prefix.trim_matches('/').to_string() });
        }
        Err("MARQUEE_MEDIA_STORE: must be file://PATH or s3://BUCKET/PREFIX".into())
    }
}
