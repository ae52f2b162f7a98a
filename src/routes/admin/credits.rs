//! A movie's credits: who played whom and who made it, in billing order.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::auth::extract::{CatalogueEditor, Identity};
use crate::content::catalogue;
use crate::db::credits::{CreditChanges, NewCredit};
use crate::dto::catalogue::{billing_order, check_character, CreateCreditRequest, CreditResponse, UpdateCreditRequest};
use crate::dto::{fields, Check};
use crate::error::ApiError;
use crate::extract::{IfMatch, IfMatchHeader, Json};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// A movie's credits in billing order.
#[utoipa::path(tag = "credits", responses((status = 200, body = Vec<CreditResponse>)))]
#[get("/movies/{id}/credits")]
pub async fn list_credits(
    state: web::Data<AppState>,
    _caller: Identity,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let credits = state.db.run(move |conn| catalogue::list_credits(conn, id)).await?;
    Ok(HttpResponse::Ok().json(credits.into_iter().map(CreditResponse::from).collect::<Vec<_>>()))
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
    let (movie_id, r) = (id.into_inner(), body.into_inner()?);
    let mut c = Check::new();
    let character = c.take("character", fields::optional(r.character, 200));
    check_character(&mut c, r.role, character.as_deref());
    let order = c.patch("billing_order", r.billing_order, billing_order);
    let now = crate::db::now();
    let new = c.finish(NewCredit {
        movie_id,
        cast_member_id: r.cast_member_id,
        role: r.role,
        character,
        billing_order: 0,
        created_at: now,
        updated_at: now,
    })?;
    let credit =
        state.write(move |conn, fx| catalogue::create_credit(conn, fx, editor.user_id, movie_id, new, order)).await?;
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
    let (ids, r) = (path.into_inner(), body.into_inner()?);
    let mut c = Check::new();
    let changes = CreditChanges {
        cast_member_id: r.cast_member_id,
        role: r.role,
        character: c.patch("character", r.character, |v| fields::optional(v, 200)),
        billing_order: c.patch("billing_order", r.billing_order, billing_order),
    };
    let changes = c.finish(changes)?;
    let credit = state
        .write(move |conn, fx| catalogue::update_credit(conn, fx, editor.user_id, ids, &if_match, &changes))
        .await?;
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
    state.write(move |conn, fx| catalogue::delete_credit(conn, fx, editor.user_id, ids, &if_match)).await?;
    Ok(HttpResponse::NoContent().finish())
}
