//! The `settings` key/value table: the generated JWT secret, moderation rules.

use chrono::Utc;
use diesel::prelude::*;

use super::schema::settings;
use super::DbConn;

#[tracing::instrument(level = "debug", skip_all)]
pub fn get(conn: &mut DbConn, key: &str) -> QueryResult<Option<String>> {
    settings::table.find(key).select(settings::value).first(conn).optional()
}

/// Inserts or replaces one setting, in one statement, so two writers at once cannot both
/// find it missing and both insert.
#[tracing::instrument(level = "debug", skip_all)]
pub fn put(conn: &mut DbConn, key: &str, value: &str) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind::<diesel::sql_types::Text, _>(key)
    .bind::<diesel::sql_types::Text, _>(value)
    .bind::<diesel::sql_types::Timestamp, _>(super::now())
    .execute(conn)
    .map(|_| ())
}

/// Returns the setting, storing `make()` first if there is none. Two nodes starting at once
/// agree on one value: the loser of the insert race reads the winner's.
#[tracing::instrument(level = "debug", skip_all)]
pub fn get_or_insert_with(conn: &mut DbConn, key: &str, make: impl FnOnce() -> String) -> QueryResult<String> {
    if let Some(value) = get(conn, key)? {
        return Ok(value);
    }
    let inserted = diesel::insert_into(settings::table)
        .values((settings::key.eq(key), settings::value.eq(make()), settings::updated_at.eq(Utc::now().naive_utc())))
        .execute(conn);
    match inserted {
        Ok(_) | Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            get(conn, key)?.ok_or(diesel::result::Error::NotFound)
        }
        Err(e) => Err(e),
    }
}
