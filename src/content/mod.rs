//! Editorial operations: each runs inside one write transaction and composes the `db`
//! functions for the record, its audit row, its change-feed row and its revision, so they
//! commit together or not at all. Handlers call one of these and respond.

pub mod articles;
pub mod catalogue;
pub mod comments;
pub mod search;
pub mod sections;
pub mod views;

use std::collections::BTreeSet;

use crate::db::{self, DbConn};
use crate::domain::{ChangeAction, ChangeKind, Slug};
use crate::error::ApiError;

/// What a write did to public content: the surrogate keys whose cached responses are now
/// stale. Filled as change-feed rows are written, read after the commit.
#[derive(Debug, Default)]
pub struct Effects {
    pub purge: BTreeSet<String>,
    /// A scheduled time was set or cleared: the cache must learn the next due time.
    pub reschedule: bool,
}

/// The `Surrogate-Key` of a public record.
pub fn surrogate_key(kind: ChangeKind, id: i64) -> String {
    match kind {
        ChangeKind::Article => format!("article-{id}"),
        ChangeKind::Movie => format!("movie-{id}"),
        ChangeKind::CastMember => format!("cast-member-{id}"),
    }
}

/// Keys of the collection responses a change of `kind` can reorder or resize (and the
/// change feed, which every change extends).
pub fn collection_keys(kind: ChangeKind) -> &'static [&'static str] {
    match kind {
        ChangeKind::Article => &["articles", "tags", "search", "changes"],
        ChangeKind::Movie => &["movies", "search", "changes"],
        ChangeKind::CastMember => &["cast-members", "search", "changes"],
    }
}

/// Every cache key a change-feed row makes stale: used after local writes and for
/// changes other nodes made.
pub fn stale_keys(kind: ChangeKind, id: i64) -> impl Iterator<Item = String> {
    std::iter::once(surrogate_key(kind, id)).chain(collection_keys(kind).iter().map(|k| k.to_string()))
}

impl Effects {
    /// Records that a public record appeared, changed or went away: a change-feed row now,
    /// cache purges after the commit.
    pub fn changed(
        &mut self,
        conn: &mut DbConn,
        kind: ChangeKind,
        id: i64,
        slug: &str,
        action: ChangeAction,
    ) -> Result<(), ApiError> {
        db::changes::record(conn, kind, id, slug, action)?;
        self.purge.extend(stale_keys(kind, id));
        Ok(())
    }
}

/// The slug to store: the explicit one (409 if taken), else one made from `text` with a
/// suffix that keeps it unique.
pub fn choose_slug(
    conn: &mut DbConn,
    explicit: Option<Slug>,
    text: &str,
    taken: fn(&mut DbConn, &str) -> diesel::QueryResult<bool>,
) -> Result<String, ApiError> {
    match explicit {
        Some(slug) => {
            if taken(conn, slug.as_str())? {
                return Err(ApiError::Conflict(format!("the slug {} is already taken", slug.as_str())));
            }
            Ok(slug.into_inner())
        }
        None => {
            let base = Slug::from_text(text).unwrap_or_else(|| Slug::parse("untitled").expect("a valid literal slug"));
            Ok(crate::domain::slug::first_free(&base, |s| taken(conn, s))?.into_inner())
        }
    }
}

/// 409 when an explicit new slug belongs to another record.
pub fn ensure_slug_free(
    conn: &mut DbConn,
    new_slug: Option<&str>,
    current: &str,
    taken: fn(&mut DbConn, &str) -> diesel::QueryResult<bool>,
) -> Result<(), ApiError> {
    match new_slug {
        Some(slug) if slug != current && taken(conn, slug)? => {
            Err(ApiError::Conflict(format!("the slug {slug} is already taken")))
        }
        _ => Ok(()),
    }
}
