//! The `preview_tokens` table: one-article, expiring read access to a draft.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::preview_tokens;
use super::{now, DbConn};

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(
    conn: &mut DbConn,
    article_id: i64,
    token_hash: &str,
    user_id: i64,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(preview_tokens::table)
        .values((
            preview_tokens::article_id.eq(article_id),
            preview_tokens::token_hash.eq(token_hash),
            preview_tokens::user_id.eq(user_id),
            preview_tokens::expires_at.eq(expires_at),
            preview_tokens::created_at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The article a live token opens, and who created the token (`None` once deleted).
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_live(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<(i64, Option<i64>)>> {
    preview_tokens::table
        .filter(preview_tokens::token_hash.eq(token_hash))
        .filter(preview_tokens::expires_at.gt(now()))
        .select((preview_tokens::article_id, preview_tokens::user_id))
        .first(conn)
        .optional()
}
