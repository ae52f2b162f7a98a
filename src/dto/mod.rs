//! Wire types: what requests carry and responses return, with their OpenAPI schemas, one
//! module per resource. Requests turn into the checked inputs of `content` with `TryFrom`
//! (every field error collected at once); responses are made `From` rows and views.

pub mod articles;
pub mod audit;
pub mod auth;
pub mod authors;
pub mod cast_members;
pub mod changes;
pub mod comments;
pub mod credits;
pub mod limits;
pub mod media;
pub mod movies;
pub mod ops;
pub mod redirects;
pub mod revisions;
pub mod search;
pub mod sections;
pub mod summaries;
pub mod tags;
pub mod tokens;
pub mod users;
pub mod webhooks;

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

/// Reads a field that may be absent (keep), `null` (clear) or a value (set), for PATCH.
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    Ok(Some(Option::deserialize(d)?))
}

/// Collects every field error of a request, so a 422 lists them all.
#[derive(Debug, Default)]
pub struct Check {
    errors: Vec<crate::error::FieldError>,
}

impl Check {
    pub fn new() -> Self {
        Check::default()
    }

    /// The parsed value, or (after recording the error) a placeholder that `finish` never
    /// lets out.
    pub fn take<T: Default>(&mut self, field: &str, parsed: Result<T, String>) -> T {
        parsed.unwrap_or_else(|message| {
            self.fail(field, message);
            T::default()
        })
    }

    /// For PATCH: `None` stays `None`, a value is parsed.
    pub fn patch<I, T: Default>(
        &mut self,
        field: &str,
        value: Option<I>,
        parse: impl FnOnce(I) -> Result<T, String>,
    ) -> Option<T> {
        value.map(|v| self.take(field, parse(v)))
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(crate::error::FieldError::new(field, message));
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// `value` if every field was valid, else a 422 listing every bad one.
    pub fn finish<T>(self, value: T) -> Result<T, crate::error::ApiError> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(crate::error::ApiError::Validation(self.errors))
        }
    }
}

/// A text filter of an admin list (`q`, `action`): trimmed, `None` when blank, and a 400
/// when longer than the `max` characters the spec allows.
pub fn search_text(name: &str, value: Option<&str>, max: usize) -> Result<Option<String>, crate::error::ApiError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else { return Ok(None) };
    if value.chars().count() > max {
        return Err(crate::error::ApiError::BadRequest(format!("{name} must be at most {max} characters")));
    }
    Ok(Some(value.to_string()))
}

/// The field parsers, shared with the importers.
pub use crate::domain::fields;

/// Reads an optional field that may be absent but not `null` (PATCH of a required field):
/// `null` is refused as a type error, which the JSON extractor reports as 422 naming the
/// field.
pub fn non_null<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    T::deserialize(d).map(Some)
}
