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
