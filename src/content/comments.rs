//! Reader comments: submission through the moderation rules, and the moderators' decisions.
//! A comment that becomes visible or stops being visible changes its article's public
//! page (the count, the list): that is a change-feed row and a cache purge.

use std::collections::BTreeSet;

use chrono::Duration;

use super::Effects;
use crate::db::comments::{Comment, NewComment};
use crate::db::{self, DbConn};
use crate::domain::moderation::{decide, History, ModerationRules, Submission, Verdict};
use crate::domain::{ChangeAction, ChangeKind, CommentStatus};
use crate::dto::comments::CommentInput;
use crate::error::ApiError;
use crate::extract::IfMatch;
use crate::render;

pub const RULES_KEY: &str = "moderation";

/// The current rules; the defaults (hold everything) until an admin sets them.
pub fn rules(conn: &mut DbConn) -> Result<ModerationRules, ApiError> {
    match db::settings::get(conn, RULES_KEY)? {
        None => Ok(ModerationRules::default()),
        Some(json) => serde_json::from_str(&json).map_err(ApiError::internal),
    }
}

pub fn set_rules(conn: &mut DbConn, actor: i64, rules: &ModerationRules) -> Result<(), ApiError> {
    db::settings::put(conn, RULES_KEY, &serde_json::to_string(rules).map_err(ApiError::internal)?)?;
    Ok(db::audit::record(conn, Some(actor), "settings.moderation", "settings", None)?)
}

/// Who sent a comment, as stored: a keyed hash of the address, never the address.
pub struct Sender {
    pub client_hash: String,
    pub user_agent: Option<String>,
}

/// Runs a new comment through the rules and stores it (unless refused with 429).
pub fn submit(
    conn: &mut DbConn,
    fx: &mut Effects,
    slug: &str,
    input: CommentInput,
    sender: Sender,
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
    let rules = rules(conn)?;
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
            author_name: input.author_name,
            author_email: input.author_email.into_inner(),
            body_html: render::comment_to_html(&input.body),
            body: input.body,
            status,
            moderation_reason: reason.to_string(),
            client_hash: sender.client_hash,
            user_agent: sender.user_agent,
            created_at: now,
            updated_at: now,
        },
    )?;
    if status == CommentStatus::Approved {
        fx.changed(conn, ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert)?;
    }
    db::audit::record(conn, None, "comment.create", "comment", Some(comment.id))?;
    Ok(comment)
}

/// The articles whose public pages changed because comments appeared or disappeared.
fn articles_changed(conn: &mut DbConn, fx: &mut Effects, article_ids: BTreeSet<i64>) -> Result<(), ApiError> {
    let now = db::now();
    for article in db::articles::find_many(conn, &article_ids.into_iter().collect::<Vec<_>>())? {
        if article.is_visible_at(now) {
            fx.changed(conn, ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert)?;
        }
    }
    Ok(())
}

fn is_visible(status: CommentStatus) -> bool {
    status == CommentStatus::Approved
}

/// A moderator's decision on one comment.
pub fn moderate(
    conn: &mut DbConn,
    fx: &mut Effects,
    moderator: i64,
    id: i64,
    if_match: &IfMatch,
    status: CommentStatus,
    note: Option<Option<String>>,
) -> Result<Comment, ApiError> {
    let comment = db::comments::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(comment.version)?;
    let updated = db::comments::moderate(conn, id, comment.version, status, note, moderator)?
        .ok_or(ApiError::PreconditionFailed)?;
    if is_visible(comment.status) != is_visible(status) {
        articles_changed(conn, fx, BTreeSet::from([comment.article_id]))?;
    }
    db::audit::record(conn, Some(moderator), "comment.moderate", "comment", Some(id))?;
    Ok(updated)
}

/// Sets the status of many comments at once: all of them or, if one id is unknown, none.
pub fn moderate_many(
    conn: &mut DbConn,
    fx: &mut Effects,
    moderator: i64,
    ids: &[i64],
    status: CommentStatus,
) -> Result<i64, ApiError> {
    let comments = db::comments::find_many(conn, ids)?;
    if let Some(missing) = ids.iter().find(|id| !comments.iter().any(|c| c.id == **id)) {
        return Err(ApiError::invalid("ids", format!("no comment has the id {missing}")));
    }
    let mut changed_articles = BTreeSet::new();
    let mut updated = 0;
    for comment in comments.iter().filter(|c| c.status != status) {
        db::comments::moderate(conn, comment.id, comment.version, status, None, moderator)?
            .ok_or(ApiError::PreconditionFailed)?;
        if is_visible(comment.status) != is_visible(status) {
            changed_articles.insert(comment.article_id);
        }
        db::audit::record(conn, Some(moderator), "comment.moderate", "comment", Some(comment.id))?;
        updated += 1;
    }
    articles_changed(conn, fx, changed_articles)?;
    Ok(updated)
}

pub fn delete(
    conn: &mut DbConn,
    fx: &mut Effects,
    moderator: i64,
    id: i64,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let comment = db::comments::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(comment.version)?;
    db::comments::delete(conn, id)?;
    if is_visible(comment.status) {
        articles_changed(conn, fx, BTreeSet::from([comment.article_id]))?;
    }
    db::audit::record(conn, Some(moderator), "comment.delete", "comment", Some(id))?;
    Ok(())
}
