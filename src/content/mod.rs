//! Workflows: one function per use case (create an article, publish it, submit a comment,
//! create a user...). Each writes its record and the side records that go with it — audit
//! row, change-feed row, revision, search index — inside the caller's transaction, so they
//! commit together or not at all, and reports through [`Effects`] what public content it
//! touched. Plain values in and out: no HTTP types and no request DTOs. The API, the command
//! line and start-up call the same functions, so they leave the same records behind.
//!
//! Also here: the public views assembled from rows (`views`), which record every record a
//! response shows for its cache keys and ETag.

pub mod articles;
pub mod cast_members;
pub mod comments;
pub mod credits;
pub mod media;
pub mod movies;
pub mod previews;
pub mod redirects;
pub mod revisions;
pub mod search;
pub mod sections;
pub mod sessions;
pub mod settings;
pub mod tokens;
pub mod users;
pub mod views;
pub mod webhooks;
pub mod wordpress;

use std::collections::BTreeSet;

use chrono::NaiveDateTime;

use crate::cache::SurrogateKey;
use crate::db::{self, DbConn};
use crate::domain::{ChangeAction, ChangeKind, Expected, Slug, SlugKind};
use crate::error::ApiError;
pub use webhooks::{Emitted, Outbox, Subject};

/// One public record that appeared, changed or went away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub id: i64,
    pub slug: String,
    pub action: ChangeAction,
}

/// What a write did to public content, collected while it runs and written out at the end
/// of its transaction by [`apply`]: the change-feed rows, the surrogate keys whose cached
/// responses are stale once it commits, and whether the next scheduled publication moved.
#[derive(Debug, Default)]
pub struct Effects {
    changes: Vec<Change>,
    events: Vec<Emitted>,
    purge: BTreeSet<SurrogateKey>,
    /// The keys in `purge` that no feed row stands for: other nodes learn of them from a
    /// notification sent at commit.
    stale: BTreeSet<SurrogateKey>,
    /// The ids of the feed rows written.
    recorded: Vec<i64>,
    reschedule: bool,
    /// When the next scheduled article falls due, read inside the transaction that moved it
    /// (`Some(None)`: nothing is scheduled); `None` when the write did not touch schedules.
    next_due: Option<Option<NaiveDateTime>>,
}

impl Effects {
    /// Records that a public record appeared, changed or went away.
    pub fn changed(&mut self, kind: ChangeKind, id: i64, slug: &str, action: ChangeAction) {
        self.purge.extend(SurrogateKey::stale_after_change(kind, id));
        let change = Change { kind, id, slug: slug.to_string(), action };
        // One row per record and action is enough for followers.
        if !self.changes.contains(&change) {
            self.changes.push(change);
        }
    }

    /// Records a webhook event; its deliveries are written with the transaction's other
    /// side records.
    pub fn emit(&mut self, event: crate::domain::webhooks::Event, subject: Subject) {
        let emitted = Emitted { event, subject };
        if !self.events.contains(&emitted) {
            self.events.push(emitted);
        }
    }

    /// Marks a cached response key stale that no change-feed row stands for.
    pub fn stale(&mut self, key: SurrogateKey) {
        self.purge.insert(key.clone());
        self.stale.insert(key);
    }

    /// Records that a scheduled time was set or cleared.
    pub fn reschedule(&mut self) {
        self.reschedule = true;
    }

    /// The public pages of these movies changed (their credits or the people on them).
    pub fn movies_changed(&mut self, conn: &mut DbConn, ids: &[i64]) -> Result<(), ApiError> {
        for movie in db::movies::find_many(conn, ids)? {
            self.changed(ChangeKind::Movie, movie.id, &movie.slug, ChangeAction::Upsert);
        }
        Ok(())
    }

    /// The public pages of these cast members changed (their filmographies).
    pub fn cast_members_changed(&mut self, conn: &mut DbConn, ids: &[i64]) -> Result<(), ApiError> {
        for person in db::cast_members::find_many(conn, ids)? {
            self.changed(ChangeKind::CastMember, person.id, &person.slug, ChangeAction::Upsert);
        }
        Ok(())
    }

    /// The surrogate keys to purge after the commit.
    pub fn purged(&self) -> &BTreeSet<SurrogateKey> {
        &self.purge
    }

    /// The change-feed rows the write added (their purges are done by [`Effects::purged`]).
    pub fn recorded(&self) -> &[i64] {
        &self.recorded
    }

    /// The next due time, when this write moved it.
    pub fn next_due(&self) -> Option<Option<NaiveDateTime>> {
        self.next_due
    }

    /// Whether the write emitted webhook events (the delivery worker is woken after it).
    pub fn emitted(&self) -> bool {
        !self.events.is_empty()
    }

    /// Writes the side records the collected effects call for, as the last step of the
    /// transaction.
    fn record(&mut self, conn: &mut DbConn, outbox: &dyn Outbox) -> Result<(), ApiError> {
        // Payloads are built first, outside the append lock.
        let deliveries = if self.events.is_empty() { Vec::new() } else { outbox.deliveries(conn, &self.events)? };
        if !self.changes.is_empty() || !deliveries.is_empty() {
            // Feed rows and deliveries get their ids in commit order: see `db::changes`.
            db::changes::lock_for_append(conn)?;
        }
        for change in &self.changes {
            let id = db::changes::record(conn, change.kind, change.id, &change.slug, change.action)?;
            self.recorded.push(id);
        }
        db::webhook_deliveries::insert(conn, &deliveries)?;
        if !self.stale.is_empty() {
            db::changes::notify_stale(conn, self.stale.iter().map(SurrogateKey::as_str))?;
        }
        if self.reschedule {
            self.next_due = Some(db::articles::next_due(conn)?);
            db::changes::notify_schedule_moved(conn)?;
        }
        Ok(())
    }
}

/// Runs a workflow inside the caller's transaction and writes out its effects, webhook
/// deliveries through `outbox`; returns its value with the effects, for what must happen
/// after the commit (cache purges).
pub fn apply<T>(
    conn: &mut DbConn,
    outbox: &dyn Outbox,
    f: &mut impl FnMut(&mut DbConn, &mut Effects) -> Result<T, ApiError>,
) -> Result<(T, Effects), ApiError> {
    let mut effects = Effects::default();
    let value = f(conn, &mut effects)?;
    effects.record(conn, outbox)?;
    Ok((value, effects))
}

/// Runs a workflow in its own write transaction on `conn` (through [`db::tx::write`], like
/// every write), for the command line.
///
/// The API's post-commit step (`AppState::after_commit`) only tells the serving node's own
/// memory — its response cache, live streams, webhook worker and next due time — about the
/// write. A command-line process has none of those, and the servers learn of its writes the
/// way they learn of another node's: from the feed rows and the notification written in the
/// transaction itself (`jobs::invalidator`, `jobs::listener`) and from the webhook outbox,
/// which every node's worker polls. So nothing is left to do after the commit here.
pub fn transaction<T>(
    conn: &mut DbConn,
    outbox: &dyn Outbox,
    mut f: impl FnMut(&mut DbConn, &mut Effects) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    db::tx::write(conn, |conn| apply(conn, outbox, &mut f)).map(|(value, _)| value)
}

/// 412 unless the record at `current` is the version the writer expected.
pub fn ensure_version(expected: &Expected, current: i64) -> Result<(), ApiError> {
    if expected.allows(current) {
        Ok(())
    } else {
        Err(ApiError::PreconditionFailed)
    }
}

/// The slug to store: the explicit one (409 if taken, now or before, by any record of its
/// kind), else one made from `text` with a suffix that keeps it unique.
pub fn choose_slug(conn: &mut DbConn, kind: SlugKind, explicit: Option<&Slug>, text: &str) -> Result<String, ApiError> {
    match explicit {
        Some(slug) => {
            if db::slugs::owner(conn, kind, slug.as_str())?.is_some() {
                return Err(ApiError::Conflict(format!("the slug {} is already taken", slug.as_str())));
            }
            Ok(slug.as_str().to_string())
        }
        None => {
            let base = Slug::from_text(text).unwrap_or_else(Slug::untitled);
            let free =
                crate::domain::slug::first_free(&base, |s| db::slugs::owner(conn, kind, s).map(|o| o.is_some()))?;
            Ok(free.into_inner())
        }
    }
}

/// The result of inserting a record whose slug [`choose_slug`] picked. When the slug was
/// generated, a unique violation means a concurrent writer took it between the check and
/// the insert: the transaction is retried, and then picks the next free one. An explicit
/// slug that is taken is the caller's 409.
pub fn inserted<T>(result: diesel::QueryResult<T>, explicit_slug: bool) -> Result<T, ApiError> {
    use diesel::result::{DatabaseErrorKind, Error};
    match result {
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) if !explicit_slug => Err(ApiError::Contention),
        other => Ok(other?),
    }
}

/// 409 when a new slug belongs, or belonged, to another record of its kind. A record may
/// take back a slug it had before.
pub fn ensure_slug_free(
    conn: &mut DbConn,
    kind: SlugKind,
    id: i64,
    new_slug: Option<&str>,
    current: &str,
) -> Result<(), ApiError> {
    match new_slug {
        Some(slug) if slug != current => match db::slugs::owner(conn, kind, slug)? {
            Some(owner) if owner != id => Err(ApiError::Conflict(format!("the slug {slug} is already taken"))),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Keeps the old slug of a renamed record leading to it, and reserved (see `db::slugs`).
pub fn slug_renamed(conn: &mut DbConn, kind: SlugKind, id: i64, old: &str, new: &str) -> Result<(), ApiError> {
    if old != new && !old.is_empty() {
        db::slugs::record(conn, kind, old, id)?;
        db::slugs::forget(conn, kind, new, id)?;
    }
    Ok(())
}
