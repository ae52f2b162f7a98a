//! Public views assembled from rows: a fixed number of batched queries per response,
//! whatever its size, never one per section, credit or related article.
//!
//! While assembling, a [`Deps`] collects every record the response shows: their surrogate
//! keys (for the `Surrogate-Key` header and cache purges) and versions (for the ETag).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use crate::db::articles::Article;
use crate::db::credits::Credit;
use crate::db::movies::Movie;
use crate::db::people::CastMember;
use crate::db::{self, DbConn};
use crate::domain::{ChangeKind, CreditRole};
use crate::dto::catalogue::genres_of;
use crate::dto::public::*;
use crate::dto::utc;

use super::surrogate_key;

/// The records a response depends on.
#[derive(Debug, Default)]
pub struct Deps {
    keys: BTreeSet<String>,
    fingerprint: Sha256,
}

impl Deps {
    pub fn record(&mut self, kind: ChangeKind, id: i64, version: i64) {
        let key = surrogate_key(kind, id);
        self.fingerprint.update(format!("{key}@{version};"));
        self.keys.insert(key);
    }

    /// A collection the response lists (`articles`, `movies`...), or another input.
    pub fn collection(&mut self, key: &str) {
        self.keys.insert(key.to_string());
    }

    /// Something else the response shows that has no version of its own (a count).
    pub fn value(&mut self, label: &str, value: i64) {
        self.fingerprint.update(format!("{label}={value};"));
    }

    pub fn keys(&self) -> Vec<String> {
        self.keys.iter().cloned().collect()
    }

    /// A strong ETag from the versions of everything shown.
    pub fn etag(&self) -> String {
        let digest = self.fingerprint.clone().finalize();
        let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!("\"{hex}\"")
    }
}

fn movie_ref(m: &Movie) -> MovieRef {
    MovieRef { slug: m.slug.clone(), title: m.title.clone(), release_year: m.release_year }
}

/// Summaries of `articles` in their order: two queries (tags, movies) for the lot.
pub fn summaries(conn: &mut DbConn, deps: &mut Deps, articles: &[Article]) -> diesel::QueryResult<Vec<ArticleSummary>> {
    let movies = movies_of(conn, articles)?;
    summaries_with(conn, deps, articles, &movies)
}

/// The movies the articles are about, by id.
fn movies_of(conn: &mut DbConn, articles: &[Article]) -> diesel::QueryResult<HashMap<i64, Movie>> {
    let movie_ids: Vec<i64> = articles.iter().filter_map(|a| a.movie_id).collect();
    Ok(db::movies::find_many(conn, &movie_ids)?.into_iter().map(|m| (m.id, m)).collect())
}

/// Summaries with the movies already loaded: one query (tags).
fn summaries_with(
    conn: &mut DbConn,
    deps: &mut Deps,
    articles: &[Article],
    movies: &HashMap<i64, Movie>,
) -> diesel::QueryResult<Vec<ArticleSummary>> {
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let mut tags: HashMap<i64, Vec<TagRef>> = HashMap::new();
    for (article_id, slug, name) in db::articles::tags_of(conn, &ids)? {
        tags.entry(article_id).or_default().push(TagRef { slug, name });
    }
    Ok(articles
        .iter()
        .map(|a| {
            deps.record(ChangeKind::Article, a.id, a.version);
            let movie = a.movie_id.and_then(|id| movies.get(&id));
            if let Some(m) = movie {
                deps.record(ChangeKind::Movie, m.id, m.version);
            }
            ArticleSummary {
                id: a.id,
                slug: a.slug.clone(),
                title: a.title.clone(),
                subtitle: a.subtitle.clone(),
                excerpt: a.excerpt.clone(),
                kind: a.kind,
                tags: tags.remove(&a.id).unwrap_or_default(),
                published_at: a.published_at.map(utc),
                updated_at: utc(a.updated_at),
                cover_image_url: a.cover_image_url.clone(),
                reading_time_minutes: a.reading_time_minutes,
                movie: movie.map(movie_ref),
            }
        })
        .collect())
}

/// The full public shape of one article (any status: previews use it too).
pub fn article(
    conn: &mut DbConn,
    deps: &mut Deps,
    a: &Article,
    now: NaiveDateTime,
) -> diesel::QueryResult<PublicArticle> {
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
    let mut all = summaries_with(conn, deps, &rows, &movies)?;
    let related: Vec<ArticleSummary> = all.split_off(1);
    let summary = all.pop().expect("the article itself was summarised");

    let author = db::users::display_name(conn, a.author_id)?.unwrap_or_default();
    let movie = match a.movie_id.and_then(|id| movies.remove(&id)) {
        Some(m) => Some(article_movie(conn, deps, m)?),
        None => None,
    };
    let comment_count = db::comments::approved_count(conn, a.id)?;
    deps.value("comments", comment_count);
    Ok(PublicArticle {
        id: summary.id,
        slug: summary.slug,
        title: summary.title,
        subtitle: summary.subtitle,
        excerpt: summary.excerpt,
        kind: summary.kind,
        tags: summary.tags,
        published_at: summary.published_at,
        updated_at: summary.updated_at,
        cover_image_url: summary.cover_image_url,
        reading_time_minutes: summary.reading_time_minutes,
        author: AuthorRef { display_name: author },
        sections: sections
            .into_iter()
            .map(|s| PublicSection {
                id: s.id,
                position: s.position,
                heading: s.heading,
                subheading: s.subheading,
                body: s.body,
                body_html: s.body_html,
                media_url: s.media_url,
                media_caption: s.media_caption,
            })
            .collect(),
        movie,
        related,
        comment_count,
    })
}

fn credits_of(conn: &mut DbConn, deps: &mut Deps, movie_id: i64) -> diesel::QueryResult<Vec<(Credit, CastMember)>> {
    let credits = db::credits::for_movies(conn, &[movie_id])?;
    for (credit, person) in &credits {
        deps.value(&format!("credit-{}", credit.id), credit.version);
        deps.record(ChangeKind::CastMember, person.id, person.version);
    }
    Ok(credits)
}

fn article_movie(conn: &mut DbConn, deps: &mut Deps, m: Movie) -> diesel::QueryResult<ArticleMovie> {
    deps.record(ChangeKind::Movie, m.id, m.version);
    let credits = credits_of(conn, deps, m.id)?;
    let directors = credits
        .iter()
        .filter(|(c, _)| c.role == CreditRole::Director)
        .map(|(_, p)| PersonRef { slug: p.slug.clone(), name: p.name.clone() })
        .collect();
    let cast = credits
        .iter()
        .filter(|(c, _)| c.role == CreditRole::Actor)
        .map(|(c, p)| CastRef {
            slug: p.slug.clone(),
            name: p.name.clone(),
            character: c.character.clone(),
            billing_order: c.billing_order,
        })
        .collect();
    Ok(ArticleMovie {
        slug: m.slug,
        title: m.title,
        release_year: m.release_year,
        poster_url: m.poster_url,
        trailer_url: m.trailer_url,
        directors,
        cast,
    })
}

pub fn movie_summary(deps: &mut Deps, m: &Movie) -> PublicMovieSummary {
    deps.record(ChangeKind::Movie, m.id, m.version);
    PublicMovieSummary {
        id: m.id,
        slug: m.slug.clone(),
        title: m.title.clone(),
        original_title: m.original_title.clone(),
        release_year: m.release_year,
        runtime_minutes: m.runtime_minutes,
        synopsis: m.synopsis.clone(),
        genres: genres_of(m),
        poster_url: m.poster_url.clone(),
        trailer_url: m.trailer_url.clone(),
    }
}

/// A movie with its credits and its published articles.
pub fn movie(conn: &mut DbConn, deps: &mut Deps, m: &Movie, now: NaiveDateTime) -> diesel::QueryResult<PublicMovie> {
    let summary = movie_summary(deps, m);
    let mut cast = Vec::new();
    let mut crew = Vec::new();
    for (credit, person) in credits_of(conn, deps, m.id)? {
        let cast_member = CreditedCastMember { slug: person.slug, name: person.name, photo_url: person.photo_url };
        match credit.role {
            CreditRole::Actor => {
                cast.push(CastCredit { cast_member, character: credit.character, billing_order: credit.billing_order })
            }
            role => crew.push(CrewCredit { cast_member, role }),
        }
    }
    let articles = db::articles::visible_of_movie(conn, m.id, now)?;
    let articles = summaries(conn, deps, &articles)?;
    Ok(PublicMovie { movie: summary, credits: MovieCredits { cast, crew }, articles })
}

pub fn cast_member_summary(deps: &mut Deps, p: &CastMember) -> PublicCastMemberSummary {
    deps.record(ChangeKind::CastMember, p.id, p.version);
    PublicCastMemberSummary {
        id: p.id,
        slug: p.slug.clone(),
        name: p.name.clone(),
        bio: p.bio.clone(),
        birth_date: p.birth_date,
        photo_url: p.photo_url.clone(),
    }
}

/// A person with their filmography, newest movie first.
pub fn cast_member(conn: &mut DbConn, deps: &mut Deps, p: &CastMember) -> diesel::QueryResult<PublicCastMember> {
    let person = cast_member_summary(deps, p);
    let filmography = db::credits::for_cast_member(conn, p.id)?
        .into_iter()
        .map(|(credit, movie)| {
            deps.record(ChangeKind::Movie, movie.id, movie.version);
            deps.value(&format!("credit-{}", credit.id), credit.version);
            FilmographyEntry { movie: movie_ref(&movie), role: credit.role, character: credit.character }
        })
        .collect();
    Ok(PublicCastMember { person, filmography })
}

impl Deps {
    /// Text the response depends on beyond record versions (a next-page cursor).
    pub fn text(&mut self, label: &str, value: &str) {
        self.fingerprint.update(format!("{label}={value};"));
    }
}
