//! Cast members: anyone signed in reads them; admins and editors write them. Deleting
//! someone removes their credits.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::auth::Identity;
use crate::content::cast_members::{self, CastMemberInput};
use crate::db::{self, cast_members::CastMemberChanges};
use crate::domain::limits;
use crate::dto::cast_members::{CastMemberResponse, CreateCastMemberRequest, UpdateCastMemberRequest};
use crate::dto::movies::CatalogueFilter;
use crate::dto::search_text;
use crate::error::ApiError;
use crate::extract::{CatalogueEditor, IfMatch, IfMatchHeader, Json};
use crate::pagination::{Page, PageParams};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// List cast members, newest first.
#[utoipa::path(tag = "cast members", params(PageParams, CatalogueFilter), responses((status = 200, body = Page<CastMemberResponse>)))]
#[get("/cast-members")]
pub async fn list_cast_members(
    state: web::Data<AppState>,
    _caller: Identity,
    page: web::Query<PageParams>,
    filter: web::Query<CatalogueFilter>,
) -> Result<HttpResponse, ApiError> {
    let (limit, q) = (page.limit()?, search_text("q", filter.q.as_deref(), limits::QUERY)?);
    let before: Option<i64> = state.cursors.position(&page)?;
    let rows = state.db.run(move |conn| Ok(db::cast_members::list(conn, q.as_deref(), before, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |p| p.id, CastMemberResponse::from)))
}

/// Create a cast member. The slug is made from the name unless given.
#[utoipa::path(
    tag = "cast members",
    request_body = CreateCastMemberRequest,
    responses((status = 201, description = "Created", body = CastMemberResponse, headers(("Location"), ("ETag"))))
)]
#[post("/cast-members")]
pub async fn create_cast_member(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    body: Json<CreateCastMemberRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = CastMemberInput::try_from(body.into_inner()?)?;
    let person = state.write(move |conn, fx| cast_members::create(conn, fx, editor.user_id, &input)).await?;
    Ok(created(format!("/api/v1/admin/cast-members/{}", person.id), person.version, &CastMemberResponse::from(person)))
}

/// Show a cast member.
#[utoipa::path(tag = "cast members", responses((status = 200, body = CastMemberResponse, headers(("ETag")))))]
#[get("/cast-members/{id}")]
pub async fn get_cast_member(
    state: web::Data<AppState>,
    _caller: Identity,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let person = state.db.run(move |conn| cast_members::find(conn, id)).await?;
    Ok(with_etag(person.version, &CastMemberResponse::from(person)))
}

/// Change a cast member: omitted fields stay, `null` clears an optional one.
#[utoipa::path(
    tag = "cast members",
    request_body = UpdateCastMemberRequest,
    params(IfMatchHeader),
    responses((status = 200, body = CastMemberResponse, headers(("ETag"))))
)]
#[patch("/cast-members/{id}")]
pub async fn update_cast_member(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateCastMemberRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner(), CastMemberChanges::try_from(body.into_inner()?)?);
    let person =
        state.write(move |conn, fx| cast_members::update(conn, fx, editor.user_id, id, &if_match.0, &changes)).await?;
    Ok(with_etag(person.version, &CastMemberResponse::from(person)))
}

/// Delete a cast member and their credits.
#[utoipa::path(tag = "cast members", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/cast-members/{id}")]
pub async fn delete_cast_member(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.write(move |conn, fx| cast_members::delete(conn, fx, editor.user_id, id, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}
