//! Cast members with their filmographies.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, or_moved, CacheKey};
use crate::cache::Collection;
use crate::content::views;
use crate::db;
use crate::domain::SlugKind;
use crate::dto::cast_members::{PublicCastMember, PublicCastMemberSummary};
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Cast members by name.
#[utoipa::path(
    tag = "public",
    params(PageParams),
    responses((status = 200, body = Page<PublicCastMemberSummary>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/cast-members")]
pub async fn list_public_cast_members(
    state: web::Data<AppState>,
    req: HttpRequest,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after: Option<(String, i64)> = state.cursors.position(&page)?;
    let key = CacheKey::new("cast-members").with("limit", &limit).with("after", &after);
    let (cursors, base) = (state.cursors.clone(), state.config.media_public_url.clone());
    cached_json(&state, &req, key, move |conn, deps, _| {
        deps.collection(Collection::CastMembers);
        let rows = db::cast_members::list_by_name(conn, after.clone(), limit + 1)?;
        let page = cursors.page(rows, limit, |p| (p.name.clone(), p.id), |p| p);
        let data = views::cast_members(conn, deps, page.data)?;
        let data = data.into_iter().map(|(p, photo)| PublicCastMemberSummary::new(p, photo.as_ref(), &base)).collect();
        Ok(deps.page(Page { data, next_cursor: page.next_cursor }))
    })
    .await
}

/// A cast member with their filmography, newest movie first. An old slug answers 301 to the
/// current one.
#[utoipa::path(
    tag = "public",
    responses((status = 200, body = PublicCastMember, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/cast-members/{slug}")]
pub async fn get_public_cast_member(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = slug.into_inner();
    let key = CacheKey::new("cast-member").with("slug", &slug);
    let (wanted, base) = (slug.clone(), state.config.media_public_url.clone());
    let found = cached_json(&state, &req, key, move |conn, deps, _| {
        let person = db::cast_members::find_by_slug(conn, &wanted)?.ok_or_else(ApiError::not_found)?;
        Ok(PublicCastMember::new(views::cast_member(conn, deps, person)?, &base))
    })
    .await;
    or_moved(&state, found, SlugKind::CastMember, slug, "/api/v1/cast-members/").await
}
