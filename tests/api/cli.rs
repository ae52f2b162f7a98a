//! The binary: configuration errors stop the start with one readable line; the commands work.

use crate::helpers::{run_marquee, run_marquee_in, spawn_marquee, TestDb};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn bad_configuration_stops_the_start_with_one_line() {
    for (key, value) in [
        ("DATABASE_URL", "mysql://localhost/marquee"),
        ("MARQUEE_JWT_SECRET", "short"),
        ("MARQUEE_BIND", "localhost:port"),
    ] {
        let out = run_marquee(&[(key, value)], &["serve"]);
        assert!(!out.status.success(), "{key}={value} started");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(key), "{stderr}");
    }
}

#[test]
fn an_unreachable_postgres_stops_the_start_with_its_reason() {
    let out = run_marquee(&[("DATABASE_URL", "postgres://nobody:secret@127.0.0.1:1/none")], &["migrate"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot connect to the database"), "{stderr}");
    assert!(!stderr.contains("secret"), "{stderr}");
}

#[test]
fn openapi_prints_the_document() {
    let out = run_marquee(&[], &["openapi"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), marquee::openapi::document_json().unwrap());
}

#[test]
fn migrate_and_users_create() {
    let (_db, url) = TestDb::create();
    let out = run_marquee(&[("DATABASE_URL", &url)], &["migrate"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let args = ["users", "create", "--email", "Editor@Example.com", "--role", "editor", "--display-name", "Ed"];
    let created = run_marquee(&[("DATABASE_URL", &url), ("MARQUEE_PASSWORD", "a-long-enough-password")], &args);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("editor@example.com"));

    let again = run_marquee(&[("DATABASE_URL", &url), ("MARQUEE_PASSWORD", "a-long-enough-password")], &args);
    assert!(!again.status.success(), "a duplicate email must be refused");

    let weak = run_marquee(
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
    let out = run_marquee(&admin, &["demo"]);
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
    let sections = article["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 6);
    assert!(sections.iter().all(|s| s["subheading"].as_str().is_some_and(|q| q.ends_with('?'))), "reader questions");
    let media: Vec<&str> = sections.iter().filter_map(|s| s["media_url"].as_str()).collect();
    assert_eq!(media.len(), 2, "a trailer clip and a scene: {media:?}");
    assert_eq!(article["comment_count"], 2);
    assert_eq!(article["movie"]["directors"][0]["name"], "Ines Varga");
    assert_eq!(article["movie"]["cast"].as_array().unwrap().len(), 12);
    assert_eq!(slug, "the-keepers-daughter-ending-explained");

    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let out = run_marquee(&[("DATABASE_URL", &url)], &["backup", copy.to_str().unwrap()]);
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
    assert_eq!(count.n, 6);
    let again = run_marquee(&[("DATABASE_URL", &url)], &["backup", copy.to_str().unwrap()]);
    assert!(!again.status.success(), "an existing file is never overwritten");
}

#[test]
fn env_example_documents_every_variable() {
    let config = [include_str!("../../src/config/mod.rs"), include_str!("../../src/config/read.rs")].concat();
    let example = include_str!("../../.env.example");
    let operating = include_str!("../../docs/operating.md");
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
    assert!(names.len() >= 25, "{names:?}");
    for name in names {
        assert!(example.contains(name), ".env.example does not mention {name}");
        assert!(operating.contains(name), "docs/operating.md does not mention {name}");
    }
}

#[test]
fn json_logs_are_one_object_per_line() {
    let (_db, url) = TestDb::create();
    let out =
        run_marquee(&[("DATABASE_URL", &url), ("MARQUEE_LOG_FORMAT", "json"), ("RUST_LOG", "info")], &["migrate"]);
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

#[test]
fn a_second_demo_says_it_is_loaded_already() {
    let (_db, url) = TestDb::create();
    let env = [("DATABASE_URL", url.as_str())];
    let first = run_marquee(&env, &["demo"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("Created the first administrator"),
        "the demo makes the admin when none exists"
    );
    let second = run_marquee(&env, &["demo"]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(text(&second.stdout).contains("loaded already"), "{}", text(&second.stdout));
}

#[test]
fn users_create_without_a_password_or_a_terminal_says_what_to_do() {
    let (_db, url) = TestDb::create();
    let out = run_marquee(&[("DATABASE_URL", &url)], &["users", "create", "--email", "a@b.io", "--role", "author"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("MARQUEE_PASSWORD"), "{}", text(&out.stderr));
}

#[test]
fn migrate_reports_what_it_applied_once() {
    let (_db, url) = TestDb::create();
    let first = run_marquee(&[("DATABASE_URL", &url), ("RUST_LOG", "warn")], &["migrate"]);
    assert!(text(&first.stdout).starts_with("applied "), "{}", text(&first.stdout));
    let second = run_marquee(&[("DATABASE_URL", &url), ("RUST_LOG", "warn")], &["migrate"]);
    assert_eq!(text(&second.stdout).trim(), "migrations are up to date");
}

#[test]
fn openapi_into_a_closed_pipe_is_not_a_panic() {
    let mut child = spawn_marquee(&[], &["openapi"]);
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
}

#[test]
fn a_taken_port_stops_the_first_start_before_anything_is_created() {
    let (_db, url) = TestDb::create();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let bind = taken.local_addr().unwrap().to_string();
    let out = run_marquee(&[("DATABASE_URL", &url), ("MARQUEE_BIND", &bind)], &["serve"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("cannot listen"), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("password"), "no admin was made with a password nobody saw");
}

#[test]
fn a_malformed_env_file_stops_the_start_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "RUST_LOG=warn\nthis is not a setting\nMARQUEE_BIND=127.0.0.1:1\n")
        .unwrap();
    let out = run_marquee_in(dir.path(), &[], &["migrate"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(".env") && stderr.contains("line 2"), "{stderr}");
}

#[test]
fn a_bad_admin_email_is_a_configuration_error() {
    let out = run_marquee(
        &[("MARQUEE_ADMIN_EMAIL", "bad-email"), ("MARQUEE_ADMIN_PASSWORD", "long enough password")],
        &["serve"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("MARQUEE_ADMIN_EMAIL"), "{}", text(&out.stderr));
}

#[test]
fn logs_into_a_pipe_carry_no_colour_codes() {
    let (_db, url) = TestDb::create();
    let out = run_marquee(&[("DATABASE_URL", &url), ("RUST_LOG", "info")], &["migrate"]);
    assert!(!text(&out.stderr).contains('\u{1b}'), "{:?}", text(&out.stderr));
}

#[tokio::test]
async fn the_command_line_writes_the_same_audit_rows_as_the_api() {
    let (_db, url) = TestDb::create();
    let admin_env = [("DATABASE_URL", url.as_str()), ("MARQUEE_PASSWORD", crate::helpers::ADMIN_PASSWORD)];
    let admin =
        run_marquee(&admin_env, &["users", "create", "--email", crate::helpers::ADMIN_EMAIL, "--role", "admin"]);
    assert!(admin.status.success(), "{}", text(&admin.stderr));
    let env = [("DATABASE_URL", url.as_str()), ("MARQUEE_PASSWORD", "a-long-enough-password")];
    let made = run_marquee(&env, &["users", "create", "--email", "cli@x.io", "--role", "editor"]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let token = run_marquee(&env, &["tokens", "create", "--email", "cli@x.io", "--name", "bot"]);
    assert!(token.status.success(), "{}", text(&token.stderr));

    let vars = crate::helpers::test_env(&url, &[]);
    let config = marquee::config::Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let app = marquee::startup::Application::build(config).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "cli@x.io", "password": "a-long-enough-password"}));
    let body: serde_json::Value = login.send().await.unwrap().json().await.unwrap();
    let editor_id = body["user"]["id"].as_i64().unwrap();
    let admin = crate::helpers::ADMIN_EMAIL;
    let login = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": admin, "password": crate::helpers::ADMIN_PASSWORD}));
    let admin_token = login.send().await.unwrap().json::<serde_json::Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let audit = |query: &'static str| {
        let (client, address, token) = (client.clone(), address.clone(), admin_token.clone());
        async move {
            let url = format!("{address}/api/v1/admin/audit?{query}");
            let page: serde_json::Value =
                client.get(url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
            page["data"].as_array().unwrap().clone()
        }
    };
    let created = audit("action=user.create").await;
    assert!(created.iter().any(|e| e["target_id"] == editor_id && e["user_id"].is_null()), "{created:?}");
    let tokens = audit("action=token.").await;
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    assert_eq!(tokens[0]["user_id"], editor_id, "the token acts as its owner");
    let only_editor = {
        let (client, address, token) = (client.clone(), address.clone(), admin_token.clone());
        let url = format!("{address}/api/v1/admin/audit?user_id={editor_id}");
        let page: serde_json::Value = client.get(url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
        page["data"].as_array().unwrap().clone()
    };
    assert!(only_editor.iter().all(|e| e["user_id"] == editor_id) && !only_editor.is_empty(), "{only_editor:?}");
}
