//! Audit log entries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{rfc3339, utc};
use crate::db::audit::AuditEntry;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryResponse {
    pub id: i64,
    #[serde(with = "rfc3339")]
    pub at: DateTime<Utc>,
    /// Who acted; `null` for anonymous attempts.
    pub user_id: Option<i64>,
    #[schema(example = "article.publish")]
    pub action: String,
    #[schema(example = "article")]
    pub target_type: String,
    pub target_id: Option<i64>,
}

impl From<AuditEntry> for AuditEntryResponse {
    fn from(e: AuditEntry) -> Self {
        AuditEntryResponse {
            id: e.id,
            at: utc(e.at),
            user_id: e.user_id,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
        }
    }
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only what this user did.
    pub user_id: Option<i64>,
    /// Only this action (`article.publish`), or every action under a prefix ending in `.`
    /// (`article.`).
    #[param(example = "article.publish")]
    pub action: Option<String>,
}
