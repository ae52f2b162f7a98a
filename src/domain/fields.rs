//! Field parsers shared by the API's requests and the importers: each checks one kind of
//! field and returns its stored form, or a message for a field error.

use chrono::{Datelike, NaiveDate};

use super::{text, HttpUrl, Slug};

pub fn required(value: &str, max: usize) -> Result<String, String> {
    text::bounded(value, 1, max)
}

pub fn optional(value: Option<String>, max: usize) -> Result<Option<String>, String> {
    text::optional(value.as_deref(), max)
}

/// A media item's file name: what follows the last `/` or `\` of what a browser sent (some
/// send a whole path), at most `limits::FILENAME` characters.
pub fn filename(value: &str) -> Result<String, String> {
    let name = value.rsplit(['/', '\\']).next().unwrap_or(value);
    text::bounded(name, 1, super::limits::FILENAME)
}

/// An optional URL: `null` or `""` for none.
pub fn url(value: Option<String>) -> Result<Option<String>, String> {
    match value.as_deref() {
        None | Some("") => Ok(None),
        Some(v) => HttpUrl::parse(v).map(|u| Some(u.into_inner())),
    }
}

pub fn slug(value: Option<String>) -> Result<Option<Slug>, String> {
    value.map(|s| Slug::parse(&s)).transpose()
}

pub fn year(value: Option<i32>) -> Result<Option<i32>, String> {
    match value {
        Some(y) if !FILM_YEARS.contains(&y) => {
            Err(format!("must be between {} and {}", FILM_YEARS.start(), FILM_YEARS.end()))
        }
        other => Ok(other),
    }
}

pub fn positive(value: Option<i32>, max: i32) -> Result<Option<i32>, String> {
    match value {
        Some(n) if !(1..=max).contains(&n) => Err(format!("must be between 1 and {max}")),
        other => Ok(other),
    }
}

/// A list of short names (genres, tags): trimmed, de-duplicated case-insensitively.
pub fn names(values: Vec<String>, max_items: usize, max_len: usize) -> Result<Vec<String>, String> {
    if values.len() > max_items {
        return Err(format!("must have at most {max_items} items"));
    }
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let name = text::bounded(&value, 1, max_len).map_err(|e| format!("each item {e}"))?;
        if !out.iter().any(|n| n.to_lowercase() == name.to_lowercase()) {
            out.push(name);
        }
    }
    Ok(out)
}

/// A film's year: from the first films to a few years ahead.
pub const FILM_YEARS: std::ops::RangeInclusive<i32> = 1870..=2100;
/// A person's year of birth (writers credited on films include Shakespeare's).
pub const BIRTH_YEARS: std::ops::RangeInclusive<i32> = 1000..=2100;

/// A date whose year is in `years`.
pub fn date(value: Option<NaiveDate>, years: std::ops::RangeInclusive<i32>) -> Result<Option<NaiveDate>, String> {
    match value {
        Some(d) if !years.contains(&d.year()) => {
            Err(format!("must be a date between the years {} and {}", years.start(), years.end()))
        }
        other => Ok(other),
    }
}

/// A record's id or version as stored: a positive whole number.
pub fn id(value: i64) -> Result<i64, String> {
    if value >= 1 {
        Ok(value)
    } else {
        Err("must be a positive whole number".into())
    }
}

/// Billing positions run 0 to 10 000.
pub fn billing_order(value: i32) -> Result<i32, String> {
    if (0..=10_000).contains(&value) {
        Ok(value)
    } else {
        Err("must be between 0 and 10000".into())
    }
}
