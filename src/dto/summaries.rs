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
use crate::db::users::Profile;
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
    /// What the cover shows, for readers who cannot see it.
    pub cover_image_alt: Option<String>,
    pub reading_time_minutes: i32,
    pub author: AuthorProfile,
}

/// An author as the public sees them: on every article and summary, and on their page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthorProfile {
    /// Their page is `/api/v1/authors/{slug}`; filter lists with `?author={slug}`.
    #[schema(example = "ada-writer")]
    pub slug: String,
    #[schema(example = "Ada Writer")]
    pub display_name: String,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
}

impl From<Profile> for AuthorProfile {
    fn from(p: Profile) -> Self {
        AuthorProfile { slug: p.slug(), display_name: p.display_name, bio: p.bio, avatar_url: p.avatar_url }
    }
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
            cover_image_alt: a.page.cover_image_alt,
            reading_time_minutes: a.reading_time_minutes,
            author: s.author.into(),
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
