//! Middleware across every route: refusing NUL in the URL before any handler, and answering
//! conditional GETs with 304 from the ETag a handler set.

use actix_web::http::header;

use crate::error::ApiError;
use crate::extract::none_match;

/// Middleware: a path or query string with an encoded NUL (`%00`) is refused with 400 before
/// it reaches a handler; no slug, filter or search holds one.
pub async fn reject_nul(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let uri = req.uri().path_and_query().map_or("", actix_web::http::uri::PathAndQuery::as_str);
    let has_nul = uri.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0');
    if has_nul {
        let response = actix_web::ResponseError::error_response(&ApiError::BadRequest(
            "the path and query must not contain NUL characters".into(),
        ));
        return Ok(req.into_response(response).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// Middleware: a GET whose `If-None-Match` matches the response's ETag gets `304 Not
/// Modified` with the validators and no body, for every route that sets an ETag.
pub async fn conditional_get(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<
    actix_web::dev::ServiceResponse<actix_web::body::EitherBody<impl actix_web::body::MessageBody>>,
    actix_web::Error,
> {
    let conditional = matches!(*req.method(), actix_web::http::Method::GET | actix_web::http::Method::HEAD)
        .then(|| req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string))
        .flatten();
    let res = next.call(req).await?;
    let Some(if_none_match) = conditional else { return Ok(res.map_into_left_body()) };
    let matched = res.status() == actix_web::http::StatusCode::OK
        && res
            .headers()
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|etag| none_match(&if_none_match, etag));
    if !matched {
        return Ok(res.map_into_left_body());
    }
    let (req, full) = res.into_parts();
    let mut not_modified = actix_web::HttpResponse::NotModified();
    for name in [header::ETAG, header::CACHE_CONTROL, header::VARY, header::HeaderName::from_static("surrogate-key")] {
        if let Some(value) = full.headers().get(&name) {
            not_modified.insert_header((name, value.clone()));
        }
    }
    Ok(actix_web::dev::ServiceResponse::new(req, not_modified.finish()).map_into_right_body())
}
