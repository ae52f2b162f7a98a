//! The editors' room: the web app at `/admin/`, compiled into the binary from `admin/` in
//! the repository (plain HTML, CSS and JavaScript modules; nothing to build). It uses only
//! the public REST API. Its pages carry their own content security policy (see
//! `middleware::security_headers`): scripts and styles from this origin, no inline script.

use std::sync::OnceLock;

use actix_web::http::header::{self, CacheControl, CacheDirective, HeaderValue};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset { name: "", content_type: "text/html; charset=utf-8", body: include_bytes!("../../admin/index.html") },
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../admin/app.js"),
    },
    Asset {
        name: "api.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../admin/api.js"),
    },
    Asset { name: "app.css", content_type: "text/css; charset=utf-8", body: include_bytes!("../../admin/app.css") },
];

/// Each asset's ETag, from its content: a new build with changed files gets new ones.
fn etags() -> &'static [HeaderValue] {
    static ETAGS: OnceLock<Vec<HeaderValue>> = OnceLock::new();
    ETAGS.get_or_init(|| {
        use sha2::Digest;
        ASSETS
            .iter()
            .map(|asset| {
                let digest = sha2::Sha256::digest(asset.body);
                let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
                HeaderValue::from_str(&format!("\"{hex}\"")).expect("hex is a valid header value")
            })
            .collect()
    })
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/admin",
        web::get().to(|| async { HttpResponse::PermanentRedirect().insert_header(("Location", "/admin/")).finish() }),
    )
    .route("/admin/{file:.*}", web::get().to(serve));
}

/// Serves an asset, revalidated on each load (`no-cache` with an ETag), so editors get a
/// new release at once.
async fn serve(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let name = req.match_info().query("file");
    let index = ASSETS.iter().position(|asset| asset.name == name).ok_or_else(ApiError::not_found)?;
    let asset = &ASSETS[index];
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, asset.content_type))
        .insert_header(CacheControl(vec![CacheDirective::NoCache]))
        .insert_header((header::ETAG, etags()[index].clone()))
        .body(asset.body))
}
