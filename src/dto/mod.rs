//! Wire types: what requests carry and responses return, with their OpenAPI schemas.
//! Conversions from database rows live beside each response type.

pub mod audit;
pub mod auth;
pub mod tokens;
pub mod users;

use chrono::{DateTime, NaiveDateTime, Utc};

/// A database timestamp (UTC, no zone) as an API timestamp.
pub fn utc(naive: NaiveDateTime) -> DateTime<Utc> {
    naive.and_utc()
}

/// RFC 3339 timestamps in UTC with second precision, as in `2026-11-28T20:00:00Z`.
pub mod rfc3339 {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| serde::de::Error::custom("must be an RFC 3339 timestamp such as 2026-11-28T20:00:00Z"))
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(value: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
            #[derive(serde::Deserialize)]
            struct Wrapper(#[serde(with = "super")] DateTime<Utc>);
            Ok(Option::<Wrapper>::deserialize(d)?.map(|w| w.0))
        }
    }
}
