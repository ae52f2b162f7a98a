//! The short shapes one resource embeds in another's response: an article as lists show it
//! (and as a movie's page, related articles and search hits show it), and the reference to
//! a movie that articles and filmographies carry. Nothing here embeds anything bigger, so
//! every resource's module can use these without importing another resource's.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::tags::TagRef;
use super::{rfc3339, utc};
use crate::content::views::Summary;
use crate::db::movies::Movie;
use crate::domain::ArticleKind;

/// The fields every public shape of an article starts with.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleFields {
    pub id: i64,
    #[schema(example = "arrival-ending-explained")]
    pub slug: String,
    #[schema(example = "Arrival ending explained")]
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub tags: Vec<TagRef>,
    /// `null` only in previews of unpublished articles.
    #[serde(with = "rfc3339::option")]
    pub published_at: Option<DateTime<Utc>>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
    pub cover_image_url: Option<String>,
    pub reading_time_minutes: i32,
}

/// An article in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleSummary {
    #[serde(flatten)]
    pub fields: ArticleFields,
    pub movie: Option<MovieRef>,
}

impl From<Summary> for ArticleFields {
    fn from(s: Summary) -> Self {
        let a = s.article;
        ArticleFields {
            id: a.id,
            slug: a.slug,
            title: a.title,
            subtitle: a.subtitle,
            excerpt: a.excerpt,
            kind: a.kind,
            tags: s.tags.into_iter().map(TagRef::from).collect(),
            published_at: a.published_at.map(utc),
            updated_at: utc(a.updated_at),
            cover_image_url: a.cover_image_url,
            reading_time_minutes: a.reading_time_minutes,
        }
    }
}

impl From<Summary> for ArticleSummary {
    fn from(mut s: Summary) -> Self {
        let movie = s.movie.take().as_ref().map(MovieRef::from);
        ArticleSummary { fields: s.into(), movie }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MovieRef {
    #[schema(example = "arrival")]
    pub slug: String,
    #[schema(example = "Arrival")]
    pub title: String,
    #[schema(example = 2016)]
    pub release_year: Option<i32>,
}

impl From<&Movie> for MovieRef {
    fn from(m: &Movie) -> Self {
        MovieRef { slug: m.slug.clone(), title: m.title.clone(), release_year: m.release_year }
    }
}
