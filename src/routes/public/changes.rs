//! The change feed: what became visible, changed or went away, oldest first.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cached_json;
use crate::db;
use crate::domain::{ChangeAction, ChangeKind};
use crate::dto::{rfc3339, utc};
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEntry {
    pub kind: ChangeKind,
    pub id: i64,
    pub slug: String,
    pub action: ChangeAction,
    #[serde(with = "rfc3339")]
    pub at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `next_cursor` of the previous page; from the beginning when omitted.
    pub since: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

/// Changes since a cursor, oldest first, so static-site builders and caches can sync
/// incrementally.
///
/// Unlike other lists, `next_cursor` is always set: it is where to resume. Pass it back as
/// `since`; an empty `data` means you are up to date, and the same cursor is good for the
/// next poll.
#[utoipa::path(
    tag = "public",
    params(ChangesQuery),
    responses((status = 200, body = Page<ChangeEntry>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/changes")]
pub async fn list_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let params = PageParams { limit: query.limit, cursor: query.since.clone() };
    let limit = params.limit()?;
    let after: Option<i64> = state.cursors.position(&params)?;
    let cursors = state.cursors.clone();
    cached_json(&state, &req, move |conn, deps, _| {
        deps.collection("changes");
        let rows = db::changes::since(conn, after, limit + 1)?;
        let last = rows.iter().take(limit as usize).map(|c| c.id).max();
        deps.value("last", last.unwrap_or(0));
        let mut page = cursors.page(
            rows,
            limit,
            |c| c.id,
            |c| ChangeEntry { kind: c.kind, id: c.record_id, slug: c.slug, action: c.action, at: utc(c.at) },
        );
        // Always hand back a cursor to resume from, even on the last page.
        if page.next_cursor.is_none() {
            page.next_cursor = Some(cursors.encode(&last.or(after).unwrap_or(0)));
        }
        Ok(page)
    })
    .await
}
