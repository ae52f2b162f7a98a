//! Movies with their credits and published articles.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, or_moved, CacheKey};
use crate::cache::Collection;
use crate::content::views;
use crate::db;
use crate::domain::SlugKind;
use crate::dto::movies::{PublicMovie, PublicMovieSummary};
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Movies by title.
#[utoipa::path(
    tag = "public",
    params(PageParams),
    responses((status = 200, body = Page<PublicMovieSummary>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/movies")]
pub async fn list_public_movies(
    state: web::Data<AppState>,
    req: HttpRequest,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after: Option<(String, i64)> = state.cursors.position(&page)?;
    let key = CacheKey::new("movies").with("limit", &limit).with("after", &after);
    let (cursors, base) = (state.cursors.clone(), state.config.media_public_url.clone());
    cached_json(&state, &req, key, move |conn, deps, _| {
        deps.collection(Collection::Movies);
        let rows = db::movies::list_by_title(conn, after.clone(), limit + 1)?;
        let page = cursors.page(rows, limit, |m| (m.title.clone(), m.id), |m| m);
        let data = views::movies(conn, deps, page.data)?;
        let data = data.into_iter().map(|(m, poster)| PublicMovieSummary::new(m, poster.as_ref(), &base)).collect();
        Ok(deps.page(Page { data, next_cursor: page.next_cursor }))
    })
    .await
}

/// A movie with its cast and crew in billing order and its published articles. An old slug
/// answers 301 to the current one.
#[utoipa::path(
    tag = "public",
    responses((status = 200, body = PublicMovie, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/movies/{slug}")]
pub async fn get_public_movie(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let key = CacheKey::new("movie").with("slug", &slug);
    let (wanted, base) = (slug.clone(), state.config.media_public_url.clone());
    let found = cached_json(&state, &req, key, move |conn, deps, now| {
        let movie = db::movies::find_by_slug(conn, &wanted)?.ok_or_else(ApiError::not_found)?;
        // The movie lists its published articles: their publication changes this page.
        deps.collection(Collection::Articles);
        Ok(PublicMovie::new(views::movie(conn, deps, movie, now)?, &base))
    })
    .await;
    or_moved(&state, found, SlugKind::Movie, slug, "/api/v1/movies/").await
}
