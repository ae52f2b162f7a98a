//! Old addresses and where they lead: the redirects editors keep (none loops, none chains:
//! a redirect to a path another one leaves from is refused, and those that led to a path
//! that now redirects are pointed past it), the ones imports record (they name the record,
//! so they follow its renames), and reading any path of the site back to where it leads
//! now: a redirect, or an article's old slug or old address under `MARQUEE_ARTICLE_PATH`.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::NaiveDateTime;

use super::Effects;
use crate::cache::{Collection, SurrogateKey};
use crate::config::Config;
use crate::db::redirects::{NewRedirect, Redirect, RedirectChanges};
use crate::db::{self, DbConn};
use crate::domain::addresses::{self, TargetKind, GONE};
use crate::domain::{Expected, SlugKind};
use crate::error::ApiError;

/// A checked redirect from an editor: normalized paths, a known status, a destination
/// unless it is 410.
#[derive(Debug, Clone)]
pub struct RedirectInput {
    pub from_path: String,
    pub to: Option<String>,
    pub status: i32,
    pub note: Option<String>,
}

/// Where a path leads now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// A path of the site or a URL; `None` for 410.
    pub to: Option<String>,
    pub status: u16,
}

/// Adds an editor's redirect. One to an article's address (its current one or an old one)
/// names the article, so it follows the article's renames.
#[tracing::instrument(level = "debug", skip_all)]
pub fn create(
    conn: &mut DbConn,
    fx: &mut Effects,
    config: &Config,
    actor: i64,
    input: &RedirectInput,
) -> Result<Redirect, ApiError> {
    db::redirects::take_turn(conn)?;
    if db::redirects::from_path(conn, &input.from_path)?.is_some() {
        return Err(ApiError::Conflict(format!("a redirect from {} exists", input.from_path)));
    }
    let to = checked_destination(conn, &input.from_path, input.to.as_deref(), None)?;
    let now = db::now();
    let article = match to.as_deref() {
        Some(to) => article_at(conn, config, to, now)?,
        None => None,
    };
    let redirect = db::redirects::insert(
        conn,
        &NewRedirect {
            from_path: input.from_path.clone(),
            to_url: to,
            target_kind: article.map(|_| TargetKind::Article),
            target_id: article,
            status: input.status,
            note: input.note.clone(),
            origin: "manual".into(),
            created_at: now,
            updated_at: now,
        },
    )?;
    collapse_into(conn, &redirect, now)?;
    db::audit::record(conn, Some(actor), "redirect.create", "redirect", Some(redirect.id))?;
    fx.stale(SurrogateKey::collection(Collection::Redirects));
    Ok(redirect)
}

/// Changes a redirect. One that names a record keeps leading to it unless a new destination
/// is given.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    config: &Config,
    actor: i64,
    id: i64,
    expected: &Expected,
    changes: &RedirectChanges,
) -> Result<Redirect, ApiError> {
    db::redirects::take_turn(conn)?;
    let current = db::redirects::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    super::ensure_version(expected, current.version)?;
    let from = changes.from_path.clone().unwrap_or_else(|| current.from_path.clone());
    if from != current.from_path && db::redirects::from_path(conn, &from)?.is_some() {
        return Err(ApiError::Conflict(format!("a redirect from {from} exists")));
    }
    let status = changes.status.unwrap_or(current.status);
    let to = match &changes.to_url {
        Some(to) => to.clone(),
        None => current.to_url.clone(),
    };
    let named = changes.to_url.is_none().then(|| current.target()).flatten();
    let to = match named {
        Some(_) => to,
        None => checked_destination(conn, &from, to.as_deref().filter(|_| status != i32::from(GONE)), Some(id))?,
    };
    if status != i32::from(GONE) && to.is_none() && named.is_none() {
        return Err(ApiError::invalid("to", "a redirect other than 410 leads somewhere"));
    }
    let now = db::now();
    let target = match (named, to.as_deref()) {
        (Some(named), _) => Some(named),
        (None, Some(to)) => article_at(conn, config, to, now)?.map(|id| (TargetKind::Article, id)),
        (None, None) => None,
    };
    let changes = RedirectChanges { from_path: Some(from), to_url: Some(to), ..changes.clone() };
    let mut updated = db::redirects::update(conn, id, &changes, now)?;
    if target != current.target() {
        updated = db::redirects::set_target(conn, id, target)?;
    }
    collapse_into(conn, &updated, now)?;
    db::audit::record(conn, Some(actor), "redirect.update", "redirect", Some(id))?;
    fx.stale(SurrogateKey::collection(Collection::Redirects));
    Ok(updated)
}

#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn delete(conn: &mut DbConn, fx: &mut Effects, actor: i64, id: i64, expected: &Expected) -> Result<(), ApiError> {
    let current = db::redirects::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    super::ensure_version(expected, current.version)?;
    db::redirects::delete(conn, id)?;
    db::audit::record(conn, Some(actor), "redirect.delete", "redirect", Some(id))?;
    fx.stale(SurrogateKey::collection(Collection::Redirects));
    Ok(())
}

/// `to` for a redirect from `from` (`own`: the redirect being changed), refusing a loop and
/// a chain: a destination that is itself redirected leads to where that one does instead
/// (422 naming it), and a destination back to `from` is a loop.
fn checked_destination(
    conn: &mut DbConn,
    from: &str,
    to: Option<&str>,
    own: Option<i64>,
) -> Result<Option<String>, ApiError> {
    let Some(to) = to else { return Ok(None) };
    if !to.starts_with('/') {
        return Ok(Some(to.to_string()));
    }
    if to == from {
        return Err(ApiError::invalid("to", "is from_path itself: the redirect would loop"));
    }
    if let Some(next) = db::redirects::from_path(conn, to)?.filter(|r| Some(r.id) != own) {
        let onward = next.to_url.as_deref().unwrap_or("its record");
        let why = if next.to_url.as_deref() == Some(from) {
            format!("{to} already leads back here ({from}): the redirects would loop")
        } else {
            format!("{to} is itself redirected (onward: {onward}); point at its destination instead of chaining")
        };
        return Err(ApiError::invalid("to", why));
    }
    Ok(Some(to.to_string()))
}

/// Redirects that led to `redirect.from_path` lead on to where it leads now, so no chain
/// forms; one that would then lead to itself is removed.
fn collapse_into(conn: &mut DbConn, redirect: &Redirect, now: NaiveDateTime) -> Result<(), ApiError> {
    let Some(to) = redirect.to_url.as_deref() else { return Ok(()) };
    for earlier in db::redirects::leading_to(conn, &redirect.from_path)? {
        if earlier.id == redirect.id {
            continue;
        }
        if earlier.from_path == to {
            db::redirects::delete(conn, earlier.id)?;
        } else {
            db::redirects::set_destination(conn, earlier.id, to, now)?;
        }
    }
    Ok(())
}

/// Where a path of the site leads now, if anywhere: a redirect from it, or an article's
/// address under `MARQUEE_ARTICLE_PATH` (an old slug, or an address that is no longer the
/// article's own: another date, another kind). A path that is an article's own address, or
/// that leads to nothing public, leads nowhere.
#[tracing::instrument(level = "debug", skip_all)]
pub fn resolve(
    conn: &mut DbConn,
    config: &Config,
    path: &str,
    now: NaiveDateTime,
) -> Result<Option<Resolved>, ApiError> {
    if let Some(redirect) = db::redirects::from_path(conn, path)? {
        let status = u16::try_from(redirect.status).unwrap_or(301);
        if status == GONE {
            return Ok(Some(Resolved { to: None, status }));
        }
        let to = destination_now(conn, config, &redirect, now)?;
        return Ok(to.filter(|to| !same_path(to, path)).map(|to| Resolved { to: Some(to), status }));
    }
    Ok(article_moved(conn, config, path, now)?.map(|to| Resolved { to: Some(to), status: 301 }))
}

/// Where a redirect leads now: its record's current address (nothing when the record is
/// gone or not public), or its destination.
pub fn destination_now(
    conn: &mut DbConn,
    config: &Config,
    redirect: &Redirect,
    now: NaiveDateTime,
) -> Result<Option<String>, ApiError> {
    match redirect.target() {
        Some((kind, id)) => record_address(conn, config, kind, id, now),
        None => Ok(redirect.to_url.clone()),
    }
}

/// The public article a path of the site is an address of (its own, or an old one), so a
/// redirect to it can name it.
fn article_at(conn: &mut DbConn, config: &Config, to: &str, now: NaiveDateTime) -> Result<Option<i64>, ApiError> {
    if !to.starts_with('/') {
        return Ok(None);
    }
    Ok(named_article(conn, config, to, now)?.map(|a| a.id))
}

/// The current address of a record a redirect names.
fn record_address(
    conn: &mut DbConn,
    config: &Config,
    kind: TargetKind,
    id: i64,
    now: NaiveDateTime,
) -> Result<Option<String>, ApiError> {
    Ok(match kind {
        TargetKind::Article => db::articles::find(conn, id)?
            .filter(|a| a.is_visible_at(now))
            .map(|a| config.article_path.path(a.address())),
        TargetKind::Tag => db::slugs::current_slug(conn, SlugKind::Tag, id)?.map(|slug| config.tag_path(&slug)),
        TargetKind::Media => db::media::find(conn, id)?.map(|item| {
            let name = crate::domain::media::names::original(&item.mime_type);
            crate::domain::media::names::url(&config.media_public_url, &item.key, &name)
        }),
    })
}

/// The article a path under the article pattern names, at its own address when that is not
/// the path.
fn article_moved(
    conn: &mut DbConn,
    config: &Config,
    path: &str,
    now: NaiveDateTime,
) -> Result<Option<String>, ApiError> {
    let address = named_article(conn, config, path, now)?.map(|a| config.article_path.path(a.address()));
    Ok(address.filter(|own| !same_path(own, path)))
}

/// The public article a path under the article pattern names: by id, by its slug, or by a
/// slug it had.
fn named_article(
    conn: &mut DbConn,
    config: &Config,
    path: &str,
    now: NaiveDateTime,
) -> Result<Option<db::articles::Article>, ApiError> {
    let Some(named) = config.article_path.read(path) else { return Ok(None) };
    let article = match (named.id, named.slug.as_deref()) {
        (Some(id), _) => db::articles::find(conn, id)?,
        (None, Some(slug)) => match db::articles::find_visible_by_slug(conn, slug, now)? {
            Some(article) => Some(article),
            None => match db::slugs::holder(conn, SlugKind::Article, slug)? {
                Some(id) => db::articles::find(conn, id)?,
                None => None,
            },
        },
        (None, None) => None,
    };
    Ok(article.filter(|a| a.is_visible_at(now)))
}

/// Whether two paths are one address once normalized.
fn same_path(a: &str, b: &str) -> bool {
    match (addresses::normalize(a), addresses::normalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Paths counted between two writes at most: beyond them a flood of distinct paths is not
/// counted, rather than held.
const PATHS_MAX: usize = 10_000;

/// Answers given since the last write, by normalized path: how many, and the last one's time.
#[derive(Debug, Default)]
pub struct Hits {
    counted: Mutex<HashMap<String, (i64, NaiveDateTime)>>,
}

impl Hits {
    pub fn count(&self, path: &str, at: NaiveDateTime) {
        let mut counted = self.counted.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((n, last)) = counted.get_mut(path) {
            *n += 1;
            *last = at;
        } else if counted.len() < PATHS_MAX {
            counted.insert(path.to_string(), (1, at));
        }
    }

    pub fn take(&self) -> HashMap<String, (i64, NaiveDateTime)> {
        std::mem::take(&mut *self.counted.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
