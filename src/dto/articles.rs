//! Articles: the admin record and the requests that write it, and the public summary and
//! page shapes front-ends read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::movies::ArticleMovie;
use super::sections::{check_section, CreateSectionRequest, PublicSection};
use super::summaries::{ArticleFields, ArticleSummary};
use super::{double_option, fields, non_null, rfc3339, utc, Check};
use crate::content::articles::{ArticleInput, ArticlePatch, ArticleRecord};
use crate::content::views::ArticlePage;
use crate::db::articles::ArticleChanges;
use crate::db::tags::Tag;
use crate::domain::{ArticleKind, ArticleStatus, Slug};
use crate::error::ApiError;

pub const TITLE_MAX: usize = 200;
pub const EXCERPT_MAX: usize = 1000;
pub const MAX_TAGS: usize = 20;
pub const MAX_RELATED: usize = 20;
pub const MAX_SECTIONS: usize = 200;

/// The full stored record of an article.
#[derive(Debug, Clone, Serialize, ToSchema)]
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

impl From<ArticleRecord> for AdminArticle {
    fn from(r: ArticleRecord) -> Self {
        let a = r.article;
        AdminArticle {
            id: a.id,
            slug: a.slug,
            title: a.title,
            subtitle: a.subtitle,
            excerpt: a.excerpt,
            kind: a.kind,
            movie_id: a.movie_id,
            author_id: a.author_id,
            tags: r.tags,
            cover_image_url: a.cover_image_url,
            related_article_ids: r.related_ids,
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

/// Filters of the admin article list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminArticleFilter {
    pub status: Option<ArticleStatus>,
    pub movie_id: Option<i64>,
    /// Authors always see only their own.
    pub author_id: Option<i64>,
    /// Only articles whose title contains this text.
    #[param(max_length = 200)]
    pub q: Option<String>,
}

/// Filters of the public article list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleFilter {
    /// A movie's slug.
    #[param(example = "arrival")]
    pub movie: Option<String>,
    /// A tag's slug.
    #[param(example = "endings")]
    pub tag: Option<String>,
    pub kind: Option<ArticleKind>,
    /// An author's display name (any case).
    pub author: Option<String>,
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
    #[serde(default, deserialize_with = "non_null")]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub subtitle: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, max_length = 1000)]
    pub excerpt: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub kind: Option<ArticleKind>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub movie_id: Option<Option<i64>>,
    #[schema(max_items = 20, nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub cover_image_url: Option<Option<String>>,
    #[schema(max_items = 20, nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub related_article_ids: Option<Vec<i64>>,
}

fn tags(names: Vec<String>) -> Result<Vec<Tag>, String> {
    let names = fields::names(names, MAX_TAGS, 50)?;
    let mut out: Vec<Tag> = Vec::new();
    for name in names {
        let slug = Slug::from_text(&name).ok_or_else(|| format!("the tag {name:?} has no letters or digits"))?;
        if !out.iter().any(|t| t.slug == slug.as_str()) {
            out.push(Tag { slug: slug.into_inner(), name });
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

impl TryFrom<CreateArticleRequest> for ArticleInput {
    type Error = ApiError;

    fn try_from(r: CreateArticleRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let sections = r.sections.unwrap_or_default();
        if sections.len() > MAX_SECTIONS {
            c.fail("sections", format!("must have at most {MAX_SECTIONS} items"));
        }
        let sections = sections
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                check_section(&mut c, &format!("sections[{i}]."), CreateSectionRequest { position: None, ..s })
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

#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewTokenResponse {
    pub token: String,
    /// Where the preview is read, without credentials.
    #[schema(example = "/api/v1/preview/AbC123...")]
    pub url: String,
    #[serde(with = "rfc3339")]
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthorRef {
    pub display_name: String,
}

/// An article with everything a page shows, in one response: the article's fields, then
/// its author, sections, the movie with its director and cast, related articles and the
/// comment count.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12,
    "slug": "arrival-ending-explained",
    "title": "Arrival ending explained",
    "subtitle": "Time is a circle",
    "excerpt": "What Louise knows, and when she knows it.",
    "kind": "explainer",
    "tags": [{"slug": "sci-fi", "name": "Sci-Fi"}, {"slug": "endings", "name": "Endings"}],
    "published_at": "2026-11-28T20:00:00Z",
    "updated_at": "2026-11-28T20:05:00Z",
    "cover_image_url": "https://img.example.com/arrival.jpg",
    "reading_time_minutes": 6,
    "movie": {
        "slug": "arrival", "title": "Arrival", "release_year": 2016,
        "poster_url": "https://img.example.com/arrival-poster.jpg",
        "trailer_url": "https://video.example.com/arrival-trailer.mp4",
        "directors": [{"slug": "denis-villeneuve", "name": "Denis Villeneuve"}],
        "cast": [
            {"slug": "amy-adams", "name": "Amy Adams", "character": "Louise Banks", "billing_order": 1},
            {"slug": "jeremy-renner", "name": "Jeremy Renner", "character": "Ian Donnelly", "billing_order": 2}
        ]
    },
    "author": {"display_name": "Ada Writer"},
    "sections": [
        {"id": 31, "position": 1, "heading": "The heptapods", "subheading": "What do they want?",
         "body": "They write in *circles*.", "body_html": "<p>They write in <em>circles</em>.</p>\n",
         "media_url": null, "media_caption": null},
        {"id": 32, "position": 2, "heading": "Hannah", "subheading": "Who is she?",
         "body": "Louise's daughter, not yet born.", "body_html": "<p>Louise's daughter, not yet born.</p>\n",
         "media_url": "https://video.example.com/arrival-clip.mp4", "media_caption": "The final scene"}
    ],
    "related": [{
        "id": 15, "slug": "arrival-review", "title": "Arrival review", "subtitle": null, "excerpt": null,
        "kind": "review", "tags": [], "published_at": "2026-11-20T09:00:00Z", "updated_at": "2026-11-20T09:00:00Z",
        "cover_image_url": null, "reading_time_minutes": 4,
        "movie": {"slug": "arrival", "title": "Arrival", "release_year": 2016}
    }],
    "comment_count": 7
}))]
pub struct PublicArticle {
    #[serde(flatten)]
    pub fields: ArticleFields,
    pub author: AuthorRef,
    /// In position order.
    pub sections: Vec<PublicSection>,
    /// The movie with its directors and cast.
    pub movie: Option<ArticleMovie>,
    /// Published related articles, in the editor's order.
    pub related: Vec<ArticleSummary>,
    /// Approved comments only.
    pub comment_count: i64,
}

impl From<ArticlePage> for PublicArticle {
    fn from(page: ArticlePage) -> Self {
        PublicArticle {
            fields: page.summary.into(),
            author: AuthorRef { display_name: page.author_name },
            sections: page.sections.into_iter().map(PublicSection::from).collect(),
            movie: page.movie.map(ArticleMovie::from),
            related: page.related.into_iter().map(ArticleSummary::from).collect(),
            comment_count: page.comment_count,
        }
    }
}
