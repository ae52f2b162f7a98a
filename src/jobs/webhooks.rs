//! Delivers the webhook outbox. Every node runs this; the queries in
//! `db::webhook_deliveries` keep each webhook's events in order and give every attempt to
//! exactly one node.
//!
//! Each pass takes the due deliveries (at most one per webhook) and sends each in its own
//! task, so a slow or dead receiver holds up only its own webhook. A pass runs when a write
//! on this node emitted events, when an attempt finishes, and every half second otherwise
//! (retries coming due, and events written by other nodes).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use actix_web::web::Data;
use chrono::NaiveDateTime;

use crate::db::webhook_deliveries::{self as outbox, Attempt, Delivery, Outcome};
use crate::db::webhooks::Webhook;
use crate::db::{self};
use crate::domain::webhooks::{retry_delay, MAX_ATTEMPTS};
use crate::error::ApiError;
use crate::state::AppState;
use crate::webhooks::send::{Request, Sender};

const POLL: Duration = Duration::from_millis(500);
const BATCH: i64 = 64;
/// Finished deliveries are kept this long for the log.
const KEEP_DAYS: i64 = 30;

/// Runs until the task is dropped.
pub async fn run(state: Data<AppState>) {
    let config = &state.config;
    let sender = match Sender::new(config.webhook_timeout, config.webhooks_allow_private) {
        Ok(sender) => sender,
        Err(e) => {
            tracing::error!(error = %e, "webhook delivery is off: no HTTP client");
            return;
        }
    };
    let busy: Arc<Mutex<HashSet<i64>>> = Arc::default();
    let mut poll = tokio::time::interval(POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut pruned_at: Option<NaiveDateTime> = None;
    loop {
        tokio::select! {
            _ = poll.tick() => {}
            () = state.webhooks_due.notified() => {}
        }
        if let Err(e) = pass(&state, &sender, &busy).await {
            tracing::warn!(error = %e, "webhook pass failed");
        }
        let now = db::now();
        if pruned_at.is_none_or(|at| now - at > chrono::Duration::hours(1)) {
            pruned_at = Some(now);
            let before = now - chrono::Duration::days(KEEP_DAYS);
            match state.db.write(move |conn| Ok(outbox::prune(conn, before)?)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "pruned old webhook deliveries"),
                Err(e) => tracing::warn!(error = %e, "pruning webhook deliveries failed"),
            }
        }
    }
}

/// Takes what is due and starts sending it.
async fn pass(state: &Data<AppState>, sender: &Sender, busy: &Arc<Mutex<HashSet<i64>>>) -> Result<(), ApiError> {
    let now = db::now();
    let due = state.db.run(move |conn| Ok(outbox::due(conn, now, BATCH)?)).await?;
    // An attempt may take the whole timeout; the hold outlasts it, so no other node
    // retries a delivery still in flight, and runs out soon after a node dies.
    let timeout = state.config.webhook_timeout;
    let hold =
        chrono::Duration::from_std(timeout * 2 + Duration::from_secs(1)).unwrap_or(chrono::Duration::seconds(60));
    for (delivery, webhook) in due {
        if !lock(busy).insert(webhook.id) {
            continue;
        }
        let id = delivery.id;
        let claimed = state.db.write(move |conn| Ok(outbox::claim(conn, id, now, now + hold)?)).await;
        match claimed {
            Ok(Some(attempt)) => {
                let (state, sender, busy) = (state.clone(), sender.clone(), busy.clone());
                tokio::spawn(async move {
                    let webhook_id = webhook.id;
                    if let Err(e) = attempt_delivery(&state, &sender, delivery, webhook, attempt).await {
                        tracing::warn!(error = %e, "recording a webhook attempt failed");
                    }
                    lock(&busy).remove(&webhook_id);
                    // The webhook's next event may be due now.
                    state.webhooks_due.notify_one();
                });
            }
            // Another node took it, or it stopped being due.
            Ok(None) => {
                lock(busy).remove(&webhook.id);
            }
            Err(e) => {
                lock(busy).remove(&webhook.id);
                return Err(e);
            }
        }
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Sends one attempt and records it.
#[tracing::instrument(level = "debug", skip_all, fields(delivery = delivery.id, attempt = attempt))]
async fn attempt_delivery(
    state: &AppState,
    sender: &Sender,
    delivery: Delivery,
    webhook: Webhook,
    attempt: i32,
) -> Result<(), ApiError> {
    let started_at = db::now();
    let sent = sender
        .send(&Request {
            url: &webhook.url,
            event: &delivery.event,
            delivery_key: &delivery.delivery_key,
            secret: &webhook.secret,
            body: &delivery.payload,
        })
        .await;
    let finished = db::now();
    let outcome = if sent.delivered() {
        Outcome::Delivered { at: finished }
    } else if attempt >= MAX_ATTEMPTS {
        Outcome::Failed
    } else {
        let delay = retry_delay(state.config.webhook_retry_base, attempt, rand::random::<f64>());
        Outcome::RetryAt(finished + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::days(1)))
    };
    match (&outcome, &sent.error) {
        (Outcome::Delivered { .. }, _) => tracing::debug!(webhook = webhook.id, "webhook delivered"),
        (_, error) => tracing::info!(webhook = webhook.id, attempt, error = error.as_deref(), "webhook attempt failed"),
    }
    let record = Attempt {
        id: 0,
        delivery_id: delivery.id,
        attempt,
        started_at,
        status_code: sent.status.map(i32::from),
        error: sent.error,
        duration_ms: i64::try_from(sent.duration.as_millis()).unwrap_or(i64::MAX),
    };
    state.db.write(move |conn| Ok(outbox::finish(conn, &record, outcome)?)).await
}
