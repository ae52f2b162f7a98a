//! The public page of one article: everything a front-end shows, in one response.

use serde::Serialize;
use utoipa::ToSchema;

use super::super::media::Images;
use super::super::movies::ArticleMovie;
use super::super::sections::{public_sections, PublicSection};
use super::super::summaries::{ArticleFields, ArticleSummary};
use crate::content::views::ArticlePage;

/// The sections of the spec's example of an article.
fn sections_example() -> serde_json::Value {
    serde_json::json!([
        {"id": 31, "position": 1, "anchor": "the-heptapods", "heading": "The heptapods",
         "subheading": "What do they want?", "body": "They write in *circles*.",
         "body_html": "<p>They write in <em>circles</em>.</p>\n", "media_url": null, "media_caption": null, "media": null, "embed": null},
        {"id": 32, "position": 2, "anchor": "hannah", "heading": "Hannah", "subheading": "Who is she?",
         "body": "Louise's daughter, not yet born.", "body_html": "<p>Louise's daughter, not yet born.</p>\n",
         "media_url": "https://www.youtube.com/watch?v=tFMo3UJ4B4g", "media_caption": "The final scene", "media": null,
         "embed": {"provider": "youtube", "video_id": "tFMo3UJ4B4g", "embed_url": "https://www.youtube-nocookie.com/embed/tFMo3UJ4B4g", "thumbnail_url": "https://i.ytimg.com/vi/tFMo3UJ4B4g/hqdefault.jpg", "start_seconds": null}}
    ])
}

/// The related articles of the spec's example of an article.
fn related_example() -> serde_json::Value {
    serde_json::json!([{
        "id": 15, "slug": "arrival-review", "title": "Arrival review", "subtitle": null, "excerpt": null,
        "kind": "review", "tags": [], "published_at": "2026-11-20T09:00:00Z", "updated_at": "2026-11-20T09:00:00Z",
        "cover_image_url": null, "cover_image_alt": null, "cover_image": null, "reading_time_minutes": 4,
        "author": {"slug": "ada-writer", "display_name": "Ada Writer", "bio": null, "avatar_url": null, "avatar": null},
        "movie": {"slug": "arrival", "title": "Arrival", "release_year": 2016}
    }])
}

/// A library image as a page carries it, for the spec's example of an article.
fn cover_image_example() -> serde_json::Value {
    serde_json::json!({
        "url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/original.jpg", "width": 1280, "height": 720,
        "alt": "Louise facing the heptapods' screen", "caption": null, "credit": "Paramount Pictures",
        "focal_point": {"x": 0.5, "y": 0.4}, "blurhash": "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
        "srcset": {
            "avif": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/640.avif 640w, /media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/1280.avif 1280w",
            "webp": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/640.webp 640w, /media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/1280.webp 1280w",
            "jpeg": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/640.jpg 640w, /media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/1280.jpg 1280w",
            "png": null
        },
        "variants": [
            {"width": 640, "height": 360, "format": "avif", "url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/640.avif", "bytes": 21904},
            {"width": 640, "height": 360, "format": "webp", "url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/640.webp", "bytes": 30512},
            {"width": 640, "height": 360, "format": "jpeg", "url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/640.jpg", "bytes": 48377},
            {"width": 1280, "height": 720, "format": "avif", "url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/1280.avif", "bytes": 60113},
            {"width": 1280, "height": 720, "format": "webp", "url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/1280.webp", "bytes": 88020},
            {"width": 1280, "height": 720, "format": "jpeg", "url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/1280.jpg", "bytes": 141870}
        ]
    })
}

/// An article with everything a page shows, in one response: the article's fields (with its
/// author's profile), its search and social-card fields, the sections, the movie with its
/// director and cast, related articles and the comment count.
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
    "cover_image_url": "/media/8f3a9c1e5b7d4f20a1c3e5f7b9d1f3a5/original.jpg",
    "cover_image_alt": "Louise facing the heptapods' screen",
    "cover_image": cover_image_example(),
    "reading_time_minutes": 6,
    "author": {"slug": "ada-writer", "display_name": "Ada Writer", "bio": "Writes about endings.",
               "avatar_url": "https://img.example.com/ada.jpg", "avatar": null},
    "meta_title": "Arrival's ending, explained",
    "meta_description": "What Louise knows, and when she knows it.",
    "og_image_url": null,
    "cover_image_caption": "Amy Adams in Arrival (2016)",
    "canonical_url": "https://films.example.com/arrival-ending-explained",
    "sections": sections_example(),
    "movie": {
        "slug": "arrival", "title": "Arrival", "release_year": 2016,
        "poster_url": "https://img.example.com/arrival-poster.jpg",
        "poster": null,
        "trailer_url": "https://www.youtube.com/watch?v=tFMo3UJ4B4g",
        "trailer_embed": {"provider": "youtube", "video_id": "tFMo3UJ4B4g", "embed_url": "https://www.youtube-nocookie.com/embed/tFMo3UJ4B4g", "thumbnail_url": "https://i.ytimg.com/vi/tFMo3UJ4B4g/hqdefault.jpg", "start_seconds": null},
        "directors": [{"slug": "denis-villeneuve", "name": "Denis Villeneuve"}],
        "cast": [
            {"slug": "amy-adams", "name": "Amy Adams", "character": "Louise Banks", "billing_order": 1},
            {"slug": "jeremy-renner", "name": "Jeremy Renner", "character": "Ian Donnelly", "billing_order": 2}
        ]
    },
    "related": related_example(),
    "comment_count": 7
}))]
pub struct PublicArticle {
    #[serde(flatten)]
    pub fields: ArticleFields,
    /// The page title for search engines (`title` when not set).
    pub meta_title: Option<String>,
    /// The page description for search engines and link previews.
    pub meta_description: Option<String>,
    /// The image of social cards, when it differs from the cover.
    pub og_image_url: Option<String>,
    pub cover_image_caption: Option<String>,
    /// The article's address on the site, from `MARQUEE_SITE_URL` and
    /// `MARQUEE_ARTICLE_PATH`; `null` when no site URL is configured.
    pub canonical_url: Option<String>,
    /// In position order; each `anchor` is unique within the article.
    pub sections: Vec<PublicSection>,
    /// The movie with its directors and cast.
    pub movie: Option<ArticleMovie>,
    /// Published related articles, in the editor's order.
    pub related: Vec<ArticleSummary>,
    /// Approved comments only.
    pub comment_count: i64,
}

impl PublicArticle {
    /// The public page, with the article's canonical address (see `Config::article_url`) and
    /// its library images under `base`.
    pub fn new(page: ArticlePage, canonical_url: Option<String>, base: &str) -> Self {
        let extra = page.summary.article.page.clone();
        let fields = ArticleFields::new(page.summary, base);
        let library_caption = fields.cover_image.as_ref().and_then(|c| c.caption.clone());
        PublicArticle {
            meta_title: extra.meta_title,
            meta_description: extra.meta_description,
            og_image_url: extra.og_image_url,
            cover_image_caption: extra.cover_image_caption.or(library_caption),
            fields,
            canonical_url,
            sections: public_sections(page.sections, &Images::new(base, &page.section_media)),
            movie: page.movie.map(|m| ArticleMovie::new(m, base)),
            related: page.related.into_iter().map(|s| ArticleSummary::new(s, base)).collect(),
            comment_count: page.comment_count,
        }
    }
}
