//! The short shapes one resource embeds in another's response: an article as lists show it
//! (and as a movie's page, related articles and search hits show it), and the reference to
//! a movie that articles and filmographies carry. Nothing here embeds anything bigger, so
//! every resource's module can use these without importing another resource's.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::media::Image;
use super::tags::TagRef;
use super::{rfc3339, utc};
use crate::content::views::Summary;
use crate::db::media::Media;
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
    /// The cover's URL: the library image's original when there is one.
    pub cover_image_url: Option<String>,
    /// What the cover shows, for readers who cannot see it.
    pub cover_image_alt: Option<String>,
    /// The library cover image, with its sizes and `srcset`s; `null` when there is none.
    pub cover_image: Option<Image>,
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
    /// The avatar's URL: the library image's original when there is one.
    pub avatar_url: Option<String>,
    /// The library avatar; `null` when there is none.
    pub avatar: Option<Image>,
}

impl AuthorProfile {
    /// The profile, with its library avatar (`avatar`) under `base`.
    pub fn new(p: Profile, avatar: Option<&Media>, base: &str) -> Self {
        let avatar = avatar.and_then(|m| Image::of(m, base));
        AuthorProfile {
            slug: p.slug(),
            display_name: p.display_name,
            bio: p.bio,
            avatar_url: avatar.as_ref().map(|a| a.url.clone()).or(p.avatar_url),
            avatar,
        }
    }
}

/// An article in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleSummary {
    #[serde(flatten)]
    pub fields: ArticleFields,
    pub movie: Option<MovieRef>,
}

impl ArticleFields {
    /// The fields of a summary, its library images under `base`.
    pub fn new(s: Summary, base: &str) -> Self {
        let a = s.article;
        let cover = s.cover.as_ref().and_then(|m| Image::of(m, base));
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
            cover_image_url: cover.as_ref().map(|c| c.url.clone()).or(a.cover_image_url),
            cover_image_alt: a.page.cover_image_alt.or_else(|| cover.as_ref().and_then(|c| c.alt.clone())),
            cover_image: cover,
            reading_time_minutes: a.reading_time_minutes,
            author: AuthorProfile::new(s.author, s.avatar.as_ref(), base),
        }
    }
}

impl ArticleSummary {
    /// A summary, its library images under `base`.
    pub fn new(mut s: Summary, base: &str) -> Self {
        let movie = s.movie.take().as_ref().map(MovieRef::from);
        ArticleSummary { fields: ArticleFields::new(s, base), movie }
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
