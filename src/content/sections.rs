//! Sections: an article's ordered parts. Positions stay 1-based and contiguous through
//! every insert, move, delete and reorder; each change bumps the article's version, so an
//! `If-Match` on the article sees section edits too.

use chrono::NaiveDateTime;

use super::articles::{editable, readable, sections_changed};
use super::Effects;
use crate::auth::extract::Identity;
use crate::db::sections::{NewSection, Section};
use crate::db::{self, DbConn};
use crate::dto::articles::{SectionInput, SectionPatch};
use crate::error::ApiError;
use crate::extract::IfMatch;

pub fn new_row(article_id: i64, position: i32, s: SectionInput, now: NaiveDateTime) -> NewSection {
    NewSection {
        article_id,
        position,
        heading: s.heading,
        subheading: s.subheading,
        body: s.body,
        body_html: s.body_html,
        media_url: s.media_url,
        media_caption: s.media_caption,
        created_at: now,
        updated_at: now,
    }
}

fn out_of_range(count: i64) -> ApiError {
    ApiError::invalid("position", format!("must be between 1 and {count}"))
}

pub fn list(conn: &mut DbConn, who: &Identity, article_id: i64) -> Result<Vec<Section>, ApiError> {
    readable(conn, who, article_id)?;
    Ok(db::sections::of_article(conn, article_id)?)
}

pub fn find(conn: &mut DbConn, who: &Identity, (article_id, id): (i64, i64)) -> Result<Section, ApiError> {
    readable(conn, who, article_id)?;
    db::sections::find(conn, article_id, id)?.ok_or_else(ApiError::not_found)
}

/// Appends, or inserts at `position` and moves the rest down.
pub fn create(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    article_id: i64,
    input: SectionInput,
) -> Result<Section, ApiError> {
    let article = editable(conn, who, article_id)?;
    let count = db::sections::count(conn, article_id)?;
    let position = match input.position {
        None => count as i32 + 1,
        Some(p) if (1..=count + 1).contains(&i64::from(p)) => p,
        Some(_) => return Err(out_of_range(count + 1)),
    };
    db::sections::shift(conn, article_id, position, None, 1)?;
    let section = db::sections::insert(conn, &new_row(article_id, position, input, db::now()))?;
    sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.create", "section", Some(section.id))?;
    Ok(section)
}

/// Changes a section's content and/or moves it.
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    (article_id, id): (i64, i64),
    if_match: &IfMatch,
    patch: SectionPatch,
) -> Result<Section, ApiError> {
    let article = editable(conn, who, article_id)?;
    let section = db::sections::find(conn, article_id, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(section.version)?;
    if let Some(to) = patch.position.filter(|p| *p != section.position) {
        let count = db::sections::count(conn, article_id)?;
        if !(1..=count).contains(&i64::from(to)) {
            return Err(out_of_range(count));
        }
        let from = section.position;
        if to < from {
            db::sections::shift(conn, article_id, to, Some(from - 1), 1)?;
        } else {
            db::sections::shift(conn, article_id, from + 1, Some(to), -1)?;
        }
        db::sections::set_position(conn, id, to)?;
    }
    let updated =
        db::sections::update(conn, id, section.version, &patch.changes)?.ok_or(ApiError::PreconditionFailed)?;
    sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.update", "section", Some(id))?;
    Ok(updated)
}

/// Deletes a section and closes the gap.
pub fn delete(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    (article_id, id): (i64, i64),
    if_match: &IfMatch,
) -> Result<(), ApiError> {
    let article = editable(conn, who, article_id)?;
    let section = db::sections::find(conn, article_id, id)?.ok_or_else(ApiError::not_found)?;
    if_match.check(section.version)?;
    db::sections::delete(conn, id)?;
    db::sections::shift(conn, article_id, section.position + 1, None, -1)?;
    sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.delete", "section", Some(id))?;
    Ok(())
}

/// Puts the sections in the given order; `ids` must be exactly the article's sections.
/// `If-Match` here is the article's ETag.
pub fn reorder(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    article_id: i64,
    if_match: &IfMatch,
    ids: &[i64],
) -> Result<Vec<Section>, ApiError> {
    let article = editable(conn, who, article_id)?;
    if_match.check(article.version)?;
    let current = db::sections::of_article(conn, article_id)?;
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    let mut have: Vec<i64> = current.iter().map(|s| s.id).collect();
    have.sort_unstable();
    if wanted != have {
        return Err(ApiError::invalid("section_ids", "must list every section of the article exactly once"));
    }
    for (i, id) in ids.iter().enumerate() {
        let position = i as i32 + 1;
        if current.iter().any(|s| s.id == *id && s.position != position) {
            db::sections::set_position(conn, *id, position)?;
            db::sections::bump(conn, *id)?;
        }
    }
    sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.reorder", "article", Some(article_id))?;
    Ok(db::sections::of_article(conn, article_id)?)
}
