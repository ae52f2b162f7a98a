//! One WordPress post or page as an article: fields, status and dates, tags, the featured
//! image, and the body split into sections.

use chrono::NaiveDateTime;

use super::{clean, digest, Library, Summary};
use crate::content::articles::{content_changed, reading_time, SectionInput};
use crate::content::{search, Effects};
use crate::db::articles::{Article, ArticleChanges, NewArticle, PageFields};
use crate::db::imports::ArticleTimes;
use crate::db::tags::Tag;
use crate::db::{self, DbConn};
use crate::domain::{limits, slug, ArticleKind, ArticleStatus, HttpUrl, Slug, SlugKind};
use crate::error::ApiError;
use crate::wordpress::html::split_sections;
use crate::wordpress::media::{image, image_urls, rewrite_images, upload_path, ATTACHMENT};
use crate::wordpress::wxr::{Export, Item, PostStatus, Term};

/// Imports one post; returns its article, or `None` when it was skipped.
#[allow(clippy::too_many_arguments)]
pub fn import(
    conn: &mut DbConn,
    fx: &mut Effects,
    source: &str,
    export: &Export,
    item: &Item,
    author: i64,
    library: &Library,
    summary: &mut Summary,
) -> Result<Option<Article>, ApiError> {
    let featured = export.featured_image_url(item);
    let cover_image_id = featured.as_deref().and_then(|u| library.item_for(u));
    let cover =
        featured.filter(|_| cover_image_id.is_none()).and_then(|u| HttpUrl::parse(&u).ok()).map(HttpUrl::into_inner);
    let mut bare = item.clone();
    bare.comments.clear();
    let title = clean(&item.title, limits::TITLE).unwrap_or_else(|| "Untitled".into());
    let mut kept = 0;
    let sections = sections(&title, &item.content_html, export, library, &mut kept);
    // What the post becomes (its images in the library among it) decides whether it changed:
    // a run that brought its images in updates it.
    let bodies: Vec<&str> = sections.as_ref().map(|s| s.iter().map(|s| s.body.as_str()).collect()).unwrap_or_default();
    let digest = digest(&format!("{bare:?}|{cover:?}|{cover_image_id:?}|{bodies:?}|{author}"));
    summary.images_kept += kept + usize::from(cover.as_deref().is_some_and(|u| upload_path(u).is_some()));
    let external = item.wp_id.to_string();
    let existing = match db::imports::source(conn, source, "article", &external)? {
        Some((id, previous)) => db::articles::find_for_update(conn, id)?.map(|a| (a, previous)),
        None => None,
    };
    if let Some((article, previous)) = &existing {
        if *previous == digest {
            summary.articles_unchanged += 1;
            return Ok(Some(article.clone()));
        }
    }
    let sections = match sections {
        Ok(sections) => sections,
        Err(reason) => {
            summary.skip(reason);
            return Ok(None);
        }
    };
    let excerpt = clean(&crate::wordpress::html::html_to_markdown(&item.excerpt), limits::EXCERPT);
    let tags = tags(item);
    let before = existing.map(|(article, _)| article);
    let created = before.is_none();
    if is_protected(item) {
        summary.protected_as_drafts += 1;
    }
    let article = match &before {
        Some(article) => {
            let slug = wanted_slug(conn, item, &title, Some(article))?;
            let changes = ArticleChanges {
                slug: Some(slug),
                title: Some(title),
                excerpt: Some(excerpt),
                cover_image_url: Some(cover),
                cover_image_id: Some(cover_image_id),
                ..ArticleChanges::default()
            };
            let updated = db::articles::update(conn, article.id, &changes)?;
            crate::content::slug_renamed(conn, SlugKind::Article, article.id, &article.slug, &updated.slug)?;
            updated
        }
        None => {
            let now = db::now();
            let new = NewArticle {
                slug: wanted_slug(conn, item, &title, None)?,
                title,
                subtitle: None,
                excerpt,
                kind: ArticleKind::Explainer,
                movie_id: None,
                author_id: author,
                status: ArticleStatus::Draft,
                cover_image_url: cover,
                reading_time_minutes: 0,
                created_at: now,
                updated_at: now,
                page: PageFields { cover_image_id, ..PageFields::default() },
            };
            db::articles::insert(conn, &new)?
        }
    };
    db::tags::set_for_article(conn, article.id, &tags)?;
    db::sections::delete_all(conn, article.id)?;
    let now = db::now();
    for (i, section) in sections.iter().enumerate() {
        let position = i32::try_from(i + 1).unwrap_or(i32::MAX);
        section.insert(conn, article.id, position, now, "")?;
    }
    summary.sections += sections.len();
    let minutes = reading_time(sections.iter().map(|s| (s.heading.as_str(), s.body.as_str())));
    let after = db::imports::set_article_times(conn, article.id, &times(item, minutes))?;
    search::reindex(conn, &[after.id])?;
    // A new article was a draft before: publishing it is its first public appearance.
    let was = before.unwrap_or_else(|| Article { status: ArticleStatus::Draft, ..after.clone() });
    content_changed(conn, fx, author, &was, &after, "import")?;
    db::imports::remember(conn, source, "article", &external, after.id, &digest)?;
    if created {
        summary.articles_created += 1;
    } else {
        summary.articles_updated += 1;
    }
    Ok(Some(after))
}

/// The post's own slug when it is a valid one, else one from its title; suffixed when
/// another article has or had it (`keep` is the article this post became: it may keep its
/// slug, or take back one it had).
fn wanted_slug(conn: &mut DbConn, item: &Item, title: &str, keep: Option<&Article>) -> Result<String, ApiError> {
    let base = Slug::parse(&item.slug).ok().or_else(|| Slug::from_text(title)).unwrap_or_else(Slug::untitled);
    let taken = |conn: &mut DbConn, s: &str| -> diesel::QueryResult<bool> {
        Ok(db::slugs::owner(conn, SlugKind::Article, s)?.is_some_and(|owner| keep.is_none_or(|a| a.id != owner)))
    };
    Ok(slug::first_free(&base, |s| taken(conn, s))?.into_inner())
}

/// Whether WordPress shows the post to some readers only: private, or behind a password.
/// Such a post is never made public by an import.
pub fn is_protected(item: &Item) -> bool {
    item.status == PostStatus::Private || item.password.is_some()
}

/// WordPress's status and dates as Marquee's: `publish` is published at its date,
/// `future` scheduled for it, `draft` and `pending` drafts, and so are private and
/// password-protected posts.
fn times(item: &Item, reading_time_minutes: i32) -> ArticleTimes {
    let now = db::now();
    let date: NaiveDateTime = item.post_date_gmt.or(item.post_date).unwrap_or(now);
    let (status, publish_at, published_at) = match item.status {
        _ if is_protected(item) => (ArticleStatus::Draft, None, None),
        PostStatus::Publish => (ArticleStatus::Published, None, Some(date)),
        PostStatus::Future => (ArticleStatus::Scheduled, Some(date), Some(date)),
        _ => (ArticleStatus::Draft, None, None),
    };
    ArticleTimes {
        status,
        publish_at,
        published_at,
        created_at: date,
        updated_at: item.modified_gmt.unwrap_or(date).max(date),
        reading_time_minutes,
    }
}

/// Categories, then tags, by name, without WordPress's default "Uncategorized".
fn tags(item: &Item) -> Vec<Tag> {
    let mut out: Vec<Tag> = Vec::new();
    for term in item.categories.iter().chain(&item.tags) {
        if out.len() == limits::LABELS {
            break;
        }
        let Some(tag) = tag_of(term) else { continue };
        if !out.iter().any(|t| t.slug == tag.slug) {
            out.push(tag);
        }
    }
    out
}

/// The tag a category or tag becomes; `None` for "Uncategorized" and nameless ones.
pub fn tag_of(term: &Term) -> Option<Tag> {
    if term.slug == "uncategorized" {
        return None;
    }
    let name = clean(&crate::wordpress::html::html_to_markdown(&term.name), limits::LABEL)?;
    let slug = Slug::from_text(&name).unwrap_or_else(|| Slug::digest_of("tag", &name)).into_inner();
    Some(Tag { slug, name })
}

/// The body as sections, within the limits of hand-written ones; an embed whose URL is
/// not a web URL stays in the text.
/// Counts in `kept` the images of the site's uploads still shown from the old site.
fn sections(
    title: &str,
    html: &str,
    export: &Export,
    library: &Library,
    kept: &mut usize,
) -> Result<Vec<SectionInput>, String> {
    let mut out = Vec::new();
    for draft in split_sections(title, html) {
        let markdown: String =
            draft.markdown.chars().filter(|c| !crate::domain::text::is_forbidden_control(*c)).collect();
        let mut body = rewrite_images(&markdown, |url, alt| shown_image(export, library, url, alt));
        *kept += image_urls(&body).iter().filter(|url| upload_path(url).is_some()).count();
        if body.chars().count() > limits::SECTION_BODY {
            return Err(format!("post with a section over {} characters", limits::SECTION_BODY));
        }
        let media_url = draft.media_url.as_deref().and_then(|u| HttpUrl::parse(u).ok()).map(HttpUrl::into_inner);
        if media_url.is_none() {
            if let Some(url) = &draft.media_url {
                body = format!("{body}\n\n<{url}>").trim().to_string();
            }
        }
        if crate::render::markdown_to_html(&body).is_err() {
            return Err("post whose body nests too deeply to render".into());
        }
        out.push(SectionInput {
            heading: clean(&draft.heading, limits::TITLE).unwrap_or_else(|| title.to_string()),
            subheading: draft.subheading.as_deref().and_then(|s| clean(s, limits::TITLE)),
            body,
            media_caption: media_url
                .as_ref()
                .and(draft.media_caption.as_deref())
                .and_then(|c| clean(c, limits::CAPTION)),
            media_url,
            media_id: None,
            position: None,
        });
    }
    Ok(out)
}

/// What an image of a converted body becomes: a library item when its upload is in the
/// library; a gallery's attachment (`wp-attachment:ID`) its file's URL, with the attachment's
/// alt text when the body has none, or nothing when the export lacks it; else as it is.
fn shown_image(export: &Export, library: &Library, url: &str, alt: &str) -> Option<String> {
    let (url, alt) = match url.strip_prefix(ATTACHMENT) {
        Some(id) => {
            let attachment = id.parse().ok().and_then(|id| export.attachment(id));
            let Some(file) = attachment.and_then(|a| a.attachment_url.as_deref()).filter(|u| HttpUrl::parse(u).is_ok())
            else {
                return Some(String::new());
            };
            let described = attachment.and_then(|a| a.attachment_alt.as_deref()).unwrap_or("");
            (file, if alt.is_empty() { described } else { alt })
        }
        None => match library.item_for(url) {
            Some(id) => return Some(image(alt, &format!("media:{id}"))),
            None => return None,
        },
    };
    Some(match library.item_for(url) {
        Some(id) => image(alt, &format!("media:{id}")),
        None => image(alt, &format!("<{url}>")),
    })
}
