//! One record type per table, as version 1 of the catalogue file holds it (how each becomes
//! the database's row and back is in `rows`). What a database derives (rendered HTML, the
//! search index, password hashes) or must keep to itself (secrets, tokens, sessions, reader
//! addresses) is not here.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::addresses::TargetKind;
use crate::domain::media::MediaStatus;
use crate::domain::{ArticleKind, ArticleStatus, CommentStatus, CreditRole, Role, SlugKind};

/// A user without a password: imported accounts get one from `marquee users password`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRecord {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub slug: Option<String>,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    /// Version 3 on.
    #[serde(default)]
    pub avatar_id: Option<i64>,
}

/// A media library item (version 3 on); its files travel beside the catalogue
/// (`--media-dir`), under `key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaRecord {
    pub id: i64,
    pub key: String,
    pub filename: String,
    pub mime_type: String,
    pub bytes: i64,
    pub width: i32,
    pub height: i32,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub focal_x: i32,
    pub focal_y: i32,
    pub blurhash: Option<String>,
    pub status: MediaStatus,
    /// The variants made, a JSON list as stored.
    pub variants: String,
    pub failure: Option<String>,
    pub uploaded_by: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovieRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub original_title: Option<String>,
    pub release_year: Option<i32>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    /// A JSON list of names.
    pub genres: String,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    /// Version 3 on.
    #[serde(default)]
    pub poster_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CastMemberRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub photo_url: Option<String>,
    /// Version 3 on.
    #[serde(default)]
    pub photo_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditRecord {
    pub id: i64,
    pub movie_id: i64,
    pub cast_member_id: i64,
    pub role: CreditRole,
    pub character: Option<String>,
    pub billing_order: i32,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub excerpt: Option<String>,
    pub kind: ArticleKind,
    pub movie_id: Option<i64>,
    pub author_id: i64,
    pub status: ArticleStatus,
    pub publish_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub cover_image_url: Option<String>,
    pub reading_time_minutes: i32,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub meta_title: Option<String>,
    pub meta_description: Option<String>,
    pub og_image_url: Option<String>,
    pub cover_image_alt: Option<String>,
    pub cover_image_caption: Option<String>,
    /// Version 3 on.
    #[serde(default)]
    pub cover_image_id: Option<i64>,
}

/// A tag on an article, in the article's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleTagRecord {
    pub article_id: i64,
    pub tag_id: i64,
    pub position: i32,
}

/// A related article, in the article's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedRecord {
    pub article_id: i64,
    pub related_id: i64,
    pub position: i32,
}

/// A section; its HTML is rendered again from `body` on import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRecord {
    pub id: i64,
    pub article_id: i64,
    pub position: i32,
    pub heading: String,
    pub subheading: Option<String>,
    pub body: String,
    pub media_url: Option<String>,
    pub media_caption: Option<String>,
    /// Version 3 on.
    #[serde(default)]
    pub media_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A revision; `snapshot` is its stored JSON, in whichever snapshot format it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionRecord {
    pub id: i64,
    pub article_id: i64,
    pub number: i32,
    pub reason: String,
    pub snapshot: String,
    pub user_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A reader comment with its moderation; no network address (only this database's keyed
/// hash of one was ever kept, which means nothing to another). HTML is rendered again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentRecord {
    pub id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    pub status: CommentStatus,
    pub moderation_reason: String,
    pub moderation_note: Option<String>,
    pub user_agent: Option<String>,
    pub moderated_by: Option<i64>,
    pub moderated_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An old address and where it leads (format 4 on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedirectRecord {
    pub id: i64,
    pub from_path: String,
    pub to_url: Option<String>,
    pub target_kind: Option<TargetKind>,
    pub target_id: Option<i64>,
    pub status: i32,
    pub note: Option<String>,
    pub origin: String,
    pub hits: i64,
    pub last_hit_at: Option<NaiveDateTime>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A slug a record had before its current one (format 2 on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlugHistoryRecord {
    pub kind: SlugKind,
    pub slug: String,
    pub record_id: i64,
    pub created_at: NaiveDateTime,
}
