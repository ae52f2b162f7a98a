//! Articles and their sections, as editors write and read them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{double_option, fields, rfc3339, utc, Check};
use crate::db::articles::{Article, ArticleChanges};
use crate::db::sections::Section;
use crate::domain::{ArticleKind, ArticleStatus, Slug};
use crate::error::ApiError;

pub const TITLE_MAX: usize = 200;
pub const EXCERPT_MAX: usize = 1000;
pub const BODY_MAX: usize = 100_000;
pub const CAPTION_MAX: usize = 500;
pub const MAX_TAGS: usize = 20;
pub const MAX_RELATED: usize = 20;
pub const MAX_SECTIONS: usize = 200;

/// The full stored record of an article.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdminArticle {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub movie_id: Option<i64>,
    pub author_id: i64,
    /// Tag names, in order.
    pub tags: Vec<String>,
    pub cover_image_url: Option<String>,
    pub related_article_ids: Vec<i64>,
    pub status: ArticleStatus,
    /// When a scheduled article goes public.
    #[serde(with = "rfc3339::option")]
    pub publish_at: Option<DateTime<Utc>>,
    #[serde(with = "rfc3339::option")]
    pub published_at: Option<DateTime<Utc>>,
    pub reading_time_minutes: i32,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl AdminArticle {
    pub fn new(a: Article, tags: Vec<String>, related_article_ids: Vec<i64>) -> Self {
        AdminArticle {
            id: a.id,
            slug: a.slug,
            title: a.title,
            subtitle: a.subtitle,
            excerpt: a.excerpt,
            kind: a.kind,
            movie_id: a.movie_id,
            author_id: a.author_id,
            tags,
            cover_image_url: a.cover_image_url,
            related_article_ids,
            status: a.status,
            publish_at: a.publish_at.map(utc),
            published_at: a.published_at.map(utc),
            reading_time_minutes: a.reading_time_minutes,
            version: a.version,
            created_at: utc(a.created_at),
            updated_at: utc(a.updated_at),
        }
    }
}

/// The full stored record of a section, with its rendered HTML.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AdminSection {
    pub id: i64,
    pub article_id: i64,
    /// 1-based, contiguous within the article.
    pub position: i32,
    pub heading: String,
    pub subheading: Option<String>,
    /// Markdown, as written.
    pub body: String,
    /// The body rendered and sanitized.
    pub body_html: String,
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<Section> for AdminSection {
    fn from(s: Section) -> Self {
        AdminSection {
            id: s.id,
            article_id: s.article_id,
            position: s.position,
            heading: s.heading,
            subheading: s.subheading,
            body: s.body,
            body_html: s.body_html,
            media_url: s.media_url,
            media_caption: s.media_caption,
            version: s.version,
            created_at: utc(s.created_at),
            updated_at: utc(s.updated_at),
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"heading": "When they first met", "subheading": "How did they meet?", "body": "It was *raining*."}))]
pub struct CreateSectionRequest {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub heading: String,
    #[schema(max_length = 200)]
    pub subheading: Option<String>,
    /// Markdown, up to 100 000 characters.
    #[schema(max_length = 100000)]
    pub body: Option<String>,
    /// An http(s) URL of a trailer or clip.
    pub media_url: Option<String>,
    #[schema(max_length = 500)]
    pub media_caption: Option<String>,
    /// Where to insert (1-based); after the last section when omitted.
    #[schema(minimum = 1)]
    pub position: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSectionRequest {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub heading: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub subheading: Option<Option<String>>,
    #[schema(max_length = 100000, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub body: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub media_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub media_caption: Option<Option<String>>,
    /// Move the section here (1-based); the others shift.
    #[schema(minimum = 1, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub position: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorderSectionsRequest {
    /// Every section id of the article, in the new order.
    pub section_ids: Vec<i64>,
}

/// A checked section: text fields trimmed, the body rendered.
#[derive(Debug, Clone, Default)]
pub struct SectionInput {
    pub heading: String,
    pub subheading: Option<String>,
    pub body: String,
    pub body_html: String,
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    pub position: Option<i32>,
}

fn body(value: String) -> Result<String, String> {
    if value.chars().count() > BODY_MAX {
        return Err(format!("must be at most {BODY_MAX} characters"));
    }
    Ok(value)
}

impl SectionInput {
    /// Checks a section, naming fields under `prefix` (`sections[2].` inside an article).
    pub fn check(c: &mut Check, prefix: &str, r: CreateSectionRequest) -> SectionInput {
        let body = c.take(&format!("{prefix}body"), body(r.body.unwrap_or_default()));
        if let Some(p) = r.position.filter(|p| *p < 1) {
            c.fail(&format!("{prefix}position"), format!("must be at least 1, not {p}"));
        }
        SectionInput {
            heading: c.take(&format!("{prefix}heading"), fields::required(&r.heading, TITLE_MAX)),
            subheading: c.take(&format!("{prefix}subheading"), fields::optional(r.subheading, TITLE_MAX)),
            body_html: crate::render::markdown_to_html(&body),
            body,
            media_url: c.take(&format!("{prefix}media_url"), fields::url(r.media_url)),
            media_caption: c.take(&format!("{prefix}media_caption"), fields::optional(r.media_caption, CAPTION_MAX)),
            position: r.position,
        }
    }
}

/// A checked section change.
#[derive(Debug, Default)]
pub struct SectionPatch {
    pub changes: crate::db::sections::SectionChanges,
    pub position: Option<i32>,
}

impl TryFrom<UpdateSectionRequest> for SectionPatch {
    type Error = ApiError;

    fn try_from(r: UpdateSectionRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let body = c.patch("body", r.body, body);
        if let Some(p) = r.position.filter(|p| *p < 1) {
            c.fail("position", format!("must be at least 1, not {p}"));
        }
        let changes = crate::db::sections::SectionChanges {
            heading: c.patch("heading", r.heading, |h| fields::required(&h, TITLE_MAX)),
            subheading: c.patch("subheading", r.subheading, |v| fields::optional(v, TITLE_MAX)),
            body_html: body.as_deref().map(crate::render::markdown_to_html),
            body,
            media_url: c.patch("media_url", r.media_url, fields::url),
            media_caption: c.patch("media_caption", r.media_caption, |v| fields::optional(v, CAPTION_MAX)),
        };
        c.finish(SectionPatch { changes, position: r.position })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "title": "Arrival ending explained",
    "excerpt": "What Louise knows, and when she knows it.",
    "kind": "explainer",
    "movie_id": 1,
    "tags": ["Sci-Fi", "Endings"],
    "sections": [{"heading": "The heptapods", "body": "They write in circles."}]
}))]
pub struct CreateArticleRequest {
    /// Generated from the title when omitted.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 120)]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    #[schema(max_length = 200)]
    pub subtitle: Option<String>,
    #[schema(max_length = 1000)]
    pub excerpt: Option<String>,
    /// `explainer` when omitted.
    pub kind: Option<ArticleKind>,
    pub movie_id: Option<i64>,
    /// Tag names; tags are shared between articles and created when new.
    #[schema(max_items = 20)]
    pub tags: Option<Vec<String>>,
    /// An http(s) URL.
    pub cover_image_url: Option<String>,
    #[schema(max_items = 20)]
    pub related_article_ids: Option<Vec<i64>>,
    /// Sections to create with the article, in order.
    #[schema(max_items = 200)]
    pub sections: Option<Vec<CreateSectionRequest>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateArticleRequest {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 120, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub subtitle: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, max_length = 1000)]
    pub excerpt: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub kind: Option<ArticleKind>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub movie_id: Option<Option<i64>>,
    #[schema(max_items = 20, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub cover_image_url: Option<Option<String>>,
    #[schema(max_items = 20, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub related_article_ids: Option<Vec<i64>>,
}

/// Tag names with their slugs.
pub type TagList = Vec<(String, String)>;

fn tags(names: Vec<String>) -> Result<TagList, String> {
    let names = fields::names(names, MAX_TAGS, 50)?;
    let mut out: TagList = Vec::new();
    for name in names {
        let slug = Slug::from_text(&name).ok_or_else(|| format!("the tag {name:?} has no letters or digits"))?;
        if !out.iter().any(|(s, _)| s == slug.as_str()) {
            out.push((slug.into_inner(), name));
        }
    }
    Ok(out)
}

fn related(ids: Vec<i64>) -> Result<Vec<i64>, String> {
    if ids.len() > MAX_RELATED {
        return Err(format!("must have at most {MAX_RELATED} items"));
    }
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// A checked new article.
pub struct ArticleInput {
    pub slug: Option<Slug>,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub movie_id: Option<i64>,
    pub cover_image_url: Option<String>,
    pub tags: TagList,
    pub related: Vec<i64>,
    pub sections: Vec<SectionInput>,
}

impl TryFrom<CreateArticleRequest> for ArticleInput {
    type Error = ApiError;

    fn try_from(r: CreateArticleRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let sections = r.sections.unwrap_or_default();
        if sections.len() > MAX_SECTIONS {
            c.fail("sections", format!("must have at most {MAX_SECTIONS} items"));
        }
        let sections: Vec<SectionInput> = sections
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                SectionInput::check(&mut c, &format!("sections[{i}]."), CreateSectionRequest { position: None, ..s })
            })
            .collect();
        let input = ArticleInput {
            slug: c.take("slug", fields::slug(r.slug)),
            title: c.take("title", fields::required(&r.title, TITLE_MAX)),
            subtitle: c.take("subtitle", fields::optional(r.subtitle, TITLE_MAX)),
            excerpt: c.take("excerpt", fields::optional(r.excerpt, EXCERPT_MAX)),
            kind: r.kind.unwrap_or(ArticleKind::Explainer),
            movie_id: r.movie_id,
            cover_image_url: c.take("cover_image_url", fields::url(r.cover_image_url)),
            tags: c.take("tags", tags(r.tags.unwrap_or_default())),
            related: c.take("related_article_ids", related(r.related_article_ids.unwrap_or_default())),
            sections,
        };
        c.finish(input)
    }
}

/// A checked article change.
pub struct ArticlePatch {
    pub changes: ArticleChanges,
    pub tags: Option<TagList>,
    pub related: Option<Vec<i64>>,
}

impl TryFrom<UpdateArticleRequest> for ArticlePatch {
    type Error = ApiError;

    fn try_from(r: UpdateArticleRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let changes = ArticleChanges {
            slug: c.patch("slug", r.slug, |s| Slug::parse(&s).map(Slug::into_inner)),
            title: c.patch("title", r.title, |t| fields::required(&t, TITLE_MAX)),
            subtitle: c.patch("subtitle", r.subtitle, |v| fields::optional(v, TITLE_MAX)),
            excerpt: c.patch("excerpt", r.excerpt, |v| fields::optional(v, EXCERPT_MAX)),
            kind: r.kind,
            movie_id: r.movie_id,
            cover_image_url: c.patch("cover_image_url", r.cover_image_url, fields::url),
        };
        let tags = c.patch("tags", r.tags, tags);
        let related = c.patch("related_article_ids", r.related_article_ids, related);
        c.finish(ArticlePatch { changes, tags, related })
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// A future time schedules the article; omitted or past publishes now.
    #[serde(default, with = "rfc3339::option")]
    pub publish_at: Option<DateTime<Utc>>,
}

/// A snapshot, as stored in a revision.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Snapshot {
    pub article: AdminArticle,
    pub sections: Vec<AdminSection>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    /// 1, 2, 3... per article.
    pub number: i32,
    /// `publish`, `update` or `restore`.
    pub reason: String,
    pub user_id: Option<i64>,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionResponse {
    #[serde(flatten)]
    pub summary: RevisionSummary,
    pub snapshot: Snapshot,
}

impl From<&crate::db::revisions::Revision> for RevisionSummary {
    fn from(r: &crate::db::revisions::Revision) -> Self {
        RevisionSummary {
            number: r.number,
            reason: r.reason.clone(),
            user_id: r.user_id,
            created_at: utc(r.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewTokenResponse {
    pub token: String,
    /// Where the preview is read, without credentials.
    #[schema(example = "/api/v1/preview/AbC123...")]
    pub url: String,
    #[serde(with = "rfc3339")]
    pub expires_at: DateTime<Utc>,
}
