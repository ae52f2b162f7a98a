//! Webhooks: the events workflows emit, the outbox they are written to in the same
//! transaction, and the admin's writes to webhooks and their deliveries.

use crate::db::webhook_deliveries::{Delivery, NewDelivery};
use crate::db::webhooks::{NewWebhook, Webhook, WebhookChanges};
use crate::db::{self, DbConn};
use crate::domain::webhooks::Event;
use crate::domain::Expected;
use crate::error::ApiError;

/// What an event is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Article { id: i64, slug: String },
    Comment { id: i64 },
}

/// One event a write emitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emitted {
    pub event: Event,
    pub subject: Subject,
}

/// Turns a transaction's events into the deliveries its subscribed webhooks are owed, with
/// their payloads as of that transaction. Implemented where the public shapes live
/// (`webhooks::outbox`); called by [`super::apply`] before its last statements.
pub trait Outbox: Send + Sync {
    fn deliveries(&self, conn: &mut DbConn, events: &[Emitted]) -> Result<Vec<NewDelivery>, ApiError>;
}

/// A checked new webhook; the secret is the one given or a generated one.
#[derive(Debug, Clone)]
pub struct WebhookInput {
    pub url: String,
    pub events: Vec<Event>,
    pub secret: String,
    pub active: bool,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn create(conn: &mut DbConn, actor: i64, input: &WebhookInput) -> Result<Webhook, ApiError> {
    let now = db::now();
    let webhook = db::webhooks::insert(
        conn,
        &NewWebhook {
            url: input.url.clone(),
            events: db::webhooks::events_text(&input.events),
            secret: input.secret.clone(),
            active: input.active,
            created_at: now,
            updated_at: now,
        },
    )?;
    db::audit::record(conn, Some(actor), "webhook.create", "webhook", Some(webhook.id))?;
    Ok(webhook)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn update(
    conn: &mut DbConn,
    actor: i64,
    id: i64,
    expected: &Expected,
    changes: &WebhookChanges,
) -> Result<Webhook, ApiError> {
    let webhook = db::webhooks::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    super::ensure_version(expected, webhook.version)?;
    let updated = db::webhooks::update(conn, id, changes)?;
    db::audit::record(conn, Some(actor), "webhook.update", "webhook", Some(id))?;
    Ok(updated)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn delete(conn: &mut DbConn, actor: i64, id: i64, expected: &Expected) -> Result<(), ApiError> {
    let webhook = db::webhooks::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    super::ensure_version(expected, webhook.version)?;
    db::webhooks::delete(conn, id)?;
    db::audit::record(conn, Some(actor), "webhook.delete", "webhook", Some(id))?;
    Ok(())
}

/// Queues a delivery for one more attempt, now, with the same payload and delivery id. A
/// delivery whose attempt is in flight is a 409: it is being sent already.
#[tracing::instrument(level = "debug", skip_all, fields(webhook = webhook_id, delivery = delivery_id))]
pub fn redeliver(conn: &mut DbConn, actor: i64, webhook_id: i64, delivery_id: i64) -> Result<Delivery, ApiError> {
    let delivery =
        db::webhook_deliveries::find_for_update(conn, webhook_id, delivery_id)?.ok_or_else(ApiError::not_found)?;
    let now = db::now();
    if delivery.locked_until.is_some_and(|until| until > now) {
        return Err(ApiError::Conflict("this delivery is being sent right now".into()));
    }
    let queued = db::webhook_deliveries::queue_again(conn, delivery_id, now)?;
    db::audit::record(conn, Some(actor), "webhook.redeliver", "webhook", Some(webhook_id))?;
    Ok(queued)
}
