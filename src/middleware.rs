//! Middleware across every route: screening requests before any handler (NUL in the URL,
//! over-long URLs, too many headers), answering conditional GETs with 304, turning every
//! error response into a problem document, and the security headers of every response.
//! Also the `Expect: 100-continue` handler the server runs before reading a body.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::HttpResponse;

use crate::error::{problem_response, ApiError, PROBLEM_JSON};
use crate::extract::none_match;

/// Longest path and query string accepted (414 beyond).
pub const MAX_URL_BYTES: usize = 8 * 1024;
/// Most request headers accepted (431 beyond), and their total size.
pub const MAX_HEADERS: usize = 64;
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses, before any handler: a path or query with an encoded NUL (400: no slug, filter or
/// search holds one), a URL over [`MAX_URL_BYTES`] (414), more than [`MAX_HEADERS`] headers or
/// [`MAX_HEADER_BYTES`] of them (431).
pub async fn screen_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let uri = req.uri().path_and_query().map_or("", actix_web::http::uri::PathAndQuery::as_str);
    let header_bytes: usize = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    let refusal = if uri.len() > MAX_URL_BYTES {
        Some(problem_response(StatusCode::URI_TOO_LONG, &format!("the URL is longer than {MAX_URL_BYTES} bytes")))
    } else if req.headers().len() > MAX_HEADERS || header_bytes > MAX_HEADER_BYTES {
        Some(problem_response(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            &format!("at most {MAX_HEADERS} headers of {MAX_HEADER_BYTES} bytes in all"),
        ))
    } else if uri.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0') {
        Some(actix_web::ResponseError::error_response(&ApiError::BadRequest(
            "the path and query must not contain NUL characters".into(),
        )))
    } else {
        None
    };
    match refusal {
        Some(response) => Ok(req.into_response(response).map_into_right_body()),
        None => Ok(next.call(req).await?.map_into_left_body()),
    }
}

/// `HEAD` is answered for every `GET` route: routed as the `GET` it stands for; the server
/// sends the headers and no body (it knows the request came as `HEAD`).
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == actix_web::http::Method::HEAD {
        req.head_mut().method = actix_web::http::Method::GET;
    }
    next.call(req).await
}

/// Every error response is a problem document: those the handlers make already are; the
/// ones made by the layers below (CORS refusals, routing) are rewritten with the same
/// status and headers, their text as the detail.
pub async fn problems(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Failures that reach here as errors rather than responses are rendered by their own
    // `ResponseError`, which for everything in this crate is a problem document.
    let res = next.call(req).await?.map_into_boxed_body();
    let is_problem = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if res.status().as_u16() < 400 || is_problem {
        return Ok(res);
    }
    let (request, response) = res.into_parts();
    let status = response.status();
    let kept: Vec<(HeaderName, HeaderValue)> = response
        .headers()
        .iter()
        .filter(|(name, _)| *name != header::CONTENT_TYPE && *name != header::CONTENT_LENGTH)
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let body = actix_web::body::to_bytes_limited(response.into_body(), 1024).await;
    let text = match body {
        Ok(Ok(bytes)) => String::from_utf8(bytes.to_vec()).unwrap_or_default(),
        _ => String::new(),
    };
    let detail =
        if text.trim().is_empty() { status.canonical_reason().unwrap_or("error").to_lowercase() } else { text };
    let mut problem = problem_response(status, detail.trim());
    for (name, value) in kept {
        problem.headers_mut().insert(name, value);
    }
    Ok(ServiceResponse::new(request, problem))
}

/// The API's own content policy: nothing to load, nothing to frame.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// Swagger UI's: its own scripts, styles and images only, no inline script. The one inline
/// style its bundle injects is allowed by its hash (`tests/browser/docs.mjs` fails on any
/// violation, so a new Swagger UI release that changes it is noticed).
const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='; img-src 'self' data:; \
    connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The editors' room's: its own scripts, styles and fonts, images from this origin only (an
/// image from another host in a preview would tell that host who opened the preview, and
/// when), API calls to this origin only; no inline script or style.
const ADMIN_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Headers every response carries: no MIME sniffing, no referrer, no framing, and a content
/// security policy (a strict one for the API, Swagger UI's for `/docs`, the app's for
/// `/admin`).
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let docs = req.path().starts_with("/docs");
    let admin = req.path() == "/admin" || req.path().starts_with("/admin/");
    // Swagger UI's bundles change only with a new build: long-lived, not forever, since
    // their names carry no version.
    let docs_asset = docs
        && [".js", ".css", ".png"].iter().any(|ext| req.path().ends_with(ext))
        && !req.path().ends_with("swagger-initializer.js");
    let mut res = next.call(req).await?;
    if docs_asset && res.status().is_success() {
        res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    }
    let csp = match (docs, admin) {
        (true, _) => DOCS_CSP,
        (_, true) => ADMIN_CSP,
        _ => API_CSP,
    };
    let headers = res.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CONTENT_SECURITY_POLICY, csp),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    Ok(res)
}

/// Middleware: a GET whose `If-None-Match` matches the response's ETag gets `304 Not
/// Modified` with the validators and no body, for every route that sets an ETag.
pub async fn conditional_get(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let conditional = matches!(*req.method(), actix_web::http::Method::GET | actix_web::http::Method::HEAD)
        .then(|| req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string))
        .flatten();
    let res = next.call(req).await?;
    let Some(if_none_match) = conditional else { return Ok(res.map_into_left_body()) };
    let matched = res.status() == StatusCode::OK
        && res
            .headers()
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|etag| none_match(&if_none_match, etag));
    if !matched {
        return Ok(res.map_into_left_body());
    }
    let (req, full) = res.into_parts();
    let mut not_modified = HttpResponse::NotModified();
    for name in [header::ETAG, header::CACHE_CONTROL, header::VARY, HeaderName::from_static("surrogate-key")] {
        if let Some(value) = full.headers().get(&name) {
            not_modified.insert_header((name, value.clone()));
        }
    }
    Ok(ServiceResponse::new(req, not_modified.finish()).map_into_right_body())
}

/// The `Expect: 100-continue` handler: a request announcing a body larger than its route
/// accepts (`upload_limit` for a media upload, [`crate::extract::BODY_LIMIT`] for any other)
/// is answered 413 at once, without `100 Continue`.
pub async fn expect_continue(
    req: actix_http::Request,
    upload_limit: usize,
) -> Result<actix_http::Request, actix_web::Error> {
    use actix_http::HttpMessage;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let is_upload = req.method() == actix_web::http::Method::POST && req.path() == crate::extract::upload::PATH;
    let (limit, allowed) = if is_upload {
        (upload_limit, crate::extract::upload::declared_limit(upload_limit))
    } else {
        (crate::extract::BODY_LIMIT, crate::extract::BODY_LIMIT)
    };
    match declared {
        Some(len) if len > allowed as u64 => Err(ApiError::PayloadTooLarge(limit).into()),
        _ => Ok(req),
    }
}

/// Every documented path with the methods it answers, for the answer to a request no route
/// matched: 405 with `Allow` when the path is known, 204 with `Allow` for `OPTIONS`, else
/// 404. Where two paths match (`/sections/order` and `/sections/{section_id}`), the one
/// with fewer parameters wins, as the router's numeric patterns make it.
pub struct KnownRoutes(Vec<KnownRoute>);

struct KnownRoute {
    def: actix_web::dev::ResourceDef,
    parameters: usize,
    methods: Vec<&'static str>,
}

impl KnownRoutes {
    /// From the OpenAPI document's paths and their operations.
    pub fn from_spec(spec: &serde_json::Value) -> Self {
        let paths = spec["paths"].as_object().cloned().unwrap_or_default();
        let routes = paths
            .iter()
            .map(|(path, item)| {
                let has = |m: &str| item.get(m).is_some();
                let mut methods = Vec::new();
                for (method, present) in [
                    ("GET", has("get")),
                    ("HEAD", has("get")),
                    ("POST", has("post")),
                    ("PUT", has("put")),
                    ("PATCH", has("patch")),
                    ("DELETE", has("delete")),
                ] {
                    if present {
                        methods.push(method);
                    }
                }
                methods.push("OPTIONS");
                let parameters = path.matches('{').count();
                KnownRoute { def: actix_web::dev::ResourceDef::new(path.as_str()), parameters, methods }
            })
            .collect();
        KnownRoutes(routes)
    }

    /// The methods of the documented path this request path is, if any.
    fn methods(&self, path: &str) -> Option<&[&'static str]> {
        let route = self.0.iter().filter(|r| r.def.is_match(path)).min_by_key(|r| r.parameters)?;
        Some(&route.methods)
    }
}

/// What answers a request that no route took.
pub async fn unrouted(req: actix_web::HttpRequest) -> HttpResponse {
    let not_found = || actix_web::ResponseError::error_response(&ApiError::NotFound("no such route".into()));
    let routes = req.app_data::<actix_web::web::Data<KnownRoutes>>();
    let Some(methods) = routes.and_then(|k| k.methods(req.path())) else { return not_found() };
    let allow = methods.join(", ");
    let method = req.method().as_str();
    if method == "OPTIONS" {
        HttpResponse::NoContent().insert_header((header::ALLOW, allow)).finish()
    } else if methods.contains(&method) {
        // A documented method that did not route had a path parameter outside its pattern
        // (`/comments/abc`): there is no such resource.
        not_found()
    } else {
        let mut response = problem_response(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("{method} is not allowed here; this path takes {allow}"),
        );
        if let Ok(value) = HeaderValue::from_str(&allow) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        response
    }
}
