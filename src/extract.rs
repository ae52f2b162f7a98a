//! Request extractors whose failures are problem documents: a JSON body that names the
//! offending field, and the `If-Match` precondition.

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
        return Err(ApiError::UnsupportedMediaType);
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
    let document: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON: {}", without_position(&e.to_string()))))?;
    if let Some(path) = nul_in(&document, String::new()) {
        return Err(ApiError::invalid(path, "must not contain NUL characters"));
    }
    serde_path_to_error::deserialize(document).map_err(|err| {
        let path = err.path().to_string();
        let message = without_position(&err.into_inner().to_string());
        ApiError::Validation(vec![FieldError::new(field_name(&path, &message), message)])
    })
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

/// Middleware: a path or query string with an encoded NUL (`%00`) is refused with 400 before
/// it reaches a handler; no slug, filter or search holds one.
pub async fn reject_nul(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let uri = req.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("");
    let has_nul = uri.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0');
    if has_nul {
        let response = actix_web::ResponseError::error_response(&ApiError::BadRequest(
            "the path and query must not contain NUL characters".into(),
        ));
        return Ok(req.into_response(response).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
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

/// The `If-Match` request header, for optimistic concurrency on admin writes.
/// Absent means "unconditional"; `*` matches any current version.
#[derive(Debug, Default, Clone)]
pub struct IfMatch(Option<Vec<String>>);

impl IfMatch {
    /// Fails with 412 unless the header is absent or lists the ETag of `version`.
    pub fn check(&self, version: i64) -> Result<(), ApiError> {
        match &self.0 {
            None => Ok(()),
            Some(tags) if tags.iter().any(|t| t == "*" || *t == crate::routes::etag_for_version(version)) => Ok(()),
            Some(_) => Err(ApiError::PreconditionFailed),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let values: Vec<String> = req
            .headers()
            .get_all(header::IF_MATCH)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| t.trim().trim_start_matches("W/").to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let has_header = req.headers().contains_key(header::IF_MATCH);
        std::future::ready(Ok(IfMatch(has_header.then_some(values))))
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

/// Middleware: a GET whose `If-None-Match` matches the response's ETag gets `304 Not
/// Modified` with the validators and no body, for every route that sets an ETag.
pub async fn conditional_get(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let conditional = matches!(*req.method(), actix_web::http::Method::GET | actix_web::http::Method::HEAD)
        .then(|| req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string))
        .flatten();
    let res = next.call(req).await?;
    let Some(if_none_match) = conditional else { return Ok(res.map_into_left_body()) };
    let matched = res.status() == actix_web::http::StatusCode::OK
        && res
            .headers()
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|etag| none_match(&if_none_match, etag));
    if !matched {
        return Ok(res.map_into_left_body());
    }
    let (req, full) = res.into_parts();
    let mut not_modified = actix_web::HttpResponse::NotModified();
    for name in [header::ETAG, header::CACHE_CONTROL, header::VARY, header::HeaderName::from_static("surrogate-key")] {
        if let Some(value) = full.headers().get(&name) {
            not_modified.insert_header((name, value.clone()));
        }
    }
    Ok(actix_web::dev::ServiceResponse::new(req, not_modified.finish()).map_into_right_body())
}
