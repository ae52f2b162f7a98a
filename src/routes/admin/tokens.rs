//! API tokens: everyone manages their own; admins see and revoke all.

use actix_web::{delete, get, post, web, HttpResponse};

use crate::auth::extract::Identity;
use crate::auth::{permissions, tokens};
use crate::db::{self, api_tokens::NewApiToken};
use crate::domain::Role;
use crate::dto::tokens::{ApiTokenResponse, CreateTokenRequest, CreatedApiToken, NewTokenInput};
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
    let rows = state.db.run(move |conn| Ok(db::api_tokens::list(conn, owner, before, limit + 1)?)).await?;
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
    let input = NewTokenInput::parse(body.into_inner()?, identity.role)?;
    let (record, token) =
        state.db.write(move |conn| create(conn, identity.user_id, &input, Some(identity.user_id))).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/admin/tokens/{}", record.id)))
        .json(CreatedApiToken { record: record.into(), token }))
}

/// Mints a token for `owner_id`; shared with `marquee tokens create`.
pub fn create(
    conn: &mut db::DbConn,
    owner_id: i64,
    input: &NewTokenInput,
    actor: Option<i64>,
) -> Result<(db::api_tokens::ApiToken, String), ApiError> {
    let token = tokens::new_api_token();
    let record = db::api_tokens::insert(
        conn,
        &NewApiToken {
            user_id: owner_id,
            name: &input.name,
            prefix: &tokens::visible_prefix(&token),
            token_hash: &tokens::hash(&token),
            role: input.role,
            expires_at: input.expires_at.map(|t| t.naive_utc()),
            created_at: db::now(),
        },
    )?;
    db::audit::record(conn, actor, "token.create", "api_token", Some(record.id))?;
    Ok((record, token))
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
    state
        .db
        .write(move |conn| {
            let token = db::api_tokens::find(conn, id)?
                .filter(|t| permissions::can_manage_token(identity.role, identity.user_id, t.user_id))
                .ok_or_else(ApiError::not_found)?;
            db::api_tokens::revoke(conn, token.id)?;
            Ok(db::audit::record(conn, Some(identity.user_id), "token.revoke", "api_token", Some(token.id))?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
