//! The public change feed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{rfc3339, utc};
use crate::db::changes::Change;
use crate::domain::{ChangeAction, ChangeKind};

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeEntry {
    pub kind: ChangeKind,
    pub id: i64,
    pub slug: String,
    pub action: ChangeAction,
    #[serde(with = "rfc3339")]
    pub at: DateTime<Utc>,
}

impl From<Change> for ChangeEntry {
    fn from(c: Change) -> Self {
        ChangeEntry { kind: c.kind, id: c.record_id, slug: c.slug, action: c.action, at: utc(c.at) }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `next_cursor` of the previous page; from the beginning when omitted.
    pub since: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// A cursor to resume after: a `next_cursor` of `/changes` or an event's `id`.
    /// `Last-Event-ID`, which browsers send when they reconnect, takes precedence. Without
    /// either the stream starts with the next change.
    pub since: Option<String>,
}
