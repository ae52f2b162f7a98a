//! The media library (admins, editors and authors; authors change only their own uploads).

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use utoipa::ToSchema;

use crate::content::media;
use crate::db;
use crate::db::media::{Filter, Media, MediaChanges};
use crate::domain::limits;
use crate::dto::media::{FileBytes, MediaFilter, MediaResponse, UpdateMediaRequest, UploadDescription};
use crate::dto::search_text;
use crate::error::ApiError;
use crate::extract::{upload, IfMatch, IfMatchHeader, Json, Writer};
use crate::media::upload::{receive, Incoming};
use crate::pagination::{Page, PageParams};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// A `multipart/form-data` upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The image: JPEG, PNG, WebP, GIF or AVIF (a still), told from its bytes.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    alt: Option<String>,
    caption: Option<String>,
    credit: Option<String>,
    /// Instead of the file part's own name.
    filename: Option<String>,
}

/// Upload an image: the file as the raw body (any `Content-Type`; the name from
/// `Content-Disposition` or `filename`, the description from the query), or a
/// `multipart/form-data` form. The type is told from the bytes: JPEG, PNG, WebP, GIF and AVIF
/// stills are accepted (an AVIF is kept as a JPEG original, a PNG when it has transparency,
/// which is the item's `mime_type`); anything else is 415 saying what it is. The item is
/// `processing` until its variants are made, a few seconds later.
#[utoipa::path(
    tag = "media",
    params(UploadDescription),
    request_body(content(
        (UploadForm = "multipart/form-data"),
        // Any other type (`image/jpeg`, …) is taken as the raw file too; the spec names one,
        // as generated clients send the raw body as `application/octet-stream`.
        (FileBytes = "application/octet-stream"),
    )),
    responses(
        (status = 201, description = "Created", body = MediaResponse, headers(("Location"), ("ETag"))),
        (status = 413, description = "Larger than MARQUEE_MEDIA_MAX_BYTES", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not an accepted image type, saying what it is", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/media")]
pub async fn upload_media(
    state: web::Data<AppState>,
    writer: Writer,
    req: HttpRequest,
    query: web::Query<UploadDescription>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let max = usize::try_from(state.config.media_max_bytes).unwrap_or(usize::MAX);
    let received = upload::read(&req, payload, max).await?;
    let query = query.into_inner();
    let described = UploadDescription {
        alt: received.description.alt.or(query.alt),
        caption: received.description.caption.or(query.caption),
        credit: received.description.credit.or(query.credit),
        filename: received.description.filename.or(query.filename).or(received.filename),
    }
    .checked()?;
    if received.file.is_empty() {
        return Err(ApiError::invalid("file", "the upload is empty"));
    }
    let incoming = Incoming {
        bytes: received.file,
        filename: described.filename,
        alt: described.alt,
        caption: described.caption,
        credit: described.credit,
    };
    let item = receive(&state.media, &state.db, state.config.media_max_pixels, &writer, incoming).await?;
    state.media_due.notify_one();
    let (location, version) = (format!("/api/v1/admin/media/{}", item.id), item.version);
    Ok(created(location, version, &MediaResponse::new(item, &state.config.media_public_url, &[])))
}

/// The library, newest first.
#[utoipa::path(tag = "media", params(PageParams, MediaFilter), responses((status = 200, body = Page<MediaResponse>)))]
#[get("/media")]
pub async fn list_media(
    state: web::Data<AppState>,
    _writer: Writer,
    page: web::Query<PageParams>,
    filter: web::Query<MediaFilter>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let filter = filter.into_inner();
    let filter = Filter {
        q: search_text("q", filter.q.as_deref(), limits::QUERY)?.map(|q| q.to_lowercase()),
        mime_type: match filter.mime_type {
            Some(t) if crate::domain::media::original_extension(&t).is_none() => {
                return Err(ApiError::BadRequest(
                    "mime_type must be image/jpeg, image/png, image/webp or image/gif".into(),
                ))
            }
            other => other,
        },
        unused: filter.unused.unwrap_or(false),
        uploaded_by: None,
    };
    let (rows, uses) = state
        .db
        .run(move |conn| {
            let rows = db::media::list(conn, &filter, before, limit + 1)?;
            let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
            Ok((rows, db::media::uses(conn, &ids)?))
        })
        .await?;
    let base = state.config.media_public_url.clone();
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |m| m.id, |m| MediaResponse::new(m, &base, &uses))))
}

/// An item, with where it is used.
#[utoipa::path(tag = "media", responses((status = 200, body = MediaResponse, headers(("ETag")))))]
#[get("/media/{id}")]
pub async fn get_media(
    state: web::Data<AppState>,
    _writer: Writer,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (item, uses) = state
        .db
        .run(move |conn| {
            let item = media::find(conn, id)?;
            with_uses(conn, item)
        })
        .await?;
    respond(&state, item, &uses)
}

/// Describe an item: `alt`, `caption`, `credit`, `focal_point`, `filename`. Articles and
/// pages that show it change with it (their caches and the change feed follow).
#[utoipa::path(
    tag = "media",
    request_body = UpdateMediaRequest,
    params(IfMatchHeader),
    responses((status = 200, body = MediaResponse, headers(("ETag"))))
)]
#[patch("/media/{id}")]
pub async fn update_media(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateMediaRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let changes = MediaChanges::try_from(body.into_inner()?)?;
    let (item, uses) = state
        .write(move |conn, fx| {
            let item = media::update(conn, fx, &writer, id, &if_match.0, &changes)?;
            with_uses(conn, item)
        })
        .await?;
    respond(&state, item, &uses)
}

/// Delete an item nothing uses (409 naming where it is used); its files go with it.
#[utoipa::path(tag = "media", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/media/{id}")]
pub async fn delete_media(
    state: web::Data<AppState>,
    writer: Writer,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.write(move |conn, fx| media::delete(conn, fx, &writer, id, &if_match.0)).await?;
    state.media_due.notify_one();
    Ok(HttpResponse::NoContent().finish())
}

type Uses = Vec<(i64, crate::domain::media::MediaUse, i64)>;

fn with_uses(conn: &mut db::DbConn, item: Media) -> Result<(Media, Uses), ApiError> {
    let uses = db::media::uses(conn, &[item.id])?;
    Ok((item, uses))
}

fn respond(state: &AppState, item: Media, uses: &Uses) -> Result<HttpResponse, ApiError> {
    Ok(with_etag(item.version, &MediaResponse::new(item, &state.config.media_public_url, uses)))
}
