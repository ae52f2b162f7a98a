//! The full-text index: SQLite FTS5 or a PostgreSQL `tsvector`, the one place where the two
//! backends need different SQL.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text, Timestamp};

use super::DbConn;

/// What is indexed for one article, as plain text.
#[derive(Debug, Default, Clone)]
pub struct Document {
    pub title: String,
    pub excerpt: String,
    pub headings: String,
    pub body: String,
    /// The movie's title and everyone credited on it.
    pub people: String,
}

/// Replaces an article's entry in the index.
#[tracing::instrument(level = "debug", skip_all)]
pub fn upsert(conn: &mut DbConn, article_id: i64, doc: &Document) -> QueryResult<()> {
    remove(conn, article_id)?;
    let sql = match conn {
        DbConn::Sqlite(_) => "INSERT INTO article_search (rowid, title, excerpt, headings, body, people) VALUES ($1, $2, $3, $4, $5, $6)",
        DbConn::Postgres(_) => {
            "INSERT INTO article_search (article_id, title, excerpt, headings, body, people) VALUES ($1, $2, $3, $4, $5, $6)"
        }
    };
    diesel::sql_query(sql)
        .bind::<BigInt, _>(article_id)
        .bind::<Text, _>(&doc.title)
        .bind::<Text, _>(&doc.excerpt)
        .bind::<Text, _>(&doc.headings)
        .bind::<Text, _>(&doc.body)
        .bind::<Text, _>(&doc.people)
        .execute(conn)
        .map(|_| ())
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn remove(conn: &mut DbConn, article_id: i64) -> QueryResult<()> {
    let sql = match conn {
        DbConn::Sqlite(_) => "DELETE FROM article_search WHERE rowid = $1",
        DbConn::Postgres(_) => "DELETE FROM article_search WHERE article_id = $1",
    };
    diesel::sql_query(sql).bind::<BigInt, _>(article_id).execute(conn).map(|_| ())
}

/// One search hit: the article, how well it matched (higher is better on both backends),
/// and a snippet with the match between \u{1} and \u{2} (turned into `<mark>` by the caller
/// after escaping).
#[derive(Debug, Clone, QueryableByName)]
pub struct Hit {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Double)]
    pub score: f64,
    #[diesel(sql_type = Text)]
    pub snippet: String,
}

/// The words of a search: runs of letters and digits, lower-cased, at most 16. Every other
/// character (quotes, `*`, `-`, parentheses) only separates words, so no input is ever a
/// query-syntax error and both backends read the same words.
pub fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(16).map(str::to_lowercase).collect()
}

/// An FTS5 query matching every word (the last as a prefix): each word a quoted string.
pub fn fts5_query(q: &str) -> Option<String> {
    let words = words(q);
    (!words.is_empty()).then(|| words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" ") + "*")
}

/// The same query for PostgreSQL's `to_tsquery`: words joined by `&`, the last a prefix.
/// Words are letters and digits only, so the text is always a valid tsquery.
pub fn tsquery(q: &str) -> Option<String> {
    let words = words(q);
    (!words.is_empty()).then(|| words.join(" & ") + ":*")
}

/// How deep search results go: ranking needs every match anyway, so pages are offsets into
/// the ranked list (floating-point scores make poor keyset positions), bounded here.
pub const MAX_RESULTS: i64 = 1000;

/// Published articles matching `q`, best first, from `offset`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn search(conn: &mut DbConn, q: &str, offset: i64, limit: i64, now: NaiveDateTime) -> QueryResult<Vec<Hit>> {
    let limit = limit.min(MAX_RESULTS - offset).max(0);
    match conn {
        DbConn::Sqlite(_) => {
            let Some(query) = fts5_query(q) else { return Ok(Vec::new()) };
            // bm25 is lower-is-better; negate it so both backends rank higher-is-better.
            diesel::sql_query(
                "SELECT a.id AS id, \
                        -bm25(article_search, 10.0, 4.0, 4.0, 1.0, 6.0) AS score, \
                        snippet(article_search, -1, char(1), char(2), '…', 16) AS snippet \
                 FROM article_search JOIN articles a ON a.id = article_search.rowid \
                 WHERE article_search MATCH $1 \
                   AND a.published_at <= $2 AND a.status IN ('published', 'scheduled') \
                 ORDER BY score DESC, a.id ASC LIMIT $3 OFFSET $4",
            )
            .bind::<Text, _>(query)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .load(conn)
        }
        DbConn::Postgres(_) => {
            let Some(query) = tsquery(q) else { return Ok(Vec::new()) };
            diesel::sql_query(
                "SELECT a.id AS id, \
                        ts_rank(s.document, query)::float8 AS score, \
                        ts_headline('english', s.title || ' ' || s.excerpt || ' ' || s.headings || ' ' || s.body, query, \
                          'StartSel=\u{1},StopSel=\u{2},MaxWords=30,MinWords=12,MaxFragments=1') AS snippet \
                 FROM article_search s \
                 JOIN articles a ON a.id = s.article_id, \
                      to_tsquery('english', $1) query \
                 WHERE s.document @@ query \
                   AND a.published_at <= $2 AND a.status IN ('published', 'scheduled') \
                 ORDER BY score DESC, a.id ASC LIMIT $3 OFFSET $4",
            )
            .bind::<Text, _>(query)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .bind::<BigInt, _>(offset)
            .load(conn)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsqueries_are_always_valid() {
        assert_eq!(tsquery("Dune: part-two!").unwrap(), "dune & part & two:*");
        assert_eq!(tsquery("-xylophone OR \"x\"").unwrap(), "xylophone & or & x:*");
        assert!(tsquery("&|!():*").is_none());
    }

    #[test]
    fn fts5_queries_are_always_valid() {
        assert_eq!(fts5_query("Dune part two").unwrap(), "\"dune\" \"part\" \"two\"*");
        assert_eq!(fts5_query("dune-review").unwrap(), "\"dune\" \"review\"*");
        assert_eq!(fts5_query("\"quoted\" OR (x* AND y)").unwrap(), "\"quoted\" \"or\" \"x\" \"and\" \"y\"*");
        assert!(fts5_query("\"*()").is_none());
        assert!(fts5_query("").is_none());
    }
}
