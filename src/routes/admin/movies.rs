//! Movies: anyone signed in reads them (authors pick one for an article); admins and
//! editors write them.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::auth::Identity;
use crate::content::movies::{self, MovieInput};
use crate::db::{self, movies::MovieChanges};
use crate::domain::limits;
use crate::dto::movies::{CatalogueFilter, CreateMovieRequest, MovieResponse, UpdateMovieRequest};
use crate::dto::search_text;
use crate::error::ApiError;
use crate::extract::{CatalogueEditor, IfMatch, IfMatchHeader, Json};
use crate::pagination::{Page, PageParams};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// List movies, newest first.
#[utoipa::path(tag = "movies", params(PageParams, CatalogueFilter), responses((status = 200, body = Page<MovieResponse>)))]
#[get("/movies")]
pub async fn list_movies(
    state: web::Data<AppState>,
    _caller: Identity,
    page: web::Query<PageParams>,
    filter: web::Query<CatalogueFilter>,
) -> Result<HttpResponse, ApiError> {
    let (limit, q) = (page.limit()?, search_text("q", filter.q.as_deref(), limits::QUERY)?);
    let before: Option<i64> = state.cursors.position(&page)?;
    let rows = state.db.run(move |conn| Ok(db::movies::list(conn, q.as_deref(), before, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |m| m.id, MovieResponse::from)))
}

/// Create a movie. The slug is made from the title unless given; a given slug that is
/// taken is 409.
#[utoipa::path(
    tag = "movies",
    request_body = CreateMovieRequest,
    responses((status = 201, description = "Created", body = MovieResponse, headers(("Location"), ("ETag"))))
)]
#[post("/movies")]
pub async fn create_movie(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    body: Json<CreateMovieRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = MovieInput::try_from(body.into_inner()?)?;
    let movie = state.write(move |conn, fx| movies::create(conn, fx, editor.user_id, &input)).await?;
    Ok(created(format!("/api/v1/admin/movies/{}", movie.id), movie.version, &MovieResponse::from(movie)))
}

/// Show a movie.
#[utoipa::path(tag = "movies", responses((status = 200, body = MovieResponse, headers(("ETag")))))]
#[get("/movies/{id}")]
pub async fn get_movie(
    state: web::Data<AppState>,
    _caller: Identity,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let movie = state.db.run(move |conn| movies::find(conn, id)).await?;
    Ok(with_etag(movie.version, &MovieResponse::from(movie)))
}

/// Change a movie: omitted fields stay, `null` clears an optional one.
#[utoipa::path(
    tag = "movies",
    request_body = UpdateMovieRequest,
    params(IfMatchHeader),
    responses((status = 200, body = MovieResponse, headers(("ETag"))))
)]
#[patch("/movies/{id}")]
pub async fn update_movie(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateMovieRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner(), MovieChanges::try_from(body.into_inner()?)?);
    let movie =
        state.write(move |conn, fx| movies::update(conn, fx, editor.user_id, id, &if_match.0, &changes)).await?;
    Ok(with_etag(movie.version, &MovieResponse::from(movie)))
}

/// Delete a movie and its credits. A movie that articles refer to is 409.
#[utoipa::path(tag = "movies", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/movies/{id}")]
pub async fn delete_movie(
    state: web::Data<AppState>,
    editor: CatalogueEditor,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.write(move |conn, fx| movies::delete(conn, fx, editor.user_id, id, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}
