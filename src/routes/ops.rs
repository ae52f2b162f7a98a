//! Operations endpoints: liveness, readiness and metrics.

use std::time::Duration;

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{get, web, HttpResponse};

use crate::dto::ops::{Health, Readiness, ReplicaHealth};
use crate::error::ApiError;
use crate::state::AppState;

fn ok_json() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .content_type("application/json")
        .body(r#"{"status":"ok"}"#)
}

/// Liveness: answers while the process runs.
#[utoipa::path(tag = "ops", responses((status = 200, description = "The process is running", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    ok_json()
}

/// Readiness: answers 200 when the primary database does, 503 otherwise.
#[utoipa::path(
    tag = "ops",
    responses(
        (status = 200, description = "The database answers", body = Readiness),
        (status = 503, description = "The database does not answer", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pool = state.db.pool().clone();
    web::block(move || crate::db::ping(&pool, Duration::from_secs(2))).await??;
    let read_replica = state.db.replica().map(ReplicaHealth::from);
    Ok(HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .json(Readiness { status: "ok".into(), read_replica }))
}

/// Prometheus metrics: requests by route and status, latency, database pool usage.
#[utoipa::path(
    tag = "ops",
    responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain"))
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .insert_header((header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"))
        .body(state.metrics.render(&state.db, &state.cache, &state.feed))
}
