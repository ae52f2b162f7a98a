//! The change feed: what became visible, changed or went away, oldest first.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::cached_json;
use crate::db;
use crate::dto::changes::{ChangeEntry, ChangesQuery};
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

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
        let mut page = cursors.page(rows, limit, |c| c.id, ChangeEntry::from);
        // Always hand back a cursor to resume from, even on the last page.
        if page.next_cursor.is_none() {
            page.next_cursor = Some(cursors.encode(&last.or(after).unwrap_or(0)));
        }
        Ok(page)
    })
    .await
}
