//! Operations endpoints: liveness, readiness and metrics.

use std::time::Duration;

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::replica::ReplicaState;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: String,
}

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

/// What `/readyz` says: the primary answers, and how the read replica is doing.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// Always `ok` (when the primary does not answer, the answer is 503).
    #[schema(example = "ok")]
    pub status: String,
    /// The read replica (`MARQUEE_READ_DATABASE_URL`); `null` when none is configured. Its
    /// state never makes the node unready: public reads go to the primary meanwhile.
    pub read_replica: Option<ReplicaHealth>,
}

#[derive(Serialize, ToSchema)]
pub struct ReplicaHealth {
    pub state: ReplicaHealthState,
    /// How long the replica took to replay the primary's position at the last check (made
    /// every second), in milliseconds.
    #[schema(example = 2.5)]
    pub lag_ms: f64,
}

/// `up`: public reads go to the replica. `behind`: it did not replay the primary's position
/// within a second; `down`: it does not answer (or is not a standby). In both, public reads
/// go to the primary until a check finds it caught up.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReplicaHealthState {
    Up,
    Behind,
    Down,
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
    let read_replica = state.db.replica().map(|replica| ReplicaHealth {
        state: match replica.state() {
            ReplicaState::Up => ReplicaHealthState::Up,
            ReplicaState::Behind => ReplicaHealthState::Behind,
            ReplicaState::Down => ReplicaHealthState::Down,
        },
        lag_ms: replica.lag().as_secs_f64() * 1000.0,
    });
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
