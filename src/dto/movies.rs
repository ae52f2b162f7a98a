//! Movies: the admin record and the requests that write it, and the public shapes (a movie
//! in a list, a movie's page, the movie block under an article).

use crate::domain::embeds::{embed, Embed};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::credits::MovieCredits;
use super::media::Image;
use super::summaries::ArticleSummary;
use super::{double_option, fields, non_null, rfc3339, utc, Check};
use crate::content::movies::MovieInput;
use crate::content::views::{CreditedMovie, MoviePage};
use crate::db::media::Media;
use crate::db::movies::{Genres, Movie, MovieChanges, NewMovie};
use crate::domain::limits;
use crate::domain::{CreditRole, Slug};
use crate::error::ApiError;

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
    /// A media library item: the poster.
    pub poster_id: Option<i64>,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<Movie> for MovieResponse {
    fn from(m: Movie) -> Self {
        MovieResponse {
            genres: m.genres.names().to_vec(),
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
            poster_id: m.poster_id,
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
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    #[schema(min_length = 1, pattern = r"\S")]
    pub title: String,
    pub original_title: Option<String>,
    #[schema(minimum = 1870, maximum = 2100)]
    pub release_year: Option<i32>,
    /// A date in a year from 1870 to 2100.
    #[schema(pattern = r"^(18[7-9][0-9]|19[0-9][0-9]|20[0-9][0-9]|2100)-[0-9]{2}-[0-9]{2}$")]
    pub release_date: Option<NaiveDate>,
    #[schema(minimum = 1, maximum = 2000)]
    pub runtime_minutes: Option<i32>,
    pub synopsis: Option<String>,
    #[schema(value_type = Option<Vec<crate::domain::text::Label>>)]
    pub genres: Option<Vec<String>>,
    /// An http(s) URL.
    pub poster_url: Option<String>,
    /// An http(s) URL.
    pub trailer_url: Option<String>,
    /// A media library item: the poster, shown as `poster` (and `poster_url`).
    #[schema(minimum = 1)]
    pub poster_id: Option<i64>,
}

/// A movie change: omitted fields stay, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMovieRequest {
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub slug: Option<String>,
    #[schema(min_length = 1, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub original_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>, minimum = 1870, maximum = 2100)]
    pub release_year: Option<Option<i32>>,
    /// A date in a year from 1870 to 2100.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>, pattern = r"^(18[7-9][0-9]|19[0-9][0-9]|20[0-9][0-9]|2100)-[0-9]{2}-[0-9]{2}$")]
    pub release_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 2000)]
    pub runtime_minutes: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub synopsis: Option<Option<String>>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    #[schema(value_type = Option<Vec<crate::domain::text::Label>>)]
    pub genres: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub poster_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub trailer_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    pub poster_id: Option<Option<i64>>,
}

impl TryFrom<CreateMovieRequest> for MovieInput {
    type Error = ApiError;

    fn try_from(r: CreateMovieRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let now = crate::db::now();
        let slug = c.take("slug", fields::slug(r.slug));
        let movie = NewMovie {
            slug: String::new(),
            title: c.take("title", fields::required(&r.title, limits::TITLE)),
            original_title: c.take("original_title", fields::optional(r.original_title, limits::TITLE)),
            release_year: c.take("release_year", fields::year(r.release_year)),
            release_date: c.take("release_date", fields::date(r.release_date, fields::FILM_YEARS)),
            runtime_minutes: c.take("runtime_minutes", fields::positive(r.runtime_minutes, 2000)),
            synopsis: c.take("synopsis", fields::optional(r.synopsis, limits::LONG_TEXT)),
            genres: Genres::new(
                c.take("genres", fields::names(r.genres.unwrap_or_default(), limits::LABELS, limits::LABEL)),
            ),
            poster_url: c.take("poster_url", fields::url(r.poster_url)),
            trailer_url: c.take("trailer_url", fields::url(r.trailer_url)),
            poster_id: c.take("poster_id", r.poster_id.map(fields::id).transpose()),
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
            title: c.patch("title", r.title, |t| fields::required(&t, limits::TITLE)),
            original_title: c.patch("original_title", r.original_title, |v| fields::optional(v, limits::TITLE)),
            release_year: c.patch("release_year", r.release_year, fields::year),
            release_date: c.patch("release_date", r.release_date, |d| fields::date(d, fields::FILM_YEARS)),
            runtime_minutes: c.patch("runtime_minutes", r.runtime_minutes, |v| fields::positive(v, 2000)),
            synopsis: c.patch("synopsis", r.synopsis, |v| fields::optional(v, limits::LONG_TEXT)),
            genres: c.patch("genres", r.genres, |g| fields::names(g, limits::LABELS, limits::LABEL).map(Genres::new)),
            poster_url: c.patch("poster_url", r.poster_url, fields::url),
            trailer_url: c.patch("trailer_url", r.trailer_url, fields::url),
            poster_id: c.patch("poster_id", r.poster_id, |v| v.map(fields::id).transpose()),
        };
        c.finish(changes)
    }
}

/// Filters of the admin catalogue lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueFilter {
    /// Only records whose title or name contains this text.
    pub q: Option<String>,
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
    /// The poster's URL: the library image's original when there is one.
    pub poster_url: Option<String>,
    /// The library poster; `null` when there is none.
    pub poster: Option<Image>,
    pub trailer_url: Option<String>,
    /// `trailer_url` as a player, when it is a YouTube, Vimeo or Dailymotion video.
    pub trailer_embed: Option<Embed>,
    pub directors: Vec<PersonRef>,
    /// Actors in billing order.
    pub cast: Vec<CastRef>,
}

impl ArticleMovie {
    /// The movie block, its poster under `base`.
    pub fn new(v: CreditedMovie, base: &str) -> Self {
        let m = v.movie;
        let poster = v.poster.as_ref().and_then(|p| Image::of(p, base));
        let directors = v
            .credits
            .iter()
            .filter(|(c, _)| c.role == CreditRole::Director)
            .map(|(_, p)| PersonRef { slug: p.slug.clone(), name: p.name.clone() })
            .collect();
        let cast = v
            .credits
            .into_iter()
            .filter(|(c, _)| c.role == CreditRole::Actor)
            .map(|(c, p)| CastRef {
                slug: p.slug,
                name: p.name,
                character: c.character,
                billing_order: c.billing_order,
            })
            .collect();
        ArticleMovie {
            slug: m.slug,
            title: m.title,
            release_year: m.release_year,
            poster_url: poster.as_ref().map(|p| p.url.clone()).or(m.poster_url),
            poster,
            trailer_embed: m.trailer_url.as_deref().and_then(embed),
            trailer_url: m.trailer_url,
            directors,
            cast,
        }
    }
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
    /// The poster's URL: the library image's original when there is one.
    pub poster_url: Option<String>,
    /// The library poster; `null` when there is none.
    pub poster: Option<Image>,
    pub trailer_url: Option<String>,
    /// `trailer_url` as a player, when it is a YouTube, Vimeo or Dailymotion video.
    pub trailer_embed: Option<Embed>,
}

impl PublicMovieSummary {
    /// A movie with its library poster under `base`.
    pub fn new(m: Movie, poster: Option<&Media>, base: &str) -> Self {
        let poster = poster.and_then(|p| Image::of(p, base));
        PublicMovieSummary {
            genres: m.genres.names().to_vec(),
            id: m.id,
            slug: m.slug,
            title: m.title,
            original_title: m.original_title,
            release_year: m.release_year,
            runtime_minutes: m.runtime_minutes,
            synopsis: m.synopsis,
            poster_url: poster.as_ref().map(|p| p.url.clone()).or(m.poster_url),
            poster,
            trailer_embed: m.trailer_url.as_deref().and_then(embed),
            trailer_url: m.trailer_url,
        }
    }
}

/// A movie with its credits and published articles.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicMovie {
    #[serde(flatten)]
    pub movie: PublicMovieSummary,
    pub credits: MovieCredits,
    pub articles: Vec<ArticleSummary>,
}

impl PublicMovie {
    /// The page, its library images under `base`.
    pub fn new(page: MoviePage, base: &str) -> Self {
        PublicMovie {
            movie: PublicMovieSummary::new(page.movie.movie, page.movie.poster.as_ref(), base),
            credits: MovieCredits::from(page.movie.credits),
            articles: page.articles.into_iter().map(|s| ArticleSummary::new(s, base)).collect(),
        }
    }
}
