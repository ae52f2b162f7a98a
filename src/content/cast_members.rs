//! Cast members: everyone credited on a movie. Public as soon as they exist; a change to a
//! person changes every movie page that credits them.

use super::{choose_slug, ensure_slug_free, ensure_version, inserted, search, slug_renamed, Effects};
use crate::db::cast_members::{CastMember, CastMemberChanges, NewCastMember};
use crate::db::{self, DbConn};
use crate::domain::{ChangeAction, ChangeKind, Expected, Slug, SlugKind};
use crate::error::ApiError;

/// A checked new cast member; the slug is generated from the name when `slug` is `None`.
#[derive(Debug, Clone)]
pub struct CastMemberInput {
    pub slug: Option<Slug>,
    /// The row to insert; its `slug` and timestamps are set when stored.
    pub person: NewCastMember,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn create(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    input: &CastMemberInput,
) -> Result<CastMember, ApiError> {
    super::media::check_item(conn, input.person.photo_id, "photo_id")?;
    let now = db::now();
    let new = NewCastMember {
        slug: choose_slug(conn, SlugKind::CastMember, input.slug.as_ref(), &input.person.name)?,
        created_at: now,
        updated_at: now,
        ..input.person.clone()
    };
    let person = inserted(db::cast_members::insert(conn, &new), input.slug.is_some())?;
    fx.changed(ChangeKind::CastMember, person.id, &person.slug, ChangeAction::Upsert);
    db::audit::record(conn, Some(actor), "cast_member.create", "cast_member", Some(person.id))?;
    Ok(person)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<CastMember, ApiError> {
    db::cast_members::find(conn, id)?.ok_or_else(ApiError::not_found)
}

fn locked(conn: &mut DbConn, id: i64, expected: &Expected) -> Result<CastMember, ApiError> {
    let person = db::cast_members::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, person.version)?;
    Ok(person)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    expected: &Expected,
    changes: &CastMemberChanges,
) -> Result<CastMember, ApiError> {
    let person = locked(conn, id, expected)?;
    ensure_slug_free(conn, SlugKind::CastMember, id, changes.slug.as_deref(), &person.slug)?;
    if let Some(photo) = changes.photo_id {
        super::media::check_item(conn, photo, "photo_id")?;
    }
    let updated = db::cast_members::update(conn, id, changes)?;
    slug_renamed(conn, SlugKind::CastMember, id, &person.slug, &updated.slug)?;
    if updated.slug != person.slug {
        fx.changed(ChangeKind::CastMember, id, &person.slug, ChangeAction::Delete);
    }
    fx.changed(ChangeKind::CastMember, id, &updated.slug, ChangeAction::Upsert);
    let movies = db::credits::movie_ids_of_cast_member(conn, id)?;
    search::reindex_movies(conn, &movies)?;
    db::audit::record(conn, Some(actor), "cast_member.update", "cast_member", Some(id))?;
    Ok(updated)
}

/// Deletes a person and their credits; the movies they were credited on change too.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn delete(conn: &mut DbConn, fx: &mut Effects, actor: i64, id: i64, expected: &Expected) -> Result<(), ApiError> {
    let person = locked(conn, id, expected)?;
    let movies = db::credits::movie_ids_of_cast_member(conn, id)?;
    db::cast_members::delete(conn, id)?;
    fx.changed(ChangeKind::CastMember, id, &person.slug, ChangeAction::Delete);
    fx.movies_changed(conn, &movies)?;
    search::reindex_movies(conn, &movies)?;
    db::audit::record(conn, Some(actor), "cast_member.delete", "cast_member", Some(id))?;
    Ok(())
}
