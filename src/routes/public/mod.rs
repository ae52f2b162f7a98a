//! The public content API: published content for front-ends, no credentials, cacheable.
//!
//! Every GET here goes through [`cached_json`]: the response is built once from a fixed
//! number of queries, serialized once (and compressed once), and kept in the in-process
//! cache under a [`CacheKey`] until a write touches one of the records it shows. ETags come
//! from those records' versions; `If-None-Match` gives 304 (see `extract::conditional_get`).
//! With a read replica configured, responses are built from it while it keeps up
//! (see `db::replica`).

pub mod articles;
pub mod authors;
pub mod cast_members;
pub mod changes;
pub mod comments;
pub mod movies;
pub mod preview;
pub mod redirects;
pub mod search;
pub mod tags;

use std::sync::Arc;

use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;

pub use crate::cache::CacheKey;
use crate::cache::{Cached, Deps};
use crate::compression;
use crate::db::{self, DbConn};
use crate::domain::SlugKind;
use crate::error::ApiError;
use crate::state::AppState;

pub const SURROGATE_KEY: HeaderName = HeaderName::from_static("surrogate-key");

/// Serves a public GET from the cache, or builds it with `build` (on the blocking pool),
/// caches it and serves it.
pub async fn cached_json<T, F>(
    state: &AppState,
    req: &HttpRequest,
    key: CacheKey,
    build: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static,
    F: Fn(&mut DbConn, &mut Deps, NaiveDateTime) -> Result<T, ApiError> + Send + Sync + 'static,
{
    let encoding = compression::preferred(req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()));
    let cached = state.cache.get_or_build(key, || build_json(state, build)).await?;
    Ok(respond(state, &cached, encoding))
}

/// Runs `build` on the blocking pool and serializes what it made, with its ETag and keys,
/// then (the connection given back) has the cache prepare it for storing.
async fn build_json<T, F>(state: &AppState, build: F) -> Result<Arc<Cached>, ApiError>
where
    T: Serialize + Send + 'static,
    F: Fn(&mut DbConn, &mut Deps, NaiveDateTime) -> Result<T, ApiError> + Send + Sync + 'static,
{
    let (body, etag, keys) = state
        .db
        .read(move |conn| {
            let mut deps = Deps::default();
            let value = build(conn, &mut deps, db::now())?;
            // Boxed: a cached body holds exactly its bytes, not the spare room serde left.
            let body = serde_json::to_vec(&value).map_err(ApiError::internal)?.into_boxed_slice();
            let etag = HeaderValue::from_str(&deps.etag()).map_err(ApiError::internal)?;
            Ok((Bytes::from(body), etag, deps.keys()))
        })
        .await?;
    Ok(Arc::new(state.cache.prepare(body, etag, keys).await.map_err(ApiError::internal)?))
}

/// A public read of `slug` that found nothing: when `slug` is an old slug of a record of
/// `kind` that is public now, a 301 to that record under `base` (its current slug appended);
/// otherwise the same 404. Renamed records keep their links (see `db::slugs`).
pub async fn or_moved(
    state: &AppState,
    found: Result<HttpResponse, ApiError>,
    kind: SlugKind,
    slug: String,
    base: &'static str,
) -> Result<HttpResponse, ApiError> {
    let Err(ApiError::NotFound(_)) = &found else { return found };
    let current = state
        .db
        .read(move |conn| {
            let Some(id) = db::slugs::holder(conn, kind, &slug)? else { return Ok(None) };
            if kind == SlugKind::Article && !db::articles::find(conn, id)?.is_some_and(|a| a.is_visible_at(db::now())) {
                return Ok(None);
            }
            Ok(db::slugs::current_slug(conn, kind, id)?)
        })
        .await?;
    match current {
        Some(current) => Ok(HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, format!("{base}{current}")))
            .insert_header((header::CACHE_CONTROL, state.public_cache_control.clone()))
            .finish()),
        None => found,
    }
}

fn respond(state: &AppState, cached: &Cached, wanted: compression::Encoding) -> HttpResponse {
    let (body, encoding) = cached.encoded(wanted);
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static("application/json")))
        .insert_header((header::CACHE_CONTROL, state.public_cache_control.clone()))
        .insert_header((header::ETAG, cached.etag.clone()))
        .insert_header((SURROGATE_KEY, cached.surrogate_keys.clone()))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    match encoding.header() {
        Some(value) => response.insert_header((header::CONTENT_ENCODING, value)),
        // Says "as it is" to the compression middleware, which would compress it again.
        None => response.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("identity"))),
    };
    response.body(body)
}
