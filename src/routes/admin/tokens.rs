//! API tokens: everyone manages their own; admins see and revoke all.

use actix_web::{delete, get, post, web, HttpResponse};

use crate::auth::Identity;
use crate::content::tokens;
use crate::db;
use crate::domain::Role;
use crate::dto::tokens::{token_input, ApiTokenResponse, CreateTokenRequest, CreatedApiToken};
use crate::error::ApiError;
use crate::extract::Json;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

/// List live API tokens, newest first: all of them for admins, one's own for everyone else.
#[utoipa::path(tag = "tokens", params(PageParams), responses((status = 200, body = Page<ApiTokenResponse>)))]
#[get("/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    identity: Identity,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let owner = (identity.role != Role::Admin).then_some(identity.user_id);
    let rows = state.db.run(move |conn| Ok(db::tokens::list(conn, owner, before, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |t| t.id, ApiTokenResponse::from)))
}

/// Create an API token for yourself. The token is in the response this once.
#[utoipa::path(
    tag = "tokens",
    request_body = CreateTokenRequest,
    responses((status = 201, description = "Created", body = CreatedApiToken, headers(("Location"))))
)]
#[post("/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    identity: Identity,
    body: Json<CreateTokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = token_input(body.into_inner()?, identity.role)?;
    let (record, token) = state.db.write(move |conn| tokens::create(conn, identity.user_id, &input)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/admin/tokens/{}", record.id)))
        .json(CreatedApiToken { record: record.into(), token }))
}

/// Revoke an API token; it stops working at once.
#[utoipa::path(tag = "tokens", responses((status = 204, description = "Revoked")))]
#[delete("/tokens/{id}")]
pub async fn delete_token(
    state: web::Data<AppState>,
    identity: Identity,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.db.write(move |conn| tokens::revoke(conn, &identity, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
