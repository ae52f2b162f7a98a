//! The change feed: what became visible, changed or went away, oldest first.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, CacheKey};
use crate::db::{self, changes::Change};
use crate::dto::changes::{ChangeEntry, ChangesQuery};
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Changes since a cursor, oldest first, so static-site builders and caches can sync
/// incrementally.
///
/// `next_cursor` is always set: it is where to resume. Pass it back as `since`; an empty
/// `data` means you are up to date, and the same cursor is good for the next poll. A follower
/// that resumes from each `next_cursor` sees every entry exactly once, in a stable order,
/// whatever the order in which concurrent writes commit and however many nodes write: entries
/// are numbered in commit order and appear as soon as their write commits. The entries of one
/// record come in the order its changes were made, so the last one says its current state.
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
    let after: i64 = state.cursors.position(&params)?.unwrap_or(0);
    let key = CacheKey::new("changes").with("limit", &limit).with("after", &after);
    let cursors = state.cursors.clone();
    cached_json(&state, &req, key, move |conn, deps, _| {
        deps.collection("changes");
        let rows = db::changes::since(conn, after, limit + 1)?;
        let mut page = cursors.page(rows, limit, |c| c.id, |c| c);
        // Always hand back a cursor to resume from, even on the last page.
        let last = page.data.last().map_or(after, |c: &Change| c.id);
        page.next_cursor.get_or_insert_with(|| cursors.encode(&last));
        deps.text("next", page.next_cursor.as_deref().unwrap_or(""));
        Ok(page.map(ChangeEntry::from))
    })
    .await
}
