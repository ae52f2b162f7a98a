//! What front-ends read: published content only, no internal fields.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::rfc3339;
use crate::domain::{ArticleKind, CreditRole};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TagRef {
    #[schema(example = "endings")]
    pub slug: String,
    #[schema(example = "Endings")]
    pub name: String,
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

/// An article in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleSummary {
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
    pub movie: Option<MovieRef>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthorRef {
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicSection {
    pub id: i64,
    /// 1-based.
    pub position: i32,
    #[schema(example = "When they first met")]
    pub heading: String,
    #[schema(example = "How did they meet?")]
    pub subheading: Option<String>,
    /// Markdown, as written.
    pub body: String,
    /// Rendered and sanitized HTML.
    pub body_html: String,
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonRef {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CastRef {
    pub slug: String,
    pub name: String,
    pub character: Option<String>,
    pub billing_order: i32,
}

/// The movie under an article.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleMovie {
    pub slug: String,
    pub title: String,
    pub release_year: Option<i32>,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub directors: Vec<PersonRef>,
    /// Actors in billing order.
    pub cast: Vec<CastRef>,
}

/// An article with everything a page shows, in one response.
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
    "author": {"display_name": "Ada Writer"},
    "sections": [
        {"id": 31, "position": 1, "heading": "The heptapods", "subheading": "What do they want?",
         "body": "They write in *circles*.", "body_html": "<p>They write in <em>circles</em>.</p>\n",
         "media_url": null, "media_caption": null},
        {"id": 32, "position": 2, "heading": "Hannah", "subheading": "Who is she?",
         "body": "Louise's daughter, not yet born.", "body_html": "<p>Louise's daughter, not yet born.</p>\n",
         "media_url": "https://video.example.com/arrival-clip.mp4", "media_caption": "The final scene"}
    ],
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
    "related": [{
        "id": 15, "slug": "arrival-review", "title": "Arrival review", "subtitle": null, "excerpt": null,
        "kind": "review", "tags": [], "published_at": "2026-11-20T09:00:00Z", "updated_at": "2026-11-20T09:00:00Z",
        "cover_image_url": null, "reading_time_minutes": 4,
        "movie": {"slug": "arrival", "title": "Arrival", "release_year": 2016}
    }],
    "comment_count": 7
}))]
pub struct PublicArticle {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub tags: Vec<TagRef>,
    #[serde(with = "rfc3339::option")]
    pub published_at: Option<DateTime<Utc>>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
    pub cover_image_url: Option<String>,
    pub reading_time_minutes: i32,
    pub author: AuthorRef,
    /// In position order.
    pub sections: Vec<PublicSection>,
    pub movie: Option<ArticleMovie>,
    /// Published related articles, in the editor's order.
    pub related: Vec<ArticleSummary>,
    /// Approved comments only.
    pub comment_count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditedCastMember {
    pub slug: String,
    pub name: String,
    pub photo_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CastCredit {
    pub cast_member: CreditedCastMember,
    pub character: Option<String>,
    pub billing_order: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CrewCredit {
    pub cast_member: CreditedCastMember,
    pub role: CreditRole,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MovieCredits {
    /// Actors in billing order.
    pub cast: Vec<CastCredit>,
    /// Everyone else in billing order.
    pub crew: Vec<CrewCredit>,
}

/// A movie in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicMovieSummary {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub original_title: Option<String>,
    pub release_year: Option<i32>,
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    pub genres: Vec<String>,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
}

/// A movie with its credits and published articles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicMovie {
    #[serde(flatten)]
    pub movie: PublicMovieSummary,
    pub credits: MovieCredits,
    pub articles: Vec<ArticleSummary>,
}

/// A cast member in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCastMemberSummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub photo_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FilmographyEntry {
    pub movie: MovieRef,
    pub role: CreditRole,
    pub character: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCastMember {
    #[serde(flatten)]
    pub person: PublicCastMemberSummary,
    pub filmography: Vec<FilmographyEntry>,
}
