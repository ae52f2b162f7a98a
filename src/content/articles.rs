//! Articles: drafting, publishing, scheduling, revisions and previews.
//!
//! An article is public while published, or scheduled with its time passed. Every change
//! to what the public sees records a revision (for published content) and a change-feed row,
//! in the transaction of the change itself.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{choose_slug, ensure_slug_free, Effects};
use crate::auth::extract::Identity;
use crate::auth::{permissions, tokens};
use crate::db::articles::{Article, ArticleChanges, Lifecycle, NewArticle};
use crate::db::sections::RestoredSection;
use crate::db::{self, DbConn};
use crate::domain::{ArticleStatus, ChangeAction, ChangeKind, Slug};
use crate::dto::articles::{AdminArticle, AdminSection, ArticleInput, ArticlePatch, Snapshot, TagList};
use crate::error::ApiError;
use crate::extract::IfMatch;
use crate::render;

/// The article if the caller may read it. Authors see only their own; to anyone who may
/// not read it, it does not exist.
pub fn readable(conn: &mut DbConn, who: &Identity, id: i64) -> Result<Article, ApiError> {
    db::articles::find(conn, id)?
        .filter(|a| permissions::can_read_article(who.role, who.user_id, a.author_id))
        .ok_or_else(ApiError::not_found)
}

/// The article if the caller may change it: 404 if they may not see it, 403 if they see it
/// but may not edit it (an author's published article).
pub fn editable(conn: &mut DbConn, who: &Identity, id: i64) -> Result<Article, ApiError> {
    let article = readable(conn, who, id)?;
    if !permissions::can_edit_article(who.role, who.user_id, article.author_id, article.status) {
        return Err(ApiError::Forbidden("only editors change an article once it leaves draft".into()));
    }
    Ok(article)
}

/// The admin representation: the row with its tag names and related ids.
pub fn admin_view(conn: &mut DbConn, article: Article) -> Result<AdminArticle, ApiError> {
    Ok(admin_views(conn, vec![article])?.pop().expect("one article in, one out"))
}

/// Admin representations of several articles, with two queries for all their tags and
/// related ids.
pub fn admin_views(conn: &mut DbConn, articles: Vec<Article>) -> Result<Vec<AdminArticle>, ApiError> {
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, _, name) in db::articles::tags_of(conn, &ids)? {
        tags.entry(id).or_default().push(name);
    }
    let mut related: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, related_id) in db::articles::related_of(conn, &ids)? {
        related.entry(id).or_default().push(related_id);
    }
    Ok(articles
        .into_iter()
        .map(|a| {
            let (t, r) = (tags.remove(&a.id).unwrap_or_default(), related.remove(&a.id).unwrap_or_default());
            AdminArticle::new(a, t, r)
        })
        .collect())
}

fn check_movie(conn: &mut DbConn, movie_id: Option<i64>) -> Result<(), ApiError> {
    match movie_id {
        Some(id) if db::movies::find(conn, id)?.is_none() => Err(ApiError::invalid("movie_id", "no movie has this id")),
        _ => Ok(()),
    }
}

fn check_related(conn: &mut DbConn, article_id: Option<i64>, related: &[i64]) -> Result<(), ApiError> {
    if article_id.is_some_and(|id| related.contains(&id)) {
        return Err(ApiError::invalid("related_article_ids", "an article cannot be related to itself"));
    }
    let existing = db::articles::existing_ids(conn, related)?;
    if let Some(missing) = related.iter().find(|id| !existing.contains(id)) {
        return Err(ApiError::invalid("related_article_ids", format!("no article has the id {missing}")));
    }
    Ok(())
}

fn words_of<'a>(parts: impl Iterator<Item = (&'a str, &'a str)>) -> i32 {
    render::reading_time_minutes(parts.map(|(h, b)| render::word_count(h) + render::word_count(b)).sum())
}

/// Creates a draft, with its tags, related articles and sections, in one transaction.
pub fn create(conn: &mut DbConn, who: &Identity, input: ArticleInput) -> Result<AdminArticle, ApiError> {
    check_movie(conn, input.movie_id)?;
    check_related(conn, None, &input.related)?;
    let now = db::now();
    let new = NewArticle {
        slug: choose_slug(conn, input.slug, &input.title, db::articles::slug_taken)?,
        title: input.title,
        subtitle: input.subtitle,
        excerpt: input.excerpt,
        kind: input.kind,
        movie_id: input.movie_id,
        author_id: who.user_id,
        status: ArticleStatus::Draft,
        cover_image_url: input.cover_image_url,
        reading_time_minutes: words_of(input.sections.iter().map(|s| (s.heading.as_str(), s.body.as_str()))),
        created_at: now,
        updated_at: now,
    };
    let article = db::articles::insert(conn, &new)?;
    db::articles::set_tags(conn, article.id, &input.tags)?;
    db::articles::set_related(conn, article.id, &input.related)?;
    for (i, s) in input.sections.into_iter().enumerate() {
        db::sections::insert(conn, &super::sections::new_row(article.id, i as i32 + 1, s, now))?;
    }
    super::search::reindex(conn, &[article.id])?;
    db::audit::record(conn, Some(who.user_id), "article.create", "article", Some(article.id))?;
    admin_view(conn, article)
}

/// Applies a change to an article's own fields, tags or related articles.
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    id: i64,
    if_match: &IfMatch,
    patch: ArticlePatch,
) -> Result<AdminArticle, ApiError> {
    let before = editable(conn, who, id)?;
    if_match.check(before.version)?;
    ensure_slug_free(conn, patch.changes.slug.as_deref(), &before.slug, db::articles::slug_taken)?;
    if let Some(movie_id) = patch.changes.movie_id {
        check_movie(conn, movie_id)?;
    }
    if let Some(related) = &patch.related {
        check_related(conn, Some(id), related)?;
    }
    let after = db::articles::update(conn, id, before.version, &patch.changes)?.ok_or(ApiError::PreconditionFailed)?;
    if let Some(tags) = &patch.tags {
        db::articles::set_tags(conn, id, tags)?;
    }
    if let Some(related) = &patch.related {
        db::articles::set_related(conn, id, related)?;
    }
    super::search::reindex(conn, &[id])?;
    published_content_changed(conn, fx, who.user_id, &before, &after, "update")?;
    db::audit::record(conn, Some(who.user_id), "article.update", "article", Some(id))?;
    admin_view(conn, after)
}

/// After the content of `after` changed: a revision if it is published, and a change-feed
/// row (with cache purges) if the public sees it, including the move from an old slug.
pub fn published_content_changed(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    before: &Article,
    after: &Article,
    reason: &str,
) -> Result<(), ApiError> {
    let now = db::now();
    if after.is_visible_at(now) {
        record_revision(conn, after, reason, Some(actor))?;
    }
    visibility_changed(conn, fx, before, after)
}

fn visibility_changed(conn: &mut DbConn, fx: &mut Effects, before: &Article, after: &Article) -> Result<(), ApiError> {
    let now = db::now();
    let (was, is) = (before.is_visible_at(now), after.is_visible_at(now));
    if was && (!is || before.slug != after.slug) {
        fx.changed(conn, ChangeKind::Article, before.id, &before.slug, ChangeAction::Delete)?;
    }
    if is {
        fx.changed(conn, ChangeKind::Article, after.id, &after.slug, ChangeAction::Upsert)?;
    }
    Ok(())
}

/// Stores a snapshot of the article and its sections.
pub fn record_revision(conn: &mut DbConn, article: &Article, reason: &str, actor: Option<i64>) -> Result<(), ApiError> {
    let sections = db::sections::of_article(conn, article.id)?.into_iter().map(AdminSection::from).collect();
    let snapshot = Snapshot { article: admin_view(conn, article.clone())?, sections };
    let json = serde_json::to_string(&snapshot).map_err(ApiError::internal)?;
    db::revisions::insert(conn, article.id, reason, &json, actor)?;
    Ok(())
}

/// Recomputes the reading time and bumps the article's version after one of its sections
/// changed; records a revision and a change if the article is public.
pub fn sections_changed(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    before: &Article,
) -> Result<Article, ApiError> {
    let sections = db::sections::of_article(conn, before.id)?;
    let minutes = words_of(sections.iter().map(|s| (s.heading.as_str(), s.body.as_str())));
    let after = db::articles::touch(conn, before.id, minutes)?;
    super::search::reindex(conn, &[before.id])?;
    published_content_changed(conn, fx, actor, before, &after, "update")?;
    Ok(after)
}

/// Publishes now, or schedules when `publish_at` is in the future.
pub fn publish(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
    publish_at: Option<DateTime<Utc>>,
) -> Result<AdminArticle, ApiError> {
    let before = db::articles::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(before.version)?;
    let now = db::now();
    let (lifecycle, action) = match publish_at.map(|t| t.naive_utc()) {
        Some(at) if at > now => (
            Lifecycle { status: ArticleStatus::Scheduled, publish_at: Some(at), published_at: Some(at) },
            "article.schedule",
        ),
        _ if before.status == ArticleStatus::Published => return admin_view(conn, before),
        _ => (
            Lifecycle { status: ArticleStatus::Published, publish_at: None, published_at: Some(now) },
            "article.publish",
        ),
    };
    let after = set_lifecycle(conn, fx, &before, &lifecycle)?;
    record_revision(conn, &after, "publish", Some(actor))?;
    db::audit::record(conn, Some(actor), action, "article", Some(id))?;
    admin_view(conn, after)
}

fn set_lifecycle(
    conn: &mut DbConn,
    fx: &mut Effects,
    before: &Article,
    lifecycle: &Lifecycle,
) -> Result<Article, ApiError> {
    let after =
        db::articles::set_lifecycle(conn, before.id, before.version, lifecycle)?.ok_or(ApiError::PreconditionFailed)?;
    visibility_changed(conn, fx, before, &after)?;
    fx.reschedule |= before.status == ArticleStatus::Scheduled || after.status == ArticleStatus::Scheduled;
    Ok(after)
}

/// Takes an article back to draft (from published or scheduled).
pub fn unpublish(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
) -> Result<AdminArticle, ApiError> {
    lifecycle_to(conn, fx, actor, id, if_match, ArticleStatus::Draft)
}

/// Retires an article: no longer public, kept for the record.
pub fn archive(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
) -> Result<AdminArticle, ApiError> {
    lifecycle_to(conn, fx, actor, id, if_match, ArticleStatus::Archived)
}

fn lifecycle_to(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
    status: ArticleStatus,
) -> Result<AdminArticle, ApiError> {
    let before = db::articles::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(before.version)?;
    if before.status == status {
        return admin_view(conn, before);
    }
    let published_at = if status == ArticleStatus::Archived { before.published_at } else { None };
    let after = set_lifecycle(conn, fx, &before, &Lifecycle { status, publish_at: None, published_at })?;
    db::audit::record(
        conn,
        Some(actor),
        &format!("article.{}", if status == ArticleStatus::Draft { "unpublish" } else { "archive" }),
        "article",
        Some(id),
    )?;
    admin_view(conn, after)
}

pub fn delete(conn: &mut DbConn, fx: &mut Effects, actor: i64, id: i64, if_match: &IfMatch) -> Result<(), ApiError> {
    let article = db::articles::find(conn, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(article.version)?;
    if article.is_visible_at(db::now()) {
        fx.changed(conn, ChangeKind::Article, id, &article.slug, ChangeAction::Delete)?;
    }
    fx.reschedule |= article.status == ArticleStatus::Scheduled;
    db::articles::delete(conn, id)?;
    db::search::remove(conn, id)?;
    db::audit::record(conn, Some(actor), "article.delete", "article", Some(id))?;
    Ok(())
}

/// Puts back an article's content (fields, tags, related articles, sections) as a revision
/// had it. The status stays; the restore is itself recorded as a revision.
pub fn restore(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    (id, number): (i64, i32),
    if_match: &IfMatch,
) -> Result<AdminArticle, ApiError> {
    let before = editable(conn, who, id)?;
    if_match.check(before.version)?;
    let revision = db::revisions::find(conn, id, number)?.ok_or_else(ApiError::not_found)?;
    let snapshot: Snapshot = serde_json::from_str(&revision.snapshot).map_err(ApiError::internal)?;
    let old = snapshot.article;
    let movie_id = match old.movie_id {
        Some(m) if db::movies::find(conn, m)?.is_some() => Some(m),
        _ => None,
    };
    let changes = ArticleChanges {
        slug: None,
        title: Some(old.title),
        subtitle: Some(old.subtitle),
        excerpt: Some(old.excerpt),
        kind: Some(old.kind),
        movie_id: Some(movie_id),
        cover_image_url: Some(old.cover_image_url),
    };
    let after = db::articles::update(conn, id, before.version, &changes)?.ok_or(ApiError::PreconditionFailed)?;
    let tags: TagList =
        old.tags.into_iter().filter_map(|name| Slug::from_text(&name).map(|s| (s.into_inner(), name))).collect();
    db::articles::set_tags(conn, id, &tags)?;
    let related = db::articles::existing_ids(conn, &old.related_article_ids)?;
    let related: Vec<i64> = old.related_article_ids.into_iter().filter(|r| related.contains(r) && *r != id).collect();
    db::articles::set_related(conn, id, &related)?;
    db::sections::delete_all(conn, id)?;
    let now = db::now();
    for s in &snapshot.sections {
        db::sections::insert_restored(
            conn,
            &RestoredSection {
                id: s.id,
                article_id: id,
                position: s.position,
                heading: &s.heading,
                subheading: s.subheading.as_deref(),
                body: &s.body,
                body_html: &s.body_html,
                media_url: s.media_url.as_deref(),
                media_caption: s.media_caption.as_deref(),
                version: s.version + 1,
                created_at: s.created_at.naive_utc(),
                updated_at: now,
            },
        )?;
    }
    let minutes = words_of(snapshot.sections.iter().map(|s| (s.heading.as_str(), s.body.as_str())));
    let after = db::articles::touch(conn, after.id, minutes)?;
    super::search::reindex(conn, &[id])?;
    record_revision(conn, &after, "restore", Some(who.user_id))?;
    visibility_changed(conn, fx, &before, &after)?;
    db::audit::record(conn, Some(who.user_id), "article.restore", "article", Some(id))?;
    admin_view(conn, after)
}

/// A one-article, expiring read token for a draft; returns the token in clear.
pub fn preview_token(
    conn: &mut DbConn,
    who: &Identity,
    id: i64,
    ttl: std::time::Duration,
) -> Result<(String, DateTime<Utc>), ApiError> {
    let article = readable(conn, who, id)?;
    let token = tokens::new_secret();
    let expires_at = db::now() + chrono::Duration::seconds(ttl.as_secs() as i64);
    db::previews::insert(conn, article.id, &tokens::hash(&token), who.user_id, expires_at)?;
    db::audit::record(conn, Some(who.user_id), "article.preview_token", "article", Some(id))?;
    Ok((token, expires_at.and_utc()))
}
