//! Keeping the full-text index current: every write that changes what an article's entry
//! holds (its text, its sections, its movie's title, the people credited on it) reindexes
//! the articles concerned in the same transaction.

use crate::db::search::Document;
use crate::db::{self, DbConn};
use crate::domain::CreditRole;
use crate::render::markdown_to_text;

/// Rebuilds the index entries of `article_ids`.
pub fn reindex(conn: &mut DbConn, article_ids: &[i64]) -> diesel::QueryResult<()> {
    let articles = db::articles::find_many(conn, article_ids)?;
    let sections = db::sections::of_articles(conn, article_ids)?;
    let movie_ids: Vec<i64> = articles.iter().filter_map(|a| a.movie_id).collect();
    let movies = db::movies::find_many(conn, &movie_ids)?;
    let credits = db::credits::for_movies(conn, &movie_ids)?;
    for article in articles {
        let own = sections.iter().filter(|s| s.article_id == article.id);
        let mut doc = Document {
            title: article.title.clone(),
            excerpt: [article.subtitle.as_deref(), article.excerpt.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            ..Document::default()
        };
        for s in own {
            doc.headings.push_str(&format!("{} {} ", s.heading, s.subheading.as_deref().unwrap_or("")));
            doc.body.push_str(&markdown_to_text(&s.body));
            doc.body.push(' ');
        }
        if let Some(movie) = movies.iter().find(|m| Some(m.id) == article.movie_id) {
            doc.people = std::iter::once(movie.title.clone())
                .chain(credits.iter().filter(|(c, _)| c.movie_id == movie.id).map(|(c, p)| {
                    match (&c.role, &c.character) {
                        (CreditRole::Actor, Some(character)) => format!("{} {character}", p.name),
                        _ => p.name.clone(),
                    }
                }))
                .collect::<Vec<_>>()
                .join(" ");
        }
        db::search::upsert(conn, article.id, &doc)?;
    }
    Ok(())
}

/// Rebuilds the entries of every article about `movie_ids` (after the movie or its credits
/// changed).
pub fn reindex_movies(conn: &mut DbConn, movie_ids: &[i64]) -> diesel::QueryResult<()> {
    let ids = db::articles::ids_of_movies(conn, movie_ids)?;
    reindex(conn, &ids)
}
