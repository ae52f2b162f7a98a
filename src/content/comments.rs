//! Reader comments: submission through the moderation rules, and the moderators' decisions.
//! A comment that becomes visible or stops being visible changes its article's public
//! page (the count, the list): that is a change-feed row and a cache purge.

use std::collections::BTreeSet;

use chrono::Duration;

use super::{ensure_version, settings, Effects, Subject};
use crate::db::comments::{Comment, NewComment};
use crate::db::{self, DbConn};
use crate::domain::moderation::{decide, History, Submission, Verdict};
use crate::domain::webhooks::Event;
use crate::domain::{ChangeAction, ChangeKind, CommentStatus, Email, Expected};
use crate::error::ApiError;
use crate::render;

/// A checked submission.
#[derive(Debug, Clone)]
pub struct CommentInput {
    pub author_name: String,
    pub author_email: Email,
    pub body: String,
    pub parent_id: Option<i64>,
    /// The hidden `website` field was filled in.
    pub honeypot: bool,
}

/// Who sent a comment, as stored: a keyed hash of the address, never the address.
pub struct Sender {
    pub client_hash: String,
    pub user_agent: Option<String>,
}

/// Runs a new comment through the rules and stores it (unless refused with 429). The
/// history the rules see is what other transactions have committed: a comment still in
/// flight elsewhere is not there yet, and never makes this one "too soon". The same body
/// sent twice at once is the exception: those take turns, so the second is a duplicate.
#[tracing::instrument(level = "debug", skip_all)]
pub fn submit(
    conn: &mut DbConn,
    fx: &mut Effects,
    slug: &str,
    input: &CommentInput,
    sender: &Sender,
) -> Result<Comment, ApiError> {
    let now = db::now();
    let article = db::articles::find_visible_by_slug(conn, slug, now)?.ok_or_else(ApiError::not_found)?;
    if let Some(parent_id) = input.parent_id {
        let parent_ok = db::comments::find(conn, parent_id)?
            .is_some_and(|p| p.article_id == article.id && p.status == CommentStatus::Approved);
        if !parent_ok {
            return Err(ApiError::invalid("parent_id", "must be an approved comment of the same article"));
        }
    }
    let email = input.author_email.as_str();
    db::comments::lock_body(conn, &input.body)?;
    let rules = settings::moderation_rules(conn)?;
    let history = History {
        email_has_approved: db::comments::email_has_approved(conn, email)?,
        last_comment_at: db::comments::last_from_client(conn, &sender.client_hash)?,
        duplicate: db::comments::is_duplicate(conn, &sender.client_hash, email, &input.body, now - Duration::days(1))?,
    };
    let submission = Submission {
        author_name: &input.author_name,
        author_email: email,
        body: &input.body,
        honeypot: input.honeypot,
        links: render::link_count(&input.body),
    };
    // `now` was read before the history: a comment another transaction committed since
    // may carry a later time, which the interval rule must not count as "in the future".
    let now = now.max(history.last_comment_at.unwrap_or(now));
    let (status, reason) = match decide(&rules, &submission, &history, now) {
        Verdict::TooSoon { retry_after, .. } => return Err(ApiError::TooManyRequests { retry_after }),
        Verdict::Spam(reason) => (CommentStatus::Spam, reason),
        Verdict::Pending(reason) => (CommentStatus::Pending, reason),
        Verdict::Approved(reason) => (CommentStatus::Approved, reason),
    };
    let comment = db::comments::insert(
        conn,
        &NewComment {
            article_id: article.id,
            parent_id: input.parent_id,
            author_name: input.author_name.clone(),
            author_email: input.author_email.as_str().to_string(),
            body_html: render::comment_to_html(&input.body),
            body: input.body.clone(),
            status,
            moderation_reason: reason.to_string(),
            client_hash: sender.client_hash.clone(),
            user_agent: sender.user_agent.clone(),
            created_at: now,
            updated_at: now,
        },
    )?;
    if status == CommentStatus::Approved {
        fx.changed(ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert);
    }
    fx.emit(Event::CommentCreated, Subject::Comment { id: comment.id });
    db::audit::record(conn, None, "comment.create", "comment", Some(comment.id))?;
    Ok(comment)
}

/// The articles whose public pages changed because comments appeared or disappeared.
fn articles_changed(conn: &mut DbConn, fx: &mut Effects, article_ids: BTreeSet<i64>) -> Result<(), ApiError> {
    let now = db::now();
    for article in db::articles::find_many(conn, &article_ids.into_iter().collect::<Vec<_>>())? {
        if article.is_visible_at(now) {
            fx.changed(ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert);
        }
    }
    Ok(())
}

fn is_visible(status: CommentStatus) -> bool {
    status == CommentStatus::Approved
}

/// A moderator's decision on one comment.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn moderate(
    conn: &mut DbConn,
    fx: &mut Effects,
    moderator: i64,
    id: i64,
    expected: &Expected,
    decision: (CommentStatus, Option<Option<String>>),
) -> Result<Comment, ApiError> {
    let (status, note) = decision;
    let comment = db::comments::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, comment.version)?;
    let updated = db::comments::moderate(conn, id, status, note, moderator)?;
    if comment.status != status {
        fx.emit(Event::CommentModerated, Subject::Comment { id });
    }
    if is_visible(comment.status) != is_visible(status) {
        articles_changed(conn, fx, BTreeSet::from([comment.article_id]))?;
    }
    db::audit::record(conn, Some(moderator), "comment.moderate", "comment", Some(id))?;
    Ok(updated)
}

/// Sets the status of many comments at once: all of them or, if one id is unknown, none.
#[tracing::instrument(level = "debug", skip_all)]
pub fn moderate_many(
    conn: &mut DbConn,
    fx: &mut Effects,
    moderator: i64,
    ids: &[i64],
    status: CommentStatus,
) -> Result<i64, ApiError> {
    let comments = db::comments::find_many_for_update(conn, ids)?;
    if let Some(missing) = ids.iter().find(|id| !comments.iter().any(|c| c.id == **id)) {
        return Err(ApiError::invalid("ids", format!("no comment has the id {missing}")));
    }
    let mut changed_articles = BTreeSet::new();
    let mut updated = 0;
    for comment in comments.iter().filter(|c| c.status != status) {
        db::comments::moderate(conn, comment.id, status, None, moderator)?;
        fx.emit(Event::CommentModerated, Subject::Comment { id: comment.id });
        if is_visible(comment.status) != is_visible(status) {
            changed_articles.insert(comment.article_id);
        }
        db::audit::record(conn, Some(moderator), "comment.moderate", "comment", Some(comment.id))?;
        updated += 1;
    }
    articles_changed(conn, fx, changed_articles)?;
    Ok(updated)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn delete(
    conn: &mut DbConn,
    fx: &mut Effects,
    moderator: i64,
    id: i64,
    expected: &Expected,
) -> Result<(), ApiError> {
    let comment = db::comments::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, comment.version)?;
    db::comments::delete(conn, id)?;
    if is_visible(comment.status) {
        articles_changed(conn, fx, BTreeSet::from([comment.article_id]))?;
    }
    db::audit::record(conn, Some(moderator), "comment.delete", "comment", Some(id))?;
    Ok(())
}
