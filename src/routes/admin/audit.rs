//! The audit log (admins only).

use actix_web::{get, web, HttpResponse};

use crate::db;
use crate::db::audit::AuditFilter;
use crate::domain::limits;
use crate::dto::audit::{AuditEntryResponse, AuditQuery};
use crate::dto::search_text;
use crate::error::ApiError;
use crate::extract::Admin;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Who did what, newest first.
#[utoipa::path(tag = "audit", params(PageParams, AuditQuery), responses((status = 200, body = Page<AuditEntryResponse>)))]
#[get("/audit")]
pub async fn list_audit(
    state: web::Data<AppState>,
    _admin: Admin,
    page: web::Query<PageParams>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let query = query.into_inner();
    let filter = AuditFilter {
        user_id: query.user_id,
        action: search_text("action", query.action.as_deref(), limits::AUDIT_ACTION)?,
    };
    let rows = state.db.run(move |conn| Ok(db::audit::list(conn, &filter, before, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |e| e.id, AuditEntryResponse::from)))
}
