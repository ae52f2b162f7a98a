//! `/redirects/resolve`: where an address of the site that a front-end cannot serve leads
//! now, for its 404 handler or edge middleware.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, CacheKey};
use crate::cache::Collection;
use crate::content::redirects;
use crate::domain::addresses;
use crate::dto::redirects::{ResolveQuery, ResolvedRedirect};
use crate::error::ApiError;
use crate::state::AppState;

/// Where a path of the site leads: an editor's redirect, an imported WordPress permalink or
/// upload URL, or an article's old address under `MARQUEE_ARTICLE_PATH` (an old slug, or
/// another date). Matching ignores a trailing slash and the query string, except
/// WordPress's `?p=ID` and `?page_id=ID`. 404 when the path leads nowhere else (an
/// article's own address included).
#[utoipa::path(
    tag = "public",
    params(ResolveQuery),
    responses(
        (status = 200, body = ResolvedRedirect, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))),
        (status = 404, description = "The path leads nowhere else", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`path` is not a path of the site", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/redirects/resolve")]
pub async fn resolve_redirect(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ResolveQuery>,
) -> Result<HttpResponse, ApiError> {
    let path = addresses::normalize(&query.path).map_err(|why| ApiError::invalid("path", why))?;
    let key = CacheKey::new("resolve").with("path", &path);
    let (site, wanted) = (state.clone(), path.clone());
    let answer = cached_json(&state, &req, key, move |conn, deps, now| {
        deps.collection(Collection::Redirects);
        deps.collection(Collection::Articles);
        let resolved = redirects::resolve(conn, &site.config, &wanted, now)?.ok_or_else(ApiError::not_found)?;
        deps.text("to", resolved.to.as_deref().unwrap_or(""));
        deps.value("status", i64::from(resolved.status));
        Ok(ResolvedRedirect::new(wanted.clone(), resolved))
    })
    .await?;
    // A conditional read that was answered 304 followed the redirect too.
    if answer.status().is_success() || answer.status() == actix_web::http::StatusCode::NOT_MODIFIED {
        state.redirect_hits.count(&path, crate::db::now());
    }
    Ok(answer)
}
