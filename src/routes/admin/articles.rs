//! Articles: authors write their own drafts; editors edit any article and publish.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::content::articles::{self, ArticleInput, ArticlePatch};
use crate::content::{previews, views};
use crate::db::{self, articles::AdminFilter};
use crate::domain::limits;
use crate::domain::Role;
use crate::dto::articles::{
    AdminArticle, AdminArticleFilter, CreateArticleRequest, PreviewTokenResponse, PublicArticle, PublishRequest,
    UpdateArticleRequest,
};
use crate::dto::search_text;
use crate::error::ApiError;
use crate::extract::{IfMatch, IfMatchHeader, Json, OptionalJson, Publisher, Writer};
use crate::pagination::{Page, PageParams};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// List articles, newest first. Authors see only their own.
#[utoipa::path(tag = "articles", params(PageParams, AdminArticleFilter), responses((status = 200, body = Page<AdminArticle>)))]
#[get("/articles")]
pub async fn list_articles(
    state: web::Data<AppState>,
    writer: Writer,
    page: web::Query<PageParams>,
    filter: web::Query<AdminArticleFilter>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let filter = AdminFilter {
        status: filter.status,
        movie_id: filter.movie_id,
        author_id: if writer.role == Role::Author { Some(writer.user_id) } else { filter.author_id },
        q: search_text("q", filter.q.as_deref(), limits::QUERY)?,
    };
    let cursors = state.cursors.clone();
    let page = state
        .db
        .run(move |conn| {
            let page = cursors.page(db::articles::list(conn, &filter, before, limit + 1)?, limit, |a| a.id, |a| a);
            let records = articles::records(conn, page.data)?;
            Ok(Page { data: records.into_iter().map(AdminArticle::from).collect(), next_cursor: page.next_cursor })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Create a draft; `sections` may come along, created in the same transaction.
#[utoipa::path(
    tag = "articles",
    request_body = CreateArticleRequest,
    responses((status = 201, description = "Created", body = AdminArticle, headers(("Location"), ("ETag"))))
)]
#[post("/articles")]
pub async fn create_article(
    state: web::Data<AppState>,
    writer: Writer,
    body: Json<CreateArticleRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = ArticleInput::try_from(body.into_inner()?)?;
    let who = writer.identity;
    let article = AdminArticle::from(state.write(move |conn, _| articles::create(conn, &who, &input)).await?);
    Ok(created(format!("/api/v1/admin/articles/{}", article.id), article.version, &article))
}

/// Show an article (authors: their own).
#[utoipa::path(tag = "articles", responses((status = 200, body = AdminArticle, headers(("ETag")))))]
#[get("/articles/{id}")]
pub async fn get_article(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, who) = (id.into_inner(), writer.identity);
    let article = state
        .db
        .run(move |conn| {
            let article = articles::readable(conn, &who, id)?;
            articles::record(conn, article)
        })
        .await?;
    Ok(with_etag(article.article.version, &AdminArticle::from(article)))
}

/// Change an article's fields, tags or related articles. Authors may change only their
/// own drafts.
#[utoipa::path(
    tag = "articles",
    request_body = UpdateArticleRequest,
    params(IfMatchHeader),
    responses((status = 200, body = AdminArticle, headers(("ETag"))))
)]
#[patch("/articles/{id}")]
pub async fn update_article(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateArticleRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, patch, who) = (id.into_inner(), ArticlePatch::try_from(body.into_inner()?)?, writer.identity);
    let article = state.write(move |conn, fx| articles::update(conn, fx, &who, id, &if_match.0, &patch)).await?;
    Ok(with_etag(article.article.version, &AdminArticle::from(article)))
}

/// Delete an article with its sections, revisions and comments.
#[utoipa::path(tag = "articles", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/articles/{id}")]
pub async fn delete_article(
    state: web::Data<AppState>,
    publisher: Publisher,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.write(move |conn, fx| articles::delete(conn, fx, publisher.user_id, id, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publish now, or schedule when `publish_at` is in the future. The body may be left out.
#[utoipa::path(
    tag = "articles",
    request_body(content = PublishRequest, description = "Optional"),
    params(IfMatchHeader),
    responses((status = 200, body = AdminArticle, headers(("ETag"))))
)]
#[post("/articles/{id}/publish")]
pub async fn publish_article(
    state: web::Data<AppState>,
    publisher: Publisher,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: OptionalJson<PublishRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, at) = (id.into_inner(), body.into_inner()?.publish_at);
    let article =
        state.write(move |conn, fx| articles::publish(conn, fx, publisher.user_id, id, &if_match.0, at)).await?;
    Ok(with_etag(article.article.version, &AdminArticle::from(article)))
}

/// Take an article back to draft.
#[utoipa::path(tag = "articles", params(IfMatchHeader), responses((status = 200, body = AdminArticle, headers(("ETag")))))]
#[post("/articles/{id}/unpublish")]
pub async fn unpublish_article(
    state: web::Data<AppState>,
    publisher: Publisher,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let article =
        state.write(move |conn, fx| articles::unpublish(conn, fx, publisher.user_id, id, &if_match.0)).await?;
    Ok(with_etag(article.article.version, &AdminArticle::from(article)))
}

/// Archive an article: no longer public, kept for the record.
#[utoipa::path(tag = "articles", params(IfMatchHeader), responses((status = 200, body = AdminArticle, headers(("ETag")))))]
#[post("/articles/{id}/archive")]
pub async fn archive_article(
    state: web::Data<AppState>,
    publisher: Publisher,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let article = state.write(move |conn, fx| articles::archive(conn, fx, publisher.user_id, id, &if_match.0)).await?;
    Ok(with_etag(article.article.version, &AdminArticle::from(article)))
}

/// The article as the public would see it, whatever its status.
#[utoipa::path(tag = "articles", responses((status = 200, body = PublicArticle)))]
#[get("/articles/{id}/preview")]
pub async fn preview_article(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, who, site) = (id.into_inner(), writer.identity, state.clone());
    let view = state
        .db
        .run(move |conn| {
            let article = articles::readable(conn, &who, id)?;
            let page = views::article(conn, &mut views::Deps::default(), &article, db::now())?;
            Ok(PublicArticle::new(page, site.config.article_url(article.address()), &site.config.media_public_url))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// A token that lets anyone holding it read this one article at `/api/v1/preview/{token}`
/// until it expires (one hour by default).
#[utoipa::path(
    tag = "articles",
    responses((status = 201, description = "Created", body = PreviewTokenResponse))
)]
#[post("/articles/{id}/preview-token")]
pub async fn create_preview_token(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, who, ttl) = (id.into_inner(), writer.identity, state.config.preview_token_ttl);
    let (token, expires_at) = state.db.write(move |conn| previews::create(conn, &who, id, ttl)).await?;
    let url = format!("/api/v1/preview/{token}");
    Ok(HttpResponse::Created().insert_header(("Location", url.clone())).json(PreviewTokenResponse {
        token,
        url,
        expires_at,
    }))
}
