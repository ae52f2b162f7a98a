//! Revisions: snapshots taken at each publish and each change of published content.

use actix_web::{get, post, web, HttpResponse};

use crate::content::{articles, revisions};
use crate::db;
use crate::dto::articles::AdminArticle;
use crate::dto::revisions::{RevisionResponse, RevisionSummary};
use crate::error::ApiError;
use crate::extract::{IfMatch, IfMatchHeader, Writer};
use crate::pagination::{Page, PageParams};
use crate::routes::with_etag;
use crate::state::AppState;

/// An article's revisions, newest first.
#[utoipa::path(tag = "revisions", params(PageParams), responses((status = 200, body = Page<RevisionSummary>)))]
#[get("/articles/{id}/revisions")]
pub async fn list_revisions(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, who, limit) = (id.into_inner(), writer.identity, page.limit()?);
    let before: Option<i32> = state.cursors.position(&page)?;
    let rows = state
        .db
        .run(move |conn| {
            articles::readable(conn, &who, id)?;
            Ok(db::revisions::list(conn, id, before, limit + 1)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |r| r.number, |r| RevisionSummary::from(&r))))
}

/// One revision with its snapshot.
#[utoipa::path(tag = "revisions", responses((status = 200, body = RevisionResponse)))]
#[get("/articles/{id}/revisions/{number}")]
pub async fn get_revision(
    state: web::Data<AppState>,
    writer: Writer,
    path: web::Path<(i64, i32)>,
) -> Result<HttpResponse, ApiError> {
    let ((id, number), who) = (path.into_inner(), writer.identity);
    let (revision, snapshot) = state
        .db
        .run(move |conn| {
            articles::readable(conn, &who, id)?;
            let revision = db::revisions::find(conn, id, number)?.ok_or_else(ApiError::not_found)?;
            let snapshot = revisions::decode(&revision)?;
            Ok((revision, snapshot))
        })
        .await?;
    let summary = RevisionSummary::from(&revision);
    Ok(HttpResponse::Ok().json(RevisionResponse { summary, snapshot: snapshot.into() }))
}

/// Put the article's content back as this revision had it; recorded as a new revision.
#[utoipa::path(tag = "revisions", params(IfMatchHeader), responses((status = 200, body = AdminArticle, headers(("ETag")))))]
#[post("/articles/{id}/revisions/{number}/restore")]
pub async fn restore_revision(
    state: web::Data<AppState>,
    writer: Writer,
    path: web::Path<(i64, i32)>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (ids, who) = (path.into_inner(), writer.identity);
    let article = state.write(move |conn, fx| articles::restore(conn, fx, &who, ids, &if_match.0)).await?;
    Ok(with_etag(article.article.version, &AdminArticle::from(article)))
}
