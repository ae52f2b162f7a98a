//! Reader comments on published articles.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};

use super::{cached_json, CacheKey};
use crate::content::comments::{self, CommentInput, Sender};
use crate::db;
use crate::domain::{ChangeKind, CommentStatus};
use crate::dto::comments::{CommentAccepted, CreateCommentRequest, PublicComment};
use crate::error::{ApiError, Problem};
use crate::extract::{client_key, Json};
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// Approved comments of a published article, oldest first, flat: replies name their
/// `parent_id`.
#[utoipa::path(
    tag = "public",
    params(PageParams),
    responses((status = 200, body = Page<PublicComment>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/articles/{slug}/comments")]
pub async fn list_comments(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let (slug, limit) = (slug.into_inner(), page.limit()?);
    let after: Option<i64> = state.cursors.position(&page)?;
    let key = CacheKey::new("comments").with("slug", &slug).with("limit", &limit).with("after", &after);
    let cursors = state.cursors.clone();
    cached_json(&state, &req, key, move |conn, deps, now| {
        let article = db::articles::find_visible_by_slug(conn, &slug, now)?.ok_or_else(ApiError::not_found)?;
        deps.record(ChangeKind::Article, article.id, article.version);
        let rows = db::comments::approved_of(conn, article.id, after, limit + 1)?;
        let page = cursors.page(
            rows,
            limit,
            |c| c.id,
            |c| {
                deps.value(&format!("comment-{}", c.id), c.version);
                PublicComment::from(c)
            },
        );
        Ok(deps.page(page))
    })
    .await
}

/// Submit a comment. It goes through the moderation rules; the answer is 202 whatever they
/// decide, with `approved` when it shows at once. Rate limited per client.
#[utoipa::path(
    tag = "public",
    request_body = CreateCommentRequest,
    responses(
        (status = 202, description = "Accepted", body = CommentAccepted),
        (status = 429, description = "Too many comments, or the same one again; see Retry-After", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/articles/{slug}/comments")]
pub async fn create_comment(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    body: Json<CreateCommentRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = client_key(&req, &state.config.trusted_proxies);
    state.clients.take_comment(&client).map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
    let client_hash = state.clients.hash(&client);
    let input = CommentInput::try_from(body.into_inner()?)?;
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(300).collect::<String>());
    let (slug, sender) = (slug.into_inner(), Sender { client_hash, user_agent });
    let comment = state.write_grouped(move |conn, fx| comments::submit(conn, fx, &slug, &input, &sender)).await?;
    // Spam is answered like a held comment: bots learn nothing.
    let status =
        if comment.status == CommentStatus::Approved { CommentStatus::Approved } else { CommentStatus::Pending };
    Ok(HttpResponse::Accepted()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CommentAccepted { id: comment.id, status }))
}
