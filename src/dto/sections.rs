//! An article's sections, as editors write them and as the public reads them.

use crate::domain::embeds::{embed, Embed};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::media::{Image, Images};
use super::{double_option, fields, non_null, rfc3339, utc, Check};
use crate::content::articles::SectionInput;
use crate::content::sections::SectionPatch;
use crate::db::sections::Section;
use crate::domain::limits;
use crate::domain::Slug;
use crate::error::ApiError;

/// The full stored record of a section, with its rendered HTML.
#[derive(Debug, Clone, Serialize, ToSchema)]
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
    /// A media library item shown with the section.
    pub media_id: Option<i64>,
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
            media_id: s.media_id,
            version: s.version,
            created_at: utc(s.created_at),
            updated_at: utc(s.updated_at),
        }
    }
}

/// A section as the public reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicSection {
    pub id: i64,
    /// 1-based.
    pub position: i32,
    /// The heading as a slug, unique within the article: for tables of contents and links
    /// (`#the-heptapods`). The second "The end" is `the-end-2`.
    #[schema(example = "when-they-first-met")]
    pub anchor: String,
    #[schema(example = "When they first met")]
    pub heading: String,
    #[schema(example = "How did they meet?")]
    pub subheading: Option<String>,
    /// Markdown, as written.
    pub body: String,
    /// Rendered and sanitized HTML; library images (`![alt](media:12)`) are full responsive
    /// `<img>` elements.
    pub body_html: String,
    /// A trailer or clip, or the library image's URL (`media`).
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    /// The library image shown with the section; `null` when there is none.
    pub media: Option<Image>,
    /// `media_url` as a player, when it is a YouTube, Vimeo or Dailymotion video.
    pub embed: Option<Embed>,
}

/// An article's sections as the public reads them, in order, each with its anchor and the
/// library image among `images` it shows.
pub fn public_sections(sections: Vec<Section>, images: &Images) -> Vec<PublicSection> {
    let mut taken = std::collections::HashSet::new();
    sections
        .into_iter()
        .map(|s| {
            let base = Slug::from_text(&s.heading).map_or_else(|| "section".to_string(), Slug::into_inner);
            let anchor = (1..)
                .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
                .find(|a| !taken.contains(a))
                .expect("some suffix is free");
            taken.insert(anchor.clone());
            PublicSection::new(s, anchor, images)
        })
        .collect()
}

impl PublicSection {
    fn new(s: Section, anchor: String, images: &Images) -> Self {
        let media = images.image(s.media_id);
        let media_url = media.as_ref().map(|m| m.url.clone()).or(s.media_url);
        PublicSection {
            embed: media_url.as_deref().and_then(embed),
            id: s.id,
            position: s.position,
            anchor,
            heading: s.heading,
            subheading: s.subheading,
            body: s.body,
            body_html: s.body_html,
            media_url,
            media_caption: s.media_caption.or_else(|| media.as_ref().and_then(|m| m.caption.clone())),
            media,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"heading": "When they first met", "subheading": "How did they meet?", "body": "It was *raining*."}))]
pub struct CreateSectionRequest {
    #[schema(min_length = 1, pattern = r"\S")]
    pub heading: String,
    pub subheading: Option<String>,
    /// Markdown, up to 100 000 characters.
    pub body: Option<String>,
    /// An http(s) URL of a trailer or clip.
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    /// A media library item to show with the section.
    #[schema(minimum = 1)]
    pub media_id: Option<i64>,
    /// Where to insert (1-based); after the last section when omitted.
    #[schema(minimum = 1)]
    pub position: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSectionRequest {
    #[schema(min_length = 1, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub heading: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub subheading: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub body: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub media_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub media_caption: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    pub media_id: Option<Option<i64>>,
    /// Move the section here (1-based); the others shift.
    #[schema(minimum = 1, nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub position: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReorderSectionsRequest {
    /// Every section id of the article, in the new order.
    pub section_ids: Vec<i64>,
}

fn body(value: String) -> Result<String, String> {
    if value.chars().count() > limits::SECTION_BODY {
        return Err(format!("must be at most {} characters", limits::SECTION_BODY));
    }
    crate::domain::text::no_controls(&value)?;
    Ok(value)
}

fn position(c: &mut Check, field: &str, position: Option<i32>) {
    if let Some(p) = position.filter(|p| *p < 1) {
        c.fail(field, format!("must be at least 1, not {p}"));
    }
}

/// Checks a section, naming fields under `prefix` (`sections[2].` inside an article).
pub fn check_section(c: &mut Check, prefix: &str, r: CreateSectionRequest) -> SectionInput {
    position(c, &format!("{prefix}position"), r.position);
    SectionInput {
        heading: c.take(&format!("{prefix}heading"), fields::required(&r.heading, limits::TITLE)),
        subheading: c.take(&format!("{prefix}subheading"), fields::optional(r.subheading, limits::TITLE)),
        body: c.take(&format!("{prefix}body"), body(r.body.unwrap_or_default())),
        media_url: c.take(&format!("{prefix}media_url"), fields::url(r.media_url)),
        media_caption: c.take(&format!("{prefix}media_caption"), fields::optional(r.media_caption, limits::CAPTION)),
        media_id: c.take(&format!("{prefix}media_id"), r.media_id.map(fields::id).transpose()),
        position: r.position,
    }
}

impl TryFrom<CreateSectionRequest> for SectionInput {
    type Error = ApiError;

    fn try_from(r: CreateSectionRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let input = check_section(&mut c, "", r);
        c.finish(input)
    }
}

impl TryFrom<UpdateSectionRequest> for SectionPatch {
    type Error = ApiError;

    fn try_from(r: UpdateSectionRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        position(&mut c, "position", r.position);
        let patch = SectionPatch {
            heading: c.patch("heading", r.heading, |h| fields::required(&h, limits::TITLE)),
            subheading: c.patch("subheading", r.subheading, |v| fields::optional(v, limits::TITLE)),
            body: c.patch("body", r.body, body),
            media_url: c.patch("media_url", r.media_url, fields::url),
            media_caption: c.patch("media_caption", r.media_caption, |v| fields::optional(v, limits::CAPTION)),
            media_id: c.patch("media_id", r.media_id, |v| v.map(fields::id).transpose()),
            position: r.position,
        };
        c.finish(patch)
    }
}
