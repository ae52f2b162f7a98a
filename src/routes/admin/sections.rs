//! An article's sections: the same rights as the article itself.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};

use crate::content::articles::SectionInput;
use crate::content::sections::{self, SectionPatch};
use crate::dto::sections::{AdminSection, CreateSectionRequest, ReorderSectionsRequest, UpdateSectionRequest};
use crate::error::ApiError;
use crate::extract::{IfMatch, IfMatchHeader, Json, Writer};
use crate::pagination::Page;
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// All of an article's sections, as one page (an article has at most a few hundred).
fn listed(rows: Vec<crate::db::sections::Section>) -> Page<AdminSection> {
    Page { data: rows.into_iter().map(AdminSection::from).collect(), next_cursor: None }
}

/// An article's sections in position order.
#[utoipa::path(tag = "sections", responses((status = 200, description = "Every section, in position order; `next_cursor` is always null", body = Page<AdminSection>)))]
#[get("/articles/{id}/sections")]
pub async fn list_sections(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, who) = (id.into_inner(), writer.identity);
    Ok(HttpResponse::Ok().json(listed(state.db.run(move |conn| sections::list(conn, &who, id)).await?)))
}

/// Add a section: appended, or inserted at `position` with the rest moving down.
#[utoipa::path(
    tag = "sections",
    request_body = CreateSectionRequest,
    responses((status = 201, description = "Created", body = AdminSection, headers(("Location"), ("ETag"))))
)]
#[post("/articles/{id}/sections")]
pub async fn create_section(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
    body: Json<CreateSectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (article_id, who) = (id.into_inner(), writer.identity);
    let input = SectionInput::try_from(body.into_inner()?)?;
    let section = state.write(move |conn, fx| sections::create(conn, fx, &who, article_id, &input)).await?;
    let location = format!("/api/v1/admin/articles/{article_id}/sections/{}", section.id);
    Ok(created(location, section.version, &AdminSection::from(section)))
}

/// Show a section.
#[utoipa::path(tag = "sections", responses((status = 200, body = AdminSection, headers(("ETag")))))]
#[get("/articles/{id}/sections/{section_id:\\d+}")]
pub async fn get_section(
    state: web::Data<AppState>,
    writer: Writer,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (ids, who) = (path.into_inner(), writer.identity);
    let section = state.db.run(move |conn| sections::find(conn, &who, ids)).await?;
    Ok(with_etag(section.version, &AdminSection::from(section)))
}

/// Change a section; `position` moves it and shifts the others.
#[utoipa::path(
    tag = "sections",
    request_body = UpdateSectionRequest,
    params(IfMatchHeader),
    responses((status = 200, body = AdminSection, headers(("ETag"))))
)]
#[patch("/articles/{id}/sections/{section_id:\\d+}")]
pub async fn update_section(
    state: web::Data<AppState>,
    writer: Writer,
    path: web::Path<(i64, i64)>,
    if_match: IfMatch,
    body: Json<UpdateSectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (ids, who, patch) = (path.into_inner(), writer.identity, SectionPatch::try_from(body.into_inner()?)?);
    let section = state.write(move |conn, fx| sections::update(conn, fx, &who, ids, &if_match.0, &patch)).await?;
    Ok(with_etag(section.version, &AdminSection::from(section)))
}

/// Delete a section; the ones after it move up.
#[utoipa::path(tag = "sections", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/articles/{id}/sections/{section_id:\\d+}")]
pub async fn delete_section(
    state: web::Data<AppState>,
    writer: Writer,
    path: web::Path<(i64, i64)>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let (ids, who) = (path.into_inner(), writer.identity);
    state.write(move |conn, fx| sections::delete(conn, fx, &who, ids, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Reorder all sections at once: `section_ids` must list exactly the article's sections.
/// `If-Match` is the article's ETag, and the response carries the article's new one.
#[utoipa::path(
    tag = "sections",
    request_body = ReorderSectionsRequest,
    params(IfMatchHeader),
    responses((status = 200, description = "The sections in their new order", body = Page<AdminSection>, headers(("ETag" = String, description = "The article's new ETag"))))
)]
#[put("/articles/{id}/sections/order")]
pub async fn reorder_sections(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<ReorderSectionsRequest>,
) -> Result<HttpResponse, ApiError> {
    let (article_id, who, ids) = (id.into_inner(), writer.identity, body.into_inner()?.section_ids);
    let (rows, version) =
        state.write(move |conn, fx| sections::reorder(conn, fx, &who, article_id, &if_match.0, &ids)).await?;
    Ok(with_etag(version, &listed(rows)))
}
