//! Tags of published articles.

use actix_web::{get, web, HttpRequest, HttpResponse};

use super::{cached_json, CacheKey};
use crate::cache::Collection;
use crate::db;
use crate::dto::tags::{TagCount, TagList};
use crate::error::ApiError;
use crate::state::AppState;

/// Tags of published articles, by name, with how many articles each has.
#[utoipa::path(
    tag = "public",
    responses((status = 200, body = TagList, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/tags")]
pub async fn list_tags(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    cached_json(&state, &req, CacheKey::new("tags"), move |conn, deps, now| {
        deps.collection(Collection::Tags);
        let data = db::tags::in_use(conn, now)?
            .into_iter()
            .map(|(tag, article_count)| {
                deps.text(&tag.slug, &format!("{}:{article_count}", tag.name));
                TagCount { slug: tag.slug, name: tag.name, article_count }
            })
            .collect();
        Ok(TagList { data })
    })
    .await
}
