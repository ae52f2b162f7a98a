//! An article's lifecycle: publishing now or on schedule, back to draft, archiving,
//! deleting. Only editors and admins reach these; each reads the article with its row
//! locked and records the change feed and audit rows the move calls for.

use chrono::{DateTime, Utc};

use super::{locked, record, visibility_changed, ArticleRecord};
use crate::content::{revisions, Effects, Subject};
use crate::db::articles::{Article, Lifecycle};
use crate::db::{self, DbConn};
use crate::domain::webhooks::Event;
use crate::domain::{ArticleStatus, ChangeAction, ChangeKind, Expected};
use crate::error::ApiError;

/// Publishes now, or schedules when `publish_at` is in the future.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn publish(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    expected: &Expected,
    publish_at: Option<DateTime<Utc>>,
) -> Result<ArticleRecord, ApiError> {
    let before = locked(conn, id, expected)?;
    let now = db::now();
    let (lifecycle, action) = match publish_at.map(|t| t.naive_utc()) {
        Some(at) if at > now => (
            Lifecycle { status: ArticleStatus::Scheduled, publish_at: Some(at), published_at: Some(at) },
            "article.schedule",
        ),
        _ if before.status == ArticleStatus::Published => return record(conn, before),
        _ => (
            Lifecycle { status: ArticleStatus::Published, publish_at: None, published_at: Some(now) },
            "article.publish",
        ),
    };
    let after = set_lifecycle(conn, fx, &before, &lifecycle)?;
    revisions::record(conn, &after, "publish", Some(actor))?;
    db::audit::record(conn, Some(actor), action, "article", Some(id))?;
    record(conn, after)
}

fn set_lifecycle(
    conn: &mut DbConn,
    fx: &mut Effects,
    before: &Article,
    lifecycle: &Lifecycle,
) -> Result<Article, ApiError> {
    let after = db::articles::set_lifecycle(conn, before.id, lifecycle)?;
    visibility_changed(fx, before, &after);
    if before.status == ArticleStatus::Scheduled || after.status == ArticleStatus::Scheduled {
        fx.reschedule();
    }
    Ok(after)
}

/// Takes an article back to draft (from published or scheduled).
pub fn unpublish(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    expected: &Expected,
) -> Result<ArticleRecord, ApiError> {
    lifecycle_to(conn, fx, actor, (id, expected), ArticleStatus::Draft)
}

/// Retires an article: no longer public, kept for the record.
pub fn archive(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    expected: &Expected,
) -> Result<ArticleRecord, ApiError> {
    lifecycle_to(conn, fx, actor, (id, expected), ArticleStatus::Archived)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = target.0, %status))]
fn lifecycle_to(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    target: (i64, &Expected),
    status: ArticleStatus,
) -> Result<ArticleRecord, ApiError> {
    let (id, expected) = target;
    let before = locked(conn, id, expected)?;
    if before.status == status {
        return record(conn, before);
    }
    let published_at = if status == ArticleStatus::Archived { before.published_at } else { None };
    let after = set_lifecycle(conn, fx, &before, &Lifecycle { status, publish_at: None, published_at })?;
    let action = if status == ArticleStatus::Draft { "article.unpublish" } else { "article.archive" };
    db::audit::record(conn, Some(actor), action, "article", Some(id))?;
    record(conn, after)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn delete(conn: &mut DbConn, fx: &mut Effects, actor: i64, id: i64, expected: &Expected) -> Result<(), ApiError> {
    let article = locked(conn, id, expected)?;
    if article.is_visible_at(db::now()) {
        fx.changed(ChangeKind::Article, id, &article.slug, ChangeAction::Delete);
        fx.emit(Event::ArticleDeleted, Subject::Article { id, slug: article.slug.clone() });
    }
    if article.status == ArticleStatus::Scheduled {
        fx.reschedule();
    }
    db::articles::delete(conn, id)?;
    db::search::remove(conn, id)?;
    db::audit::record(conn, Some(actor), "article.delete", "article", Some(id))?;
    Ok(())
}

/// Publishes the scheduled articles whose time has come (the scheduler's job; readers see
/// them as published already). Returns how many.
#[tracing::instrument(level = "debug", skip_all)]
pub fn publish_due(conn: &mut DbConn, fx: &mut Effects) -> Result<usize, ApiError> {
    let due = db::articles::publish_due(conn, db::now())?;
    for article in &due {
        fx.changed(ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert);
        fx.emit(Event::ArticlePublished, Subject::Article { id: article.id, slug: article.slug.clone() });
        db::audit::record(conn, None, "article.publish_scheduled", "article", Some(article.id))?;
    }
    fx.reschedule();
    Ok(due.len())
}
