//! Webhooks (admins only): where events go, and the log of what was sent.

use actix_web::{delete, get, patch, post, web, HttpResponse};

use crate::content::webhooks;
use crate::db;
use crate::dto::webhooks::{
    CreateWebhookRequest, CreatedWebhook, DeliveryResponse, UpdateWebhookRequest, WebhookResponse,
};
use crate::error::ApiError;
use crate::extract::{Admin, IfMatch, IfMatchHeader, Json};
use crate::pagination::{Page, PageParams};
use crate::routes::{created, with_etag};
use crate::state::AppState;

/// List webhooks, newest first.
#[utoipa::path(tag = "webhooks", params(PageParams), responses((status = 200, body = Page<WebhookResponse>)))]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    _admin: Admin,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.limit()?;
    let before: Option<i64> = state.cursors.position(&page)?;
    let rows = state.db.run(move |conn| Ok(db::webhooks::list(conn, before, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(state.cursors.page(rows, limit, |w| w.id, WebhookResponse::from)))
}

/// Create a webhook. Its signing secret is in the response this once (generated when the
/// request has none).
///
/// Deliveries are `POST`ed as JSON (`WebhookPayload`, and the spec's `webhooks` section) with
/// `X-Marquee-Event`, `X-Marquee-Delivery` (the same on every attempt) and
/// `X-Marquee-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. A non-2xx answer
/// or no answer within 10 s is retried with doubling delays, up to 8 attempts.
#[utoipa::path(
    tag = "webhooks",
    request_body = CreateWebhookRequest,
    responses((status = 201, description = "Created", body = CreatedWebhook, headers(("Location"), ("ETag"))))
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    admin: Admin,
    body: Json<CreateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let secret = crate::auth::tokens::new_webhook_secret();
    let input = body.into_inner()?.checked(state.config.webhooks_allow_private, secret)?;
    let webhook = state.db.write(move |conn| webhooks::create(conn, admin.user_id, &input)).await?;
    let (location, version, secret) =
        (format!("/api/v1/admin/webhooks/{}", webhook.id), webhook.version, webhook.secret.clone());
    Ok(created(location, version, &CreatedWebhook { record: webhook.into(), secret }))
}

/// Show a webhook (never its secret).
#[utoipa::path(tag = "webhooks", responses((status = 200, body = WebhookResponse, headers(("ETag")))))]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let webhook = state.db.run(move |conn| db::webhooks::find(conn, id)?.ok_or_else(ApiError::not_found)).await?;
    Ok(with_etag(webhook.version, &WebhookResponse::from(webhook)))
}

/// Change a webhook's URL, events or secret, or pause it (`active: false`): a paused
/// webhook is sent nothing, and no deliveries are queued for it meanwhile.
#[utoipa::path(
    tag = "webhooks",
    request_body = UpdateWebhookRequest,
    params(IfMatchHeader),
    responses((status = 200, body = WebhookResponse, headers(("ETag"))))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<i64>,
    if_match: IfMatch,
    body: Json<UpdateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, changes) = (id.into_inner(), body.into_inner()?.checked(state.config.webhooks_allow_private)?);
    let webhook = state.db.write(move |conn| webhooks::update(conn, admin.user_id, id, &if_match.0, &changes)).await?;
    Ok(with_etag(webhook.version, &WebhookResponse::from(webhook)))
}

/// Delete a webhook and its delivery log.
#[utoipa::path(tag = "webhooks", params(IfMatchHeader), responses((status = 204, description = "Deleted")))]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    admin: Admin,
    id: web::Path<i64>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.db.write(move |conn| webhooks::delete(conn, admin.user_id, id, &if_match.0)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A webhook's deliveries, newest first, each with every attempt at it.
#[utoipa::path(tag = "webhooks", params(PageParams), responses((status = 200, body = Page<DeliveryResponse>)))]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let (id, limit) = (id.into_inner(), page.limit()?);
    let before: Option<i64> = state.cursors.position(&page)?;
    let (rows, attempts) = state
        .db
        .run(move |conn| {
            db::webhooks::find(conn, id)?.ok_or_else(ApiError::not_found)?;
            let rows = db::webhook_deliveries::of_webhook(conn, id, before, limit + 1)?;
            let ids: Vec<i64> = rows.iter().map(|d| d.id).collect();
            Ok((rows, db::webhook_deliveries::attempts_of(conn, &ids)?))
        })
        .await?;
    let page = state.cursors.page(rows, limit, |d| d.id, |d| DeliveryResponse::new(d, &attempts));
    let data = page.data.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Page { data, next_cursor: page.next_cursor }))
}

/// Send a delivery again, now, with the same payload and `X-Marquee-Delivery`: one more
/// attempt, logged with the others. 409 while an attempt at it is in flight.
#[utoipa::path(tag = "webhooks", responses((status = 202, description = "Queued", body = DeliveryResponse)))]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    state: web::Data<AppState>,
    admin: Admin,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = path.into_inner();
    let (delivery, attempts) = state
        .db
        .write(move |conn| {
            let delivery = webhooks::redeliver(conn, admin.user_id, id, delivery_id)?;
            Ok((delivery, db::webhook_deliveries::attempts_of(conn, &[delivery_id])?))
        })
        .await?;
    state.webhooks_due.notify_one();
    Ok(HttpResponse::Accepted().json(DeliveryResponse::new(delivery, &attempts)?))
}
