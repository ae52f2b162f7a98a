//! The redirect manager (admins and editors): old addresses of the site and where they lead,
//! and their export for the edge.

use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::content::redirects;
use crate::db::{self, redirects::Redirect};
use crate::domain::limits;
use crate::dto::redirects::{
    CreateRedirectRequest, ExportFormat, ExportQuery, RedirectFilter, RedirectResponse, UpdateRedirectRequest,
};
use crate::dto::search_text;
use crate::error::ApiError;
use crate::extract::{IfMatch, IfMatchHeader, Json, Redirector};
use crate::pagination::{Page, PageParams};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// Redirects, newest first, with where each leads now and how often it was followed.
#[utoipa::path(
    tag = "redirects",
    params(PageParams, RedirectFilter),
    responses((status = 200, body = Page<RedirectResponse>))
)]
#[get("/redirects")]
pub async fn list_redirects(
    state: web::Data<AppState>,
    _who: Redirector,
    page: web::Query<PageParams>,
    filter: web::Query<RedirectFilter>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let q = search_text("q", filter.q.as_deref(), limits::QUERY)?;
    let site = state.clone();
    let rows = state
        .db
        .run(move |conn| {
            let rows = db::redirects::page(conn, q.as_deref(), before, limit + 1)?;
            with_destinations(conn, &site, rows)
        })
        .await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |(r, _)| r.id, |(r, to)| RedirectResponse::new(r, to))))
}

/// Add a redirect. 409 when one from the same path exists; 422 when it would loop, or chain
/// to a path that redirects already (point at that path's destination instead). Redirects
/// that led to `from_path` are pointed at the new destination, so no chain forms.
#[utoipa::path(
    tag = "redirects",
    request_body = CreateRedirectRequest,
    responses((status = 201, description = "Created", body = RedirectResponse, headers(("Location"), ("ETag"))))
)]
#[post("/redirects")]
pub async fn create_redirect(
    state: web::Data<AppState>,
    who: Redirector,
    body: Json<CreateRedirectRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner()?.checked()?;
    let site = state.clone();
    let (redirect, to) = state
        .write(move |conn, fx| {
            let redirect = redirects::create(conn, fx, &site.config, who.user_id, &input)?;
            Ok(with_destinations(conn, &site, vec![redirect])?.remove(0))
        })
        .await?;
    let (location, version) = (format!("/api/v1/admin/redirects/{}", redirect.id), redirect.version);
    Ok(created(location, version, &RedirectResponse::new(redirect, to)))
}

/// Show a redirect.
#[utoipa::path(tag = "redirects", responses((status = 200, body = RedirectResponse, headers(("ETag")))))]
#[get("/redirects/{id:\\d+}")]
pub async fn get_redirect(
    state: web::Data<AppState>,
    _who: Redirector,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let (id, site) = (id.into_inner(), state.clone());
    let (redirect, to) = state
        .db
        .run(move |conn| {
            let redirect = db::redirects::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            Ok(with_destinations(conn, &site, vec![redirect])?.remove(0))
        })
        .await?;
    Ok(with_etag(redirect.version, &RedirectResponse::new(redirect, to)))
}

/// Change a redirect, under the same rules as adding one.
#[utoipa::path(
    tag = "redirects",
    request_body = UpdateRedirectRequest,
    params(IfMatchHeader),
    responses((status = 200, body = RedirectResponse, headers(("ETag"))))
)]
#[patch("/redirects/{id:\\d+}")]
pub async fn update_redirect(
    state: web::Data<AppState>,
    who: Redirector,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateRedirectRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes, site) = (id.into_inner(), body.into_inner()?.checked()?, state.clone());
    let (redirect, to) = state
        .write(move |conn, fx| {
            let redirect = redirects::update(conn, fx, &site.config, who.user_id, id, &if_match.0, &changes)?;
            Ok(with_destinations(conn, &site, vec![redirect])?.remove(0))
        })
        .await?;
    Ok(with_etag(redirect.version, &RedirectResponse::new(redirect, to)))
}

/// Delete a redirect: its path is answered as any other again.
#[utoipa::path(tag = "redirects", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/redirects/{id:\\d+}")]
pub async fn delete_redirect(
    state: web::Data<AppState>,
    who: Redirector,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.write(move |conn, fx| redirects::delete(conn, fx, who.user_id, id, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every redirect for the edge, where each leads now: an nginx `location` block per path
/// (`include` it in a `server` block), Netlify's `_redirects`, or CSV. Redirects of
/// WordPress's `?p=ID` addresses are in the Netlify and CSV forms only (nginx's `location`
/// does not see query strings); redirects whose record is not public are left out.
#[utoipa::path(
    tag = "redirects",
    params(ExportQuery),
    responses((status = 200, description = "The redirects", content(
        (String = "text/plain"), (String = "text/csv"),
    )))
)]
#[get("/redirects/export")]
pub async fn export_redirects(
    state: web::Data<AppState>,
    _who: Redirector,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (format, site) = (query.into_inner().format, state.clone());
    let rows = state
        .db
        .run(move |conn| {
            let mut all = Vec::new();
            let mut before = None;
            loop {
                let page = db::redirects::page(conn, None, before, 1000)?;
                let Some(last) = page.last() else { break };
                before = Some(last.id);
                all.extend(with_destinations(conn, &site, page)?);
            }
            all.reverse();
            Ok(all)
        })
        .await?;
    let (content_type, name) = match format {
        ExportFormat::Nginx => ("text/plain; charset=utf-8", "redirects.nginx.conf"),
        ExportFormat::Netlify => ("text/plain; charset=utf-8", "_redirects"),
        ExportFormat::Csv => ("text/csv; charset=utf-8", "redirects.csv"),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(crate::dto::redirects::export(format, &rows)))
}

/// Each redirect with where it leads now.
fn with_destinations(
    conn: &mut db::DbConn,
    state: &AppState,
    rows: Vec<Redirect>,
) -> Result<Vec<(Redirect, Option<String>)>, ApiError> {
    let now = db::now();
    rows.into_iter()
        .map(|redirect| {
            let to = redirects::destination_now(conn, &state.config, &redirect, now)?;
            Ok((redirect, to))
        })
        .collect()
}
