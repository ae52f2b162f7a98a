//! Revisions of an article, as editors list and read them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::articles::AdminArticle;
use super::sections::AdminSection;
use super::{rfc3339, utc};
use crate::content::articles::ArticleRecord;
use crate::content::revisions::Snapshot;
use crate::db::revisions::Revision;

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    /// 1, 2, 3... per article.
    pub number: i32,
    /// `publish`, `update` or `restore`.
    pub reason: String,
    pub user_id: Option<i64>,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}

impl From<&Revision> for RevisionSummary {
    fn from(r: &Revision) -> Self {
        RevisionSummary {
            number: r.number,
            reason: r.reason.clone(),
            user_id: r.user_id,
            created_at: utc(r.created_at),
        }
    }
}

/// The article and its sections as the revision recorded them.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSnapshot {
    pub article: AdminArticle,
    pub sections: Vec<AdminSection>,
}

impl From<Snapshot> for RevisionSnapshot {
    fn from(s: Snapshot) -> Self {
        let record = ArticleRecord { article: s.article, tags: s.tags, related_ids: s.related_ids };
        RevisionSnapshot { article: record.into(), sections: s.sections.into_iter().map(AdminSection::from).collect() }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionResponse {
    #[serde(flatten)]
    pub summary: RevisionSummary,
    pub snapshot: RevisionSnapshot,
}
