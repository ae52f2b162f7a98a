//! A post's comments, with their threads, authors, dates and moderation status.

use std::collections::HashMap;

use super::{clean, digest, Summary};
use crate::content::Effects;
use crate::db::articles::Article;
use crate::db::comments::NewComment;
use crate::db::imports::CommentContent;
use crate::db::{self, DbConn};
use crate::domain::{limits, ChangeAction, ChangeKind, CommentStatus, Email};
use crate::error::ApiError;
use crate::render;
use crate::wordpress::wxr::{Comment, CommentApproval, Item};

/// Why an imported comment has its status, where moderation rules would say.
const REASON: &str = "imported";

pub fn import(
    conn: &mut DbConn,
    fx: &mut Effects,
    source: &str,
    article: &Article,
    item: &Item,
    summary: &mut Summary,
) -> Result<(), ApiError> {
    // WordPress ids to ours, filled parents first: a reply is placed once its parent is.
    let mut placed: HashMap<i64, i64> = HashMap::new();
    let mut waiting: Vec<&Comment> = Vec::new();
    for comment in &item.comments {
        if !matches!(comment.comment_type.as_str(), "" | "comment") {
            summary.skip(format!("{} (not a comment)", comment.comment_type));
        } else if clean(&comment.content, limits::COMMENT_BODY).is_none() {
            summary.skip("comment without text");
        } else {
            waiting.push(comment);
        }
    }
    let mut changed = false;
    while !waiting.is_empty() {
        let before = waiting.len();
        let mut later = Vec::new();
        for comment in waiting {
            match comment.parent_wp_id.filter(|p| *p != 0) {
                Some(parent) if !placed.contains_key(&parent) && item.comments.iter().any(|c| c.wp_id == parent) => {
                    later.push(comment);
                }
                parent => {
                    let parent_id = parent.and_then(|p| placed.get(&p).copied());
                    let (id, public) = one(conn, source, article, comment, parent_id, summary)?;
                    changed |= public;
                    placed.insert(comment.wp_id, id);
                }
            }
        }
        if later.len() == before {
            // A cycle of parents, which WordPress cannot make: import them as top-level.
            for comment in &later {
                let (id, public) = one(conn, source, article, comment, None, summary)?;
                changed |= public;
                placed.insert(comment.wp_id, id);
            }
            break;
        }
        waiting = later;
    }
    if changed && article.is_visible_at(db::now()) {
        fx.changed(ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert);
    }
    Ok(())
}

fn status(approval: &CommentApproval) -> CommentStatus {
    match approval {
        CommentApproval::Approved => CommentStatus::Approved,
        CommentApproval::Spam => CommentStatus::Spam,
        CommentApproval::Trash => CommentStatus::Rejected,
        CommentApproval::Pending | CommentApproval::Other(_) => CommentStatus::Pending,
    }
}

/// Creates or updates one comment; returns its id and whether the public thread changed.
fn one(
    conn: &mut DbConn,
    source: &str,
    article: &Article,
    comment: &Comment,
    parent_id: Option<i64>,
    summary: &mut Summary,
) -> Result<(i64, bool), ApiError> {
    let external = comment.wp_id.to_string();
    let digest = digest(&format!("{comment:?}|{parent_id:?}|{}", article.id));
    let existing = match db::imports::source(conn, source, "comment", &external)? {
        Some((id, previous)) => db::comments::find(conn, id)?.map(|c| (c, previous)),
        None => None,
    };
    if let Some((found, previous)) = &existing {
        if *previous == digest {
            summary.comments_unchanged += 1;
            return Ok((found.id, false));
        }
    }
    let body = clean(&comment.content, limits::COMMENT_BODY).unwrap_or_default();
    let content = CommentContent {
        parent_id,
        author_name: clean(&comment.author, limits::COMMENT_AUTHOR).unwrap_or_else(|| "Anonymous".into()),
        // WordPress lets readers leave no email; an address it could not use is left out.
        author_email: Email::parse(comment.author_email.trim()).map(Email::into_inner).unwrap_or_default(),
        body_html: render::comment_to_html(&body),
        body,
        status: status(&comment.approved),
        created_at: comment.date_gmt.unwrap_or_else(db::now),
    };
    let public = content.status == CommentStatus::Approved;
    let id = match existing {
        Some((found, _)) => {
            db::imports::update_comment(conn, found.id, &content, db::now())?;
            summary.comments_updated += 1;
            found.id
        }
        None => {
            let new = NewComment {
                article_id: article.id,
                parent_id: content.parent_id,
                author_name: content.author_name,
                author_email: content.author_email,
                body: content.body,
                body_html: content.body_html,
                status: content.status,
                moderation_reason: REASON.into(),
                client_hash: REASON.into(),
                user_agent: None,
                created_at: content.created_at,
                updated_at: content.created_at,
            };
            summary.comments_created += 1;
            db::comments::insert(conn, &new)?.id
        }
    };
    db::imports::remember(conn, source, "comment", &external, id, &digest)?;
    Ok((id, public))
}
