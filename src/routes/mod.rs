//! HTTP routes: thin handlers that extract, authorise, make one database call and respond.
//! Registration here drives both the router and the OpenAPI document.

pub mod admin;
pub mod admin_app;
pub mod auth;
mod cors;
pub mod media;
pub mod ops;
pub mod public;

use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Condition, DefaultHeaders};
use actix_web::HttpResponse;
use serde::Serialize;
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::config::CorsOrigins;
use crate::extract::etag;

/// Registers every documented route. Browsers on other origins may read public content under
/// `origins` (and, for listed origins only, call the admin and auth routes).
pub fn configure(cfg: &mut ServiceConfig, origins: &CorsOrigins) {
    let (public, private, private_auth) = (cors::public(origins), cors::private(origins), cors::private(origins));
    cfg.service(ops::healthz).service(ops::readyz).service(ops::metrics).service(media::media_file);
    cfg.service(
        scope("/api/v1/auth")
            .wrap(Condition::new(private_auth.is_some(), private_auth.unwrap_or_default()))
            .wrap(no_store())
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(auth::change_password)
            .service(auth::me)
            .service(auth::update_me),
    );
    cfg.service(
        scope("/api/v1/admin")
            .wrap(Condition::new(private.is_some(), private.unwrap_or_default()))
            .wrap(no_store())
            .configure(admin::configure),
    );
    cfg.service(
        scope("/api/v1")
            .wrap(Condition::new(public.is_some(), public.unwrap_or_default()))
            .service(public::articles::list_public_articles)
            .service(public::articles::get_public_article)
            .service(public::comments::list_comments)
            .service(public::comments::create_comment)
            .service(public::movies::list_public_movies)
            .service(public::movies::get_public_movie)
            .service(public::tags::list_tags)
            .service(public::authors::get_public_author)
            .service(public::cast_members::list_public_cast_members)
            .service(public::cast_members::get_public_cast_member)
            .service(public::changes::list_changes)
            .service(public::changes::stream_changes)
            .service(public::search::search)
            .service(public::redirects::resolve_redirect)
            .service(public::preview::get_preview),
    );
}

/// Admin and auth responses are private and never cached.
fn no_store() -> DefaultHeaders {
    DefaultHeaders::new().add((header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
}

/// 200 with the record and its ETag.
pub fn with_etag<T: Serialize>(version: i64, body: &T) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ETAG, etag(version))).json(body)
}

/// 201 with `Location`, the record and its ETag.
pub fn created<T: Serialize>(location: String, version: i64, body: &T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}
