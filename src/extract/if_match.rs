//! Entity tags: the `ETag` of versioned records, the `If-Match` precondition of admin
//! writes (turned into a plain [`Expected`] version for the content layer), and the weak
//! comparison `If-None-Match` uses.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use crate::domain::Expected;
use crate::error::ApiError;

/// The ETag of an admin record at `version`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// The `If-Match` request header: absent or `*` means unconditional; otherwise the write
/// applies only if the record is still at one of the listed ETags' versions. A tag this
/// server never issued matches nothing, so a stale or foreign ETag always gets 412.
#[derive(Debug, Default, Clone)]
pub struct IfMatch(pub Expected);

impl IfMatch {
    pub fn into_expected(self) -> Expected {
        self.0
    }

    fn parse<'a>(values: impl Iterator<Item = &'a str>) -> Option<Expected> {
        let mut versions = Vec::new();
        let mut any_value = false;
        for tag in values.flat_map(|v| v.split(',')).map(str::trim).filter(|t| !t.is_empty()) {
            any_value = true;
            if tag == "*" {
                return Some(Expected::Any);
            }
            let opaque = tag.trim_start_matches("W/").trim_matches('"');
            if let Ok(version) = opaque.parse::<i64>() {
                versions.push(version);
            }
        }
        any_value.then_some(Expected::OneOf(versions))
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let values = req.headers().get_all(header::IF_MATCH).map(|v| v.to_str().unwrap_or("\"\""));
        let expected = match IfMatch::parse(values) {
            Some(expected) => expected,
            // A header that is present but empty still names no version we issued.
            None if req.headers().contains_key(header::IF_MATCH) => Expected::OneOf(Vec::new()),
            None => Expected::Any,
        };
        std::future::ready(Ok(IfMatch(expected)))
    }
}

/// The `If-Match` header as documented on every versioned write.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfMatchHeader {
    /// The ETag last read; the write is refused with 412 if the record changed since.
    #[param(rename = "If-Match")]
    #[allow(dead_code)]
    if_match: Option<String>,
}

/// Whether an `If-None-Match` header value matches `etag` (weak comparison, as RFC 9110
/// asks for GET): `*`, or any listed tag equal once `W/` is ignored.
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    let etag = etag.trim_start_matches("W/");
    if_none_match.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(values: &[&str]) -> Option<Expected> {
        IfMatch::parse(values.iter().copied())
    }

    #[test]
    fn if_match_becomes_the_versions_it_names() {
        assert_eq!(parse(&[]), None);
        assert_eq!(parse(&["*"]), Some(Expected::Any));
        assert_eq!(parse(&["\"3\""]), Some(Expected::version(3)));
        assert_eq!(parse(&["W/\"3\", \"5\""]), Some(Expected::OneOf(vec![3, 5])));
        assert_eq!(parse(&["\"abc\""]), Some(Expected::OneOf(Vec::new())), "a foreign tag matches nothing");
    }

    #[test]
    fn none_match_is_weak() {
        assert!(none_match("W/\"a\", \"b\"", "\"a\""));
        assert!(none_match("*", "\"x\""));
        assert!(!none_match("\"a\"", "\"b\""));
    }
}
