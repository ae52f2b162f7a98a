//! Cast members: the admin record and the requests that write it, and the public shapes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::media::Image;
use super::summaries::MovieRef;
use super::{double_option, fields, non_null, rfc3339, utc, Check};
use crate::content::cast_members::CastMemberInput;
use crate::content::views::CastMemberPage;
use crate::db::cast_members::{CastMember, CastMemberChanges, NewCastMember};
use crate::db::media::Media;
use crate::domain::limits;
use crate::domain::{CreditRole, Slug};
use crate::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct CastMemberResponse {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub photo_url: Option<String>,
    /// A media library item: the photo.
    pub photo_id: Option<i64>,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<CastMember> for CastMemberResponse {
    fn from(p: CastMember) -> Self {
        CastMemberResponse {
            id: p.id,
            slug: p.slug,
            name: p.name,
            bio: p.bio,
            birth_date: p.birth_date,
            photo_url: p.photo_url,
            photo_id: p.photo_id,
            version: p.version,
            created_at: utc(p.created_at),
            updated_at: utc(p.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Amy Adams", "birth_date": "1974-08-20"}))]
pub struct CreateCastMemberRequest {
    /// Generated from the name when omitted.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    #[schema(min_length = 1, pattern = r"\S")]
    pub name: String,
    pub bio: Option<String>,
    /// A date in a year from 1000 to 2100.
    #[schema(pattern = r"^(1[0-9]{3}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")]
    pub birth_date: Option<NaiveDate>,
    /// An http(s) URL.
    pub photo_url: Option<String>,
    /// A media library item: the photo, shown as `photo` (and `photo_url`).
    #[schema(minimum = 1)]
    pub photo_id: Option<i64>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCastMemberRequest {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub slug: Option<String>,
    #[schema(min_length = 1, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub bio: Option<Option<String>>,
    /// A date in a year from 1000 to 2100.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>, pattern = r"^(1[0-9]{3}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")]
    pub birth_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub photo_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    pub photo_id: Option<Option<i64>>,
}

impl TryFrom<CreateCastMemberRequest> for CastMemberInput {
    type Error = ApiError;

    fn try_from(r: CreateCastMemberRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let now = crate::db::now();
        let slug = c.take("slug", fields::slug(r.slug));
        let person = NewCastMember {
            slug: String::new(),
            name: c.take("name", fields::required(&r.name, limits::TITLE)),
            bio: c.take("bio", fields::optional(r.bio, limits::LONG_TEXT)),
            birth_date: c.take("birth_date", fields::date(r.birth_date, fields::BIRTH_YEARS)),
            photo_url: c.take("photo_url", fields::url(r.photo_url)),
            photo_id: c.take("photo_id", r.photo_id.map(fields::id).transpose()),
            created_at: now,
            updated_at: now,
        };
        c.finish(CastMemberInput { slug, person })
    }
}

impl TryFrom<UpdateCastMemberRequest> for CastMemberChanges {
    type Error = ApiError;

    fn try_from(r: UpdateCastMemberRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let changes = CastMemberChanges {
            slug: c.patch("slug", r.slug, |s| Slug::parse(&s).map(Slug::into_inner)),
            name: c.patch("name", r.name, |n| fields::required(&n, limits::TITLE)),
            bio: c.patch("bio", r.bio, |v| fields::optional(v, limits::LONG_TEXT)),
            birth_date: c.patch("birth_date", r.birth_date, |d| fields::date(d, fields::BIRTH_YEARS)),
            photo_url: c.patch("photo_url", r.photo_url, fields::url),
            photo_id: c.patch("photo_id", r.photo_id, |v| v.map(fields::id).transpose()),
        };
        c.finish(changes)
    }
}

/// A cast member in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCastMemberSummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// The photo's URL: the library image's original when there is one.
    pub photo_url: Option<String>,
    /// The library photo; `null` when there is none.
    pub photo: Option<Image>,
}

impl PublicCastMemberSummary {
    /// A person with their library photo under `base`.
    pub fn new(p: CastMember, photo: Option<&Media>, base: &str) -> Self {
        let photo = photo.and_then(|m| Image::of(m, base));
        PublicCastMemberSummary {
            id: p.id,
            slug: p.slug,
            name: p.name,
            bio: p.bio,
            birth_date: p.birth_date,
            photo_url: photo.as_ref().map(|m| m.url.clone()).or(p.photo_url),
            photo,
        }
    }
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

impl PublicCastMember {
    /// The page, the photo under `base`.
    pub fn new(page: CastMemberPage, base: &str) -> Self {
        PublicCastMember {
            person: PublicCastMemberSummary::new(page.person, page.photo.as_ref(), base),
            filmography: page
                .filmography
                .into_iter()
                .map(|(credit, movie)| FilmographyEntry {
                    movie: MovieRef::from(&movie),
                    role: credit.role,
                    character: credit.character,
                })
                .collect(),
        }
    }
}
