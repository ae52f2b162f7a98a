//! The schema's migrations, one embedded set per backend (same names in both folders, kept
//! in step by a test), applied at start under the start-up lock (see [`super::tx::startup`]).

use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use super::DbConn;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies the embedded migrations of the connection's backend; returns the names applied.
pub fn migrate(conn: &mut DbConn) -> Result<Vec<String>, String> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| format!("migration failed: {e}"))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}
