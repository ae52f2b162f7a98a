//! The media library's workflows: an upload becomes an item (its files are made afterwards
//! by a queued job, `jobs::media`), editors describe it (alt text, caption, credit, focal
//! point), content shows it, and what shows it follows its changes: the pages are purged and
//! recorded in the change feed, and section bodies that show it are rendered again.

use std::collections::HashMap;

use super::Effects;
use crate::auth::{permissions, Identity};
use crate::cache::{Collection, SurrogateKey};
use crate::db::media::{Made, Media, MediaChanges, NewMedia};
use crate::db::media_jobs::JobKind;
use crate::db::{self, DbConn};
use crate::domain::addresses::TargetKind;
use crate::domain::media::{MediaStatus, MediaUse, VariantFormat};
use crate::domain::{ChangeAction, ChangeKind, Expected};
use crate::error::ApiError;
use crate::render::{self, InlineImage};

/// The setting that holds the base URL library images were rendered with into stored HTML
/// (`MARQUEE_MEDIA_PUBLIC_URL`, or `/media`), so that bodies can be rendered again when it
/// changes (see `startup`).
pub const BASE_SETTING: &str = "media_public_url";

/// Records an upload and queues the making of its files. An upload whose bytes the library
/// has already (the same key, ready) takes that item's files at once.
#[tracing::instrument(level = "debug", skip_all)]
/// `upload` is a checked upload (`media::upload::described`) whose bytes are in the store
/// under `incoming/{key}`.
pub fn upload(conn: &mut DbConn, who: &Identity, upload: &NewMedia) -> Result<Media, ApiError> {
    let now = db::now();
    let new = NewMedia {
        status: MediaStatus::Processing,
        uploaded_by: Some(who.user_id),
        created_at: now,
        updated_at: now,
        ..upload.clone()
    };
    let mut item = db::media::insert(conn, &new)?;
    match db::media::ready_with_key(conn, &upload.key)? {
        Some(twin) => {
            let made = Made {
                width: twin.width,
                height: twin.height,
                bytes: twin.bytes,
                blurhash: twin.blurhash.unwrap_or_default(),
                variants: twin.variants.list().to_vec(),
            };
            if let Some(ready) = db::media::set_ready(conn, &upload.key, &made)?.into_iter().find(|m| m.id == item.id) {
                item = ready;
            }
        }
        None => {
            // Files of these bytes may be going (their last item was deleted): the new
            // ones are made once that is over.
            let after = db::media_jobs::call_off_purges(conn, &upload.key)?.map_or(now, |until| until.max(now));
            db::media_jobs::enqueue_at(conn, JobKind::Variants, Some(item.id), &upload.key, after)?;
        }
    }
    db::audit::record(conn, Some(who.user_id), "media.upload", "media", Some(item.id))?;
    Ok(item)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Media, ApiError> {
    db::media::find(conn, id)?.ok_or_else(ApiError::not_found)
}

/// The item, locked, if `who` may change it (403 otherwise) and it is at `expected`.
fn manageable(conn: &mut DbConn, who: &Identity, id: i64, expected: &Expected) -> Result<Media, ApiError> {
    let item = db::media::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    if !permissions::can_manage_media(who.role, who.user_id, item.uploaded_by) {
        return Err(ApiError::Forbidden("authors change only their own uploads".into()));
    }
    super::ensure_version(expected, item.version)?;
    Ok(item)
}

/// Changes an item's description; what shows it follows.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    id: i64,
    expected: &Expected,
    changes: &MediaChanges,
) -> Result<Media, ApiError> {
    manageable(conn, who, id, expected)?;
    let updated = db::media::update(conn, id, changes)?;
    shown_changed(conn, fx, &[id])?;
    db::audit::record(conn, Some(who.user_id), "media.update", "media", Some(id))?;
    Ok(updated)
}

/// Deletes an item nothing uses (409 naming where it is used); its files go once no other
/// item has the same upload.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
/// Redirects from the item's old addresses (an import's) go with it.
pub fn delete(
    conn: &mut DbConn,
    fx: &mut Effects,
    who: &Identity,
    id: i64,
    expected: &Expected,
) -> Result<(), ApiError> {
    let item = manageable(conn, who, id, expected)?;
    let uses = db::media::uses(conn, &[id])?;
    if !uses.is_empty() {
        let listed: Vec<String> = uses.iter().map(|(_, kind, record)| format!("{kind} {record}")).collect();
        return Err(ApiError::Conflict(format!("the item is in use: {}", listed.join(", "))));
    }
    db::media::delete(conn, id)?;
    if db::redirects::delete_leading_to(conn, TargetKind::Media, id)? > 0 {
        fx.stale(SurrogateKey::collection(Collection::Redirects));
    }
    if !db::media::key_in_use(conn, &item.key)? {
        db::media_jobs::enqueue(conn, JobKind::Purge, None, &item.key)?;
    }
    Ok(db::audit::record(conn, Some(who.user_id), "media.delete", "media", Some(id))?)
}

/// An upload's files are made: its items (every item of the same upload) are ready, and
/// what shows them follows.
#[tracing::instrument(level = "debug", skip_all)]
pub fn finished(conn: &mut DbConn, fx: &mut Effects, key: &str, made: &Made) -> Result<Vec<Media>, ApiError> {
    let ready = db::media::set_ready(conn, key, made)?;
    let ids: Vec<i64> = ready.iter().map(|m| m.id).collect();
    shown_changed(conn, fx, &ids)?;
    Ok(ready)
}

/// An upload that cannot be made into files: its item says why.
pub fn failed(conn: &mut DbConn, id: i64, why: &str) -> Result<(), ApiError> {
    db::media::set_failed(conn, id, why)?;
    Ok(())
}

/// The public records that show these items change: purged and recorded in the change feed,
/// and section bodies that show them rendered again.
pub fn shown_changed(conn: &mut DbConn, fx: &mut Effects, ids: &[i64]) -> Result<(), ApiError> {
    let now = db::now();
    let mut articles: Vec<i64> = Vec::new();
    for (_, kind, record) in db::media::uses(conn, ids)? {
        match kind {
            MediaUse::Article => articles.push(record),
            MediaUse::Section => {
                if let Some(section) = db::sections::by_id(conn, record)? {
                    articles.push(section.article_id);
                }
            }
            MediaUse::Movie => fx.movies_changed(conn, &[record])?,
            MediaUse::CastMember => fx.cast_members_changed(conn, &[record])?,
            MediaUse::User => {
                for (article_id, slug) in db::articles::visible_slugs_by_author(conn, record, now)? {
                    fx.changed(ChangeKind::Article, article_id, &slug, ChangeAction::Upsert);
                }
                fx.stale(crate::cache::SurrogateKey::author(record));
            }
        }
    }
    for section in db::media::sections_showing(conn, ids)? {
        rerender_section(conn, section)?;
    }
    for article in db::articles::find_many(conn, &articles)? {
        if article.is_visible_at(now) {
            fx.changed(ChangeKind::Article, article.id, &article.slug, ChangeAction::Upsert);
        }
    }
    Ok(())
}

/// Makes `base` the base URL of library images in stored HTML: when it differs from the one
/// the bodies were rendered with, every section showing a library image is rendered again.
/// The number of sections rendered.
pub fn adopt_base(conn: &mut DbConn, base: &str) -> Result<usize, ApiError> {
    if db::settings::get(conn, BASE_SETTING)?.as_deref() == Some(base) {
        return Ok(0);
    }
    db::settings::put(conn, BASE_SETTING, base)?;
    let sections = db::media::sections_with_images(conn)?;
    for &section in &sections {
        rerender_section(conn, section)?;
    }
    Ok(sections.len())
}

/// Renders a stored section's body again (a library image it shows changed).
fn rerender_section(conn: &mut DbConn, id: i64) -> Result<(), ApiError> {
    let Some(section) = db::sections::by_id(conn, id)? else { return Ok(()) };
    match body_html(conn, &section.body)? {
        Ok(html) => {
            db::sections::set_html(conn, id, &html)?;
        }
        // It rendered when it was written, under the same bounds; should it not now, the
        // section keeps the HTML it has.
        Err(e) => tracing::warn!(section = id, error = %e, "a section could not be rendered again"),
    }
    Ok(())
}

/// A section body written by an editor, rendered with its library images; a 422 naming
/// `field` when it is too costly to render or names an item the library does not have.
pub fn section_html(conn: &mut DbConn, markdown: &str, field: &str) -> Result<String, ApiError> {
    let ids = render::images::media_ids(markdown);
    let known = db::media::existing_ids(conn, &ids)?;
    if let Some(missing) = ids.iter().find(|id| !known.contains(id)) {
        return Err(ApiError::invalid(field, format!("no media item has the id {missing} (media:{missing})")));
    }
    body_html(conn, markdown)?.map_err(|e| ApiError::invalid(field, e.to_string()))
}

/// A section body rendered with the library images it names as they are now: each ready
/// item as a full `<img>`, any other as its alt text.
pub fn body_html(conn: &mut DbConn, markdown: &str) -> Result<Result<String, render::RenderError>, ApiError> {
    let ids = render::images::media_ids(markdown);
    let images = if ids.is_empty() { HashMap::new() } else { inline_images(conn, &ids)? };
    Ok(render::markdown_to_html_with(markdown, &|id| images.get(&id).cloned()))
}

/// Records which library items a stored section's body shows.
pub fn link_section(conn: &mut DbConn, section_id: i64, markdown: &str) -> Result<(), ApiError> {
    let ids = db::media::existing_ids(conn, &render::images::media_ids(markdown))?;
    Ok(db::media::set_section_images(conn, section_id, &ids)?)
}

/// A 422 naming `field` unless `id` is none or a library item.
pub fn check_item(conn: &mut DbConn, id: Option<i64>, field: &str) -> Result<(), ApiError> {
    match id {
        Some(id) if existing(conn, Some(id))?.is_none() => Err(ApiError::invalid(field, "no media item has this id")),
        _ => Ok(()),
    }
}

/// `id` if the library has it (a reference restored or imported may name one deleted since).
pub fn existing(conn: &mut DbConn, id: Option<i64>) -> Result<Option<i64>, ApiError> {
    let Some(id) = id else { return Ok(None) };
    Ok(db::media::existing_ids(conn, &[id])?.first().copied())
}

/// What an `<img>` of each ready item among `ids` carries.
fn inline_images(conn: &mut DbConn, ids: &[i64]) -> Result<HashMap<i64, InlineImage>, ApiError> {
    let base = db::settings::get(conn, BASE_SETTING)?.unwrap_or_else(|| "/media".into());
    Ok(db::media::find_many(conn, ids)?
        .into_iter()
        .filter(|m| m.status == MediaStatus::Ready)
        .map(|m| (m.id, inline_image(&base, &m)))
        .collect())
}

/// An item's `<img>`: its original's family, the largest variant up to 1280 pixels wide as
/// `src` (the original when it has none), every width of the family in `srcset`.
pub fn inline_image(base: &str, item: &Media) -> InlineImage {
    let family = family(item);
    let variants: Vec<_> = item.variants.list().iter().filter(|v| v.format == family).collect();
    let url = |name: &str| crate::domain::media::names::url(base, &item.key, name);
    let (src, width, height) = match variants.iter().rev().find(|v| v.width <= 1280).or(variants.last()) {
        Some(v) => (url(&v.file_name()), v.width, v.height),
        None => (url(&crate::domain::media::names::original(&item.mime_type)), item.width as u32, item.height as u32),
    };
    let srcset =
        variants.iter().map(|v| format!("{} {}w", url(&v.file_name()), v.width)).collect::<Vec<_>>().join(", ");
    InlineImage { src, srcset, width, height, alt: item.alt.clone() }
}

/// The format family of an item's variants: PNG when it has transparency, else JPEG.
pub fn family(item: &Media) -> VariantFormat {
    if item.variants.list().iter().any(|v| v.format == VariantFormat::Png) {
        VariantFormat::Png
    } else {
        VariantFormat::Jpeg
    }
}
