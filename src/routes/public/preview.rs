//! Draft previews through a one-article token.

use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{get, web, HttpResponse};

use crate::content::{previews, views};
use crate::db;
use crate::dto::articles::PublicArticle;
use crate::error::ApiError;
use crate::state::AppState;

/// Read one unpublished article with a preview token from
/// `POST /api/v1/admin/articles/{id}/preview-token`. Expired or unknown tokens are 404.
#[utoipa::path(tag = "public", responses((status = 200, body = PublicArticle)))]
#[get("/preview/{token}")]
pub async fn get_preview(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (token, site) = (token.into_inner(), state.clone());
    let view = state
        .db
        .run(move |conn| {
            let article = previews::article(conn, &token)?;
            let page = views::article(conn, &mut views::Deps::default(), &article, db::now())?;
            Ok(PublicArticle::new(page, site.config.article_url(article.address()), &site.config.media_public_url))
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header(CacheControl(vec![CacheDirective::NoStore])).json(view))
}
