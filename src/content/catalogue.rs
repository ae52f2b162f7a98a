//! Movies, cast members and credits. Catalogue records are public as soon as they exist,
//! so every write records a change and purges their cached responses.

use super::{choose_slug, ensure_slug_free, Effects};
use crate::db::credits::{Credit, CreditChanges, NewCredit};
use crate::db::movies::{Movie, MovieChanges};
use crate::db::people::{CastMember, CastMemberChanges};
use crate::db::{self, DbConn};
use crate::domain::{ChangeAction, ChangeKind};
use crate::dto::catalogue::{CastMemberInput, MovieInput};
use crate::error::ApiError;
use crate::extract::IfMatch;

pub fn create_movie(conn: &mut DbConn, fx: &mut Effects, actor: i64, input: MovieInput) -> Result<Movie, ApiError> {
    let mut new = input.movie;
    new.slug = choose_slug(conn, input.slug, &new.title, db::movies::slug_taken)?;
    let movie = db::movies::insert(conn, &new)?;
    fx.changed(conn, ChangeKind::Movie, movie.id, &movie.slug, ChangeAction::Upsert)?;
    db::audit::record(conn, Some(actor), "movie.create", "movie", Some(movie.id))?;
    Ok(movie)
}

pub fn find_movie(conn: &mut DbConn, id: i64) -> Result<Movie, ApiError> {
    db::movies::find(conn, id)?.ok_or_else(ApiError::not_found)
}

pub fn update_movie(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
    changes: &MovieChanges,
) -> Result<Movie, ApiError> {
    let movie = find_movie(conn, id)?;
    if_match.check(movie.version)?;
    ensure_slug_free(conn, changes.slug.as_deref(), &movie.slug, db::movies::slug_taken)?;
    let updated = db::movies::update(conn, id, movie.version, changes)?.ok_or(ApiError::PreconditionFailed)?;
    if updated.slug != movie.slug {
        // Feed readers keyed by slug learn the old one is gone.
        fx.changed(conn, ChangeKind::Movie, id, &movie.slug, ChangeAction::Delete)?;
    }
    fx.changed(conn, ChangeKind::Movie, id, &updated.slug, ChangeAction::Upsert)?;
    super::search::reindex_movies(conn, &[id])?;
    db::audit::record(conn, Some(actor), "movie.update", "movie", Some(id))?;
    Ok(updated)
}

pub fn delete_movie(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let movie = find_movie(conn, id)?;
    if_match.check(movie.version)?;
    if db::movies::is_referenced_by_articles(conn, id)? {
        return Err(ApiError::Conflict("articles refer to this movie; detach them first".into()));
    }
    let people: Vec<i64> = db::credits::for_movies(conn, &[id])?.into_iter().map(|(c, _)| c.cast_member_id).collect();
    db::movies::delete(conn, id)?;
    fx.changed(conn, ChangeKind::Movie, id, &movie.slug, ChangeAction::Delete)?;
    cast_filmographies_changed(conn, fx, &people)?;
    db::audit::record(conn, Some(actor), "movie.delete", "movie", Some(id))?;
    Ok(())
}

pub fn create_cast_member(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    input: CastMemberInput,
) -> Result<CastMember, ApiError> {
    let mut new = input.person;
    new.slug = choose_slug(conn, input.slug, &new.name, db::people::slug_taken)?;
    let person = db::people::insert(conn, &new)?;
    fx.changed(conn, ChangeKind::CastMember, person.id, &person.slug, ChangeAction::Upsert)?;
    db::audit::record(conn, Some(actor), "cast_member.create", "cast_member", Some(person.id))?;
    Ok(person)
}

pub fn find_cast_member(conn: &mut DbConn, id: i64) -> Result<CastMember, ApiError> {
    db::people::find(conn, id)?.ok_or_else(ApiError::not_found)
}

pub fn update_cast_member(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
    changes: &CastMemberChanges,
) -> Result<CastMember, ApiError> {
    let person = find_cast_member(conn, id)?;
    if_match.check(person.version)?;
    ensure_slug_free(conn, changes.slug.as_deref(), &person.slug, db::people::slug_taken)?;
    let updated = db::people::update(conn, id, person.version, changes)?.ok_or(ApiError::PreconditionFailed)?;
    if updated.slug != person.slug {
        fx.changed(conn, ChangeKind::CastMember, id, &person.slug, ChangeAction::Delete)?;
    }
    fx.changed(conn, ChangeKind::CastMember, id, &updated.slug, ChangeAction::Upsert)?;
    let movies = db::credits::movie_ids_of_cast_member(conn, id)?;
    super::search::reindex_movies(conn, &movies)?;
    db::audit::record(conn, Some(actor), "cast_member.update", "cast_member", Some(id))?;
    Ok(updated)
}

/// Deletes a person and their credits; the movies they were credited on change too.
pub fn delete_cast_member(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let person = find_cast_member(conn, id)?;
    if_match.check(person.version)?;
    let movies = db::credits::movie_ids_of_cast_member(conn, id)?;
    db::people::delete(conn, id)?;
    fx.changed(conn, ChangeKind::CastMember, id, &person.slug, ChangeAction::Delete)?;
    movies_changed(conn, fx, &movies)?;
    super::search::reindex_movies(conn, &movies)?;
    db::audit::record(conn, Some(actor), "cast_member.delete", "cast_member", Some(id))?;
    Ok(())
}

fn movies_changed(conn: &mut DbConn, fx: &mut Effects, ids: &[i64]) -> Result<(), ApiError> {
    for movie in db::movies::find_many(conn, ids)? {
        fx.changed(conn, ChangeKind::Movie, movie.id, &movie.slug, ChangeAction::Upsert)?;
    }
    Ok(())
}

fn cast_filmographies_changed(conn: &mut DbConn, fx: &mut Effects, ids: &[i64]) -> Result<(), ApiError> {
    for id in ids {
        if let Some(person) = db::people::find(conn, *id)? {
            fx.changed(conn, ChangeKind::CastMember, person.id, &person.slug, ChangeAction::Upsert)?;
        }
    }
    Ok(())
}

/// A credit changes its movie's page, its person's filmography, and what the movie's
/// articles are found by.
fn credit_changed(conn: &mut DbConn, fx: &mut Effects, movie_id: i64, people: &[i64]) -> Result<(), ApiError> {
    movies_changed(conn, fx, &[movie_id])?;
    cast_filmographies_changed(conn, fx, people)?;
    Ok(super::search::reindex_movies(conn, &[movie_id])?)
}

fn person_of(conn: &mut DbConn, id: i64) -> Result<CastMember, ApiError> {
    db::people::find(conn, id)?.ok_or_else(|| ApiError::invalid("cast_member_id", "no cast member has this id"))
}

pub fn create_credit(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    movie_id: i64,
    mut new: NewCredit,
    billing_order: Option<i32>,
) -> Result<(Credit, CastMember), ApiError> {
    find_movie(conn, movie_id)?;
    let person = person_of(conn, new.cast_member_id)?;
    new.movie_id = movie_id;
    new.billing_order = match billing_order {
        Some(order) => order,
        None => db::credits::next_billing_order(conn, movie_id)?,
    };
    let credit = db::credits::insert(conn, &new)?;
    credit_changed(conn, fx, movie_id, &[person.id])?;
    db::audit::record(conn, Some(actor), "credit.create", "credit", Some(credit.id))?;
    Ok((credit, person))
}

pub fn list_credits(conn: &mut DbConn, movie_id: i64) -> Result<Vec<(Credit, CastMember)>, ApiError> {
    find_movie(conn, movie_id)?;
    Ok(db::credits::for_movies(conn, &[movie_id])?)
}

pub fn update_credit(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    (movie_id, id): (i64, i64),
    if_match: &IfMatch,
    changes: &CreditChanges,
) -> Result<(Credit, CastMember), ApiError> {
    let credit = db::credits::find(conn, movie_id, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(credit.version)?;
    let person = person_of(conn, changes.cast_member_id.unwrap_or(credit.cast_member_id))?;
    let role = changes.role.unwrap_or(credit.role);
    let character = changes.character.clone().unwrap_or(credit.character.clone());
    if role != crate::domain::CreditRole::Actor && character.is_some() {
        return Err(ApiError::invalid("character", "only actors play a character"));
    }
    let updated = db::credits::update(conn, id, credit.version, changes)?.ok_or(ApiError::PreconditionFailed)?;
    credit_changed(conn, fx, movie_id, &[credit.cast_member_id, person.id])?;
    db::audit::record(conn, Some(actor), "credit.update", "credit", Some(id))?;
    Ok((updated, person))
}

pub fn delete_credit(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    (movie_id, id): (i64, i64),
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let credit = db::credits::find(conn, movie_id, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(credit.version)?;
    db::credits::delete(conn, id)?;
    credit_changed(conn, fx, movie_id, &[credit.cast_member_id])?;
    db::audit::record(conn, Some(actor), "credit.delete", "credit", Some(id))?;
    Ok(())
}
