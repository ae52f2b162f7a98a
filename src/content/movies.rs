//! Movies. Catalogue records are public as soon as they exist, so every write records a
//! change and purges their cached responses.

use super::{choose_slug, ensure_slug_free, ensure_version, inserted, search, slug_renamed, Effects};
use crate::db::movies::{Movie, MovieChanges, NewMovie};
use crate::db::{self, DbConn};
use crate::domain::{ChangeAction, ChangeKind, Expected, Slug, SlugKind};
use crate::error::ApiError;

/// A checked new movie; its slug is generated from the title when `slug` is `None`.
#[derive(Debug, Clone)]
pub struct MovieInput {
    pub slug: Option<Slug>,
    /// The row to insert; its `slug` and timestamps are set when stored.
    pub movie: NewMovie,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn create(conn: &mut DbConn, fx: &mut Effects, actor: i64, input: &MovieInput) -> Result<Movie, ApiError> {
    super::media::check_item(conn, input.movie.poster_id, "poster_id")?;
    let now = db::now();
    let new = NewMovie {
        slug: choose_slug(conn, SlugKind::Movie, input.slug.as_ref(), &input.movie.title)?,
        created_at: now,
        updated_at: now,
        ..input.movie.clone()
    };
    let movie = inserted(db::movies::insert(conn, &new), input.slug.is_some())?;
    fx.changed(ChangeKind::Movie, movie.id, &movie.slug, ChangeAction::Upsert);
    db::audit::record(conn, Some(actor), "movie.create", "movie", Some(movie.id))?;
    Ok(movie)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Movie, ApiError> {
    db::movies::find(conn, id)?.ok_or_else(ApiError::not_found)
}

fn locked(conn: &mut DbConn, id: i64, expected: &Expected) -> Result<Movie, ApiError> {
    let movie = db::movies::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, movie.version)?;
    Ok(movie)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    expected: &Expected,
    changes: &MovieChanges,
) -> Result<Movie, ApiError> {
    let movie = locked(conn, id, expected)?;
    ensure_slug_free(conn, SlugKind::Movie, id, changes.slug.as_deref(), &movie.slug)?;
    if let Some(poster) = changes.poster_id {
        super::media::check_item(conn, poster, "poster_id")?;
    }
    let updated = db::movies::update(conn, id, changes)?;
    slug_renamed(conn, SlugKind::Movie, id, &movie.slug, &updated.slug)?;
    if updated.slug != movie.slug {
        // Feed readers keyed by slug learn the old one is gone.
        fx.changed(ChangeKind::Movie, id, &movie.slug, ChangeAction::Delete);
    }
    fx.changed(ChangeKind::Movie, id, &updated.slug, ChangeAction::Upsert);
    search::reindex_movies(conn, &[id])?;
    db::audit::record(conn, Some(actor), "movie.update", "movie", Some(id))?;
    Ok(updated)
}

/// Deletes a movie and its credits; 409 while articles refer to it.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn delete(conn: &mut DbConn, fx: &mut Effects, actor: i64, id: i64, expected: &Expected) -> Result<(), ApiError> {
    let movie = locked(conn, id, expected)?;
    if db::movies::is_referenced_by_articles(conn, id)? {
        return Err(ApiError::Conflict("articles refer to this movie; detach them first".into()));
    }
    let people: Vec<i64> = db::credits::for_movies(conn, &[id])?.into_iter().map(|(c, _)| c.cast_member_id).collect();
    db::movies::delete(conn, id)?;
    fx.changed(ChangeKind::Movie, id, &movie.slug, ChangeAction::Delete);
    fx.cast_members_changed(conn, &people)?;
    db::audit::record(conn, Some(actor), "movie.delete", "movie", Some(id))?;
    Ok(())
}
