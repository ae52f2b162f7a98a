//! Full-text search over published articles.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, CacheKey};
use crate::cache::Collection;
use crate::content::views;
use crate::db;
use crate::dto::search::{SearchHit, SearchQuery};
use crate::dto::summaries::ArticleSummary;
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Published articles ranked by relevance (the first 1 000 matches).
#[utoipa::path(
    tag = "public",
    params(SearchQuery, PageParams),
    responses((status = 200, body = Page<SearchHit>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/search")]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    if query.q.chars().count() > 200 || !crate::domain::text::has_visible(&query.q) {
        return Err(ApiError::BadRequest("q must be 1 to 200 characters, not all blank".into()));
    }
    let q = query.q.trim().to_string();
    let limit = page.limit()?;
    let offset: i64 = state.cursors.position(&page)?.unwrap_or(0);
    if !(0..db::search::MAX_RESULTS).contains(&offset) {
        return Err(ApiError::BadRequest("invalid cursor".into()));
    }
    let key = CacheKey::new("search").with("q", &q).with("limit", &limit).with("offset", &offset);
    let (cursors, base) = (state.cursors.clone(), state.config.media_public_url.clone());
    cached_json(&state, &req, key, move |conn, deps, now| {
        deps.collection(Collection::Search);
        let hits = db::search::search(conn, &q, offset, limit + 1, now)?;
        let mut page = cursors.page(hits, limit, |_| 0, |h| h);
        let next = offset + page.data.len() as i64;
        page.next_cursor = page.next_cursor.filter(|_| next < db::search::MAX_RESULTS).map(|_| cursors.encode(&next));
        let ids: Vec<i64> = page.data.iter().map(|h| h.id).collect();
        let mut articles = db::articles::find_many(conn, &ids)?;
        articles.sort_by_key(|a| ids.iter().position(|id| *id == a.id));
        let summaries = views::summaries(conn, deps, articles)?;
        let data = summaries
            .into_iter()
            .zip(page.data)
            .map(|(summary, hit)| SearchHit::new(ArticleSummary::new(summary, &base), &hit.snippet))
            .collect();
        Ok(deps.page(Page { data, next_cursor: page.next_cursor }))
    })
    .await
}
