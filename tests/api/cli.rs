//! The binary: configuration errors stop the start with one readable line; the commands work.

use std::process::Command;

use crate::helpers::TestDb;

fn marquee(env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_marquee"));
    cmd.current_dir(dir.path()).args(args).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn bad_configuration_stops_the_start_with_one_line() {
    for (key, value) in [
        ("DATABASE_URL", "mysql://localhost/marquee"),
        ("MARQUEE_JWT_SECRET", "short"),
        ("MARQUEE_BIND", "localhost:port"),
    ] {
        let out = marquee(&[(key, value)], &["serve"]);
        assert!(!out.status.success(), "{key}={value} started");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(key), "{stderr}");
    }
}

#[test]
fn an_unreachable_postgres_stops_the_start_with_its_reason() {
    let out = marquee(&[("DATABASE_URL", "postgres://nobody:secret@127.0.0.1:1/none")], &["migrate"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot connect to the database"), "{stderr}");
    assert!(!stderr.contains("secret"), "{stderr}");
}

#[test]
fn openapi_prints_the_document() {
    let out = marquee(&[], &["openapi"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), marquee::openapi::document_json());
}

#[test]
fn migrate_and_users_create() {
    let (_db, url) = TestDb::create();
    let out = marquee(&[("DATABASE_URL", &url)], &["migrate"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let args = ["users", "create", "--email", "Editor@Example.com", "--role", "editor", "--display-name", "Ed"];
    let created = marquee(&[("DATABASE_URL", &url), ("MARQUEE_PASSWORD", "a-long-enough-password")], &args);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("editor@example.com"));

    let again = marquee(&[("DATABASE_URL", &url), ("MARQUEE_PASSWORD", "a-long-enough-password")], &args);
    assert!(!again.status.success(), "a duplicate email must be refused");

    let weak = marquee(
        &[("DATABASE_URL", &url), ("MARQUEE_PASSWORD", "short")],
        &["users", "create", "--email", "w@x.io", "--role", "author"],
    );
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
}

#[tokio::test]
async fn demo_loads_a_published_explainer_and_backup_copies_it() {
    let (db, url) = TestDb::create();
    let admin = [
        ("DATABASE_URL", url.as_str()),
        ("MARQUEE_ADMIN_EMAIL", "demo@x.io"),
        ("MARQUEE_ADMIN_PASSWORD", "demo-password-123"),
    ];
    let out = marquee(&admin, &["demo"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let slug = stdout.trim().rsplit('/').next().unwrap().to_string();

    let vars = crate::helpers::test_env(&url, &[]);
    let config = marquee::config::Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let app = marquee::startup::Application::build(config).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let article: serde_json::Value =
        reqwest::get(format!("{address}/api/v1/articles/{slug}")).await.unwrap().json().await.unwrap();
    assert_eq!(article["sections"].as_array().unwrap().len(), 3);
    assert_eq!(article["comment_count"], 2);
    assert_eq!(article["movie"]["directors"][0]["name"], "Ines Varga");
    assert_eq!(article["movie"]["cast"].as_array().unwrap().len(), 3);

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let out = marquee(&[("DATABASE_URL", &url)], &["backup", copy.to_str().unwrap()]);
    if db.is_postgres() {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    use diesel::{Connection, RunQueryDsl};
    let mut backup = diesel::SqliteConnection::establish(copy.to_str().unwrap()).unwrap();
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM sections").get_result(&mut backup).unwrap();
    assert_eq!(count.n, 3);
    let again = marquee(&[("DATABASE_URL", &url)], &["backup", copy.to_str().unwrap()]);
    assert!(!again.status.success(), "an existing file is never overwritten");
}

#[test]
fn env_example_documents_every_variable() {
    let config = include_str!("../../src/config.rs");
    let example = include_str!("../../.env.example");
    let readme = include_str!("../../README.md");
    let mut names: Vec<&str> = config
        .match_indices('"')
        .filter_map(|(i, _)| {
            let rest = &config[i + 1..];
            let name = &rest[..rest.find('"')?];
            (name.starts_with("MARQUEE_") || name == "DATABASE_URL").then_some(name)
        })
        .filter(|n| n.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
    names.sort();
    names.dedup();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        assert!(example.contains(name), ".env.example does not mention {name}");
        assert!(readme.contains(name), "README.md does not mention {name}");
    }
}

#[test]
fn json_logs_are_one_object_per_line() {
    let (_db, url) = TestDb::create();
    let out = marquee(&[("DATABASE_URL", &url), ("MARQUEE_LOG_FORMAT", "json"), ("RUST_LOG", "info")], &["migrate"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(!lines.is_empty());
    for line in lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}"));
        assert!(value["level"].is_string() && value["timestamp"].is_string(), "{line}");
    }
    assert!(stderr.contains("applied migrations"));
}
