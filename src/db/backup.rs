//! `marquee backup`: a consistent copy of a SQLite database while the server runs.

use diesel::RunQueryDsl;

use super::pool::create_private;
use super::DbConn;

/// Writes a consistent copy of a SQLite database to `path` with `VACUUM INTO`, which reads
/// one snapshot, so writers carry on meanwhile.
pub fn backup_sqlite(conn: &mut DbConn, path: &str) -> anyhow::Result<()> {
    let DbConn::Sqlite(sqlite) = conn else {
        anyhow::bail!("backup copies SQLite databases; for PostgreSQL use pg_dump");
    };
    // VACUUM INTO fills an empty file; creating it first makes the copy private too.
    create_private(path)?;
    diesel::sql_query("VACUUM INTO $1").bind::<diesel::sql_types::Text, _>(path).execute(sqlite)?;
    Ok(())
}
