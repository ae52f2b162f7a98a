//! `/media/{key}/{file}`: the library's files, served from the store. A file's address is
//! its content's (the key is the upload's hash), so it never changes and is cached for a
//! year. Only files that were made exist: there is no resizing on demand.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::domain::media;
use crate::dto::media::FileBytes;
use crate::error::ApiError;
use crate::media::store::StoreError;
use crate::media::upload::unavailable;
use crate::state::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A file of the media library: `original.{ext}` (the upload, upright and without
/// metadata) or `{width}.{format}` (a variant listed on its item). `Range` (one range),
/// `If-None-Match` and `HEAD` are answered.
#[utoipa::path(
    tag = "media files",
    params(
        ("key" = String, Path, description = "The item's key", pattern = "^[0-9a-f]{32}$"),
        ("file" = String, Path, description = "`original.jpg`, `640.webp`, …", pattern = r"^(original\.(jpg|png|gif|webp)|[0-9]{1,4}\.(avif|webp|jpg|png))$"),
        ("Range" = Option<String>, Header, description = "One byte range, as in `bytes=0-1023`"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (FileBytes = "image/avif"), (FileBytes = "image/webp"), (FileBytes = "image/jpeg"), (FileBytes = "image/png"), (FileBytes = "image/gif"),
        ), headers(("ETag"), ("Cache-Control"), ("Accept-Ranges"))),
        (status = 206, description = "The requested range", content(
            (FileBytes = "image/avif"), (FileBytes = "image/webp"), (FileBytes = "image/jpeg"), (FileBytes = "image/png"), (FileBytes = "image/gif"),
        ), headers(("Content-Range"), ("ETag"))),
        (status = 304, description = "Not modified"),
        (status = 404, description = "No such file", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 416, description = "The range is outside the file", body = crate::error::Problem, content_type = "application/problem+json", headers(("Content-Range"))),
    )
)]
#[get("/media/{key}/{file}")]
pub async fn media_file(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (key, file) = path.into_inner();
    let Some(content_type) = media::is_key(&key).then(|| served_type(&file)).flatten() else {
        return Err(ApiError::NotFound("no such media file".into()));
    };
    let etag = format!("\"{key}-{file}\"");
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if if_none_match.is_some_and(|v| crate::extract::none_match(v, &etag)) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, IMMUTABLE))
            .finish());
    }
    let name = crate::domain::media::names::file(&key, &file);
    let range = requested_range(&req, &etag);
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(content_type)))
        .insert_header((header::CACHE_CONTROL, IMMUTABLE))
        .insert_header((header::ETAG, etag))
        .insert_header((header::ACCEPT_RANGES, "bytes"));
    match range {
        None => Ok(response.body(state.media.get(&name).await.map_err(missing)?)),
        Some(wanted) => send_range(&state, &name, wanted, response).await,
    }
}

/// The store's answer for a file that is not there, or a store that cannot answer.
fn missing(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::NotFound("no such media file".into()),
        other @ StoreError::Other(_) => unavailable(other),
    }
}

/// The part of the file `wanted` names with `response`'s headers as a 206, or a 416 when
/// none of the file is in it.
async fn send_range(
    state: &AppState,
    name: &str,
    wanted: Wanted,
    mut response: actix_web::HttpResponseBuilder,
) -> Result<HttpResponse, ApiError> {
    let size = state.media.head(name).await.map_err(missing)?.size;
    let Some((start, end)) = wanted.within(size) else {
        let mut refused = actix_web::ResponseError::error_response(&ApiError::RangeNotSatisfiable(size));
        refused.headers_mut().insert(
            header::CONTENT_RANGE,
            HeaderValue::from_str(&format!("bytes */{size}")).unwrap_or(HeaderValue::from_static("bytes */0")),
        );
        return Ok(refused);
    };
    let bytes = state.media.get_range(name, start..end + 1).await.map_err(missing)?;
    response
        .status(StatusCode::PARTIAL_CONTENT)
        .insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}")));
    Ok(response.body(bytes))
}

/// The one range the request asks for, if it asks for one that still applies (`If-Range`).
fn requested_range(req: &HttpRequest, etag: &str) -> Option<Wanted> {
    req.headers()
        .get(header::RANGE)
        .filter(|_| if_range_holds(req, etag))
        .and_then(|v| v.to_str().ok())
        .and_then(parse_range)
}

/// The type of a file name that can exist, or `None` for any other name.
fn served_type(file: &str) -> Option<&'static str> {
    let (stem, ext) = file.split_once('.')?;
    let is_width =
        !stem.is_empty() && stem.len() <= 4 && stem.bytes().all(|b| b.is_ascii_digit()) && !stem.starts_with('0');
    let allowed = match stem {
        "original" => matches!(ext, "jpg" | "png" | "gif" | "webp"),
        _ => is_width && matches!(ext, "avif" | "webp" | "jpg" | "png"),
    };
    allowed.then(|| media::mime_type_of(file)).flatten()
}

/// `If-Range` absent, or naming this file: a `Range` applies (else the whole file is sent).
fn if_range_holds(req: &HttpRequest, etag: &str) -> bool {
    req.headers().get(header::IF_RANGE).and_then(|v| v.to_str().ok()).is_none_or(|v| v.trim() == etag)
}

/// One byte range of a `Range` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// `bytes=a-b` or `bytes=a-`.
    From(u64, Option<u64>),
    /// `bytes=-n`: the last `n` bytes.
    Last(u64),
}

impl Wanted {
    /// The inclusive range within a file of `size` bytes, or `None` when none of it is.
    fn within(self, size: u64) -> Option<(u64, u64)> {
        match self {
            Wanted::From(start, end) if start < size => Some((start, end.unwrap_or(u64::MAX).min(size - 1))),
            Wanted::Last(n) if n > 0 && size > 0 => Some((size.saturating_sub(n), size - 1)),
            _ => None,
        }
    }
}

/// A single range; several ranges, another unit or bad syntax are ignored (the whole file is
/// sent), as RFC 9110 allows.
fn parse_range(header: &str) -> Option<Wanted> {
    let spec = header.trim().strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let number = |s: &str| s.trim().parse::<u64>().ok();
    match (start.trim().is_empty(), end.trim().is_empty()) {
        (true, false) => number(end).map(Wanted::Last),
        (false, true) => number(start).map(|s| Wanted::From(s, None)),
        (false, false) => {
            let (s, e) = (number(start)?, number(end)?);
            (s <= e).then_some(Wanted::From(s, Some(e)))
        }
        (true, true) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_made_files_are_served() {
        assert_eq!(served_type("original.jpg"), Some("image/jpeg"));
        assert_eq!(served_type("640.avif"), Some("image/avif"));
        assert_eq!(served_type("200.png"), Some("image/png"));
        for bad in ["original.svg", "640.gif", "0640.webp", "12345.jpg", "640.webp.exe", "../x.jpg", "640", "x.webp"] {
            assert_eq!(served_type(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-99"), Some(Wanted::From(0, Some(99))));
        assert_eq!(parse_range("bytes=100-"), Some(Wanted::From(100, None)));
        assert_eq!(parse_range("bytes=-10"), Some(Wanted::Last(10)));
        for ignored in ["bytes=0-1,5-6", "items=0-1", "bytes=5-1", "bytes=-", "bytes=a-b"] {
            assert_eq!(parse_range(ignored), None, "{ignored}");
        }
        assert_eq!(Wanted::From(0, Some(99)).within(50), Some((0, 49)));
        assert_eq!(Wanted::From(50, None).within(50), None);
        assert_eq!(Wanted::Last(10).within(50), Some((40, 49)));
        assert_eq!(Wanted::Last(100).within(50), Some((0, 49)));
        assert_eq!(Wanted::Last(0).within(50), None);
    }
}
