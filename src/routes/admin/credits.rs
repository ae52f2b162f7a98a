//! A movie's credits: who played whom and who made it, in billing order.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::auth::Identity;
use crate::content::credits;
use crate::db::credits::CreditChanges;
use crate::dto::credits::{new_credit, CreateCreditRequest, CreditResponse, UpdateCreditRequest};
use crate::error::ApiError;
use crate::extract::{CatalogueEditor, IfMatch, IfMatchHeader, Json};
use crate::pagination::Page;
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// A movie's credits in billing order.
#[utoipa::path(tag = "credits", responses((status = 200, description = "Every credit, in billing order; `next_cursor` is always null", body = Page<CreditResponse>)))]
#[get("/movies/{id}/credits")]
pub async fn list_credits(
    state: web::Data<AppState>,
    _caller: Identity,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let credits = state.db.run(move |conn| credits::list(conn, id)).await?;
    let data = credits.into_iter().map(CreditResponse::from).collect();
    Ok(HttpResponse::Ok().json(Page { data, next_cursor: None }))
}

/// Credit someone on a movie. Without `billing_order`, they come after the last credit.
#[utoipa::path(
    tag = "credits",
    request_body = CreateCreditRequest,
    responses((status = 201, description = "Created", body = CreditResponse, headers(("Location"), ("ETag"))))
)]
#[post("/movies/{id}/credits")]
pub async fn create_credit(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    id: web::Path<i64>,
    body: Json<CreateCreditRequest>,
) -> Result<HttpResponse, ApiError> {
    let (movie_id, (new, order)) = (id.into_inner(), new_credit(body.into_inner()?)?);
    let credit = state.write(move |conn, fx| credits::create(conn, fx, editor.user_id, movie_id, &new, order)).await?;
    let location = format!("/api/v1/admin/movies/{movie_id}/credits/{}", credit.0.id);
    let version = credit.0.version;
    Ok(created(location, version, &CreditResponse::from(credit)))
}

/// Change a credit.
#[utoipa::path(
    tag = "credits",
    request_body = UpdateCreditRequest,
    params(IfMatchHeader),
    responses((status = 200, body = CreditResponse, headers(("ETag"))))
)]
#[patch("/movies/{id}/credits/{credit_id}")]
pub async fn update_credit(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    path: web::Path<(i64, i64)>,
    if_match: IfMatch,
    body: Json<UpdateCreditRequest>,
) -> Result<HttpResponse, ApiError> {
    let (ids, changes) = (path.into_inner(), CreditChanges::try_from(body.into_inner()?)?);
    let credit =
        state.write(move |conn, fx| credits::update(conn, fx, editor.user_id, ids, &if_match.0, &changes)).await?;
    let version = credit.0.version;
    Ok(with_etag(version, &CreditResponse::from(credit)))
}

/// Remove a credit.
#[utoipa::path(tag = "credits", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/movies/{id}/credits/{credit_id}")]
pub async fn delete_credit(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    path: web::Path<(i64, i64)>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let ids = path.into_inner();
    state.write(move |conn, fx| credits::delete(conn, fx, editor.user_id, ids, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}
