//! The `webhooks` table: where events are sent, which ones, and the signing secret.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::webhooks;
use super::{columns, now, DbConn};
use crate::domain::webhooks::Event;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhooks)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    /// A JSON list of event names; see [`Webhook::events`].
    pub events: String,
    pub secret: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Webhook {
    /// The events subscribed to. Names this version does not know are left out.
    pub fn events(&self) -> Vec<Event> {
        let names: Vec<serde_json::Value> = serde_json::from_str(&self.events).unwrap_or_default();
        names.into_iter().filter_map(|n| serde_json::from_value(n).ok()).collect()
    }

    pub fn wants(&self, event: Event) -> bool {
        self.active && self.events().contains(&event)
    }
}

/// The stored form of an event list.
pub fn events_text(events: &[Event]) -> String {
    serde_json::to_string(&events.iter().map(|e| e.as_str()).collect::<Vec<_>>()).unwrap_or_default()
}

#[derive(Debug, Insertable)]
#[diesel(table_name = webhooks)]
pub struct NewWebhook {
    pub url: String,
    pub events: String,
    pub secret: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A partial update; `None` leaves a column as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = webhooks)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub events: Option<String>,
    pub secret: Option<String>,
    pub active: Option<bool>,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewWebhook) -> QueryResult<Webhook> {
    diesel::insert_into(webhooks::table).values(new).returning(columns::<Webhook>()).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Webhook>> {
    webhooks::table.find(id).select(Webhook::as_select()).first(conn).optional()
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<Webhook>> {
    super::first_for_update!(conn, webhooks::table.find(id).select(Webhook::as_select()))
}

/// A page of webhooks, newest first, before `before`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list(conn: &mut DbConn, before: Option<i64>, limit: i64) -> QueryResult<Vec<Webhook>> {
    let mut query = webhooks::table.select(Webhook::as_select()).order(webhooks::id.desc()).limit(limit).into_boxed();
    if let Some(before) = before {
        query = query.filter(webhooks::id.lt(before));
    }
    query.load(conn)
}

/// The active webhooks subscribed to `event`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn subscribed(conn: &mut DbConn, event: Event) -> QueryResult<Vec<Webhook>> {
    let active: Vec<Webhook> = webhooks::table
        .filter(webhooks::active.eq(true))
        .select(Webhook::as_select())
        .order(webhooks::id)
        .load(conn)?;
    Ok(active.into_iter().filter(|w| w.wants(event)).collect())
}

/// Whether any active webhook exists: a write with none builds no payloads.
#[tracing::instrument(level = "debug", skip_all)]
pub fn any_active(conn: &mut DbConn) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(webhooks::table.filter(webhooks::active.eq(true)))).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn update(conn: &mut DbConn, id: i64, changes: &WebhookChanges) -> QueryResult<Webhook> {
    diesel::update(webhooks::table.find(id))
        .set((changes, webhooks::version.eq(webhooks::version + 1), webhooks::updated_at.eq(now())))
        .returning(columns::<Webhook>())
        .get_result(conn)
}

/// Deletes a webhook with its deliveries and their attempts.
#[tracing::instrument(level = "debug", skip_all)]
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(webhooks::table.find(id)).execute(conn)
}
