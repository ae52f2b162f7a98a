//! Preview tokens: one-article, expiring read access to an unpublished article, for sharing a
//! draft with someone who has no account.

use chrono::{DateTime, Utc};

use super::articles::readable;
use crate::auth::{permissions, tokens, Identity};
use crate::db::articles::Article;
use crate::db::{self, DbConn};
use crate::error::ApiError;

/// Mints a token for an article the caller may read; returns it in clear (only its hash is
/// kept) with its expiry.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn create(
    conn: &mut DbConn,
    who: &Identity,
    id: i64,
    ttl: std::time::Duration,
) -> Result<(String, DateTime<Utc>), ApiError> {
    let article = readable(conn, who, id)?;
    let token = tokens::new_secret();
    let ttl = chrono::Duration::from_std(ttl).map_err(ApiError::internal)?;
    let expires_at = db::now() + ttl;
    db::previews::insert(conn, article.id, &tokens::hash(&token), who.user_id, expires_at)?;
    db::audit::record(conn, Some(who.user_id), "article.preview_token", "article", Some(id))?;
    Ok((token, expires_at.and_utc()))
}

/// The article a live preview token opens. A token dies with its creator's right to read
/// the article: once they are disabled, deleted, or demoted below it, it opens nothing.
pub fn article(conn: &mut DbConn, token: &str) -> Result<Article, ApiError> {
    let (article_id, creator) = db::previews::find_live(conn, &tokens::hash(token))?.ok_or_else(ApiError::not_found)?;
    let article = db::articles::find(conn, article_id)?.ok_or_else(ApiError::not_found)?;
    let creator = match creator {
        Some(id) => db::users::find(conn, id)?,
        None => None,
    };
    let still_allowed = creator
        .is_some_and(|user| !user.disabled && permissions::can_read_article(user.role, user.id, article.author_id));
    if !still_allowed {
        return Err(ApiError::not_found());
    }
    Ok(article)
}
