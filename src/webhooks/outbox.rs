//! The payloads of a transaction's events, built inside that transaction so they show the
//! content as it was committed, and one delivery per subscribed webhook.

use crate::cache::SurrogateKey;
use crate::config::Config;
use crate::content::views::{self, Deps};
use crate::content::{Emitted, Outbox, Subject};
use crate::db::webhook_deliveries::NewDelivery;
use crate::db::{self, DbConn};
use crate::domain::webhooks::{DeliveryStatus, Event};
use crate::domain::{ChangeKind, CommentStatus};
use crate::dto::articles::PublicArticle;
use crate::dto::utc;
use crate::dto::webhooks::{RemovedKind, RemovedResource, WebhookComment, WebhookData, WebhookPayload};
use crate::error::ApiError;

/// The outbox of a server or command-line run: payloads as its configuration shapes them
/// (the articles' `canonical_url`).
pub struct Payloads {
    config: Config,
}

impl Payloads {
    pub fn new(config: &Config) -> Self {
        Payloads { config: config.clone() }
    }

    fn payload(&self, conn: &mut DbConn, emitted: &Emitted) -> Result<Option<WebhookPayload>, ApiError> {
        let now = db::now();
        let (data, surrogate_keys) = match (&emitted.subject, emitted.event) {
            (Subject::Article { id, .. }, Event::ArticlePublished | Event::ArticleUpdated) => {
                let Some(article) = db::articles::find(conn, *id)?.filter(|a| a.is_visible_at(now)) else {
                    return Ok(None);
                };
                let mut deps = Deps::default();
                let page = views::article(conn, &mut deps, &article, now)?;
                let public =
                    PublicArticle::new(page, self.config.article_url(article.address()), &self.config.media_public_url);
                (WebhookData::Article(Box::new(public)), deps.keys())
            }
            (Subject::Article { id, slug }, Event::ArticleUnpublished | Event::ArticleDeleted) => {
                let removed = RemovedResource { kind: RemovedKind::Article, id: *id, slug: slug.clone() };
                (WebhookData::Removed(removed), SurrogateKey::stale_after_change(ChangeKind::Article, *id).collect())
            }
            (Subject::Comment { id }, Event::CommentCreated | Event::CommentModerated) => {
                let Some(comment) = db::comments::find(conn, *id)? else { return Ok(None) };
                let Some(article) = db::articles::find(conn, comment.article_id)? else { return Ok(None) };
                // A pending or spam comment on arrival changes no public page; a moderation
                // decision may add it to a thread or take it away.
                let public_change = article.is_visible_at(now)
                    && (emitted.event == Event::CommentModerated || comment.status == CommentStatus::Approved);
                let keys = if public_change {
                    SurrogateKey::stale_after_change(ChangeKind::Article, article.id).collect()
                } else {
                    Vec::new()
                };
                let comment = WebhookComment {
                    id: comment.id,
                    article_id: article.id,
                    article_slug: article.slug,
                    parent_id: comment.parent_id,
                    author_name: comment.author_name,
                    body: comment.body,
                    body_html: comment.body_html,
                    status: comment.status,
                    created_at: utc(comment.created_at),
                };
                (WebhookData::Comment(comment), keys)
            }
            _ => return Ok(None),
        };
        Ok(Some(WebhookPayload {
            id: uuid::Uuid::new_v4().to_string(),
            event: emitted.event,
            created_at: utc(now),
            data,
            surrogate_keys: surrogate_keys.iter().map(ToString::to_string).collect(),
        }))
    }
}

impl Outbox for Payloads {
    fn deliveries(&self, conn: &mut DbConn, events: &[Emitted]) -> Result<Vec<NewDelivery>, ApiError> {
        // The common case, no webhook at all, costs one query.
        if !db::webhooks::any_active(conn)? {
            return Ok(Vec::new());
        }
        let now = db::now();
        let mut deliveries = Vec::new();
        for emitted in events {
            let webhooks = db::webhooks::subscribed(conn, emitted.event)?;
            if webhooks.is_empty() {
                continue;
            }
            let Some(payload) = self.payload(conn, emitted)? else { continue };
            let body = serde_json::to_string(&payload).map_err(ApiError::internal)?;
            deliveries.extend(webhooks.into_iter().map(|webhook| NewDelivery {
                webhook_id: webhook.id,
                delivery_key: uuid::Uuid::new_v4().to_string(),
                event: emitted.event.as_str().to_string(),
                payload: body.clone(),
                status: DeliveryStatus::Pending,
                next_attempt_at: now,
                created_at: now,
            }));
        }
        Ok(deliveries)
    }
}
