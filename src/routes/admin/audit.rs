//! The audit log (admins only).

use actix_web::{get, web, HttpResponse};

use crate::db;
use crate::dto::audit::AuditEntryResponse;
use crate::error::ApiError;
use crate::extract::Admin;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Who did what, newest first.
#[utoipa::path(tag = "audit", params(PageParams), responses((status = 200, body = Page<AuditEntryResponse>)))]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    _admin: Admin,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let rows = state.db.run(move |conn| Ok(db::audit::list(conn, before, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |e| e.id, AuditEntryResponse::from)))
}
