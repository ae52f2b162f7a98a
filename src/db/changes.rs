//! The `changes` table: the public change feed, one row per public record that appeared,
//! changed or went away.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::changes;
use super::{now, DbConn};
use crate::domain::{ChangeAction, ChangeKind};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct Change {
    pub id: i64,
    pub kind: ChangeKind,
    pub record_id: i64,
    pub slug: String,
    pub action: ChangeAction,
    pub at: NaiveDateTime,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn record(
    conn: &mut DbConn,
    kind: ChangeKind,
    record_id: i64,
    slug: &str,
    action: ChangeAction,
) -> QueryResult<()> {
    diesel::insert_into(changes::table)
        .values((
            changes::kind.eq(kind),
            changes::record_id.eq(record_id),
            changes::slug.eq(slug),
            changes::action.eq(action),
            changes::at.eq(now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Oldest first, after the cursor id.
#[tracing::instrument(level = "debug", skip_all)]
pub fn since(conn: &mut DbConn, after_id: Option<i64>, limit: i64) -> QueryResult<Vec<Change>> {
    let mut query = changes::table.select(Change::as_select()).order(changes::id.asc()).limit(limit).into_boxed();
    if let Some(after) = after_id {
        query = query.filter(changes::id.gt(after));
    }
    query.load(conn)
}

/// The newest change id, 0 when there is none.
#[tracing::instrument(level = "debug", skip_all)]
pub fn last_id(conn: &mut DbConn) -> QueryResult<i64> {
    let max: Option<i64> = changes::table.select(diesel::dsl::max(changes::id)).first(conn)?;
    Ok(max.unwrap_or(0))
}
