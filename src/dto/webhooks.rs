//! Webhooks on the wire: the admin's requests and responses, the delivery log, and the
//! payload every delivery carries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::articles::PublicArticle;
use super::{non_null, rfc3339, utc, Check};
use crate::content::webhooks::WebhookInput;
use crate::db::webhook_deliveries::{Attempt, Delivery};
use crate::db::webhooks::{events_text, Webhook, WebhookChanges};
use crate::domain::limits;
use crate::domain::webhooks::{DeliveryStatus, Event};
use crate::domain::{text, CommentStatus, HttpUrl};
use crate::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookResponse {
    pub id: i64,
    pub url: String,
    pub events: Vec<Event>,
    /// Inactive webhooks are sent nothing, and no deliveries are queued for them.
    pub active: bool,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<Webhook> for WebhookResponse {
    fn from(w: Webhook) -> Self {
        WebhookResponse {
            id: w.id,
            events: w.events(),
            url: w.url,
            active: w.active,
            version: w.version,
            created_at: utc(w.created_at),
            updated_at: utc(w.updated_at),
        }
    }
}

/// A webhook just created: the only time its secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    pub record: WebhookResponse,
    /// Signs every delivery (`X-Marquee-Signature`). Shown this once.
    #[schema(example = "whsec_k2P9xQ4bY7cLm0PzR3sW8vN1dF6gH5jKq8Zt2Xw4Ev7Ub9Rn3Ma")]
    pub secret: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://hooks.example.com/marquee", "events": ["article.published", "article.updated"]}))]
pub struct CreateWebhookRequest {
    /// Where deliveries are POSTed: http or https with a host name (an IP address or a
    /// loopback name only with `MARQUEE_WEBHOOKS_ALLOW_PRIVATE=on`).
    pub url: String,
    pub events: Vec<Event>,
    /// 16 to 200 characters; generated when omitted.
    #[schema(pattern = r"^[!-~]*$")]
    pub secret: Option<String>,
    /// `true` when omitted.
    pub active: Option<bool>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub url: Option<String>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub events: Option<Vec<Event>>,
    /// A new signing secret; deliveries already queued are signed with it too.
    #[schema(pattern = r"^[!-~]*$", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub secret: Option<String>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub active: Option<bool>,
}

/// Checks a delivery URL: the form of every URL in the API (a host name, see
/// `domain::url`), not `localhost`. With `MARQUEE_WEBHOOKS_ALLOW_PRIVATE` any http(s) URL
/// is taken, IP addresses and loopback names included. Names are checked again after every
/// DNS lookup, at delivery time.
pub fn webhook_url(raw: &str, allow_private: bool) -> Result<String, String> {
    if !allow_private {
        let url = HttpUrl::parse(raw)?;
        let host =
            url::Url::parse(url.as_str()).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
        if host == "localhost" || host.ends_with(".localhost") {
            return Err("must not be a loopback or private address".into());
        }
        return Ok(url.into_inner());
    }
    if raw.chars().count() > limits::URL {
        return Err(format!("must be at most {} characters", limits::URL));
    }
    text::no_controls(raw)?;
    let refused = || "must be an http or https URL with a host".to_string();
    let url = url::Url::parse(raw).map_err(|_| refused())?;
    let ok = matches!(url.scheme(), "http" | "https")
        && url.has_host()
        && url.username().is_empty()
        && url.password().is_none()
        && !raw.chars().any(char::is_whitespace);
    if !ok {
        return Err(refused());
    }
    Ok(url.to_string())
}

/// At least one event; one named twice counts once.
fn events(list: Vec<Event>) -> Result<Vec<Event>, String> {
    if list.len() > 50 {
        return Err("must have at most 50 items".into());
    }
    let mut unique: Vec<Event> = Vec::with_capacity(list.len());
    for event in list {
        if !unique.contains(&event) {
            unique.push(event);
        }
    }
    if unique.is_empty() {
        return Err("must name at least one event".into());
    }
    Ok(unique)
}

fn secret(value: &str) -> Result<String, String> {
    let len = value.chars().count();
    if !(limits::WEBHOOK_SECRET_MIN..=limits::WEBHOOK_SECRET_MAX).contains(&len)
        || !value.chars().all(|c| c.is_ascii_graphic())
    {
        return Err(format!(
            "must be {} to {} printable ASCII characters without spaces",
            limits::WEBHOOK_SECRET_MIN,
            limits::WEBHOOK_SECRET_MAX
        ));
    }
    Ok(value.to_string())
}

impl CreateWebhookRequest {
    /// The checked webhook; `generated_secret` is used when the request has none.
    pub fn checked(self, allow_private: bool, generated_secret: String) -> Result<WebhookInput, ApiError> {
        let mut c = Check::new();
        let url = c.take("url", webhook_url(&self.url, allow_private));
        let events = c.take("events", events(self.events));
        let secret = match self.secret {
            Some(s) => c.take("secret", secret(&s)),
            None => generated_secret,
        };
        c.finish(WebhookInput { url, events, secret, active: self.active.unwrap_or(true) })
    }
}

impl UpdateWebhookRequest {
    pub fn checked(self, allow_private: bool) -> Result<WebhookChanges, ApiError> {
        let mut c = Check::new();
        let changes = WebhookChanges {
            url: c.patch("url", self.url, |u| webhook_url(&u, allow_private)),
            events: c.patch("events", self.events, |e| events(e).map(|e| events_text(&e))),
            secret: c.patch("secret", self.secret, |s| secret(&s)),
            active: self.active,
        };
        c.finish(changes)
    }
}

/// One try at sending a delivery.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptResponse {
    /// 1 for the first try.
    pub attempt: i32,
    #[serde(with = "rfc3339")]
    pub at: DateTime<Utc>,
    /// The receiver's HTTP status; `null` when there was none (timeout, refused address,
    /// connection error).
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

impl From<Attempt> for AttemptResponse {
    fn from(a: Attempt) -> Self {
        AttemptResponse {
            attempt: a.attempt,
            at: utc(a.started_at),
            status_code: a.status_code,
            error: a.error,
            duration_ms: a.duration_ms,
        }
    }
}

/// A delivery of one event to one webhook, with every attempt at it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryResponse {
    pub id: i64,
    /// Sent as `X-Marquee-Delivery`, the same on every attempt.
    pub delivery_id: String,
    pub event: Event,
    pub status: DeliveryStatus,
    /// Attempts so far.
    pub attempts: i32,
    /// When the next attempt is due; `null` unless pending.
    #[serde(with = "rfc3339::option")]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339::option")]
    pub delivered_at: Option<DateTime<Utc>>,
    /// The body every attempt sends.
    #[schema(value_type = WebhookPayload)]
    pub payload: serde_json::Value,
    pub attempt_log: Vec<AttemptResponse>,
}

impl DeliveryResponse {
    /// The delivery with its attempts (those of other deliveries are ignored).
    pub fn new(d: Delivery, attempts: &[Attempt]) -> Result<Self, ApiError> {
        let payload: serde_json::Value = serde_json::from_str(&d.payload)
            .map_err(|e| ApiError::internal(anyhow::anyhow!("stored webhook payload {}: {e}", d.id)))?;
        let event = serde_json::from_value(serde_json::Value::String(d.event.clone()))
            .map_err(|e| ApiError::internal(anyhow::anyhow!("stored webhook event {}: {e}", d.id)))?;
        Ok(DeliveryResponse {
            id: d.id,
            delivery_id: d.delivery_key,
            event,
            status: d.status,
            attempts: d.attempts,
            next_attempt_at: (d.status == DeliveryStatus::Pending).then(|| utc(d.next_attempt_at)),
            created_at: utc(d.created_at),
            delivered_at: d.delivered_at.map(utc),
            payload,
            attempt_log: attempts
                .iter()
                .filter(|a| a.delivery_id == d.id)
                .cloned()
                .map(AttemptResponse::from)
                .collect(),
        })
    }
}

/// The body of every delivery: `POST`ed as JSON, signed in `X-Marquee-Signature`.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookPayload {
    /// The event's id, the same for every webhook it is sent to.
    pub id: String,
    pub event: Event,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    pub data: WebhookData,
    /// The `Surrogate-Key`s of what changed: purge these from a CDN.
    pub surrogate_keys: Vec<String>,
}

/// The public article as it was when the event happened (published, updated); what was
/// removed (unpublished, deleted); or the comment (created, moderated).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum WebhookData {
    Article(Box<PublicArticle>),
    Removed(RemovedResource),
    Comment(WebhookComment),
}

/// What kind of record went away.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    Article,
}

/// What an unpublished or deleted record was.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RemovedResource {
    pub kind: RemovedKind,
    pub id: i64,
    pub slug: String,
}

/// A comment in a webhook: never the reader's email or network address.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookComment {
    pub id: i64,
    pub article_id: i64,
    pub article_slug: String,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub body_html: String,
    pub status: CommentStatus,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}
