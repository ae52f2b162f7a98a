//! One error type for every failure, rendered as `application/problem+json` (RFC 9457).
//!
//! Each variant knows its status. Internal causes are logged with their chain and never
//! reach the client: a 500 says only that something went wrong; the response's
//! `X-Request-Id` is what to quote to find the log line.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's name, dotted for nested fields (`sections[2].heading`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:marquee:problem:validation",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "the request has invalid fields",
    "errors": [{"field": "title", "message": "must be 1 to 200 characters"}]
}))]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// The HTTP status phrase.
    pub title: String,
    pub status: u16,
    /// What went wrong, for a human.
    pub detail: String,
    /// Every invalid field, for validation errors only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub errors: Option<Vec<FieldError>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the resource has changed since you read it; fetch it again and reapply your change")]
    PreconditionFailed,
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// The body is not of a type the route takes (saying which it takes, or why not).
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("the request has invalid fields")]
    Validation(Vec<FieldError>),
    /// A `Range` outside a file of this many bytes.
    #[error("the range is outside the file's {0} bytes")]
    RangeNotSatisfiable(u64),
    #[error("too many requests; retry after {retry_after} seconds")]
    TooManyRequests { retry_after: u64 },
    #[error("{0}")]
    Unavailable(String),
    /// The database aborted the transaction because of a concurrent one (a serialization
    /// failure or a deadlock). Write transactions retry these; one that keeps failing is
    /// answered 503.
    #[error("the service is busy; retry shortly")]
    Contention,
    #[error("something went wrong on our side")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn not_found() -> Self {
        ApiError::NotFound("no such resource".into())
    }

    pub fn unauthorized() -> Self {
        ApiError::Unauthorized("missing, invalid or expired credentials".into())
    }

    pub fn forbidden() -> Self {
        ApiError::Forbidden("your role may not do this".into())
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    /// An unexpected failure: logged in full here, reported to the client as a bare 500.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(cause.into())
    }

    /// Whether retrying the whole transaction may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::Contention)
    }

    /// The database cannot be reached (pool exhausted or server down).
    pub fn unavailable(cause: impl std::fmt::Display) -> Self {
        tracing::warn!(error = %cause, "database unavailable");
        ApiError::Unavailable("the service is temporarily unavailable".into())
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        Problem {
            kind: format!("urn:marquee:problem:{}", problem_type(status)),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: self.to_string(),
            errors: match self {
                ApiError::Validation(errors) => Some(errors.clone()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RangeNotSatisfiable(_) => StatusCode::RANGE_NOT_SATISFIABLE,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) | ApiError::Contention => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
        let mut response = problem_builder(self.status_code());
        match self {
            ApiError::Unauthorized(_) => {
                response
                    .insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"marquee\"")));
            }
            ApiError::TooManyRequests { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.max(&1).to_string()));
            }
            ApiError::Unavailable(_) | ApiError::Contention => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            _ => {}
        }
        response.body(problem_body(&self.problem()))
    }
}

/// A response of `status` about to carry a problem document: its content type, never cached.
fn problem_builder(status: StatusCode) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
        .insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    response
}

fn problem_body(problem: &Problem) -> Vec<u8> {
    serde_json::to_vec(problem).expect("a problem document always serializes")
}

/// The last part of a problem's `type` URI (`urn:marquee:problem:not-found`), by status.
pub fn problem_type(status: StatusCode) -> String {
    match status.as_u16() {
        400 => "bad-request".into(),
        401 => "unauthorized".into(),
        403 => "forbidden".into(),
        404 => "not-found".into(),
        405 => "method-not-allowed".into(),
        409 => "conflict".into(),
        412 => "precondition-failed".into(),
        413 => "payload-too-large".into(),
        414 => "uri-too-long".into(),
        415 => "unsupported-media-type".into(),
        416 => "range-not-satisfiable".into(),
        422 => "validation".into(),
        429 => "rate-limited".into(),
        431 => "request-header-fields-too-large".into(),
        500 => "internal".into(),
        503 => "unavailable".into(),
        code => format!("http-{code}"),
    }
}

/// A problem document for `status`, for failures that are not an [`ApiError`] (made by the
/// HTTP layers below the handlers).
pub fn problem_response(status: StatusCode, detail: &str) -> HttpResponse {
    let problem = Problem {
        kind: format!("urn:marquee:problem:{}", problem_type(status)),
        title: status.canonical_reason().unwrap_or("Error").to_string(),
        status: status.as_u16(),
        detail: detail.to_string(),
        errors: None,
    };
    problem_builder(status).body(problem_body(&problem))
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match e {
            Error::NotFound => ApiError::not_found(),
            Error::DatabaseError(Kind::UniqueViolation, _) => {
                ApiError::Conflict("a record with the same unique value already exists".into())
            }
            Error::DatabaseError(Kind::ForeignKeyViolation, _) => {
                ApiError::Conflict("the change would break a reference between records".into())
            }
            Error::DatabaseError(Kind::SerializationFailure, _) => ApiError::Contention,
            // PostgreSQL's deadlock_detected (40P01) has no kind of its own in diesel.
            Error::DatabaseError(_, ref info) if info.message().starts_with("deadlock detected") => {
                ApiError::Contention
            }
            Error::DatabaseError(_, ref info) if info.message().contains("database is locked") => {
                ApiError::unavailable(info.message())
            }
            other => ApiError::internal(other),
        }
    }
}

/// An unexpected failure from a library (hashing, signing): a 500 with the cause logged.
impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

/// Renders a path extractor failure (`/articles/abc` where an id is expected) as a problem.
pub fn path_error(err: actix_web::error::PathError, _req: &actix_web::HttpRequest) -> actix_web::Error {
    let detail = match err {
        actix_web::error::PathError::Deserialize(e) => format!("invalid path parameter: {e}"),
        _ => "invalid path parameter".to_string(),
    };
    ApiError::BadRequest(detail).into()
}

/// Renders a query-string extractor failure as a problem.
pub fn query_error(err: actix_web::error::QueryPayloadError, _req: &actix_web::HttpRequest) -> actix_web::Error {
    let detail = match err {
        actix_web::error::QueryPayloadError::Deserialize(e) => format!("invalid query parameter: {e}"),
        _ => "invalid query string".to_string(),
    };
    ApiError::BadRequest(detail).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    fn body_of(e: ApiError) -> (StatusCode, serde_json::Value, HttpResponse) {
        let resp = e.error_response();
        let status = resp.status();
        let (res, body) = resp.into_parts();
        let bytes = body.try_into_bytes().unwrap();
        (status, serde_json::from_slice(&bytes).unwrap(), res.set_body(()).map_into_boxed_body())
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let (status, body, _) =
            body_of(ApiError::internal(anyhow::anyhow!("SELECT * FROM users failed at /src/db.rs")));
        assert_eq!(status, 500);
        let text = body.to_string();
        assert!(!text.contains("SELECT") && !text.contains("/src"), "{text}");
    }

    #[test]
    fn validation_lists_fields() {
        let (status, body, resp) = body_of(ApiError::Validation(vec![FieldError::new("title", "too long")]));
        assert_eq!(status, 422);
        assert_eq!(body["errors"][0]["field"], "title");
        assert_eq!(body["status"], 422);
        assert_eq!(resp.headers().get("content-type").unwrap(), PROBLEM_JSON);
    }

    #[test]
    fn unauthorized_challenges_and_rate_limit_says_when() {
        let (_, _, resp) = body_of(ApiError::unauthorized());
        assert!(resp.headers().get("www-authenticate").is_some());
        let (_, body, resp) = body_of(ApiError::TooManyRequests { retry_after: 7 });
        assert_eq!(resp.headers().get("retry-after").unwrap(), "7");
        assert!(body.get("errors").is_none());
    }

    #[test]
    fn diesel_errors_map_to_statuses() {
        assert_eq!(ApiError::from(diesel::result::Error::NotFound).status_code(), 404);
        assert_eq!(ApiError::from(diesel::result::Error::RollbackTransaction).status_code(), 500);
    }
}
