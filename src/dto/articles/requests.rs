//! What writes an article: the create and update requests and their checks.

use serde::Deserialize;
use utoipa::ToSchema;

use super::super::sections::{check_section, CreateSectionRequest};
use super::super::{double_option, fields, non_null, Check};
use crate::content::articles::{ArticleInput, ArticlePatch};
use crate::db::articles::{ArticleChanges, PageFields};
use crate::db::tags::Tag;
use crate::domain::limits;
use crate::domain::{ArticleKind, Slug};
use crate::error::ApiError;

#[derive(Debug, Default, Deserialize, ToSchema)]
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
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    #[schema(min_length = 1, pattern = r"\S")]
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    /// `explainer` when omitted.
    pub kind: Option<ArticleKind>,
    pub movie_id: Option<i64>,
    /// Tag names; tags are shared between articles and created when new.
    #[schema(value_type = Option<Vec<crate::domain::text::Label>>)]
    pub tags: Option<Vec<String>>,
    /// An http(s) URL.
    pub cover_image_url: Option<String>,
    /// What the cover shows, for readers who cannot see it.
    pub cover_image_alt: Option<String>,
    pub cover_image_caption: Option<String>,
    /// A media library item: the cover, shown as `cover_image` (and `cover_image_url`).
    #[schema(minimum = 1)]
    pub cover_image_id: Option<i64>,
    /// The page title for search engines; `title` when omitted.
    pub meta_title: Option<String>,
    /// The page description for search engines and link previews; `excerpt` when omitted.
    pub meta_description: Option<String>,
    /// An http(s) URL: the image of social cards; the cover when omitted.
    pub og_image_url: Option<String>,
    pub related_article_ids: Option<Vec<i64>>,
    /// Sections to create with the article, in order.
    pub sections: Option<Vec<CreateSectionRequest>>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateArticleRequest {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub slug: Option<String>,
    #[schema(min_length = 1, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub subtitle: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub excerpt: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub kind: Option<ArticleKind>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub movie_id: Option<Option<i64>>,
    #[schema(value_type = Option<Vec<crate::domain::text::Label>>, nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub cover_image_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub cover_image_alt: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub cover_image_caption: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    pub cover_image_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub meta_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub meta_description: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub og_image_url: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub related_article_ids: Option<Vec<i64>>,
}

fn tags(names: Vec<String>) -> Result<Vec<Tag>, String> {
    let names = fields::names(names, limits::LABELS, limits::LABEL)?;
    let mut out: Vec<Tag> = Vec::new();
    for name in names {
        let slug = Slug::from_text(&name).unwrap_or_else(|| Slug::digest_of("tag", &name));
        if !out.iter().any(|t| t.slug == slug.as_str()) {
            out.push(Tag { slug: slug.into_inner(), name });
        }
    }
    Ok(out)
}

fn related(ids: Vec<i64>) -> Result<Vec<i64>, String> {
    if ids.len() > limits::RELATED {
        return Err(format!("must have at most {} items", limits::RELATED));
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
        if sections.len() > limits::SECTIONS_AT_ONCE {
            c.fail("sections", format!("must have at most {} items", limits::SECTIONS_AT_ONCE));
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
            title: c.take("title", fields::required(&r.title, limits::TITLE)),
            subtitle: c.take("subtitle", fields::optional(r.subtitle, limits::TITLE)),
            excerpt: c.take("excerpt", fields::optional(r.excerpt, limits::EXCERPT)),
            kind: r.kind.unwrap_or(ArticleKind::Explainer),
            movie_id: r.movie_id,
            cover_image_url: c.take("cover_image_url", fields::url(r.cover_image_url)),
            page: PageFields {
                meta_title: c.take("meta_title", fields::optional(r.meta_title, limits::TITLE)),
                meta_description: c
                    .take("meta_description", fields::optional(r.meta_description, limits::META_DESCRIPTION)),
                og_image_url: c.take("og_image_url", fields::url(r.og_image_url)),
                cover_image_alt: c.take("cover_image_alt", fields::optional(r.cover_image_alt, limits::ALT)),
                cover_image_caption: c
                    .take("cover_image_caption", fields::optional(r.cover_image_caption, limits::CAPTION)),
                cover_image_id: c.take("cover_image_id", r.cover_image_id.map(fields::id).transpose()),
            },
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
            title: c.patch("title", r.title, |t| fields::required(&t, limits::TITLE)),
            subtitle: c.patch("subtitle", r.subtitle, |v| fields::optional(v, limits::TITLE)),
            excerpt: c.patch("excerpt", r.excerpt, |v| fields::optional(v, limits::EXCERPT)),
            kind: r.kind,
            movie_id: r.movie_id,
            cover_image_url: c.patch("cover_image_url", r.cover_image_url, fields::url),
            meta_title: c.patch("meta_title", r.meta_title, |v| fields::optional(v, limits::TITLE)),
            meta_description: c
                .patch("meta_description", r.meta_description, |v| fields::optional(v, limits::META_DESCRIPTION)),
            og_image_url: c.patch("og_image_url", r.og_image_url, fields::url),
            cover_image_alt: c.patch("cover_image_alt", r.cover_image_alt, |v| fields::optional(v, limits::ALT)),
            cover_image_caption: c
                .patch("cover_image_caption", r.cover_image_caption, |v| fields::optional(v, limits::CAPTION)),
            cover_image_id: c.patch("cover_image_id", r.cover_image_id, |v| v.map(fields::id).transpose()),
        };
        let tags = c.patch("tags", r.tags, tags);
        let related = c.patch("related_article_ids", r.related_article_ids, related);
        c.finish(ArticlePatch { changes, tags, related })
    }
}
