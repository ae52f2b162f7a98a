//! The `audit_log` table: who did what to which record, written in the same transaction as
//! the change it records.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::audit_log;
use super::{now, DbConn};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub user_id: Option<i64>,
    pub action: String,
    pub target_type: String,
    pub target_id: Option<i64>,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn record(
    conn: &mut DbConn,
    user_id: Option<i64>,
    action: &str,
    target_type: &str,
    target_id: Option<i64>,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now()),
            audit_log::user_id.eq(user_id),
            audit_log::action.eq(action),
            audit_log::target_type.eq(target_type),
            audit_log::target_id.eq(target_id),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Filters of the audit log.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub user_id: Option<i64>,
    /// An exact action (`article.publish`), or a prefix ending in `.` (`article.`).
    pub action: Option<String>,
}

/// Newest first, before the cursor id.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list(
    conn: &mut DbConn,
    filter: &AuditFilter,
    before_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let mut query =
        audit_log::table.select(AuditEntry::as_select()).order(audit_log::id.desc()).limit(limit).into_boxed();
    if let Some(user_id) = filter.user_id {
        query = query.filter(audit_log::user_id.eq(user_id));
    }
    match filter.action.as_deref() {
        Some(prefix) if prefix.ends_with('.') => {
            query = query.filter(audit_log::action.like(format!("{}%", super::escape_like(prefix))).escape('\\'));
        }
        Some(action) => query = query.filter(audit_log::action.eq(action.to_string())),
        None => {}
    }
    if let Some(before) = before_id {
        query = query.filter(audit_log::id.lt(before));
    }
    query.load(conn)
}
