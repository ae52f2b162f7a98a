//! Logs and request telemetry: the tracing subscriber, and the middleware that gives every
//! request an id (echoed as `X-Request-Id`), a span, an access-log line and its metrics.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;
use crate::state::AppState;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Installs the global subscriber: `RUST_LOG` filters (default `info`), `MARQUEE_LOG_FORMAT`
/// picks human-readable lines or one JSON object per line. Safe to call more than once.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to stderr, so command output on stdout (a token, the spec) stays clean.
    // Colours only on a terminal: a log file or a pipe gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).with_span_list(false).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// A request id unique within this process and unlikely to collide across processes:
/// a random prefix chosen at start, then a counter. Cheaper than a UUID per request.
fn next_request_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let prefix = PREFIX.get_or_init(rand::random::<u32>);
    format!("{prefix:08x}-{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Accepts a caller's request id when it is short and plain, so ids can follow a request
/// through a proxy; anything else is replaced rather than logged.
fn incoming_request_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(&REQUEST_ID)?.to_str().ok()?;
    let plain = !value.is_empty()
        && value.len() <= 64
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    plain.then(|| value.to_string())
}

/// Paths whose last segment is a credential (a preview token): logged without it.
const SECRET_PATHS: [&str; 1] = ["/api/v1/preview/"];

/// The request's path as the log shows it, credentials left out.
fn logged_path(path: &str) -> std::borrow::Cow<'_, str> {
    match SECRET_PATHS.iter().find(|prefix| path.starts_with(*prefix)) {
        Some(prefix) => format!("{prefix}[token]").into(),
        None => path.into(),
    }
}

/// The middleware: wraps the whole app.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let started = Instant::now();
    let request_id = incoming_request_id(&req).unwrap_or_else(next_request_id);
    let span =
        tracing::info_span!("request", id = %request_id, method = %req.method(), path = %logged_path(req.path()));
    let state = req.app_data::<web::Data<AppState>>().cloned();

    let mut res = next.call(req).instrument(span.clone()).await?;

    let elapsed = started.elapsed();
    let status = res.status();
    let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".to_string());
    if let Some(state) = state {
        state.metrics.observe(res.request().method().as_str(), &route, status.as_u16(), elapsed);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    span.in_scope(|| {
        let micros = elapsed.as_micros() as u64;
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), micros, "request failed");
        } else {
            tracing::info!(status = status.as_u16(), micros, "request");
        }
    });
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_tokens_stay_out_of_the_log() {
        assert_eq!(logged_path("/api/v1/preview/abc123secret"), "/api/v1/preview/[token]");
        assert_eq!(logged_path("/api/v1/articles/x"), "/api/v1/articles/x");
    }

    #[test]
    fn request_ids_are_unique() {
        let a = next_request_id();
        let b = next_request_id();
        assert_ne!(a, b);
        assert!(a.len() <= 32);
    }
}
