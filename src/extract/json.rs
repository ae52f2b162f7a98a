//! JSON request bodies whose failures are problem documents naming the offending field.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError};

/// Request bodies larger than this are refused with 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A JSON request body. Unlike `actix_web::web::Json`, a failure says exactly what is wrong:
/// 415 for another content type, 413 past [`BODY_LIMIT`], 400 for malformed JSON, 422 naming
/// the field for a missing, unknown or mistyped one.
///
/// The failure is kept until the handler asks with [`Json::into_inner`], so that the
/// credential and role checks of the same handler answer first: someone who may not call a
/// route learns nothing about what a valid body would be.
#[derive(Debug)]
pub struct Json<T>(Result<T, ApiError>);

impl<T> Json<T> {
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = is_json_content_type(req);
        let declared_len = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move { Ok(Json(read_json(is_json, declared_len, &mut payload).await)) })
    }
}

async fn read_json<T: DeserializeOwned>(
    is_json: bool,
    declared_len: Option<usize>,
    payload: &mut Payload,
) -> Result<T, ApiError> {
    if declared_len.is_some_and(|len| len > BODY_LIMIT) {
        return Err(ApiError::PayloadTooLarge(BODY_LIMIT));
    }
    if !is_json {
        return Err(ApiError::UnsupportedMediaType(
            "the request body must be JSON, sent with Content-Type: application/json".into(),
        ));
    }
    let mut body = Vec::with_capacity(declared_len.unwrap_or(1024).min(BODY_LIMIT));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest("the request body could not be read".into()))?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(ApiError::PayloadTooLarge(BODY_LIMIT));
        }
        body.extend_from_slice(&chunk);
    }
    parse_json(&body)
}

/// A JSON body that may be left out entirely (no body at all means `T::default()`), for
/// actions such as publish whose body only carries options.
#[derive(Debug)]
pub struct OptionalJson<T>(Result<T, ApiError>);

impl<T> OptionalJson<T> {
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let empty = req.headers().get(header::CONTENT_LENGTH).is_none_or(|v| v.as_bytes() == b"0")
            && !req.headers().contains_key(header::TRANSFER_ENCODING);
        if empty {
            return Box::pin(async { Ok(OptionalJson(Ok(T::default()))) });
        }
        let json = Json::<T>::from_request(req, payload);
        Box::pin(async move { Ok(OptionalJson(json.await?.into_inner())) })
    }
}

fn is_json_content_type(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses a JSON document: malformed JSON is 400; a well-formed document of the wrong shape
/// is 422 naming the field (missing, unknown or mistyped).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut document: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON: {}", without_position(&e.to_string()))))?;
    if let Some(path) = nul_in(&document, String::new()) {
        return Err(ApiError::invalid(path, "must not contain NUL characters"));
    }
    whole_numbers(&mut document);
    serde_path_to_error::deserialize(document).map_err(|err| {
        let path = err.path().to_string();
        let message = without_position(&err.into_inner().to_string());
        ApiError::Validation(vec![FieldError::new(field_name(&path, &message), message)])
    })
}

/// JSON Schema counts `181.0` and `1e2` as integers, as JavaScript does; serde does not.
/// Numbers without a fraction become integers before the document meets the request type.
fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // Only where an f64 holds every whole number exactly: past 2^53 the document's
            // number may not be the one read (serde_json reads -9223372036854775809, beyond
            // i64, as an f64 that rounds to i64::MIN), so it stays a float and is refused.
            #[allow(clippy::cast_possible_truncation)]
            if f.fract() == 0.0 && f.abs() <= 2f64.powi(53) {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// The path of the first string (or key) holding a NUL character, which neither database
/// stores as text.
fn nul_in(value: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    let here = |p: &str| if p.is_empty() { "body".to_string() } else { p.to_string() };
    match value {
        Value::String(s) if s.contains('\0') => Some(here(&path)),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| nul_in(v, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let child = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            if k.contains('\0') {
                Some(child)
            } else {
                nul_in(v, child)
            }
        }),
        _ => None,
    }
}

/// serde_json ends its messages with "at line 1 column 9"; the field name says more.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// For "missing field `x`" the path stops at the parent object; the field is in the message.
fn field_name(path: &str, message: &str) -> String {
    let named = ["unknown field `", "missing field `"].iter().find_map(|prefix| {
        let rest = message.strip_prefix(prefix)?;
        rest.split('`').next()
    });
    match (named, path) {
        (_, "." | "") => named.unwrap_or("body").to_string(),
        (Some(name), path) if path != name && !path.ends_with(&format!(".{name}")) => format!("{path}.{name}"),
        (_, path) => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        title: String,
        year: Option<i32>,
        nested: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
    }

    #[test]
    fn numbers_beyond_i64_are_refused_not_rounded() {
        for number in ["-9223372036854775809", "9223372036854775808", "1e19", "-1e300"] {
            let err = parse_json::<Body>(format!(r#"{{"title": "x", "year": {number}}}"#).as_bytes()).unwrap_err();
            assert_eq!(fields(err), ["year"], "{number}");
        }
        let body: Body = parse_json(br#"{"title": "x", "year": 2.0e3}"#).unwrap();
        assert_eq!(body.year, Some(2000));
    }

    fn fields(err: ApiError) -> Vec<String> {
        match err {
            ApiError::Validation(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_bad_requests() {
        for bad in [&b"{"[..], b"{\"title\": }", b"[1,", b"", b"{\"title\":\"x\"} trailing"] {
            assert!(
                matches!(parse_json::<Body>(bad), Err(ApiError::BadRequest(_))),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn shape_errors_name_the_field() {
        assert_eq!(fields(parse_json::<Body>(br#"{"title":"x","colour":1}"#).unwrap_err()), ["colour"]);
        assert_eq!(fields(parse_json::<Body>(br#"{"year":1}"#).unwrap_err()), ["title"]);
        assert_eq!(fields(parse_json::<Body>(br#"{"title":"x","year":"1999"}"#).unwrap_err()), ["year"]);
        assert_eq!(fields(parse_json::<Body>(br#"{"title":"x","nested":{"nom":"y"}}"#).unwrap_err()), ["nested.nom"]);
        assert_eq!(fields(parse_json::<Body>(br#"[]"#).unwrap_err()), ["body"]);
    }

    #[test]
    fn whole_floats_are_integers() {
        #[derive(serde::Deserialize)]
        struct Minutes {
            runtime: i32,
            ids: Vec<i64>,
        }
        let m: Minutes = parse_json(br#"{"runtime": 181.0, "ids": [1e2, -0.0]}"#).unwrap();
        assert_eq!((m.runtime, m.ids), (181, vec![100, 0]));
        assert!(parse_json::<Minutes>(br#"{"runtime": 181.5, "ids": []}"#).is_err());
        assert!(parse_json::<Minutes>(br#"{"runtime": 1e300, "ids": []}"#).is_err());
    }

    #[test]
    fn nul_characters_are_named() {
        assert_eq!(fields(parse_json::<Body>(b"{\"title\":\"a\\u0000b\"}").unwrap_err()), ["title"]);
        assert_eq!(
            fields(parse_json::<Body>(b"{\"title\":\"x\",\"nested\":{\"name\":\"\\u0000\"}}").unwrap_err()),
            ["nested.name"]
        );
    }

    #[test]
    fn messages_carry_no_position() {
        let ApiError::Validation(errors) = parse_json::<Body>(br#"{"title":1}"#).unwrap_err() else { panic!() };
        assert!(!errors[0].message.contains("line"), "{}", errors[0].message);
    }
}
