//! Articles: the admin record, its filters and actions (`requests` holds what writes it),
//! and the public page shape front-ends read (`public`; the list item is in `summaries`).

mod public;
mod requests;

pub use public::PublicArticle;
pub use requests::{CreateArticleRequest, UpdateArticleRequest};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{rfc3339, utc};
use crate::content::articles::ArticleRecord;
use crate::domain::{ArticleKind, ArticleStatus};

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
    pub cover_image_alt: Option<String>,
    pub cover_image_caption: Option<String>,
    /// A media library item: the cover.
    pub cover_image_id: Option<i64>,
    /// The page title for search engines, when it differs from `title`.
    pub meta_title: Option<String>,
    /// The page description for search engines and link previews.
    pub meta_description: Option<String>,
    /// The image of social cards (Open Graph), when it differs from the cover.
    pub og_image_url: Option<String>,
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
            cover_image_alt: a.page.cover_image_alt,
            cover_image_caption: a.page.cover_image_caption,
            cover_image_id: a.page.cover_image_id,
            meta_title: a.page.meta_title,
            meta_description: a.page.meta_description,
            og_image_url: a.page.og_image_url,
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
    /// An author's slug.
    #[param(example = "ada-writer")]
    pub author: Option<String>,
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
