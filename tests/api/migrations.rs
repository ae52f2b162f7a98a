//! Both migration trees stay in step, apply cleanly, re-run as a no-op, and match
//! `src/db/schema/`.

use std::collections::BTreeMap;
use std::path::Path;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use marquee::config::DatabaseUrl;
use marquee::db::{self, DbConn};

use crate::helpers::TestDb;

fn migration_names(backend: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = migration_names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_names("postgres"));
    for backend in ["sqlite", "postgres"] {
        for name in &sqlite {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend).join(name);
            assert!(dir.join("up.sql").exists() && dir.join("down.sql").exists(), "{backend}/{name}");
        }
    }
}

fn fresh_connection() -> (TestDb, DbConn) {
    let (test_db, url) = TestDb::create();
    let pool = db::connect(&DatabaseUrl::parse(&url).unwrap(), 1).unwrap();
    // Detach the connection from the pool so the test owns it outright.
    let conn = match DatabaseUrl::parse(&url).unwrap() {
        DatabaseUrl::Sqlite(path) => DbConn::Sqlite(SqliteConnection::establish(&path).unwrap()),
        DatabaseUrl::Postgres(url) => DbConn::Postgres(PgConnection::establish(&url).unwrap()),
    };
    drop(pool);
    (test_db, conn)
}

#[test]
fn migrations_apply_cleanly_and_rerun_is_a_no_op() {
    let (_db, mut conn) = fresh_connection();
    let first = db::migrate(&mut conn).unwrap();
    assert_eq!(first.len(), migration_names("sqlite").len());
    let second = db::migrate(&mut conn).unwrap();
    assert!(second.is_empty(), "re-run applied {second:?}");
}

#[test]
fn migrations_revert_cleanly() {
    let (_db, mut conn) = fresh_connection();
    db::migrate(&mut conn).unwrap();
    use diesel_migrations::MigrationHarness;
    match &mut conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(db::SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Postgres(c) => c.revert_all_migrations(db::POSTGRES_MIGRATIONS).map(|_| ()),
    }
    .unwrap();
    assert_eq!(db::migrate(&mut conn).unwrap().len(), migration_names("sqlite").len());
}

/// Column name → (diesel type, nullable), per table, read from `src/db/schema/`.
type Tables = BTreeMap<String, BTreeMap<String, (String, bool)>>;

const SCHEMA_FILES: [&str; 4] = [
    include_str!("../../src/db/schema/accounts.rs"),
    include_str!("../../src/db/schema/content.rs"),
    include_str!("../../src/db/schema/library.rs"),
    include_str!("../../src/db/schema/operations.rs"),
];

fn tables_in_schema_rs() -> Tables {
    let mut tables = Tables::new();
    let mut current: Option<String> = None;
    for line in SCHEMA_FILES.iter().flat_map(|text| text.lines()).map(str::trim) {
        if let Some(name) = line.strip_suffix('{').and_then(|l| l.split_once(" (")).map(|(n, _)| n.trim()) {
            if !name.contains(' ') && !name.is_empty() {
                current = Some(name.to_string());
                continue;
            }
        }
        if line == "}" {
            current = None;
        } else if let (Some(table), Some((column, ty))) = (&current, line.trim_end_matches(',').split_once(" -> ")) {
            let nullable = ty.starts_with("Nullable<");
            let ty = ty.trim_start_matches("Nullable<").trim_end_matches('>').to_string();
            tables.entry(table.clone()).or_default().insert(column.to_string(), (ty, nullable));
        }
    }
    tables
}

#[derive(QueryableByName)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

/// The tables of the database, without the search index, which is backend-specific (FTS5,
/// tsvector) and reached through raw SQL in `db/search.rs` rather than `schema/`.
fn tables_in_database(conn: &mut DbConn) -> Tables {
    let rows: Vec<ColumnInfo> = match conn {
        DbConn::Postgres(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type, \
             CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
             FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name NOT IN ('__diesel_schema_migrations', 'article_search')",
        )
        .load(c)
        .unwrap(),
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
             CASE WHEN p.\"notnull\" = 0 AND p.pk = 0 THEN 1 ELSE 0 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations' \
             AND m.name NOT LIKE 'article\\_search%' ESCAPE '\\'",
        )
        .load(c)
        .unwrap(),
    };
    let mut tables = Tables::new();
    for row in rows {
        let ty = match row.data_type.to_lowercase().as_str() {
            "bigint" | "integer primary key" => "BigInt",
            "integer" => "Integer",
            "text" => "Text",
            "boolean" => "Bool",
            "date" => "Date",
            t if t.starts_with("timestamp") => "Timestamp",
            other => panic!("unexpected column type {other} in {}.{}", row.table_name, row.column_name),
        };
        tables.entry(row.table_name).or_default().insert(row.column_name, (ty.to_string(), row.nullable == 1));
    }
    tables
}

#[test]
fn schema_rs_matches_the_migrated_database() {
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/db/schema")).unwrap().count();
    assert_eq!(files, SCHEMA_FILES.len() + 1, "every file of src/db/schema/ but mod.rs is read here");
    let (_db, mut conn) = fresh_connection();
    db::migrate(&mut conn).unwrap();
    let mut actual = tables_in_database(&mut conn);
    let expected = tables_in_schema_rs();
    // SQLite declares integer primary keys as INTEGER; diesel reads them as BigInt.
    if let DbConn::Sqlite(_) = conn {
        for (table, columns) in &mut actual {
            if let (Some(col), Some((ty, _))) = (columns.get_mut("id"), expected.get(table).and_then(|t| t.get("id"))) {
                if col.0 == "Integer" && ty == "BigInt" {
                    col.0 = "BigInt".into();
                }
            }
        }
    }
    assert_eq!(actual.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "tables differ");
    for (table, columns) in &expected {
        assert_eq!(&actual[table], columns, "columns of {table} differ");
    }
}
