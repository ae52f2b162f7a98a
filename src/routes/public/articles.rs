//! Published articles.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::DateTime;

use super::{cached_json, or_moved, CacheKey};
use crate::cache::Collection;
use crate::content::views;
use crate::db::{self, articles::PublicFilter};
use crate::domain::SlugKind;
use crate::dto::articles::{ArticleFilter, PublicArticle};
use crate::dto::summaries::ArticleSummary;
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Published articles, newest first.
#[utoipa::path(
    tag = "public",
    params(PageParams, ArticleFilter),
    responses((status = 200, body = Page<ArticleSummary>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/articles")]
pub async fn list_public_articles(
    state: web::Data<AppState>,
    req: HttpRequest,
    page: web::Query<PageParams>,
    filter: web::Query<ArticleFilter>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after: Option<(i64, i64)> = state.cursors.position(&page)?;
    let after = match after {
        Some((micros, id)) => Some((DateTime::from_timestamp_micros(micros).ok_or_else(bad_cursor)?.naive_utc(), id)),
        None => None,
    };
    let filter = web::Query::into_inner(filter);
    let filter =
        PublicFilter { movie_slug: filter.movie, tag_slug: filter.tag, kind: filter.kind, author: filter.author };
    let key = CacheKey::new("articles").with("limit", &limit).with("after", &after).with("filter", &filter);
    let (cursors, base) = (state.cursors.clone(), state.config.media_public_url.clone());
    cached_json(&state, &req, key, move |conn, deps, now| {
        deps.collection(Collection::Articles);
        let rows = db::articles::list_visible(conn, &filter, after, limit + 1, now)?;
        let page = cursors.page(
            rows,
            limit,
            |a| (a.published_at.unwrap_or(a.created_at).and_utc().timestamp_micros(), a.id),
            |a| a,
        );
        let data =
            views::summaries(conn, deps, page.data)?.into_iter().map(|s| ArticleSummary::new(s, &base)).collect();
        Ok(deps.page(Page { data, next_cursor: page.next_cursor }))
    })
    .await
}

fn bad_cursor() -> ApiError {
    ApiError::BadRequest("invalid cursor".into())
}

/// One published article with its sections, movie, cast, related articles and comment count.
/// Drafts, archived articles and articles scheduled for later are 404, like unknown slugs. An
/// old slug of a published article answers 301 to its current one.
#[utoipa::path(
    tag = "public",
    responses((status = 200, body = PublicArticle, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/articles/{slug}")]
pub async fn get_public_article(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (slug, site) = (slug.into_inner(), state.clone());
    let key = CacheKey::new("article").with("slug", &slug);
    let wanted = slug.clone();
    let found = cached_json(&state, &req, key, move |conn, deps, now| {
        let article = db::articles::find_visible_by_slug(conn, &wanted, now)?.ok_or_else(ApiError::not_found)?;
        let page = views::article(conn, deps, &article, now)?;
        Ok(PublicArticle::new(page, site.config.article_url(article.address()), &site.config.media_public_url))
    })
    .await;
    or_moved(&state, found, SlugKind::Article, slug, "/api/v1/articles/").await
}
