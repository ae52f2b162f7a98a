//! The `articles` table and its related-article links (tags are in `tags.rs`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{article_tags, articles, related_articles, tags};
use super::{columns, now, DbConn};
use crate::domain::{ArticleKind, ArticleStatus};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = articles)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub movie_id: Option<i64>,
    pub author_id: i64,
    pub status: ArticleStatus,
    pub publish_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub cover_image_url: Option<String>,
    pub reading_time_minutes: i32,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    #[diesel(embed)]
    pub page: PageFields,
}

impl Article {
    /// What its address on the public site is made of (`MARQUEE_ARTICLE_PATH`): dated by its
    /// publication, or by when it was written while it has none.
    pub fn address(&self) -> crate::domain::addresses::ArticleParts<'_> {
        crate::domain::addresses::ArticleParts {
            id: self.id,
            slug: &self.slug,
            kind: self.kind,
            date: self.published_at.or(self.publish_at).unwrap_or(self.created_at),
        }
    }
}

/// What a page shows beyond the article's text: search and social-card fields, and the cover
/// image's alt text and caption.
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = articles, treat_none_as_null = true)]
pub struct PageFields {
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub og_image_url: Option<String>,
    pub cover_image_alt: Option<String>,
    pub cover_image_caption: Option<String>,
    /// The library's cover image (shown instead of `cover_image_url` when set).
    pub cover_image_id: Option<i64>,
}

impl Article {
    /// Whether the public sees it now: published, or scheduled and due. Never depends on
    /// the scheduler having run. (Publishing sets `published_at` to now, scheduling to the
    /// `publish_at` to come, so both cases read "`published_at` has passed".)
    pub fn is_visible_at(&self, at: NaiveDateTime) -> bool {
        matches!(self.status, ArticleStatus::Published | ArticleStatus::Scheduled)
            && self.published_at.is_some_and(|p| p <= at)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = articles)]
pub struct NewArticle {
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub movie_id: Option<i64>,
    pub author_id: i64,
    pub status: ArticleStatus,
    pub cover_image_url: Option<String>,
    pub reading_time_minutes: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    #[diesel(embed)]
    pub page: PageFields,
}

#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = articles)]
pub struct ArticleChanges {
    pub slug: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<Option<String>>,
    pub excerpt: Option<Option<String>>,
    pub kind: Option<ArticleKind>,
    pub movie_id: Option<Option<i64>>,
    pub cover_image_url: Option<Option<String>>,
    pub meta_title: Option<Option<String>>,
    pub meta_description: Option<Option<String>>,
    pub og_image_url: Option<Option<String>>,
    pub cover_image_alt: Option<Option<String>>,
    pub cover_image_caption: Option<Option<String>>,
    pub cover_image_id: Option<Option<i64>>,
}

/// The lifecycle columns, set together by publish, unpublish, archive and the scheduler.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = articles, treat_none_as_null = true)]
pub struct Lifecycle {
    pub status: ArticleStatus,
    pub publish_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
}

/// The public visibility rule in SQL (see [`Article::is_visible_at`]), written so the feed
/// index on `(published_at, id)` serves newest-first lists without a sort.
#[diesel::dsl::auto_type(no_type_alias)]
pub fn visible(at: NaiveDateTime) -> _ {
    let published: ArticleStatus = ArticleStatus::Published;
    let scheduled: ArticleStatus = ArticleStatus::Scheduled;
    articles::published_at.le(at).and(articles::status.eq(published).or(articles::status.eq(scheduled)))
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewArticle) -> QueryResult<Article> {
    diesel::insert_into(articles::table).values(new).returning(columns::<Article>()).get_result(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Article>> {
    articles::table.find(id).select(Article::as_select()).first(conn).optional()
}

/// Reads an article for a change and, on PostgreSQL, locks its row until the transaction
/// ends, so every write to one article (its fields, sections, lifecycle, revisions) runs
/// one after the other. SQLite writers are serialised already.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<Article>> {
    super::first_for_update!(conn, articles::table.find(id).select(Article::as_select()))
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Article>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    articles::table.filter(articles::id.eq_any(ids)).select(Article::as_select()).load(conn)
}

/// A publicly visible article by slug.
///
/// Found by its unique slug, then checked in Rust: a query with the time bound in it would be
/// planned again on every read (SQLite re-plans a statement whose bound values may change the
/// plan), and the slug alone finds one row anyway.
#[tracing::instrument(level = "debug", skip_all)]
pub fn find_visible_by_slug(conn: &mut DbConn, slug: &str, at: NaiveDateTime) -> QueryResult<Option<Article>> {
    let article =
        articles::table.filter(articles::slug.eq(slug)).select(Article::as_select()).first(conn).optional()?;
    Ok(article.filter(|a| a.is_visible_at(at)))
}

/// Admin list filters.
#[derive(Debug, Default, Clone)]
pub struct AdminFilter {
    pub status: Option<ArticleStatus>,
    pub movie_id: Option<i64>,
    pub author_id: Option<i64>,
    pub q: Option<String>,
}

/// Admin list, newest first.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list(conn: &mut DbConn, filter: &AdminFilter, before_id: Option<i64>, limit: i64) -> QueryResult<Vec<Article>> {
    let mut query = articles::table.select(Article::as_select()).order(articles::id.desc()).limit(limit).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(articles::status.eq(status));
    }
    if let Some(movie_id) = filter.movie_id {
        query = query.filter(articles::movie_id.eq(movie_id));
    }
    if let Some(author_id) = filter.author_id {
        query = query.filter(articles::author_id.eq(author_id));
    }
    if let Some(q) = &filter.q {
        query = query.filter(super::lower(articles::title).like(super::contains_pattern(q)).escape('\\'));
    }
    if let Some(before) = before_id {
        query = query.filter(articles::id.lt(before));
    }
    query.load(conn)
}

/// Applies content changes to an article read with [`find_for_update`], bumping its
/// version.
#[tracing::instrument(level = "debug", skip_all)]
pub fn update(conn: &mut DbConn, id: i64, changes: &ArticleChanges) -> QueryResult<Article> {
    diesel::update(articles::table.filter(articles::id.eq(id)))
        .set((changes, articles::version.eq(articles::version + 1), articles::updated_at.eq(now())))
        .returning(columns::<Article>())
        .get_result(conn)
}

/// Sets the lifecycle columns of an article read with [`find_for_update`], bumping its
/// version.
#[tracing::instrument(level = "debug", skip_all)]
pub fn set_lifecycle(conn: &mut DbConn, id: i64, lifecycle: &Lifecycle) -> QueryResult<Article> {
    diesel::update(articles::table.filter(articles::id.eq(id)))
        .set((lifecycle, articles::version.eq(articles::version + 1), articles::updated_at.eq(now())))
        .returning(columns::<Article>())
        .get_result(conn)
}

/// Marks a change made through the article's parts (sections, tags): a new version, a new
/// `updated_at` and the reading time.
#[tracing::instrument(level = "debug", skip_all)]
pub fn touch(conn: &mut DbConn, id: i64, reading_time_minutes: i32) -> QueryResult<Article> {
    diesel::update(articles::table.filter(articles::id.eq(id)))
        .set((
            articles::version.eq(articles::version + 1),
            articles::updated_at.eq(now()),
            articles::reading_time_minutes.eq(reading_time_minutes),
        ))
        .returning(columns::<Article>())
        .get_result(conn)
}

/// Scheduled articles whose time has come, marked published; returns them. One statement,
/// so two schedulers running at once publish each article exactly once: the second waits
/// for the first's row locks and then no longer finds the rows scheduled.
#[tracing::instrument(level = "debug", skip_all)]
pub fn publish_due(conn: &mut DbConn, at: NaiveDateTime) -> QueryResult<Vec<Article>> {
    diesel::update(
        articles::table.filter(articles::status.eq(ArticleStatus::Scheduled)).filter(articles::publish_at.le(at)),
    )
    .set((articles::status.eq(ArticleStatus::Published), articles::version.eq(articles::version + 1)))
    .returning(columns::<Article>())
    .get_results(conn)
}

/// When the next scheduled article becomes due, if any.
#[tracing::instrument(level = "debug", skip_all)]
pub fn next_due(conn: &mut DbConn) -> QueryResult<Option<NaiveDateTime>> {
    articles::table
        .filter(articles::status.eq(ArticleStatus::Scheduled))
        .select(diesel::dsl::min(articles::publish_at))
        .first(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(articles::table.find(id)).execute(conn)
}

/// Related article ids of several articles, in order.
#[tracing::instrument(level = "debug", skip_all)]
pub fn related_of(conn: &mut DbConn, article_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    if article_ids.is_empty() {
        return Ok(Vec::new());
    }
    related_articles::table
        .filter(related_articles::article_id.eq_any(article_ids))
        .order((related_articles::article_id.asc(), related_articles::position.asc()))
        .select((related_articles::article_id, related_articles::related_id))
        .load(conn)
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn set_related(conn: &mut DbConn, article_id: i64, related: &[i64]) -> QueryResult<()> {
    diesel::delete(related_articles::table.filter(related_articles::article_id.eq(article_id))).execute(conn)?;
    for (position, related_id) in related.iter().enumerate() {
        diesel::insert_into(related_articles::table)
            .values((
                related_articles::article_id.eq(article_id),
                related_articles::related_id.eq(related_id),
                related_articles::position.eq(position as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Which of `ids` exist.
#[tracing::instrument(level = "debug", skip_all)]
pub fn existing_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    articles::table.filter(articles::id.eq_any(ids)).select(articles::id).load(conn)
}

/// A movie's public articles, newest first.
#[tracing::instrument(level = "debug", skip_all)]
pub fn visible_of_movie(conn: &mut DbConn, movie_id: i64, at: NaiveDateTime) -> QueryResult<Vec<Article>> {
    articles::table
        .filter(articles::movie_id.eq(movie_id))
        .filter(visible(at))
        .order((articles::published_at.desc(), articles::id.desc()))
        .limit(100)
        .select(Article::as_select())
        .load(conn)
}

/// Every article (any status) about one of `movie_ids`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn ids_of_movies(conn: &mut DbConn, movie_ids: &[i64]) -> QueryResult<Vec<i64>> {
    if movie_ids.is_empty() {
        return Ok(Vec::new());
    }
    articles::table.filter(articles::movie_id.eq_any(movie_ids)).select(articles::id).load(conn)
}

/// Filters of the public article list.
#[derive(Debug, Default, Clone)]
pub struct PublicFilter {
    pub movie_slug: Option<String>,
    pub tag_slug: Option<String>,
    pub kind: Option<ArticleKind>,
    /// An author's slug.
    pub author: Option<String>,
}

/// Public articles, newest `published_at` first, after the keyset position `(published_at,
/// id)`: the cost of a page does not depend on how deep it is.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list_visible(
    conn: &mut DbConn,
    filter: &PublicFilter,
    after: Option<(NaiveDateTime, i64)>,
    limit: i64,
    at: NaiveDateTime,
) -> QueryResult<Vec<Article>> {
    use super::schema::{movies, users};
    let mut query = articles::table
        .filter(visible(at))
        .select(Article::as_select())
        .order((articles::published_at.desc(), articles::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(slug) = &filter.movie_slug {
        query = query.filter(
            articles::movie_id
                .nullable()
                .eq_any(movies::table.filter(movies::slug.eq(slug.clone())).select(movies::id.nullable())),
        );
    }
    if let Some(slug) = &filter.tag_slug {
        let tagged = article_tags::table
            .inner_join(tags::table)
            .filter(tags::slug.eq(slug.clone()))
            .select(article_tags::article_id);
        query = query.filter(articles::id.eq_any(tagged));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(articles::kind.eq(kind));
    }
    if let Some(author) = &filter.author {
        let ids = users::table.filter(users::slug.eq(author.clone())).select(users::id);
        query = query.filter(articles::author_id.eq_any(ids));
    }
    if let Some((published_at, id)) = after {
        query = query.filter(
            articles::published_at
                .lt(published_at)
                .or(articles::published_at.eq(published_at).and(articles::id.lt(id))),
        );
    }
    query.load(conn)
}

/// An author's public articles, newest first (at most 100).
#[tracing::instrument(level = "debug", skip_all)]
pub fn visible_by_author(conn: &mut DbConn, author_id: i64, at: NaiveDateTime) -> QueryResult<Vec<Article>> {
    articles::table
        .filter(articles::author_id.eq(author_id))
        .filter(visible(at))
        .order((articles::published_at.desc(), articles::id.desc()))
        .limit(100)
        .select(Article::as_select())
        .load(conn)
}

/// Every public article of an author as `(id, slug)`, for telling followers their byline
/// changed.
#[tracing::instrument(level = "debug", skip_all)]
pub fn visible_slugs_by_author(
    conn: &mut DbConn,
    author_id: i64,
    at: NaiveDateTime,
) -> QueryResult<Vec<(i64, String)>> {
    articles::table
        .filter(articles::author_id.eq(author_id))
        .filter(visible(at))
        .select((articles::id, articles::slug))
        .load(conn)
}
