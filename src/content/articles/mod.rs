//! Articles: drafting, publishing, scheduling, archiving, deleting and restoring revisions.
//!
//! An article is public while published, or scheduled with its time passed. Every change to
//! what the public sees records a revision (for published content) and a change-feed row, in
//! the transaction of the change itself. Every write reads the article with its row locked
//! (`db::articles::find_for_update`), so writes to one article never interleave.

use std::collections::HashMap;

use chrono::NaiveDateTime;

mod lifecycle;

pub use lifecycle::{archive, delete, publish, publish_due, unpublish};

use super::{
    choose_slug, ensure_slug_free, ensure_version, inserted, revisions, search, slug_renamed, Effects, Subject,
};
use crate::auth::{permissions, Identity};
use crate::db::articles::{Article, ArticleChanges, NewArticle, PageFields};
use crate::db::sections::{NewSection, RestoredSection, Section};
use crate::db::tags::Tag;
use crate::db::{self, DbConn};
use crate::domain::webhooks::Event;
use crate::domain::{ArticleKind, ArticleStatus, ChangeAction, ChangeKind, Expected, Slug, SlugKind};
use crate::error::ApiError;
use crate::render;

/// A checked section to write: text trimmed and bounded; the body is rendered when stored.
#[derive(Debug, Clone, Default)]
pub struct SectionInput {
    pub heading: String,
    pub subheading: Option<String>,
    /// Markdown, as written.
    pub body: String,
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    /// A library image shown with the section.
    pub media_id: Option<i64>,
    /// Where to insert (1-based); after the last section when `None`.
    pub position: Option<i32>,
}

impl SectionInput {
    /// Stores the section at `position`, with its body rendered to sanitized HTML (library
    /// images included); a body too costly to render, or naming a library item or a
    /// `media_id` that does not exist, is refused naming the field under `prefix`.
    pub fn insert(
        &self,
        conn: &mut DbConn,
        article_id: i64,
        position: i32,
        now: NaiveDateTime,
        prefix: &str,
    ) -> Result<Section, ApiError> {
        super::media::check_item(conn, self.media_id, &format!("{prefix}media_id"))?;
        let row = NewSection {
            article_id,
            position,
            heading: self.heading.clone(),
            subheading: self.subheading.clone(),
            body: self.body.clone(),
            body_html: super::media::section_html(conn, &self.body, &format!("{prefix}body"))?,
            media_url: self.media_url.clone(),
            media_caption: self.media_caption.clone(),
            media_id: self.media_id,
            created_at: now,
            updated_at: now,
        };
        let section = db::sections::insert(conn, &row)?;
        super::media::link_section(conn, section.id, &section.body)?;
        Ok(section)
    }
}

/// A checked new article.
#[derive(Debug, Clone)]
pub struct ArticleInput {
    pub slug: Option<Slug>,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub movie_id: Option<i64>,
    pub cover_image_url: Option<String>,
    pub page: PageFields,
    pub tags: Vec<Tag>,
    pub related: Vec<i64>,
    pub sections: Vec<SectionInput>,
}

/// A checked change to an article's own fields, tags or related articles.
#[derive(Debug, Clone, Default)]
pub struct ArticlePatch {
    pub changes: ArticleChanges,
    pub tags: Option<Vec<Tag>>,
    pub related: Option<Vec<i64>>,
}

/// An article as editors see it: the row with its tag names and related ids.
#[derive(Debug, Clone)]
pub struct ArticleRecord {
    pub article: Article,
    pub tags: Vec<String>,
    pub related_ids: Vec<i64>,
}

/// The article if the caller may read it. Authors see only their own; to anyone who may
/// not read it, it does not exist.
pub fn readable(conn: &mut DbConn, who: &Identity, id: i64) -> Result<Article, ApiError> {
    db::articles::find(conn, id)?
        .filter(|a| permissions::can_read_article(who.role, who.user_id, a.author_id))
        .ok_or_else(ApiError::not_found)
}

/// The article, locked for a change, if the caller may change it: 404 if they may not see
/// it, 403 if they see it but may not edit it (an author's article once out of draft).
pub fn editable(conn: &mut DbConn, who: &Identity, id: i64) -> Result<Article, ApiError> {
    let article = db::articles::find_for_update(conn, id)?
        .filter(|a| permissions::can_read_article(who.role, who.user_id, a.author_id))
        .ok_or_else(ApiError::not_found)?;
    if !permissions::can_edit_article(who.role, who.user_id, article.author_id, article.status) {
        return Err(ApiError::Forbidden("only editors change an article once it leaves draft".into()));
    }
    Ok(article)
}

/// The article, locked for a change, for editors' actions (publish, archive, delete).
fn locked(conn: &mut DbConn, id: i64, expected: &Expected) -> Result<Article, ApiError> {
    let article = db::articles::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, article.version)?;
    Ok(article)
}

/// The admin record of one article.
pub fn record(conn: &mut DbConn, article: Article) -> Result<ArticleRecord, ApiError> {
    let mut records = records(conn, vec![article])?;
    records.pop().ok_or_else(|| ApiError::internal(anyhow::anyhow!("an article went missing while listed")))
}

/// Admin records of several articles, with two queries for all their tags and related ids.
pub fn records(conn: &mut DbConn, articles: Vec<Article>) -> Result<Vec<ArticleRecord>, ApiError> {
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, tag) in db::tags::of_articles(conn, &ids)? {
        tags.entry(id).or_default().push(tag.name);
    }
    let mut related: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, related_id) in db::articles::related_of(conn, &ids)? {
        related.entry(id).or_default().push(related_id);
    }
    Ok(articles
        .into_iter()
        .map(|a| ArticleRecord {
            tags: tags.remove(&a.id).unwrap_or_default(),
            related_ids: related.remove(&a.id).unwrap_or_default(),
            article: a,
        })
        .collect())
}

fn check_movie(conn: &mut DbConn, movie_id: Option<i64>) -> Result<(), ApiError> {
    match movie_id {
        Some(id) if db::movies::find(conn, id)?.is_none() => Err(ApiError::invalid("movie_id", "no movie has this id")),
        _ => Ok(()),
    }
}

/// Related articles must be articles the caller could read: another author's draft is
/// answered exactly like a missing id, so its existence does not leak.
fn check_related(conn: &mut DbConn, who: &Identity, article_id: Option<i64>, related: &[i64]) -> Result<(), ApiError> {
    if article_id.is_some_and(|id| related.contains(&id)) {
        return Err(ApiError::invalid("related_article_ids", "an article cannot be related to itself"));
    }
    let now = db::now();
    let found = db::articles::find_many(conn, related)?;
    let visible = |id: &i64| {
        found.iter().any(|a| {
            a.id == *id && (a.is_visible_at(now) || permissions::can_read_article(who.role, who.user_id, a.author_id))
        })
    };
    if let Some(missing) = related.iter().find(|id| !visible(id)) {
        return Err(ApiError::invalid("related_article_ids", format!("no article has the id {missing}")));
    }
    Ok(())
}

/// Minutes to read an article of these headings and bodies.
pub fn reading_time<'a>(parts: impl Iterator<Item = (&'a str, &'a str)>) -> i32 {
    render::reading_time_minutes(parts.map(|(h, b)| render::word_count(h) + render::word_count(b)).sum())
}

/// Creates a draft, with its tags, related articles and sections, in one transaction.
#[tracing::instrument(level = "debug", skip_all)]
pub fn create(conn: &mut DbConn, who: &Identity, input: &ArticleInput) -> Result<ArticleRecord, ApiError> {
    check_movie(conn, input.movie_id)?;
    super::media::check_item(conn, input.page.cover_image_id, "cover_image_id")?;
    check_related(conn, who, None, &input.related)?;
    let now = db::now();
    let new = NewArticle {
        slug: choose_slug(conn, SlugKind::Article, input.slug.as_ref(), &input.title)?,
        title: input.title.clone(),
        subtitle: input.subtitle.clone(),
        excerpt: input.excerpt.clone(),
        kind: input.kind,
        movie_id: input.movie_id,
        author_id: who.user_id,
        status: ArticleStatus::Draft,
        cover_image_url: input.cover_image_url.clone(),
        reading_time_minutes: reading_time(input.sections.iter().map(|s| (s.heading.as_str(), s.body.as_str()))),
        created_at: now,
        updated_at: now,
        page: input.page.clone(),
    };
    let article = inserted(db::articles::insert(conn, &new), input.slug.is_some())?;
    db::tags::set_for_article(conn, article.id, &input.tags)?;
    db::articles::set_related(conn, article.id, &input.related)?;
    for (i, section) in input.sections.iter().enumerate() {
        section.insert(conn, article.id, i as i32 + 1, now, &format!("sections[{i}]."))?;
    }
    search::reindex(conn, &[article.id])?;
    db::audit::record(conn, Some(who.user_id), "article.create", "article", Some(article.id))?;
    record(conn, article)
}

/// Applies a change to an article's own fields, tags or related articles.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    id: i64,
    expected: &Expected,
    patch: &ArticlePatch,
) -> Result<ArticleRecord, ApiError> {
    let before = editable(conn, who, id)?;
    ensure_version(expected, before.version)?;
    ensure_slug_free(conn, SlugKind::Article, id, patch.changes.slug.as_deref(), &before.slug)?;
    if let Some(movie_id) = patch.changes.movie_id {
        check_movie(conn, movie_id)?;
    }
    if let Some(cover) = patch.changes.cover_image_id {
        super::media::check_item(conn, cover, "cover_image_id")?;
    }
    if let Some(related) = &patch.related {
        check_related(conn, who, Some(id), related)?;
    }
    let after = db::articles::update(conn, id, &patch.changes)?;
    slug_renamed(conn, SlugKind::Article, id, &before.slug, &after.slug)?;
    if let Some(tags) = &patch.tags {
        db::tags::set_for_article(conn, id, tags)?;
    }
    if let Some(related) = &patch.related {
        db::articles::set_related(conn, id, related)?;
    }
    search::reindex(conn, &[id])?;
    content_changed(conn, fx, who.user_id, &before, &after, "update")?;
    db::audit::record(conn, Some(who.user_id), "article.update", "article", Some(id))?;
    record(conn, after)
}

/// After the content of `after` changed: a revision if it is published, and a change-feed
/// row (with cache purges) if the public sees it, including the move from an old slug.
pub fn content_changed(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    before: &Article,
    after: &Article,
    reason: &str,
) -> Result<(), ApiError> {
    if after.is_visible_at(db::now()) {
        revisions::record(conn, after, reason, Some(actor))?;
    }
    visibility_changed(fx, before, after);
    Ok(())
}

/// The change-feed rows, purges and webhook event of a write to an article, from whether
/// the public saw it before and sees it after.
fn visibility_changed(fx: &mut Effects, before: &Article, after: &Article) {
    let now = db::now();
    let (was, is) = (before.is_visible_at(now), after.is_visible_at(now));
    if was && (!is || before.slug != after.slug) {
        fx.changed(ChangeKind::Article, before.id, &before.slug, ChangeAction::Delete);
    }
    if is {
        fx.changed(ChangeKind::Article, after.id, &after.slug, ChangeAction::Upsert);
    }
    let event = match (was, is) {
        (false, true) => Event::ArticlePublished,
        (true, true) => Event::ArticleUpdated,
        (true, false) => Event::ArticleUnpublished,
        (false, false) => return,
    };
    let subject = if is { after } else { before };
    fx.emit(event, Subject::Article { id: subject.id, slug: subject.slug.clone() });
}

/// Recomputes the reading time and bumps the article's version after its sections
/// changed; records a revision and a change if the article is public.
pub fn sections_changed(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    before: &Article,
) -> Result<Article, ApiError> {
    let sections = db::sections::of_article(conn, before.id)?;
    let minutes = reading_time(sections.iter().map(|s| (s.heading.as_str(), s.body.as_str())));
    let after = db::articles::touch(conn, before.id, minutes)?;
    search::reindex(conn, &[before.id])?;
    content_changed(conn, fx, actor, before, &after, "update")?;
    Ok(after)
}

/// Puts back an article's content (fields, tags, related articles, sections) as a revision
/// had it. The status stays; the restore is itself recorded as a revision. A movie or
/// related article deleted since is left out.
#[tracing::instrument(level = "debug", skip_all, fields(id = target.0, number = target.1))]
pub fn restore(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    target: (i64, i32),
    expected: &Expected,
) -> Result<ArticleRecord, ApiError> {
    let (id, number) = target;
    let before = editable(conn, who, id)?;
    ensure_version(expected, before.version)?;
    let revision = db::revisions::find(conn, id, number)?.ok_or_else(ApiError::not_found)?;
    let snapshot = revisions::decode(&revision)?;
    let old = &snapshot.article;
    let movie_id = match old.movie_id {
        Some(m) if db::movies::find(conn, m)?.is_some() => Some(m),
        _ => None,
    };
    let changes = ArticleChanges {
        slug: None,
        title: Some(old.title.clone()),
        subtitle: Some(old.subtitle.clone()),
        excerpt: Some(old.excerpt.clone()),
        kind: Some(old.kind),
        movie_id: Some(movie_id),
        cover_image_url: Some(old.cover_image_url.clone()),
        meta_title: Some(old.page.meta_title.clone()),
        meta_description: Some(old.page.meta_description.clone()),
        og_image_url: Some(old.page.og_image_url.clone()),
        cover_image_alt: Some(old.page.cover_image_alt.clone()),
        cover_image_caption: Some(old.page.cover_image_caption.clone()),
        cover_image_id: Some(super::media::existing(conn, old.page.cover_image_id)?),
    };
    db::articles::update(conn, id, &changes)?;
    let tags: Vec<Tag> = snapshot
        .tags
        .iter()
        .filter_map(|name| Slug::from_text(name).map(|s| Tag { slug: s.into_inner(), name: name.clone() }))
        .collect();
    db::tags::set_for_article(conn, id, &tags)?;
    let existing = db::articles::existing_ids(conn, &snapshot.related_ids)?;
    let related: Vec<i64> = snapshot.related_ids.iter().copied().filter(|r| existing.contains(r) && *r != id).collect();
    db::articles::set_related(conn, id, &related)?;
    db::sections::delete_all(conn, id)?;
    let now = db::now();
    for s in &snapshot.sections {
        // Library images deleted since are left out; the bodies are rendered as the
        // library is now.
        let media_id = super::media::existing(conn, s.media_id)?;
        let body_html = super::media::body_html(conn, &s.body)?.unwrap_or_else(|_| s.body_html.clone());
        let restored =
            RestoredSection { media_id, body_html: &body_html, ..RestoredSection::from_snapshot(s, id, now) };
        db::sections::insert_restored(conn, &restored)?;
        super::media::link_section(conn, s.id, &s.body)?;
    }
    let minutes = reading_time(snapshot.sections.iter().map(|s| (s.heading.as_str(), s.body.as_str())));
    let after = db::articles::touch(conn, id, minutes)?;
    search::reindex(conn, &[id])?;
    revisions::record(conn, &after, "restore", Some(who.user_id))?;
    visibility_changed(fx, &before, &after);
    db::audit::record(conn, Some(who.user_id), "article.restore", "article", Some(id))?;
    record(conn, after)
}
