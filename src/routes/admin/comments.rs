//! The comment queue, for moderators, editors, admins and their API tokens.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::content::comments;
use crate::db::{self, comments::QueueFilter};
use crate::domain::limits;
use crate::dto::comments::{
    AdminComment, BulkModerateRequest, BulkModerateResponse, CommentFilter, UpdateCommentRequest,
};
use crate::dto::{fields, search_text, Check};
use crate::error::ApiError;
use crate::extract::{IfMatch, IfMatchHeader, Json, Moderator};
use crate::pagination::{Page, PageParams};
use crate::routes::with_etag;
use crate::state::AppState;

/// The moderation queue, newest first, with full records.
#[utoipa::path(tag = "comments", params(PageParams, CommentFilter), responses((status = 200, body = Page<AdminComment>)))]
#[get("/comments")]
pub async fn list_comments_queue(
    state: web::Data<AppState>,
    _moderator: Moderator,
    page: web::Query<PageParams>,
    filter: web::Query<CommentFilter>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let filter = QueueFilter {
        status: filter.status,
        article_id: filter.article_id,
        q: search_text("q", filter.q.as_deref(), limits::QUERY)?,
    };
    let rows = state.db.run(move |conn| Ok(db::comments::queue(conn, &filter, before, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |c| c.id, AdminComment::from)))
}

/// Approve, hold, reject or mark a comment as spam, with an optional note.
#[utoipa::path(
    tag = "comments",
    request_body = UpdateCommentRequest,
    params(IfMatchHeader),
    responses((status = 200, body = AdminComment, headers(("ETag"))))
)]
#[patch("/comments/{id:\\d+}")]
pub async fn moderate_comment(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateCommentRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, r) = (id.into_inner(), body.into_inner()?);
    let mut c = Check::new();
    let note = c.patch("moderation_note", r.moderation_note, |n| fields::optional(n, limits::MODERATION_NOTE));
    let note = c.finish(note)?;
    let decision = (r.status, note);
    let comment = state
        .write(move |conn, fx| comments::moderate(conn, fx, moderator.user_id, id, &if_match.0, decision.clone()))
        .await?;
    Ok(with_etag(comment.version, &AdminComment::from(comment)))
}

/// Delete a comment; replies to it stay, without a parent.
#[utoipa::path(tag = "comments", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/comments/{id:\\d+}")]
pub async fn delete_comment(
    state: web::Data<AppState>,
    moderator: Moderator,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.write(move |conn, fx| comments::delete(conn, fx, moderator.user_id, id, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Set the status of many comments at once: all of them, or none if an id is unknown.
#[utoipa::path(tag = "comments", request_body = BulkModerateRequest, responses((status = 200, body = BulkModerateResponse)))]
#[post("/comments/moderate")]
pub async fn moderate_comments(
    state: web::Data<AppState>,
    moderator: Moderator,
    body: Json<BulkModerateRequest>,
) -> Result<HttpResponse, ApiError> {
    let r = body.into_inner()?;
    if r.ids.is_empty() || r.ids.len() > 500 {
        return Err(ApiError::invalid("ids", "must list 1 to 500 comment ids"));
    }
    let updated =
        state.write(move |conn, fx| comments::moderate_many(conn, fx, moderator.user_id, &r.ids, r.status)).await?;
    Ok(HttpResponse::Ok().json(BulkModerateResponse { updated }))
}
