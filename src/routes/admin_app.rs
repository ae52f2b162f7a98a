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

/// An asset compiled in from `admin/`: `asset!("app.js", JS)`.
macro_rules! asset {
    ($name:literal, $file:literal, $content_type:expr) => {
        Asset { name: $name, content_type: $content_type, body: include_bytes!(concat!("../../admin/", $file)) }
    };
}

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// Every file of the app; `tests/api/admin_app.rs` checks that each one it loads is here.
const ASSETS: &[Asset] = &[
    asset!("", "index.html", HTML),
    asset!("app.css", "app.css", CSS),
    asset!("app.js", "app.js", JS),
    asset!("api.js", "api.js", JS),
    asset!("ui.js", "ui.js", JS),
    asset!("spec.js", "spec.js", JS),
    asset!("articles.js", "articles.js", JS),
    asset!("editor.js", "editor.js", JS),
    asset!("sections.js", "sections.js", JS),
    asset!("catalogue.js", "catalogue.js", JS),
    asset!("media.js", "media.js", JS),
    asset!("moderation.js", "moderation.js", JS),
    asset!("redirects.js", "redirects.js", JS),
    asset!("team.js", "team.js", JS),
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
