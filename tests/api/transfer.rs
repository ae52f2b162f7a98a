//! `marquee export` and `marquee import json`: a catalogue written on SQLite and read into
//! the suite's database (PostgreSQL when `TEST_DATABASE_URL` is set), then back into a new
//! SQLite, serves the same public responses and the same admin records, ids, versions and
//! ETags included.

use std::path::Path;
use std::process::Output;

use marquee::domain::Role;
use marquee_media::fixtures::{jpeg, png_with_alpha};
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{json, run_marquee, run_marquee_on, send, spawn_app_with, TestApp, TestDb, ADMIN_EMAIL};

fn marquee(database_url: &str, args: &[&str]) -> Output {
    let out = run_marquee_on(database_url, &[], args);
    assert!(out.status.success(), "marquee {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A site with a bit of everything: the demo, a published article with a movie and cast,
/// a revision from an edit, a draft, a scheduled article, moderated comments, tags,
/// related articles, changed moderation rules, and library images as a cover, a poster and
/// in a section's body.
async fn populate(app: &TestApp, database_url: &str) {
    marquee(database_url, &["demo"]);
    let admin = app.admin().await;
    let editor = app.login_as(Role::Editor).await;
    app.create_article(&editor.token, j!({"title": "An editor's draft"})).await;
    let rules = j!({"hold": "first_time", "max_links": 3, "hold_words": ["spoiler"], "block_words": ["casino"], "min_interval_seconds": 0});
    send(app, Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &rules).await;
    let first = app.published_article(&admin.token, "Heat: the ending").await;
    let id = first["id"].as_i64().unwrap();
    let cover = app.upload_ready(&admin.token, jpeg(800, 500), "diner.jpg", "The diner").await;
    let glyph = app.upload_ready(&admin.token, png_with_alpha(300, 200), "glyph.png", "A glyph").await;
    let edit = j!({"excerpt": "Edited after publishing", "related_article_ids": [1], "slug": "heat-ending",
                   "cover_image_id": cover["id"]});
    let body = j!({"heading": "The glyph", "body": format!("![](media:{})", glyph["id"]), "media_id": cover["id"]});
    app.create_section(&admin.token, id, body).await;
    let poster =
        send(app, Method::PATCH, "/api/v1/admin/movies/1", &admin.token, &j!({"poster_id": glyph["id"]})).await;
    assert_eq!(poster.status(), 200);
    let edited = send(app, Method::PATCH, &format!("/api/v1/admin/articles/{id}"), &admin.token, &edit).await;
    assert_eq!(edited.status(), 200, "{}", edited.text().await.unwrap());
    app.create_article(&admin.token, j!({"title": "A draft", "tags": ["Drafts", "Endings"]})).await;
    let later = app.create_article(&admin.token, j!({"title": "Later"})).await;
    app.publish(&admin.token, later["id"].as_i64().unwrap(), Some("2099-01-01T00:00:00Z")).await;
    for (name, body) in [("Ann", "Loved the ending."), ("Bo", "A spoiler inside")] {
        let comment = j!({"author_name": name, "author_email": format!("{name}@example.com"), "body": body});
        app.post_json("/api/v1/articles/heat-ending/comments", &comment).await;
    }
    send(app, Method::POST, "/api/v1/admin/comments/moderate", &admin.token, &j!({"ids": [1], "status": "approved"}))
        .await;
    for redirect in [
        j!({"from_path": "/2019/heat/", "to": "/heat-ending", "note": "old blog"}),
        j!({"from_path": "/gone", "status": 410}),
    ] {
        let made = send(app, Method::POST, "/api/v1/admin/redirects", &admin.token, &redirect).await;
        assert_eq!(made.status(), 201);
    }
}

/// Every path whose response must be the same on both sides.
async fn paths(app: &TestApp, token: &str) -> Vec<String> {
    let mut paths: Vec<String> = [
        "/api/v1/articles?limit=100",
        "/api/v1/movies?limit=100",
        "/api/v1/cast-members?limit=100",
        "/api/v1/tags",
        "/api/v1/admin/articles?limit=100",
        "/api/v1/admin/movies?limit=100",
        "/api/v1/admin/cast-members?limit=100",
        "/api/v1/admin/comments?limit=100",
        "/api/v1/admin/users?limit=100",
        "/api/v1/admin/settings/moderation",
        "/api/v1/admin/media?limit=100",
        "/api/v1/admin/media/1",
        "/api/v1/admin/media/2",
        "/api/v1/admin/redirects?limit=100",
        "/api/v1/redirects/resolve?path=/2019/heat",
        "/api/v1/redirects/resolve?path=/gone",
        // Renamed: its old slug still leads to it.
        "/api/v1/articles/heat-the-ending",
    ]
    .iter()
    .map(|p| (*p).to_string())
    .collect();
    let get = |path: String| async move { json(app.authed(Method::GET, &path, token).send().await.unwrap()).await };
    for article in get("/api/v1/admin/articles?limit=100".into()).await["data"].as_array().unwrap() {
        let id = article["id"].as_i64().unwrap();
        for sub in ["", "/sections", "/revisions"] {
            paths.push(format!("/api/v1/admin/articles/{id}{sub}"));
        }
        for revision in get(format!("/api/v1/admin/articles/{id}/revisions")).await["data"].as_array().unwrap() {
            paths.push(format!("/api/v1/admin/articles/{id}/revisions/{}", revision["number"]));
        }
        if article["status"] == "published" {
            let slug = article["slug"].as_str().unwrap();
            paths.push(format!("/api/v1/articles/{slug}"));
            paths.push(format!("/api/v1/articles/{slug}/comments"));
        }
    }
    for movie in get("/api/v1/admin/movies?limit=100".into()).await["data"].as_array().unwrap() {
        paths.push(format!("/api/v1/movies/{}", movie["slug"].as_str().unwrap()));
        paths.push(format!("/api/v1/admin/movies/{}/credits", movie["id"]));
    }
    for person in get("/api/v1/admin/cast-members?limit=100".into()).await["data"].as_array().unwrap() {
        paths.push(format!("/api/v1/cast-members/{}", person["slug"].as_str().unwrap()));
    }
    for user in get("/api/v1/admin/users?limit=100".into()).await["data"].as_array().unwrap() {
        paths.push(format!("/api/v1/authors/{}", user["slug"].as_str().unwrap()));
    }
    paths
}

/// Status, ETag (or `Location`) and body of `path`.
async fn response(app: &TestApp, token: &str, path: &str) -> (u16, String, Value) {
    let r = app.authed(Method::GET, path, token).send().await.unwrap();
    let header = if r.status().is_redirection() { "location" } else { "etag" };
    let value = r.headers().get(header).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let mut body = serde_json::from_str(&text).unwrap_or(Value::Null);
    // Hits are counted as the comparison resolves paths, on each side in its own time.
    if path.starts_with("/api/v1/admin/redirects") {
        for redirect in body["data"].as_array_mut().unwrap() {
            redirect.as_object_mut().unwrap().retain(|field, _| !["hits", "last_hit_at"].contains(&field.as_str()));
        }
    }
    (status, value, body)
}

/// Starts an app on `url` and an admin API token for it (imported accounts have no
/// password, and a token leaves the user record as it was).
async fn app_on(url: &str) -> (TestApp, String) {
    let app = spawn_app_with(&[("DATABASE_URL", url)]).await;
    let out = marquee(url, &["tokens", "create", "--email", ADMIN_EMAIL, "--name", "comparison"]);
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    (app, token)
}

async fn assert_same(source: &TestApp, source_token: &str, target: &TestApp, target_token: &str) -> usize {
    let paths = paths(source, source_token).await;
    for path in &paths {
        let (a, b) = (response(source, source_token, path).await, response(target, target_token, path).await);
        assert_eq!(a, b, "GET {path}");
    }
    // Ranking is each database's own; what is found is not.
    for q in ["ending", "lighthouse", "heat"] {
        let hits = |page: Value| -> Vec<String> {
            let mut slugs: Vec<String> =
                page["data"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap().to_string()).collect();
            slugs.sort();
            slugs
        };
        let path = format!("/api/v1/search?q={q}&limit=100");
        assert_eq!(
            hits(response(source, source_token, &path).await.2),
            hits(response(target, target_token, &path).await.2)
        );
    }
    paths.len()
}

fn export(url: &str, file: &Path, media: &Path) -> String {
    String::from_utf8(marquee(url, &["export", file.to_str().unwrap(), "--media-dir", media.to_str().unwrap()]).stdout)
        .unwrap()
}

fn import(url: &str, file: &Path, media: &Path) -> String {
    let args = ["import", "json", file.to_str().unwrap(), "--media-dir", media.to_str().unwrap()];
    String::from_utf8(marquee(url, &args).stdout).unwrap()
}

/// Every library file the source serves, the target serves with the same bytes.
async fn assert_same_files(source: &TestApp, source_token: &str, target: &TestApp) -> usize {
    let page =
        json(source.authed(Method::GET, "/api/v1/admin/media?limit=100", source_token).send().await.unwrap()).await;
    let mut urls = Vec::new();
    for item in page["data"].as_array().unwrap() {
        urls.push(item["url"].as_str().unwrap().to_string());
        urls.extend(item["variants"].as_array().unwrap().iter().map(|v| v["url"].as_str().unwrap().to_string()));
    }
    for url in &urls {
        let (a, b) = (source.get(url).await, target.get(url).await);
        assert_eq!((a.status().as_u16(), b.status().as_u16()), (200, 200), "{url}");
        assert_eq!(a.bytes().await.unwrap(), b.bytes().await.unwrap(), "{url}");
    }
    urls.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalogue_moves_from_sqlite_to_the_suites_database_and_back_unchanged() {
    let (_source_db, source_url) = TestDb::sqlite();
    let (source, source_token) = app_on(&source_url).await;
    populate(&source, &source_url).await;
    let dir = tempfile::tempdir().unwrap();
    let (first, first_media) = (dir.path().join("first.json"), dir.path().join("first-media"));
    let exported = export(&source_url, &first, &first_media);

    let (target_db, target_url) = TestDb::create();
    let imported = import(&target_url, &first, &first_media);
    let counts = exported.lines().next().unwrap().split_once(": ").unwrap().1.trim().to_string();
    assert!(imported.contains(&counts), "the same records: {exported} / {imported}");
    let copied = exported.lines().nth(1).unwrap().split_once(": ").unwrap().1.to_string();
    assert!(copied.ends_with(" bytes)") && imported.contains(&copied), "the same files: {exported} / {imported}");
    let (target, target_token) = app_on(&target_url).await;
    let compared = assert_same(&source, &source_token, &target, &target_token).await;
    let files = assert_same_files(&source, &source_token, &target).await;
    // And back, into a new SQLite database.
    let (second, second_media) = (dir.path().join("second.json"), dir.path().join("second-media"));
    export(&target_url, &second, &second_media);
    let (_back_db, back_url) = TestDb::sqlite();
    import(&back_url, &second, &second_media);
    let (back, back_token) = app_on(&back_url).await;
    assert_same(&source, &source_token, &back, &back_token).await;
    assert_same_files(&source, &source_token, &back).await;
    let without_time = |file: &Path| -> Value {
        let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        doc["exported_at"] = Value::Null;
        doc
    };
    assert_eq!(without_time(&first), without_time(&second), "the round trip changes no record");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&first).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the export holds emails and drafts: its owner's only");
    }
    let file = std::fs::read_to_string(&first).unwrap();
    for secret in ["argon2", "whsec_", "mq_", "jwt_secret"] {
        assert!(!file.contains(secret), "no {secret} in the export");
    }
    // New records take new ids: the sequences moved past the imported ones.
    for (app, token) in [(&target, &target_token), (&back, &back_token)] {
        let movie = send(app, Method::POST, "/api/v1/admin/movies", token, &j!({"title": "After the move"})).await;
        assert_eq!(movie.status(), 201);
        assert!(json(movie).await["id"].as_i64().unwrap() > 2);
    }
    let backend = if target_db.is_postgres() { "PostgreSQL" } else { "SQLite" };
    println!(
        "exported {counts}; {compared} responses and {files} media files equal on SQLite, {backend} and SQLite again"
    );
}

#[tokio::test]
async fn importing_into_a_database_with_content_is_refused_and_changes_nothing() {
    let (_db, url) = TestDb::sqlite();
    let (app, token) = app_on(&url).await;
    populate(&app, &url).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalogue.json");
    export(&url, &file, &dir.path().join("media"));
    let before = response(&app, &token, "/api/v1/admin/articles?limit=100").await;
    let out = run_marquee(&[("DATABASE_URL", &url)], &["import", "json", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("new database"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(response(&app, &token, "/api/v1/admin/articles?limit=100").await, before);

    let (_empty, empty_url) = TestDb::create();
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    doc["version"] = j!(99);
    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, doc.to_string()).unwrap();
    let out = run_marquee(&[("DATABASE_URL", &empty_url)], &["import", "json", newer.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `doc` as the export writes it: its fields in the format's order (a `Value` sorts them).
fn in_order(doc: &Value) -> String {
    let order = [
        "format",
        "version",
        "exported_at",
        "users",
        "media",
        "movies",
        "cast_members",
        "credits",
        "tags",
        "articles",
        "article_tags",
        "related_articles",
        "sections",
        "revisions",
        "comments",
        "slug_history",
        "moderation",
    ];
    let fields: Vec<String> = order.iter().map(|key| format!("{:?}:{}", key, doc[key])).collect();
    format!("{{{}}}", fields.join(","))
}

/// Runs `marquee import json` on `doc` in a new database; the command's output.
fn import_document(doc: &Value) -> (Output, String, TestDb) {
    let (db, url) = TestDb::create();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalogue.json");
    std::fs::write(&file, in_order(doc)).unwrap();
    let out = run_marquee(&[("DATABASE_URL", &url), ("RUST_LOG", "warn")], &["import", "json", file.to_str().unwrap()]);
    (out, url, db)
}

#[tokio::test]
async fn every_record_of_an_import_meets_the_apis_field_rules() {
    let (_db, url) = TestDb::sqlite();
    let (app, _) = app_on(&url).await;
    populate(&app, &url).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalogue.json");
    export(&url, &file, &dir.path().join("media"));
    let good: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    // Each case breaks one record the way a hand-made or hostile file would.
    let cases: Vec<(&str, &str, &str, Value)> = vec![
        ("movies", "poster_url", "javascript: URL", j!("javascript:alert(1)")),
        ("movies", "trailer_url", "data: URL", j!("data:text/html,<script>x</script>")),
        ("movies", "slug", "a slug with a path in it", j!("Admin Slug/../x")),
        ("movies", "genres", "genres that are not a list", j!("\"Drama\"")),
        ("movies", "title", "a 5 MB title", j!("t".repeat(5_000_000))),
        ("users", "id", "a negative id", j!(-7)),
        ("users", "email", "no email", j!("not-an-email")),
        ("articles", "title", "a control character", j!("a\u{7}b")),
        ("articles", "cover_image_url", "an ftp URL", j!("ftp://example.com/c.jpg")),
        ("sections", "body", "a 19 MB body", j!("b".repeat(19_000_000))),
        ("comments", "author_email", "a bad address", j!("nobody")),
        ("cast_members", "birth_date", "the year 0", j!("0000-01-01")),
        ("media", "key", "a key that is a path", j!("../../etc/passwd")),
        ("media", "mime_type", "an SVG", j!("image/svg+xml")),
        ("media", "variants", "variants that are not a list", j!("{\"width\": 1}")),
        ("articles", "cover_image_id", "an item the file lacks", j!(999)),
    ];
    for (list, field, why, value) in cases {
        let mut doc = good.clone();
        doc[list][0][field] = value;
        let (out, bad_url, _db) = import_document(&doc);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{why} was imported");
        assert!(stderr.contains(&format!("{list}[0]")) && stderr.contains(field), "{why}: {stderr}");
        assert!(!stderr.contains("something went wrong"), "{why}: {stderr}");
        // Refused whole: nothing of the file was written.
        let app = spawn_app_with(&[("DATABASE_URL", &bad_url)]).await;
        let admin = app.admin().await;
        let movies = json(send(&app, Method::GET, "/api/v1/admin/movies", &admin.token, &Value::Null).await).await;
        assert_eq!(movies["data"], j!([]), "{why}: nothing imported");
    }
    // The untouched document imports.
    let (out, _, _db) = import_document(&good);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
