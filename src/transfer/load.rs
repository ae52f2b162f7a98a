//! Writing a catalogue into an empty database, all of it in one transaction: a record the
//! database refuses (a broken reference, a duplicate slug, a value out of its range) leaves
//! the database as it was.

use super::{Catalogue, FORMAT, VERSION};
use crate::auth::password::NO_PASSWORD;
use crate::content::{search, settings};
use crate::db::catalogue::Tables;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::render;

/// The client hash of imported comments: no address is known (see `clients`).
const IMPORTED_CLIENT: &str = "imported";

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
    let tables = rows(catalogue)?;
    db::tx::write(conn, |conn| {
        ensure_empty(conn)?;
        db::catalogue::write(conn, &tables)?;
        settings::set_moderation_rules(conn, None, &rules)?;
        let ids: Vec<i64> = catalogue.articles.iter().map(|a| a.id).collect();
        for chunk in ids.chunks(500) {
            search::reindex(conn, chunk)?;
        }
        Ok(db::audit::record(conn, None, "catalogue.import", "catalogue", None)?)
    })
}

fn ensure_empty(conn: &mut DbConn) -> Result<(), ApiError> {
    if !db::catalogue::is_empty(conn)? {
        return Err(ApiError::Conflict(
            "the database already has users or content; import a catalogue into a new database".into(),
        ));
    }
    Ok(())
}

/// Records that become their rows as they are.
fn all<R: Clone + Into<T>, T>(records: &[R]) -> Vec<T> {
    records.iter().cloned().map(Into::into).collect()
}

/// The catalogue's records as the database's rows.
fn rows(c: &Catalogue) -> Result<Tables, ApiError> {
    let movies = c
        .movies
        .iter()
        .map(|m| {
            m.clone()
                .into_row()
                .map_err(|(field, message)| ApiError::BadRequest(format!("movie {}: {field} {message}", m.id)))
        })
        .collect::<Result<_, _>>()?;
    let sections = c
        .sections
        .iter()
        .map(|s| {
            let html = render::markdown_to_html(&s.body)
                .map_err(|e| ApiError::BadRequest(format!("section {}: {e}", s.id)))?;
            Ok(s.clone().into_row(html))
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Tables {
        users: c.users.iter().map(|u| u.clone().into_row(NO_PASSWORD)).collect(),
        movies,
        cast_members: all(&c.cast_members),
        credits: all(&c.credits),
        tags: all(&c.tags),
        articles: all(&c.articles),
        article_tags: all(&c.article_tags),
        related_articles: all(&c.related_articles),
        sections,
        revisions: all(&c.revisions),
        comments: c
            .comments
            .iter()
            .map(|comment| comment.clone().into_row(render::comment_to_html(&comment.body), IMPORTED_CLIENT))
            .collect(),
    })
}
