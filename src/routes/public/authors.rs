//! Authors' public pages.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, or_moved, CacheKey};
use crate::content::views;
use crate::db;
use crate::domain::SlugKind;
use crate::dto::authors::PublicAuthor;
use crate::error::ApiError;
use crate::state::AppState;

/// An author's profile with their published articles, newest first. Unknown slugs, and
/// users who have published nothing, are 404.
#[utoipa::path(
    tag = "public",
    responses((status = 200, body = PublicAuthor, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/authors/{slug}")]
pub async fn get_public_author(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let key = CacheKey::new("author").with("slug", &slug);
    let (wanted, base) = (slug.clone(), state.config.media_public_url.clone());
    let found = cached_json(&state, &req, key, move |conn, deps, now| {
        let profile = db::users::profile_by_slug(conn, &wanted)?.ok_or_else(ApiError::not_found)?;
        let page = views::author(conn, deps, profile, now)?;
        if page.articles.is_empty() {
            // Editors, moderators and admins who write nothing have no public page.
            return Err(ApiError::not_found());
        }
        Ok(PublicAuthor::new(page, &base))
    })
    .await;
    or_moved(&state, found, SlugKind::Author, slug, "/api/v1/authors/").await
}
