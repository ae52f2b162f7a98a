//! Writing a catalogue into an empty database, all of it in one transaction: a record the
//! database refuses (a broken reference, a duplicate slug, a value out of its range) leaves
//! the database as it was.

use diesel::prelude::*;

use super::{Catalogue, FORMAT, VERSION};
use crate::auth::password::NO_PASSWORD;
use crate::content::{search, settings};
use crate::db::schema::{
    article_tags, articles, cast_members, comments, credits, movies, related_articles, revisions, sections, tags, users,
};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::render;

/// The tables whose ids the catalogue carries; PostgreSQL's sequences move past them.
const TABLES_WITH_IDS: [&str; 9] =
    ["users", "movies", "cast_members", "credits", "tags", "articles", "sections", "revisions", "comments"];

/// Checks the document's format and version before anything is written.
pub fn check_format(catalogue: &Catalogue) -> Result<(), ApiError> {
    if catalogue.format != FORMAT {
        return Err(ApiError::BadRequest(format!("not a Marquee catalogue (format {:?})", catalogue.format)));
    }
    if catalogue.version > VERSION {
        return Err(ApiError::BadRequest(format!(
            "catalogue version {} is newer than this Marquee reads ({VERSION})",
            catalogue.version
        )));
    }
    Ok(())
}

/// Imports `catalogue` into a database with no content yet (409 otherwise: the ids would
/// clash). Users arrive without passwords.
pub fn catalogue(conn: &mut DbConn, catalogue: &Catalogue) -> Result<(), ApiError> {
    check_format(catalogue)?;
    let rules = catalogue.moderation.clone().checked().map_err(|errors| {
        ApiError::BadRequest(format!(
            "moderation settings: {}",
            errors.iter().map(|(f, m)| format!("{f} {m}")).collect::<Vec<_>>().join("; ")
        ))
    })?;
    db::write_tx(conn, |conn| {
        ensure_empty(conn)?;
        write_records(conn, catalogue)?;
        settings::set_moderation_rules(conn, None, &rules)?;
        move_sequences(conn)?;
        let ids: Vec<i64> = catalogue.articles.iter().map(|a| a.id).collect();
        for chunk in ids.chunks(500) {
            search::reindex(conn, chunk)?;
        }
        Ok(db::audit::record(conn, None, "catalogue.import", "catalogue", None)?)
    })
}

fn ensure_empty(conn: &mut DbConn) -> Result<(), ApiError> {
    let counts: [i64; 5] = [
        users::table.count().get_result(conn)?,
        movies::table.count().get_result(conn)?,
        cast_members::table.count().get_result(conn)?,
        articles::table.count().get_result(conn)?,
        tags::table.count().get_result(conn)?,
    ];
    if counts.iter().any(|n| *n > 0) {
        return Err(ApiError::Conflict(
            "the database already has users or content; import a catalogue into a new database".into(),
        ));
    }
    Ok(())
}

fn write_records(conn: &mut DbConn, c: &Catalogue) -> Result<(), ApiError> {
    for user in &c.users {
        diesel::insert_into(users::table).values((user, users::password_hash.eq(NO_PASSWORD))).execute(conn)?;
    }
    for movie in &c.movies {
        diesel::insert_into(movies::table).values(movie).execute(conn)?;
    }
    for person in &c.cast_members {
        diesel::insert_into(cast_members::table).values(person).execute(conn)?;
    }
    for credit in &c.credits {
        diesel::insert_into(credits::table).values(credit).execute(conn)?;
    }
    for tag in &c.tags {
        diesel::insert_into(tags::table).values(tag).execute(conn)?;
    }
    for article in &c.articles {
        diesel::insert_into(articles::table).values(article).execute(conn)?;
    }
    for link in &c.article_tags {
        diesel::insert_into(article_tags::table).values(link).execute(conn)?;
    }
    for link in &c.related_articles {
        diesel::insert_into(related_articles::table).values(link).execute(conn)?;
    }
    for section in &c.sections {
        let html = render::markdown_to_html(&section.body)
            .map_err(|e| ApiError::BadRequest(format!("section {}: {e}", section.id)))?;
        diesel::insert_into(sections::table).values((section, sections::body_html.eq(html))).execute(conn)?;
    }
    for revision in &c.revisions {
        diesel::insert_into(revisions::table).values(revision).execute(conn)?;
    }
    for comment in &c.comments {
        let html = render::comment_to_html(&comment.body);
        diesel::insert_into(comments::table)
            .values((comment, comments::body_html.eq(html), comments::client_hash.eq("imported")))
            .execute(conn)?;
    }
    Ok(())
}

/// Rows inserted with their ids leave PostgreSQL's identity sequences behind; the next
/// record made must not take an imported id. (SQLite tracks the largest id by itself.)
fn move_sequences(conn: &mut DbConn) -> Result<(), ApiError> {
    if let DbConn::Postgres(pg) = conn {
        for table in TABLES_WITH_IDS {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(pg)?;
        }
    }
    Ok(())
}
