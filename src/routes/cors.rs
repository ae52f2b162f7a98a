//! Which browser origins may call the API (`MARQUEE_CORS_ORIGINS`). Public content is for
//! everyone allowed; the admin and auth routes only for origins listed by name, never `*`,
//! and credentials (cookies) are never allowed with `*`.

use actix_cors::Cors;

use crate::config::CorsOrigins;

/// Headers a script on another origin may read.
const EXPOSED: [&str; 6] = ["etag", "x-request-id", "retry-after", "location", "surrogate-key", "allow"];

/// The public routes: reads, and the anonymous comment form (`POST` with a JSON body).
pub fn public(origins: &CorsOrigins) -> Option<Cors> {
    let base = match origins {
        CorsOrigins::None => return None,
        CorsOrigins::Any => Cors::default().allow_any_origin().send_wildcard(),
        CorsOrigins::List(list) => list.iter().fold(Cors::default(), |cors, origin| cors.allowed_origin(origin)),
    };
    Some(
        base.allowed_methods(["GET", "HEAD", "POST", "OPTIONS"])
            .allowed_headers(["accept", "content-type", "if-none-match", "last-event-id"])
            .expose_headers(EXPOSED)
            .max_age(3600),
    )
}

/// The admin and auth routes: listed origins only, with the bearer credential.
pub fn private(origins: &CorsOrigins) -> Option<Cors> {
    let CorsOrigins::List(list) = origins else { return None };
    Some(
        list.iter()
            .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
            .allowed_methods(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
            .allowed_headers(["accept", "authorization", "content-type", "if-match", "if-none-match"])
            .expose_headers(EXPOSED)
            .max_age(3600),
    )
}
