//! What imports need beyond the ordinary writes: `import_sources` (which local record each
//! source record became) and setting the original times of what was imported.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::articles::Article;
use super::schema::{articles, comments, import_sources};
use super::{columns, DbConn};
use crate::domain::{ArticleStatus, CommentStatus};

/// The local record a source record became, and the digest it had then.
#[tracing::instrument(level = "debug", skip_all)]
pub fn source(conn: &mut DbConn, source: &str, kind: &str, external_id: &str) -> QueryResult<Option<(i64, String)>> {
    import_sources::table
        .filter(import_sources::source.eq(source))
        .filter(import_sources::kind.eq(kind))
        .filter(import_sources::external_id.eq(external_id))
        .select((import_sources::local_id, import_sources::digest))
        .first(conn)
        .optional()
}

/// Records (or moves) what a source record became.
#[tracing::instrument(level = "debug", skip_all)]
pub fn remember(
    conn: &mut DbConn,
    source: &str,
    kind: &str,
    external_id: &str,
    local_id: i64,
    digest: &str,
) -> QueryResult<()> {
    // SQLite and PostgreSQL spell the upsert the same; `$n` binds work on both.
    diesel::sql_query(
        "INSERT INTO import_sources (source, kind, external_id, local_id, digest) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (source, kind, external_id) DO UPDATE SET local_id = excluded.local_id, digest = excluded.digest",
    )
    .bind::<diesel::sql_types::Text, _>(source)
    .bind::<diesel::sql_types::Text, _>(kind)
    .bind::<diesel::sql_types::Text, _>(external_id)
    .bind::<diesel::sql_types::BigInt, _>(local_id)
    .bind::<diesel::sql_types::Text, _>(digest)
    .execute(conn)
    .map(|_| ())
}

/// An imported article's status and times, as its source had them, and its reading time.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = articles, treat_none_as_null = true)]
pub struct ArticleTimes {
    pub status: ArticleStatus,
    pub publish_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub reading_time_minutes: i32,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn set_article_times(conn: &mut DbConn, id: i64, times: &ArticleTimes) -> QueryResult<Article> {
    diesel::update(articles::table.filter(articles::id.eq(id)))
        .set(times)
        .returning(columns::<Article>())
        .get_result(conn)
}

/// An imported comment's content and standing, as its source has them now.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = comments, treat_none_as_null = true)]
pub struct CommentContent {
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    pub body_html: String,
    pub status: CommentStatus,
    pub created_at: NaiveDateTime,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn update_comment(conn: &mut DbConn, id: i64, content: &CommentContent, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(comments::table.filter(comments::id.eq(id)))
        .set((content, comments::version.eq(comments::version + 1), comments::updated_at.eq(now)))
        .execute(conn)
}
