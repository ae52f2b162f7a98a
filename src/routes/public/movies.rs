//! Movies with their credits and published articles, and tags.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::cached_json;
use crate::content::views;
use crate::db;
use crate::dto::public::{PublicMovie, PublicMovieSummary};
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
    let cursors = state.cursors.clone();
    cached_json(&state, &req, move |conn, deps, _| {
        deps.collection("movies");
        let rows = db::movies::list_by_title(conn, after, limit + 1)?;
        let page = cursors.page(rows, limit, |m| (m.title.clone(), m.id), |m| views::movie_summary(deps, &m));
        deps.text("next", page.next_cursor.as_deref().unwrap_or(""));
        Ok(page)
    })
    .await
}

/// A movie with its cast and crew in billing order and its published articles.
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
    cached_json(&state, &req, move |conn, deps, now| {
        let movie = db::movies::find_by_slug(conn, &slug)?.ok_or_else(ApiError::not_found)?;
        // The movie lists its published articles: their publication changes this page.
        deps.collection("articles");
        Ok(views::movie(conn, deps, &movie, now)?)
    })
    .await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagCount {
    pub slug: String,
    pub name: String,
    /// Published articles with this tag.
    pub article_count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagList {
    pub data: Vec<TagCount>,
}

/// Tags of published articles, by name, with how many articles each has.
#[utoipa::path(
    tag = "public",
    responses((status = 200, body = TagList, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/tags")]
pub async fn list_tags(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    cached_json(&state, &req, move |conn, deps, now| {
        deps.collection("tags");
        let data: Vec<TagCount> = db::articles::tags_in_use(conn, now)?
            .into_iter()
            .map(|(slug, name, article_count)| {
                deps.text(&slug, &format!("{name}:{article_count}"));
                TagCount { slug, name, article_count }
            })
            .collect();
        Ok(TagList { data })
    })
    .await
}
