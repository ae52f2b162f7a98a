//! Credits: who did what on a movie, in billing order. A credit changes its movie's page,
//! its person's filmography, and what the movie's articles are found by. Each write locks
//! the movie's row first, so billing positions handed out together never collide.

use super::{ensure_version, search, Effects};
use crate::db::cast_members::CastMember;
use crate::db::credits::{Credit, CreditChanges, NewCredit};
use crate::db::{self, DbConn};
use crate::domain::{CreditRole, Expected};
use crate::error::ApiError;

fn credit_changed(conn: &mut DbConn, fx: &mut Effects, movie_id: i64, people: &[i64]) -> Result<(), ApiError> {
    fx.movies_changed(conn, &[movie_id])?;
    fx.cast_members_changed(conn, people)?;
    Ok(search::reindex_movies(conn, &[movie_id])?)
}

fn person_of(conn: &mut DbConn, id: i64) -> Result<CastMember, ApiError> {
    db::cast_members::find(conn, id)?.ok_or_else(|| ApiError::invalid("cast_member_id", "no cast member has this id"))
}

/// Locks the movie: every write to its credits runs one after the other.
fn lock_movie(conn: &mut DbConn, movie_id: i64) -> Result<(), ApiError> {
    db::movies::find_for_update(conn, movie_id)?.ok_or_else(ApiError::not_found)?;
    Ok(())
}

/// Credits someone; without a billing order, after the movie's last credit.
#[tracing::instrument(level = "debug", skip_all, fields(movie_id = movie_id))]
pub fn create(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    movie_id: i64,
    new: &NewCredit,
    billing_order: Option<i32>,
) -> Result<(Credit, CastMember), ApiError> {
    lock_movie(conn, movie_id)?;
    let person = person_of(conn, new.cast_member_id)?;
    let billing_order = match billing_order {
        Some(order) => order,
        None => db::credits::next_billing_order(conn, movie_id)?,
    };
    let now = db::now();
    let credit = db::credits::insert(
        conn,
        &NewCredit { movie_id, billing_order, created_at: now, updated_at: now, ..new.clone() },
    )?;
    credit_changed(conn, fx, movie_id, &[person.id])?;
    db::audit::record(conn, Some(actor), "credit.create", "credit", Some(credit.id))?;
    Ok((credit, person))
}

pub fn list(conn: &mut DbConn, movie_id: i64) -> Result<Vec<(Credit, CastMember)>, ApiError> {
    db::movies::find(conn, movie_id)?.ok_or_else(ApiError::not_found)?;
    Ok(db::credits::for_movies(conn, &[movie_id])?)
}

fn locked(conn: &mut DbConn, (movie_id, id): (i64, i64), expected: &Expected) -> Result<Credit, ApiError> {
    lock_movie(conn, movie_id)?;
    let credit = db::credits::find_for_update(conn, movie_id, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, credit.version)?;
    Ok(credit)
}

#[tracing::instrument(level = "debug", skip_all, fields(movie_id = ids.0, id = ids.1))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    ids: (i64, i64),
    expected: &Expected,
    changes: &CreditChanges,
) -> Result<(Credit, CastMember), ApiError> {
    let credit = locked(conn, ids, expected)?;
    let person = person_of(conn, changes.cast_member_id.unwrap_or(credit.cast_member_id))?;
    let role = changes.role.unwrap_or(credit.role);
    let character = changes.character.clone().unwrap_or(credit.character.clone());
    if role != CreditRole::Actor && character.is_some() {
        return Err(ApiError::invalid("character", "only actors play a character"));
    }
    let updated = db::credits::update(conn, credit.id, changes)?;
    credit_changed(conn, fx, ids.0, &[credit.cast_member_id, person.id])?;
    db::audit::record(conn, Some(actor), "credit.update", "credit", Some(credit.id))?;
    Ok((updated, person))
}

#[tracing::instrument(level = "debug", skip_all, fields(movie_id = ids.0, id = ids.1))]
pub fn delete(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    ids: (i64, i64),
    expected: &Expected,
) -> Result<(), ApiError> {
    let credit = locked(conn, ids, expected)?;
    db::credits::delete(conn, credit.id)?;
    credit_changed(conn, fx, ids.0, &[credit.cast_member_id])?;
    db::audit::record(conn, Some(actor), "credit.delete", "credit", Some(credit.id))?;
    Ok(())
}
