//! The webhook outbox: `webhook_deliveries` (one per event and subscribed webhook, written in
//! the transaction that emitted the event) and `webhook_attempts` (the log of every try).
//!
//! Delivery order and exclusivity come from the queries here. A delivery is due when it is
//! pending, its time has come, no node holds it, and no earlier delivery to the same
//! webhook is still pending, so each webhook receives its events in the order they
//! committed (their ids follow commit order: see `db::changes`). A node takes a due delivery
//! with one conditional `UPDATE` that also counts the attempt ([`claim`]); only one node's
//! `UPDATE` can match, and the attempt number then fences out a node whose hold ran out.

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::schema::{webhook_attempts, webhook_deliveries, webhooks};
use super::webhooks::Webhook;
use super::{columns, DbConn};
use crate::domain::webhooks::DeliveryStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: i64,
    pub delivery_key: String,
    pub event: String,
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub response_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct NewDelivery {
    pub webhook_id: i64,
    pub delivery_key: String,
    pub event: String,
    pub payload: String,
    pub status: DeliveryStatus,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct Attempt {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub delivery_id: i64,
    pub attempt: i32,
    pub started_at: NaiveDateTime,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// What becomes of a delivery after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Delivered { at: NaiveDateTime },
    RetryAt(NaiveDateTime),
    Failed,
}

#[tracing::instrument(level = "debug", skip_all, fields(count = new.len()))]
pub fn insert(conn: &mut DbConn, new: &[NewDelivery]) -> QueryResult<()> {
    for delivery in new {
        diesel::insert_into(webhook_deliveries::table).values(delivery).execute(conn)?;
    }
    Ok(())
}

/// Up to `limit` deliveries due at `now` with their webhooks, oldest first, at most one per
/// webhook.
#[tracing::instrument(level = "debug", skip_all)]
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<(Delivery, Webhook)>> {
    let earlier = diesel::alias!(webhook_deliveries as earlier);
    webhook_deliveries::table
        .inner_join(webhooks::table)
        .filter(webhooks::active.eq(true))
        .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(webhook_deliveries::locked_until.is_null().or(webhook_deliveries::locked_until.lt(now)))
        .filter(not(exists(
            earlier
                .filter(earlier.field(webhook_deliveries::webhook_id).eq(webhook_deliveries::webhook_id))
                .filter(earlier.field(webhook_deliveries::status).eq(DeliveryStatus::Pending))
                .filter(earlier.field(webhook_deliveries::id).lt(webhook_deliveries::id)),
        )))
        .order(webhook_deliveries::id)
        .limit(limit)
        .select((Delivery::as_select(), Webhook::as_select()))
        .load(conn)
}

/// Takes a due delivery for one attempt, held until `hold_until`; returns the attempt's
/// number, or `None` when another node took it first or it is no longer due.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn claim(conn: &mut DbConn, id: i64, now: NaiveDateTime, hold_until: NaiveDateTime) -> QueryResult<Option<i32>> {
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(id))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending))
            .filter(webhook_deliveries::next_attempt_at.le(now))
            .filter(webhook_deliveries::locked_until.is_null().or(webhook_deliveries::locked_until.lt(now))),
    )
    .set((
        webhook_deliveries::locked_until.eq(Some(hold_until)),
        webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
    ))
    .returning(webhook_deliveries::attempts)
    .get_result(conn)
    .optional()
}

/// Logs an attempt and, if it is still the delivery's latest, moves the delivery on.
#[tracing::instrument(level = "debug", skip_all, fields(id = attempt.delivery_id, attempt = attempt.attempt))]
pub fn finish(conn: &mut DbConn, attempt: &Attempt, outcome: Outcome) -> QueryResult<()> {
    diesel::insert_into(webhook_attempts::table).values(attempt).execute(conn)?;
    let target = webhook_deliveries::table
        .filter(webhook_deliveries::id.eq(attempt.delivery_id))
        .filter(webhook_deliveries::attempts.eq(attempt.attempt));
    let result = (
        webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        webhook_deliveries::response_status.eq(attempt.status_code),
        webhook_deliveries::last_error.eq(attempt.error.clone()),
    );
    match outcome {
        Outcome::Delivered { at } => diesel::update(target)
            .set((
                result,
                webhook_deliveries::status.eq(DeliveryStatus::Delivered),
                webhook_deliveries::delivered_at.eq(Some(at)),
            ))
            .execute(conn),
        Outcome::RetryAt(at) => {
            diesel::update(target).set((result, webhook_deliveries::next_attempt_at.eq(at))).execute(conn)
        }
        Outcome::Failed => {
            diesel::update(target).set((result, webhook_deliveries::status.eq(DeliveryStatus::Failed))).execute(conn)
        }
    }
    .map(|_| ())
}

/// A page of a webhook's deliveries, newest first, before `before`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn of_webhook(conn: &mut DbConn, webhook_id: i64, before: Option<i64>, limit: i64) -> QueryResult<Vec<Delivery>> {
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id))
        .select(Delivery::as_select())
        .order(webhook_deliveries::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(webhook_deliveries::id.lt(before));
    }
    query.load(conn)
}

/// The attempts at these deliveries, in order.
#[tracing::instrument(level = "debug", skip_all)]
pub fn attempts_of(conn: &mut DbConn, delivery_ids: &[i64]) -> QueryResult<Vec<Attempt>> {
    webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(delivery_ids))
        .order((webhook_attempts::delivery_id, webhook_attempts::attempt, webhook_attempts::id))
        .select(Attempt::as_select())
        .load(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, webhook_id: i64, id: i64) -> QueryResult<Option<Delivery>> {
    super::first_for_update!(
        conn,
        webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(id))
            .filter(webhook_deliveries::webhook_id.eq(webhook_id))
            .select(Delivery::as_select())
    )
}

/// Makes a delivery pending again, due now.
#[tracing::instrument(level = "debug", skip_all)]
pub fn queue_again(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<Delivery> {
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq(id)))
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Pending),
            webhook_deliveries::next_attempt_at.eq(now),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        ))
        .returning(columns::<Delivery>())
        .get_result(conn)
}

/// Deletes finished deliveries (and their attempts) created before `before`; pending ones
/// stay however old they are.
#[tracing::instrument(level = "debug", skip_all)]
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        webhook_deliveries::table
            .filter(webhook_deliveries::status.ne(DeliveryStatus::Pending))
            .filter(webhook_deliveries::created_at.lt(before)),
    )
    .execute(conn)
}
