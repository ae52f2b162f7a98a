//! Public views assembled from rows: a fixed number of batched queries per response,
//! whatever its size, never one per section, credit or related article. The views are rows
//! grouped the way a page shows them; `dto` turns them into response types.
//!
//! While assembling, a [`Deps`] (see `cache`) collects every record the response shows:
//! their surrogate keys (for the `Surrogate-Key` header and cache purges) and versions (for
//! the ETag).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::cache::Collection;
pub use crate::cache::Deps;
use crate::db::articles::Article;
use crate::db::cast_members::CastMember;
use crate::db::credits::Credit;
use crate::db::media::Media;
use crate::db::movies::Movie;
use crate::db::sections::Section;
use crate::db::tags::Tag;
use crate::db::users::Profile;
use crate::db::{self, DbConn};
use crate::domain::ChangeKind;

/// Library items by id.
pub type MediaById = HashMap<i64, Media>;

/// An article as lists show it.
#[derive(Debug, Clone)]
pub struct Summary {
    pub article: Article,
    pub tags: Vec<Tag>,
    pub movie: Option<Movie>,
    pub author: Profile,
    /// The library cover image, when it has one.
    pub cover: Option<Media>,
    /// The author's library avatar, when they have one.
    pub avatar: Option<Media>,
}

/// A movie with its credits (and the people credited), in billing order.
#[derive(Debug, Clone)]
pub struct CreditedMovie {
    pub movie: Movie,
    pub credits: Vec<(Credit, CastMember)>,
    /// The library poster, when it has one.
    pub poster: Option<Media>,
}

/// Everything an article's page shows.
#[derive(Debug, Clone)]
pub struct ArticlePage {
    pub summary: Summary,
    pub sections: Vec<Section>,
    /// The library images the sections show (`media_id`).
    pub section_media: MediaById,
    pub movie: Option<CreditedMovie>,
    /// Published related articles, in the editor's order.
    pub related: Vec<Summary>,
    /// Approved comments.
    pub comment_count: i64,
}

/// A movie's page: its credits and published articles.
#[derive(Debug, Clone)]
pub struct MoviePage {
    pub movie: CreditedMovie,
    pub articles: Vec<Summary>,
}

/// An author's page: their profile and published articles, newest first.
#[derive(Debug, Clone)]
pub struct AuthorPage {
    pub profile: Profile,
    pub avatar: Option<Media>,
    pub articles: Vec<Summary>,
}

/// A cast member's page: their credits with the movies, newest first.
#[derive(Debug, Clone)]
pub struct CastMemberPage {
    pub person: CastMember,
    pub photo: Option<Media>,
    pub filmography: Vec<(Credit, Movie)>,
}

/// The library items with these ids (ready or not: one turning ready changes what a
/// response shows, so each one's version goes into its ETag). No query for none.
fn media(
    conn: &mut DbConn,
    deps: &mut Deps,
    ids: impl IntoIterator<Item = Option<i64>>,
) -> diesel::QueryResult<MediaById> {
    let mut wanted: Vec<i64> = ids.into_iter().flatten().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let found = db::media::find_many(conn, &wanted)?;
    for item in &found {
        deps.value(&format!("media-{}", item.id), item.version);
    }
    Ok(found.into_iter().map(|m| (m.id, m)).collect())
}

/// Summaries of `articles` in their order: two queries (tags, movies) for the lot.
pub fn summaries(conn: &mut DbConn, deps: &mut Deps, articles: Vec<Article>) -> diesel::QueryResult<Vec<Summary>> {
    let movies = movies_of(conn, &articles)?;
    summaries_with(conn, deps, articles, &movies)
}

/// The movies the articles are about, by id.
fn movies_of(conn: &mut DbConn, articles: &[Article]) -> diesel::QueryResult<HashMap<i64, Movie>> {
    let movie_ids: Vec<i64> = articles.iter().filter_map(|a| a.movie_id).collect();
    Ok(db::movies::find_many(conn, &movie_ids)?.into_iter().map(|m| (m.id, m)).collect())
}

/// Summaries with the movies already loaded: two queries (tags, authors).
fn summaries_with(
    conn: &mut DbConn,
    deps: &mut Deps,
    articles: Vec<Article>,
    movies: &HashMap<i64, Movie>,
) -> diesel::QueryResult<Vec<Summary>> {
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let mut tags: HashMap<i64, Vec<Tag>> = HashMap::new();
    for (article_id, tag) in db::tags::of_articles(conn, &ids)? {
        tags.entry(article_id).or_default().push(tag);
    }
    let author_ids: Vec<i64> = articles.iter().map(|a| a.author_id).collect();
    let authors: HashMap<i64, Profile> =
        db::users::profiles(conn, &author_ids)?.into_iter().map(|p| (p.id, p)).collect();
    for profile in authors.values() {
        record_profile(deps, profile);
    }
    let covers = articles.iter().map(|a| a.page.cover_image_id);
    let images = media(conn, deps, covers.chain(authors.values().map(|p| p.avatar_id)))?;
    Ok(articles
        .into_iter()
        .map(|article| {
            deps.record(ChangeKind::Article, article.id, article.version);
            let movie = article.movie_id.and_then(|id| movies.get(&id)).cloned();
            if let Some(m) = &movie {
                deps.record(ChangeKind::Movie, m.id, m.version);
            }
            let author =
                authors.get(&article.author_id).cloned().unwrap_or_else(|| Profile::unknown(article.author_id));
            let image = |id: Option<i64>| id.and_then(|id| images.get(&id)).cloned();
            Summary {
                tags: tags.remove(&article.id).unwrap_or_default(),
                movie,
                cover: image(article.page.cover_image_id),
                avatar: image(author.avatar_id),
                author,
                article,
            }
        })
        .collect())
}

/// A profile has no version: what it shows goes into the ETag, and its key into the index.
fn record_profile(deps: &mut Deps, p: &Profile) {
    let shown = format!(
        "{}|{}|{}|{}|{}",
        p.slug(),
        p.display_name,
        p.bio.as_deref().unwrap_or(""),
        p.avatar_url.as_deref().unwrap_or(""),
        p.avatar_id.unwrap_or(0)
    );
    deps.author(p.id, &shown);
}

/// An author's page: their profile and up to 100 published articles, newest first.
#[tracing::instrument(level = "debug", skip_all, fields(id = profile.id))]
pub fn author(
    conn: &mut DbConn,
    deps: &mut Deps,
    profile: Profile,
    now: NaiveDateTime,
) -> diesel::QueryResult<AuthorPage> {
    record_profile(deps, &profile);
    // A new article of theirs changes this page.
    deps.collection(Collection::Articles);
    let articles = db::articles::visible_by_author(conn, profile.id, now)?;
    let articles = summaries(conn, deps, articles)?;
    let avatar = media(conn, deps, [profile.avatar_id])?.into_values().next();
    Ok(AuthorPage { profile, avatar, articles })
}

/// Everything one article's page shows (any status: previews use it too).
#[tracing::instrument(level = "debug", skip_all, fields(id = a.id))]
pub fn article(
    conn: &mut DbConn,
    deps: &mut Deps,
    a: &Article,
    now: NaiveDateTime,
) -> diesel::QueryResult<ArticlePage> {
    let sections = db::sections::of_article(conn, a.id)?;
    let related_ids: Vec<i64> = db::articles::related_of(conn, &[a.id])?.into_iter().map(|(_, r)| r).collect();
    let (mut related_rows, hidden): (Vec<Article>, Vec<Article>) =
        db::articles::find_many(conn, &related_ids)?.into_iter().partition(|r| r.is_visible_at(now));
    // Hidden related articles are not shown, but their publication changes this page.
    for h in &hidden {
        deps.record(ChangeKind::Article, h.id, h.version);
    }
    related_rows.sort_by_key(|r| related_ids.iter().position(|id| *id == r.id));
    let mut rows = vec![a.clone()];
    rows.extend(related_rows);
    let mut movies = movies_of(conn, &rows)?;
    let mut all = summaries_with(conn, deps, rows, &movies)?;
    let related = all.split_off(1);
    let summary = all.pop().expect("the article itself was summarised");

    let movie = a.movie_id.and_then(|id| movies.remove(&id));
    let poster_id = movie.as_ref().and_then(|m| m.poster_id);
    let mut section_media = media(conn, deps, sections.iter().map(|s| s.media_id).chain([poster_id]))?;
    let movie = match movie {
        Some(m) => {
            let poster = poster_id.and_then(|id| section_media.get(&id)).cloned();
            Some(credited_movie(conn, deps, m, poster)?)
        }
        None => None,
    };
    if let Some(id) = poster_id.filter(|id| !sections.iter().any(|s| s.media_id == Some(*id))) {
        section_media.remove(&id);
    }
    let comment_count = db::comments::approved_count(conn, a.id)?;
    deps.value("comments", comment_count);
    Ok(ArticlePage { summary, sections, section_media, movie, related, comment_count })
}

fn credited_movie(
    conn: &mut DbConn,
    deps: &mut Deps,
    movie: Movie,
    poster: Option<Media>,
) -> diesel::QueryResult<CreditedMovie> {
    deps.record(ChangeKind::Movie, movie.id, movie.version);
    let credits = db::credits::for_movies(conn, &[movie.id])?;
    for (credit, person) in &credits {
        deps.value(&format!("credit-{}", credit.id), credit.version);
        deps.record(ChangeKind::CastMember, person.id, person.version);
    }
    Ok(CreditedMovie { movie, credits, poster })
}

/// Movies as lists show them, each with its library poster.
pub fn movies(
    conn: &mut DbConn,
    deps: &mut Deps,
    movies: Vec<Movie>,
) -> diesel::QueryResult<Vec<(Movie, Option<Media>)>> {
    for m in &movies {
        deps.record(ChangeKind::Movie, m.id, m.version);
    }
    let images = media(conn, deps, movies.iter().map(|m| m.poster_id))?;
    Ok(movies
        .into_iter()
        .map(|m| {
            let poster = m.poster_id.and_then(|id| images.get(&id)).cloned();
            (m, poster)
        })
        .collect())
}

/// A movie with its credits and its published articles.
#[tracing::instrument(level = "debug", skip_all, fields(id = m.id))]
pub fn movie(conn: &mut DbConn, deps: &mut Deps, m: Movie, now: NaiveDateTime) -> diesel::QueryResult<MoviePage> {
    let poster = media(conn, deps, [m.poster_id])?.into_values().next();
    let movie = credited_movie(conn, deps, m, poster)?;
    let articles = db::articles::visible_of_movie(conn, movie.movie.id, now)?;
    let articles = summaries(conn, deps, articles)?;
    Ok(MoviePage { movie, articles })
}

/// Cast members as lists show them, each with their library photo.
pub fn cast_members(
    conn: &mut DbConn,
    deps: &mut Deps,
    people: Vec<CastMember>,
) -> diesel::QueryResult<Vec<(CastMember, Option<Media>)>> {
    for p in &people {
        deps.record(ChangeKind::CastMember, p.id, p.version);
    }
    let images = media(conn, deps, people.iter().map(|p| p.photo_id))?;
    Ok(people
        .into_iter()
        .map(|p| {
            let photo = p.photo_id.and_then(|id| images.get(&id)).cloned();
            (p, photo)
        })
        .collect())
}

/// A person with their filmography, newest movie first.
#[tracing::instrument(level = "debug", skip_all, fields(id = person.id))]
pub fn cast_member(conn: &mut DbConn, deps: &mut Deps, person: CastMember) -> diesel::QueryResult<CastMemberPage> {
    deps.record(ChangeKind::CastMember, person.id, person.version);
    let filmography = db::credits::for_cast_member(conn, person.id)?;
    for (credit, movie) in &filmography {
        deps.record(ChangeKind::Movie, movie.id, movie.version);
        deps.value(&format!("credit-{}", credit.id), credit.version);
    }
    let photo = media(conn, deps, [person.photo_id])?.into_values().next();
    Ok(CastMemberPage { person, photo, filmography })
}
