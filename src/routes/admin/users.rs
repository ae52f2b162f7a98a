//! Users (admins only).

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::auth::password;
use crate::content::users;
use crate::db;
use crate::dto::users::{CreateUserRequest, NewUserInput, UpdateUserRequest, UserResponse, UserUpdate};
use crate::error::ApiError;
use crate::extract::{Admin, IfMatch, IfMatchHeader, Json};
use crate::pagination::{Page, PageParams};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// List users, oldest first.
#[utoipa::path(tag = "users", params(PageParams), responses((status = 200, body = Page<UserResponse>)))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    _admin: Admin,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let after: Option<i64> = state.cursors.position(&page)?;
    let rows = state.db.run(move |conn| Ok(db::users::list(conn, after, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |u| u.id, UserResponse::from)))
}

/// Create a user.
#[utoipa::path(
    tag = "users",
    request_body = CreateUserRequest,
    responses((status = 201, description = "Created", body = UserResponse, headers(("Location"), ("ETag"))))
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    admin: Admin,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let checked = NewUserInput::try_from(body.into_inner()?)?;
    let hash = hash_password(checked.password.clone()).await?;
    let input = checked.hashed(hash);
    let user = state.db.write(move |conn| users::create(conn, Some(admin.user_id), &input)).await?;
    Ok(created(format!("/api/v1/admin/users/{}", user.id), user.version, &UserResponse::from(user)))
}

/// Hashes a password on the blocking pool: argon2 takes tens of milliseconds on purpose.
async fn hash_password(password: String) -> Result<String, ApiError> {
    Ok(web::block(move || password::hash(&password)).await??)
}

/// Show a user.
#[utoipa::path(tag = "users", responses((status = 200, body = UserResponse, headers(("ETag")))))]
#[get("/users/{id}")]
pub async fn get_user(state: web::Data<AppState>, _admin: Admin, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let user = state.db.run(move |conn| db::users::find(conn, id)?.ok_or_else(ApiError::not_found)).await?;
    Ok(with_etag(user.version, &UserResponse::from(user)))
}

/// Change a user's name, role, password or `disabled` flag.
///
/// A new role, password or `disabled` ends the user's sessions at once. The last enabled
/// admin cannot be demoted or disabled (409).
#[utoipa::path(
    tag = "users",
    request_body = UpdateUserRequest,
    params(IfMatchHeader),
    responses((status = 200, body = UserResponse, headers(("ETag"))))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, update) = (id.into_inner(), UserUpdate::try_from(body.into_inner()?)?);
    let password_hash = match update.password.clone() {
        Some(p) => Some(hash_password(p).await?),
        None => None,
    };
    let changes = update.hashed(password_hash);
    let user = state.write(move |conn, fx| users::update(conn, fx, admin.user_id, id, &if_match.0, &changes)).await?;
    Ok(with_etag(user.version, &UserResponse::from(user)))
}

/// Delete a user. Users who wrote articles cannot be deleted (409): disable them instead.
#[utoipa::path(
    tag = "users",
    params(IfMatchHeader),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/users/{id}")]
pub async fn delete_user(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.db.write(move |conn| users::delete(conn, admin.user_id, id, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}
