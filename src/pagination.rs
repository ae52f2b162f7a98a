//! Keyset pagination with opaque, tamper-proof cursors.
//!
//! A cursor is the position after the last item of a page (for example `(published_at, id)`),
//! serialised as JSON, base64url-encoded and signed with an HMAC, so a client can neither read
//! meaning into it nor forge one that makes the server do something unplanned. A cursor that
//! fails to verify or decode is a 400, never a 500.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

/// The form of a cursor (a signed payload; the empty string is no cursor), for the spec.
pub const CURSOR_PATTERN: &str = r"^(?:[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22})?$";

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// The `limit` and `cursor` query parameters every list accepts.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn limit(&self) -> Result<i64, ApiError> {
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::BadRequest(format!("limit must be between 1 and {MAX_LIMIT}"))),
        }
    }
}

/// A list response: one page of items and the cursor of the next page, `null` on the last.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The same page with each item converted.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { data: self.data.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }
}

/// Signs and verifies cursors with a key derived from the server secret.
#[derive(Clone)]
pub struct CursorCodec {
    key: Vec<u8>,
}

type HmacSha256 = Hmac<Sha256>;

impl CursorCodec {
    pub fn new(secret: &[u8]) -> Self {
        let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts any key length");
        mac.update(b"marquee cursor key v1");
        CursorCodec { key: mac.finalize().into_bytes().to_vec() }
    }

    fn mac(&self, payload: &[u8]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC accepts any key length");
        mac.update(payload);
        mac
    }

    pub fn encode<T: Serialize>(&self, position: &T) -> String {
        let payload = serde_json::to_vec(position).unwrap_or_default();
        let tag = self.mac(&payload).finalize().into_bytes();
        format!("{}.{}", URL_SAFE_NO_PAD.encode(&payload), URL_SAFE_NO_PAD.encode(&tag[..16]))
    }

    pub fn decode<T: DeserializeOwned>(&self, cursor: &str) -> Result<T, ApiError> {
        let invalid = || ApiError::BadRequest("invalid cursor".into());
        let (payload, tag) = cursor.split_once('.').ok_or_else(invalid)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| invalid())?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| invalid())?;
        if tag.len() != 16 {
            return Err(invalid());
        }
        self.mac(&payload).verify_truncated_left(&tag).map_err(|_| invalid())?;
        serde_json::from_slice(&payload).map_err(|_| invalid())
    }

    /// Decodes the request's cursor, if any.
    pub fn position<T: DeserializeOwned>(&self, params: &PageParams) -> Result<Option<T>, ApiError> {
        params.cursor.as_deref().filter(|c| !c.is_empty()).map(|c| self.decode(c)).transpose()
    }

    /// Builds a page from `limit + 1` fetched rows: the extra row only says there is more.
    pub fn page<R, T, P: Serialize>(
        &self,
        mut rows: Vec<R>,
        limit: i64,
        position_of: impl Fn(&R) -> P,
        to_item: impl FnMut(R) -> T,
    ) -> Page<T> {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more { rows.last().map(|r| self.encode(&position_of(r))) } else { None };
        Page { data: rows.into_iter().map(to_item).collect(), next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_tampering() {
        let codec = CursorCodec::new(b"secret");
        let cursor = codec.encode(&(1_700_000_000_i64, 42_i64));
        assert_eq!(codec.decode::<(i64, i64)>(&cursor).unwrap(), (1_700_000_000, 42));

        let (payload, tag) = cursor.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(b"[1700000000,43]");
        for bad in [
            format!("{forged_payload}.{tag}"),
            format!("{payload}.AAAA"),
            "garbage".to_string(),
            "a.b.c".to_string(),
            String::new(),
            "%%%.%%%".to_string(),
        ] {
            assert!(codec.decode::<(i64, i64)>(&bad).is_err(), "{bad}");
        }
        assert!(CursorCodec::new(b"other").decode::<(i64, i64)>(&cursor).is_err());
    }

    #[test]
    fn a_valid_cursor_of_the_wrong_shape_is_refused() {
        let codec = CursorCodec::new(b"secret");
        assert!(codec.decode::<(i64, i64)>(&codec.encode(&"text")).is_err());
    }

    #[test]
    fn limits() {
        let p = |limit| PageParams { limit, cursor: None };
        assert_eq!(p(None).limit().unwrap(), 20);
        assert_eq!(p(Some(100)).limit().unwrap(), 100);
        assert!(p(Some(0)).limit().is_err() && p(Some(101)).limit().is_err());
    }

    #[test]
    fn pages_know_when_there_is_more() {
        let codec = CursorCodec::new(b"k");
        let page = codec.page(vec![1, 2, 3], 2, |r| *r, |r| r * 10);
        assert_eq!(page.data, vec![10, 20]);
        assert_eq!(codec.decode::<i32>(page.next_cursor.as_deref().unwrap()).unwrap(), 2);
        assert!(codec.page(vec![1, 2], 2, |r| *r, |r| r).next_cursor.is_none());
    }
}
