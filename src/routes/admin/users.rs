//! Users (admins only).

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::auth::extract::Admin;
use crate::auth::password;
use crate::content::Effects;
use crate::db::{self, users::UserChanges};
use crate::domain::{ChangeAction, ChangeKind, Role};
use crate::dto::users::{CreateUserRequest, NewUserInput, UpdateUserRequest, UserResponse, UserUpdate};
use crate::error::ApiError;
use crate::extract::{IfMatch, IfMatchHeader, Json};
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
    let input = NewUserInput::try_from(body.into_inner()?)?;
    let hash = web::block(move || password::hash(&input.password).map(|h| (input, h))).await?;
    let (input, hash) = hash?;
    let user = state
        .db
        .write(move |conn| {
            if db::users::find_by_email(conn, input.email.as_str())?.is_some() {
                return Err(ApiError::Conflict("a user with this email already exists".into()));
            }
            let new = db::users::NewUser::new(input.email.as_str(), &input.display_name, input.role, &hash);
            let user = db::users::insert(conn, &new)?;
            db::audit::record(conn, Some(admin.user_id), "user.create", "user", Some(user.id))?;
            Ok(user)
        })
        .await?;
    Ok(created(format!("/api/v1/admin/users/{}", user.id), user.version, &UserResponse::from(user)))
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
        Some(p) => Some(web::block(move || password::hash(&p)).await??),
        None => None,
    };
    let changes =
        UserChanges { display_name: update.display_name, role: update.role, password_hash, disabled: update.disabled };
    let user = state
        .write(move |conn, fx| {
            let user = db::users::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            if_match.check(user.version)?;
            let stays_admin =
                changes.role.unwrap_or(user.role) == Role::Admin && !changes.disabled.unwrap_or(user.disabled);
            if user.role == Role::Admin && !stays_admin {
                ensure_another_admin(conn, id)?;
            }
            let updated = db::users::update(conn, id, user.version, &changes)?.ok_or(ApiError::PreconditionFailed)?;
            if updated.display_name != user.display_name {
                bylines_changed(conn, fx, id)?;
            }
            db::audit::record(conn, Some(admin.user_id), "user.update", "user", Some(id))?;
            Ok(updated)
        })
        .await?;
    Ok(with_etag(user.version, &UserResponse::from(user)))
}

/// An author's name is on their public articles: those pages changed.
fn bylines_changed(conn: &mut db::DbConn, fx: &mut Effects, author_id: i64) -> Result<(), ApiError> {
    for article in db::articles::visible_by_author(conn, author_id, db::now())? {
        fx.changed(conn, ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert)?;
    }
    Ok(())
}

fn ensure_another_admin(conn: &mut db::DbConn, id: i64) -> Result<(), ApiError> {
    if db::users::other_enabled_admins(conn, id)? == 0 {
        return Err(ApiError::Conflict("this is the last enabled admin; make another admin first".into()));
    }
    Ok(())
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
    state
        .db
        .write(move |conn| {
            let user = db::users::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            if_match.check(user.version)?;
            if user.role == Role::Admin && !user.disabled {
                ensure_another_admin(conn, id)?;
            }
            if db::users::has_articles(conn, id)? {
                return Err(ApiError::Conflict("the user has written articles; disable the account instead".into()));
            }
            db::users::delete(conn, id)?;
            Ok(db::audit::record(conn, Some(admin.user_id), "user.delete", "user", Some(id))?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
