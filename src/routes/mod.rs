//! HTTP routes: thin handlers that extract, authorise, make one database call and respond.
//! Registration here drives both the router and the OpenAPI document.

pub mod ops;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(ops::healthz).service(ops::readyz).service(ops::metrics);
}

/// The ETag of an admin record at `version`.
pub fn etag_for_version(version: i64) -> String {
    format!("\"{version}\"")
}

/// The version an ETag made by [`etag_for_version`] names.
pub fn version_from_etag(tag: &str) -> Option<i64> {
    tag.trim_start_matches("W/").trim_matches('"').parse().ok()
}
