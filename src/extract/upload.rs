//! An upload's body: the file itself as the raw body, or a `multipart/form-data` form with a
//! `file` part and optional `alt`, `caption`, `credit` and `filename` parts. Either is read
//! up to a bound (413 past it) and nothing else is kept.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition};
use actix_web::web::{Bytes, BytesMut, Payload};
use actix_web::HttpRequest;
use futures_util::StreamExt;

use crate::dto::media::UploadDescription;
use crate::error::ApiError;

/// A form part other than the file holds at most this much.
const TEXT_PART: usize = 16 * 1024;
/// A form has at most this many parts.
const PARTS: usize = 8;

/// Where uploads are sent.
pub const PATH: &str = "/api/v1/admin/media";

/// The largest body an upload of at most `max` bytes may declare: a form's boundaries and
/// text parts come on top of the file.
pub fn declared_limit(max: usize) -> usize {
    max.saturating_add(TEXT_PART * PARTS)
}

/// What an upload request carried.
pub struct Received {
    pub file: Bytes,
    /// The file's name on the uploader's machine, from `Content-Disposition`.
    pub filename: Option<String>,
    /// The form's other parts (empty for a raw body).
    pub description: UploadDescription,
}

/// Reads an upload of at most `max` bytes.
pub async fn read(req: &HttpRequest, payload: Payload, max: usize) -> Result<Received, ApiError> {
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > declared_limit(max)) {
        return Err(ApiError::PayloadTooLarge(max));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if is_form {
        return read_form(req, payload, max).await;
    }
    let filename = req
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| ContentDisposition::from_raw(v).ok())
        .and_then(|cd| cd.get_filename().map(str::to_string));
    let file = read_bounded(payload, max, ApiError::PayloadTooLarge(max)).await?;
    Ok(Received { file, filename, description: UploadDescription::default() })
}

async fn read_form(req: &HttpRequest, payload: Payload, max: usize) -> Result<Received, ApiError> {
    let malformed =
        |e: actix_multipart::MultipartError| ApiError::BadRequest(format!("the form could not be read: {e}"));
    let mut form = Multipart::new(req.headers(), payload);
    let mut received = Received { file: Bytes::new(), filename: None, description: UploadDescription::default() };
    let (mut has_file, mut parts) = (false, 0);
    while let Some(field) = form.next().await {
        let field = field.map_err(malformed)?;
        parts += 1;
        if parts > PARTS {
            return Err(ApiError::BadRequest(format!("the form has more than {PARTS} parts")));
        }
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.content_disposition().and_then(|cd| cd.get_filename().map(str::to_string));
        let text_too_long = || ApiError::invalid(name.clone(), format!("must be at most {TEXT_PART} bytes"));
        match name.as_str() {
            "file" if !has_file => {
                has_file = true;
                received.filename = filename;
                received.file = read_part(field, max, ApiError::PayloadTooLarge(max)).await?;
            }
            "alt" | "caption" | "credit" | "filename" => {
                let bytes = read_part(field, TEXT_PART, text_too_long()).await?;
                let text =
                    String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::invalid(&name, "must be UTF-8 text"))?;
                let d = &mut received.description;
                let slot = match name.as_str() {
                    "alt" => &mut d.alt,
                    "caption" => &mut d.caption,
                    "credit" => &mut d.credit,
                    _ => &mut d.filename,
                };
                *slot = Some(text);
            }
            "file" => return Err(ApiError::invalid("file", "the form has more than one file")),
            other => {
                return Err(ApiError::invalid(
                    other,
                    "unknown form part; the parts are file, alt, caption, credit and filename",
                ))
            }
        }
    }
    if !has_file {
        return Err(ApiError::invalid("file", "the form has no file part"));
    }
    Ok(received)
}

async fn read_part(mut field: actix_multipart::Field, max: usize, too_large: ApiError) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("the form could not be read: {e}")))?;
        if body.len() + chunk.len() > max {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

async fn read_bounded(mut payload: Payload, max: usize, too_large: ApiError) -> Result<Bytes, ApiError> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::BadRequest("the request body could not be read".into()))?;
        if body.len() + chunk.len() > max {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
