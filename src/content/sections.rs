//! Sections: an article's ordered parts. Positions stay exactly `1..n` through every insert,
//! move, delete and reorder, and a unique index on `(article_id, position)` makes the
//! database refuse anything else. Each change locks the article's row first (always the
//! article, then its sections: one order, so concurrent edits wait instead of deadlocking)
//! and bumps the article's version, so an `If-Match` on the article sees section edits too.

use super::articles::{editable, readable, sections_changed, SectionInput};
use super::media;
use super::{ensure_version, Effects};
use crate::auth::Identity;
use crate::db::sections::{Section, SectionChanges};
use crate::db::{self, DbConn};
use crate::domain::Expected;
use crate::error::ApiError;

/// A checked change to a section; a new body is rendered when stored.
#[derive(Debug, Clone, Default)]
pub struct SectionPatch {
    pub heading: Option<String>,
    pub subheading: Option<Option<String>>,
    pub body: Option<String>,
    pub media_url: Option<Option<String>>,
    pub media_caption: Option<Option<String>>,
    pub media_id: Option<Option<i64>>,
    /// Move the section here (1-based); the others shift.
    pub position: Option<i32>,
}

impl SectionPatch {
    /// The columns to set, a new body rendered; 422 for a library item that does not exist.
    fn changes(&self, conn: &mut DbConn) -> Result<SectionChanges, ApiError> {
        if let Some(media_id) = self.media_id {
            media::check_item(conn, media_id, "media_id")?;
        }
        Ok(SectionChanges {
            heading: self.heading.clone(),
            subheading: self.subheading.clone(),
            body_html: self.body.as_deref().map(|b| media::section_html(conn, b, "body")).transpose()?,
            body: self.body.clone(),
            media_url: self.media_url.clone(),
            media_caption: self.media_caption.clone(),
            media_id: self.media_id,
        })
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
#[tracing::instrument(level = "debug", skip_all, fields(article_id = article_id))]
pub fn create(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    article_id: i64,
    input: &SectionInput,
) -> Result<Section, ApiError> {
    let article = editable(conn, who, article_id)?;
    let count = db::sections::count(conn, article_id)?;
    let position = match input.position {
        None => count as i32 + 1,
        Some(p) if (1..=count + 1).contains(&i64::from(p)) => p,
        Some(_) => return Err(out_of_range(count + 1)),
    };
    db::sections::shift(conn, article_id, position, None, 1)?;
    let section = input.insert(conn, article_id, position, db::now(), "")?;
    sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.create", "section", Some(section.id))?;
    Ok(section)
}

/// Changes a section's content and/or moves it.
#[tracing::instrument(level = "debug", skip_all, fields(article_id = ids.0, id = ids.1))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    ids: (i64, i64),
    expected: &Expected,
    patch: &SectionPatch,
) -> Result<Section, ApiError> {
    let (article_id, id) = ids;
    let article = editable(conn, who, article_id)?;
    let section = db::sections::find(conn, article_id, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, section.version)?;
    if let Some(to) = patch.position.filter(|p| *p != section.position) {
        let count = db::sections::count(conn, article_id)?;
        if !(1..=count).contains(&i64::from(to)) {
            return Err(out_of_range(count));
        }
        db::sections::move_to(conn, article_id, section.position, to)?;
    }
    let changes = patch.changes(conn)?;
    let updated = db::sections::update(conn, id, &changes)?;
    if patch.body.is_some() {
        media::link_section(conn, id, &updated.body)?;
    }
    sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.update", "section", Some(id))?;
    Ok(updated)
}

/// Deletes a section and closes the gap.
#[tracing::instrument(level = "debug", skip_all, fields(article_id = ids.0, id = ids.1))]
pub fn delete(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    ids: (i64, i64),
    expected: &Expected,
) -> Result<(), ApiError> {
    let (article_id, id) = ids;
    let article = editable(conn, who, article_id)?;
    let section = db::sections::find(conn, article_id, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, section.version)?;
    db::sections::delete(conn, id)?;
    db::sections::shift(conn, article_id, section.position + 1, None, -1)?;
    sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.delete", "section", Some(id))?;
    Ok(())
}

/// Puts the sections in the given order; `ids` must be exactly the article's sections.
/// The expected version here is the article's. Returns the sections and the article's new
/// version.
#[tracing::instrument(level = "debug", skip_all, fields(article_id = article_id))]
pub fn reorder(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    article_id: i64,
    expected: &Expected,
    ids: &[i64],
) -> Result<(Vec<Section>, i64), ApiError> {
    let article = editable(conn, who, article_id)?;
    ensure_version(expected, article.version)?;
    let current = db::sections::of_article(conn, article_id)?;
    let mut wanted = ids.to_vec();
    wanted.sort_unstable();
    let mut have: Vec<i64> = current.iter().map(|s| s.id).collect();
    have.sort_unstable();
    if wanted != have {
        return Err(ApiError::invalid("section_ids", "must list every section of the article exactly once"));
    }
    let moved: Vec<(i64, i32)> = (1..)
        .zip(ids)
        .filter(|(position, id)| current.iter().any(|s| s.id == **id && s.position != *position))
        .map(|(position, id)| (*id, position))
        .collect();
    db::sections::set_positions(conn, article_id, &moved)?;
    let after = sections_changed(conn, fx, who.user_id, &article)?;
    db::audit::record(conn, Some(who.user_id), "section.reorder", "article", Some(article_id))?;
    Ok((db::sections::of_article(conn, article_id)?, after.version))
}
