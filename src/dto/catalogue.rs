//! Movies, cast members and credits, as editors write and read them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{double_option, fields, rfc3339, utc, Check};
use crate::db::credits::Credit;
use crate::db::movies::{Movie, MovieChanges, NewMovie};
use crate::db::people::{CastMember, CastMemberChanges, NewCastMember};
use crate::domain::{CreditRole, Slug};
use crate::error::ApiError;

pub const TITLE_MAX: usize = 200;
pub const LONG_TEXT_MAX: usize = 20_000;

/// Genres are stored as a JSON array of strings.
pub fn genres_of(movie: &Movie) -> Vec<String> {
    serde_json::from_str(&movie.genres).unwrap_or_default()
}

fn genres_json(genres: &[String]) -> String {
    serde_json::to_string(genres).unwrap_or_else(|_| "[]".into())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MovieResponse {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub original_title: Option<String>,
    pub release_year: Option<i32>,
    pub release_date: Option<NaiveDate>,
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    pub genres: Vec<String>,
    pub poster_url: Option<String>,
    pub trailer_url: Option<String>,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<Movie> for MovieResponse {
    fn from(m: Movie) -> Self {
        MovieResponse {
            genres: genres_of(&m),
            id: m.id,
            slug: m.slug,
            title: m.title,
            original_title: m.original_title,
            release_year: m.release_year,
            release_date: m.release_date,
            runtime_minutes: m.runtime_minutes,
            synopsis: m.synopsis,
            poster_url: m.poster_url,
            trailer_url: m.trailer_url,
            version: m.version,
            created_at: utc(m.created_at),
            updated_at: utc(m.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Arrival", "release_year": 2016, "runtime_minutes": 116, "genres": ["Drama", "Sci-Fi"]}))]
pub struct CreateMovieRequest {
    /// Generated from the title when omitted.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 120)]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    pub original_title: Option<String>,
    #[schema(minimum = 1870, maximum = 2100)]
    pub release_year: Option<i32>,
    pub release_date: Option<NaiveDate>,
    #[schema(minimum = 1, maximum = 2000)]
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    pub genres: Option<Vec<String>>,
    /// An http(s) URL.
    pub poster_url: Option<String>,
    /// An http(s) URL.
    pub trailer_url: Option<String>,
}

/// A movie change: omitted fields stay, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMovieRequest {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 120, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub original_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>, minimum = 1870, maximum = 2100)]
    pub release_year: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub release_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 2000)]
    pub runtime_minutes: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub synopsis: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub genres: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub poster_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub trailer_url: Option<Option<String>>,
}

/// A checked new movie; `slug` is `None` when it is to be generated.
pub struct MovieInput {
    pub slug: Option<Slug>,
    pub movie: NewMovie,
}

impl TryFrom<CreateMovieRequest> for MovieInput {
    type Error = ApiError;

    fn try_from(r: CreateMovieRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let now = crate::db::now();
        let slug = c.take("slug", fields::slug(r.slug));
        let movie = NewMovie {
            slug: String::new(),
            title: c.take("title", fields::required(&r.title, TITLE_MAX)),
            original_title: c.take("original_title", fields::optional(r.original_title, TITLE_MAX)),
            release_year: c.take("release_year", fields::year(r.release_year)),
            release_date: c.take("release_date", fields::date(r.release_date)),
            runtime_minutes: c.take("runtime_minutes", fields::positive(r.runtime_minutes, 2000)),
            synopsis: c.take("synopsis", fields::optional(r.synopsis, LONG_TEXT_MAX)),
            genres: genres_json(&c.take("genres", fields::names(r.genres.unwrap_or_default(), 20, 50))),
            poster_url: c.take("poster_url", fields::url(r.poster_url)),
            trailer_url: c.take("trailer_url", fields::url(r.trailer_url)),
            created_at: now,
            updated_at: now,
        };
        c.finish(MovieInput { slug, movie })
    }
}

impl TryFrom<UpdateMovieRequest> for MovieChanges {
    type Error = ApiError;

    fn try_from(r: UpdateMovieRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let changes = MovieChanges {
            slug: c.patch("slug", r.slug, |s| Slug::parse(&s).map(Slug::into_inner)),
            title: c.patch("title", r.title, |t| fields::required(&t, TITLE_MAX)),
            original_title: c.patch("original_title", r.original_title, |v| fields::optional(v, TITLE_MAX)),
            release_year: c.patch("release_year", r.release_year, fields::year),
            release_date: c.patch("release_date", r.release_date, fields::date),
            runtime_minutes: c.patch("runtime_minutes", r.runtime_minutes, |v| fields::positive(v, 2000)),
            synopsis: c.patch("synopsis", r.synopsis, |v| fields::optional(v, LONG_TEXT_MAX)),
            genres: c.patch("genres", r.genres, |g| fields::names(g, 20, 50).map(|g| genres_json(&g))),
            poster_url: c.patch("poster_url", r.poster_url, fields::url),
            trailer_url: c.patch("trailer_url", r.trailer_url, fields::url),
        };
        c.finish(changes)
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CastMemberResponse {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub photo_url: Option<String>,
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
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 120)]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: String,
    pub bio: Option<String>,
    pub birth_date: Option<NaiveDate>,
    /// An http(s) URL.
    pub photo_url: Option<String>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCastMemberRequest {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", max_length = 120, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub bio: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub birth_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub photo_url: Option<Option<String>>,
}

pub struct CastMemberInput {
    pub slug: Option<Slug>,
    pub person: NewCastMember,
}

impl TryFrom<CreateCastMemberRequest> for CastMemberInput {
    type Error = ApiError;

    fn try_from(r: CreateCastMemberRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let now = crate::db::now();
        let slug = c.take("slug", fields::slug(r.slug));
        let person = NewCastMember {
            slug: String::new(),
            name: c.take("name", fields::required(&r.name, TITLE_MAX)),
            bio: c.take("bio", fields::optional(r.bio, LONG_TEXT_MAX)),
            birth_date: c.take("birth_date", fields::date(r.birth_date)),
            photo_url: c.take("photo_url", fields::url(r.photo_url)),
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
            name: c.patch("name", r.name, |n| fields::required(&n, TITLE_MAX)),
            bio: c.patch("bio", r.bio, |v| fields::optional(v, LONG_TEXT_MAX)),
            birth_date: c.patch("birth_date", r.birth_date, fields::date),
            photo_url: c.patch("photo_url", r.photo_url, fields::url),
        };
        c.finish(changes)
    }
}

/// A person as a credit shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreditedPerson {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreditResponse {
    pub id: i64,
    pub movie_id: i64,
    pub cast_member_id: i64,
    pub cast_member: CreditedPerson,
    pub role: CreditRole,
    /// The character played, for actors.
    pub character: Option<String>,
    pub billing_order: i32,
    pub version: i64,
}

impl From<(Credit, CastMember)> for CreditResponse {
    fn from((credit, person): (Credit, CastMember)) -> Self {
        CreditResponse {
            id: credit.id,
            movie_id: credit.movie_id,
            cast_member_id: credit.cast_member_id,
            cast_member: CreditedPerson { id: person.id, slug: person.slug, name: person.name },
            role: credit.role,
            character: credit.character,
            billing_order: credit.billing_order,
            version: credit.version,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"cast_member_id": 1, "role": "actor", "character": "Louise Banks", "billing_order": 1}))]
pub struct CreateCreditRequest {
    pub cast_member_id: i64,
    pub role: CreditRole,
    /// Only for actors.
    pub character: Option<String>,
    /// Position in the billing; after the last when omitted.
    #[schema(minimum = 0, maximum = 10000)]
    pub billing_order: Option<i32>,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCreditRequest {
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub cast_member_id: Option<i64>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub role: Option<CreditRole>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub character: Option<Option<String>>,
    #[schema(minimum = 0, maximum = 10000, nullable = false)]
    #[serde(default, deserialize_with = "super::non_null")]
    pub billing_order: Option<i32>,
}

/// Billing positions run 0 to 10 000.
pub fn billing_order(value: i32) -> Result<i32, String> {
    if (0..=10_000).contains(&value) {
        Ok(value)
    } else {
        Err("must be between 0 and 10000".into())
    }
}

/// Only actors play characters.
pub fn check_character(c: &mut Check, role: CreditRole, character: Option<&str>) {
    if role != CreditRole::Actor && character.is_some() {
        c.fail("character", "only actors play a character");
    }
}
