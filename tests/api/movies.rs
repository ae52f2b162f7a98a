//! The movies admin API: read by anyone signed in, written by admins and editors, validated
//! field by field, with generated unique slugs, optimistic concurrency and audited writes.
//! The small request helpers here are shared by the cast member and credit tests.

use reqwest::{Method, Response};
use serde_json::{json as j, Value};

use crate::cast_members::create_cast_member;
use crate::helpers::{assert_problem, json, spawn_app, TestApp};

pub const MOVIES: &str = "/api/v1/admin/movies";

/// Sends `method` to `path` as `token`, with `body` unless it is `null`.
pub async fn send(app: &TestApp, method: Method, path: &str, token: &str, body: &Value) -> Response {
    let request = app.authed(method, path, token);
    let request = if body.is_null() { request } else { request.json(body) };
    request.send().await.expect("request sent")
}

/// A PATCH with an `If-Match` header.
pub async fn patch_if_match(app: &TestApp, path: &str, token: &str, etag: &str, body: &Value) -> Response {
    app.authed(Method::PATCH, path, token).header("if-match", etag).json(body).send().await.expect("request sent")
}

/// GETs `path`, expecting 200, and returns the body.
pub async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    let response = send(app, Method::GET, path, token, &Value::Null).await;
    assert_eq!(response.status(), 200, "GET {path}");
    json(response).await
}

/// Creates a movie, expecting 201, and returns it.
pub async fn create_movie(app: &TestApp, token: &str, body: Value) -> Value {
    let response = send(app, Method::POST, MOVIES, token, &body).await;
    assert_eq!(response.status(), 201, "create movie {body}");
    json(response).await
}

pub fn movie_path(movie: &Value) -> String {
    format!("{MOVIES}/{}", movie["id"])
}

/// The `field` of each entry of a validation problem's `errors`, in order.
pub fn error_fields(problem: &Value) -> Vec<String> {
    let errors = problem["errors"].as_array().unwrap_or_else(|| panic!("no errors in {problem}"));
    for e in errors {
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    }
    errors.iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

/// Expects a 422 and returns the fields it names.
pub async fn invalid_fields(response: Response) -> Vec<String> {
    error_fields(&assert_problem(response, 422).await)
}

/// A record with its id and timestamps (checked to be RFC 3339 UTC) replaced by placeholders.
pub fn redacted(record: &Value) -> Value {
    let mut out = record.clone();
    assert!(record["id"].as_i64().is_some_and(|id| id > 0), "{record}");
    out["id"] = j!("[id]");
    for key in ["created_at", "updated_at"] {
        let text = record[key].as_str().unwrap_or_else(|| panic!("{key} in {record}"));
        assert!(
            chrono::DateTime::parse_from_rfc3339(text).is_ok() && text.ends_with('Z') && text.len() == 20,
            "{text}"
        );
        out[key] = j!(format!("[{key}]"));
    }
    out
}

fn items(page: &Value) -> &Vec<Value> {
    page["data"].as_array().unwrap_or_else(|| panic!("not a page: {page}"))
}

/// The text `key` of each item of a list page (or of a plain array).
pub fn texts(page: &Value, key: &str) -> Vec<String> {
    let list = if page.is_array() { page.as_array().unwrap() } else { items(page) };
    list.iter().map(|item| item[key].as_str().unwrap_or_else(|| panic!("{key} in {item}")).to_string()).collect()
}

/// The ids of the items of a list page (or of a plain array).
pub fn ids(page: &Value) -> Vec<i64> {
    let list = if page.is_array() { page.as_array().unwrap() } else { items(page) };
    list.iter().map(|item| item["id"].as_i64().unwrap()).collect()
}

/// The audit log as `(action, target_type, target_id, user_id)`, newest first.
pub async fn audit_log(app: &TestApp) -> Vec<(String, String, i64, i64)> {
    let admin = app.admin().await;
    let page = get_json(app, "/api/v1/admin/audit?limit=100", &admin.token).await;
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap().to_string();
            (
                text("action"),
                text("target_type"),
                e["target_id"].as_i64().unwrap_or(0),
                e["user_id"].as_i64().unwrap_or(0),
            )
        })
        .collect()
}

#[tokio::test]
async fn movie_routes_are_401_without_valid_credentials() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let one = movie_path(&movie);
    let routes = [
        (Method::GET, MOVIES),
        (Method::POST, MOVIES),
        (Method::GET, &one),
        (Method::PATCH, &one),
        (Method::DELETE, &one),
    ];
    for (method, path) in routes {
        for token in [None, Some("not-a-real-token"), Some("mq_not-a-real-api-token")] {
            let mut request = app.request(method.clone(), path).json(&j!({"title": "Anonymous"}));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 401, "{method} {path} with {token:?}");
            assert!(response.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
            assert_eq!(response.headers()["cache-control"], "no-store");
            assert_problem(response, 401).await;
        }
    }
    assert_eq!(get_json(&app, &one, &admin.token).await, movie, "nothing changed");
}

#[tokio::test]
async fn movie_writes_by_authors_and_moderators_are_403_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let one = movie_path(&movie);
    for role in ["author", "moderator"] {
        let session = app.login_as(role).await;
        let writes = [
            (Method::POST, MOVIES, j!({"title": "Not Allowed"})),
            // The role check answers before the body is judged.
            (Method::POST, MOVIES, j!({"title": "", "bogus": 1})),
            (Method::PATCH, one.as_str(), j!({"title": "Renamed"})),
            (Method::DELETE, one.as_str(), Value::Null),
        ];
        for (method, path, body) in writes {
            let response = send(&app, method.clone(), path, &session.token, &body).await;
            assert_eq!(response.status(), 403, "{role} {method} {path}");
            assert_eq!(response.headers()["cache-control"], "no-store");
            assert_problem(response, 403).await;
        }
    }
    let list = get_json(&app, MOVIES, &admin.token).await;
    assert_eq!(list["data"], j!([movie]), "nothing created, changed or deleted");
}

#[tokio::test]
async fn every_signed_in_role_reads_movies() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    for role in ["admin", "editor", "author", "moderator"] {
        let session = app.login_as(role).await;
        let list = get_json(&app, MOVIES, &session.token).await;
        assert_eq!(list, j!({"data": [movie], "next_cursor": null}), "{role}");
        assert_eq!(get_json(&app, &movie_path(&movie), &session.token).await, movie, "{role}");
    }
}

#[tokio::test]
async fn editors_create_read_update_and_delete_movies() {
    let app = spawn_app().await;
    let editor = app.login_as("editor").await;
    let body = j!({
        "title": "  Arrival ", "original_title": "Story of Your Life", "release_year": 2016,
        "release_date": "2016-11-11", "runtime_minutes": 116, "synopsis": "A linguist meets visitors.",
        "genres": ["Drama", "Sci-Fi"], "poster_url": "https://img.example.com/arrival.jpg",
        "trailer_url": "https://video.example.com/arrival"
    });
    let response = send(&app, Method::POST, MOVIES, &editor.token, &body).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let created = json(response).await;
    assert_eq!(location, movie_path(&created));
    assert_eq!(created["created_at"], created["updated_at"]);
    let expected = j!({
        "id": "[id]", "slug": "arrival", "title": "Arrival", "original_title": "Story of Your Life",
        "release_year": 2016, "release_date": "2016-11-11", "runtime_minutes": 116,
        "synopsis": "A linguist meets visitors.", "genres": ["Drama", "Sci-Fi"],
        "poster_url": "https://img.example.com/arrival.jpg", "trailer_url": "https://video.example.com/arrival",
        "version": 1, "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&created), expected);

    let fetched = send(&app, Method::GET, &location, &editor.token, &Value::Null).await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["etag"], "\"1\"");
    assert_eq!(fetched.headers()["cache-control"], "no-store");
    assert_eq!(json(fetched).await, created);

    let updated = patch_if_match(&app, &location, &editor.token, "\"1\"", &j!({"runtime_minutes": 118})).await;
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.headers()["etag"], "\"2\"");
    let updated = json(updated).await;
    let mut expected = created.clone();
    expected["runtime_minutes"] = j!(118);
    expected["version"] = j!(2);
    expected["updated_at"] = updated["updated_at"].clone();
    assert_eq!(updated, expected);

    let deleted =
        app.authed(Method::DELETE, &location, &editor.token).header("if-match", "\"2\"").send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(deleted.headers()["cache-control"], "no-store");
    assert_problem(send(&app, Method::GET, &location, &editor.token, &Value::Null).await, 404).await;
    assert_problem(send(&app, Method::DELETE, &location, &editor.token, &Value::Null).await, 404).await;
}

#[tokio::test]
async fn a_movie_with_only_a_title_has_null_optional_fields() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune", "poster_url": "", "synopsis": "  "})).await;
    let expected = j!({
        "id": "[id]", "slug": "dune", "title": "Dune", "original_title": null, "release_year": null,
        "release_date": null, "runtime_minutes": null, "synopsis": null, "genres": [], "poster_url": null,
        "trailer_url": null, "version": 1, "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&movie), expected);
}

#[tokio::test]
async fn slugs_are_made_from_titles_and_suffixed_to_stay_unique() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        ("Amélie: The Ending!", "amelie-the-ending"),
        ("Amélie: The Ending!", "amelie-the-ending-2"),
        ("AMÉLIE — the   ending", "amelie-the-ending-3"),
        ("  Dune   Part Two ", "dune-part-two"),
        ("???", "untitled"),
        ("!!!", "untitled-2"),
    ];
    for (title, slug) in cases {
        assert_eq!(create_movie(&app, &admin.token, j!({"title": title})).await["slug"], slug, "{title}");
    }
    let long = create_movie(&app, &admin.token, j!({"title": "word ".repeat(40)})).await;
    let slug = long["slug"].as_str().unwrap();
    assert!(slug.len() <= 112 && slug.starts_with("word-word") && !slug.ends_with('-'), "{slug}");
}

#[tokio::test]
async fn a_generated_slug_skips_suffixes_taken_explicitly() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    create_movie(&app, &admin.token, j!({"title": "Dune: Part Two", "slug": "dune-2"})).await;
    assert_eq!(create_movie(&app, &admin.token, j!({"title": "Dune"})).await["slug"], "dune");
    assert_eq!(create_movie(&app, &admin.token, j!({"title": "Dune"})).await["slug"], "dune-3");
}

#[tokio::test]
async fn an_explicit_slug_that_is_taken_is_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = create_movie(&app, &admin.token, j!({"title": "Dune", "slug": "dune-1984"})).await;
    assert_eq!(first["slug"], "dune-1984");
    let taken = send(&app, Method::POST, MOVIES, &admin.token, &j!({"title": "Other", "slug": "dune-1984"})).await;
    assert_problem(taken, 409).await;

    let second = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let rename = send(&app, Method::PATCH, &movie_path(&second), &admin.token, &j!({"slug": "dune-1984"})).await;
    assert_problem(rename, 409).await;
    assert_eq!(get_json(&app, &movie_path(&second), &admin.token).await, second, "unchanged");
    let list = get_json(&app, MOVIES, &admin.token).await;
    assert_eq!(texts(&list, "slug"), ["dune", "dune-1984"]);

    // Keeping one's own slug is no conflict.
    let same = send(&app, Method::PATCH, &movie_path(&first), &admin.token, &j!({"slug": "dune-1984"})).await;
    assert_eq!(same.status(), 200);
}

#[tokio::test]
async fn invalid_explicit_slugs_are_422() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let too_long = "a".repeat(121);
    let cases = [
        ("Dune", "uppercase"),
        ("dune two", "a space"),
        ("dune--two", "a double hyphen"),
        ("-dune", "a leading hyphen"),
        ("dune-", "a trailing hyphen"),
        ("dün", "a non-ASCII letter"),
        ("a/b", "a slash"),
        ("", "empty"),
        (too_long.as_str(), "121 characters"),
    ];
    for (slug, reason) in cases {
        let create = send(&app, Method::POST, MOVIES, &admin.token, &j!({"title": "X", "slug": slug})).await;
        assert_eq!(invalid_fields(create).await, ["slug"], "create: {reason}");
        let patch = send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &j!({"slug": slug})).await;
        assert_eq!(invalid_fields(patch).await, ["slug"], "patch: {reason}");
    }
    let longest = create_movie(&app, &admin.token, j!({"title": "X", "slug": "b".repeat(120)})).await;
    assert_eq!(longest["slug"], "b".repeat(120));
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn invalid_movies_list_every_bad_field_and_create_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = j!({
        "slug": "Not A Slug", "title": "   ", "original_title": "o".repeat(201), "release_year": 1869,
        "release_date": "1799-12-31", "runtime_minutes": 0, "synopsis": "s".repeat(20_001),
        "genres": vec!["Drama"; 21], "poster_url": "javascript:alert(1)", "trailer_url": "ftp://example.com/t.mp4"
    });
    let fields = invalid_fields(send(&app, Method::POST, MOVIES, &admin.token, &body).await).await;
    let expected = [
        "slug",
        "title",
        "original_title",
        "release_year",
        "release_date",
        "runtime_minutes",
        "synopsis",
        "genres",
        "poster_url",
        "trailer_url",
    ];
    assert_eq!(fields, expected);
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"], j!([]), "nothing was created");
}

#[tokio::test]
async fn each_movie_rule_refuses_its_bad_values() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let cases = [
        (j!({"title": ""}), "title", "empty"),
        (j!({"title": " \t "}), "title", "only whitespace"),
        (j!({"title": "t".repeat(201)}), "title", "201 characters"),
        (j!({"title": "a\u{0}b"}), "title", "a control character"),
        (j!({"title": 42}), "title", "not a string"),
        (j!({"release_year": 1869}), "release_year", "before cinema"),
        (j!({"release_year": 2101}), "release_year", "too far ahead"),
        (j!({"release_year": "2016"}), "release_year", "a string"),
        (j!({"release_date": "11/11/2016"}), "release_date", "not YYYY-MM-DD"),
        (j!({"release_date": "2016-02-30"}), "release_date", "no such day"),
        (j!({"runtime_minutes": 0}), "runtime_minutes", "zero"),
        (j!({"runtime_minutes": -90}), "runtime_minutes", "negative"),
        (j!({"runtime_minutes": 2001}), "runtime_minutes", "too long"),
        (j!({"genres": vec!["g"; 21]}), "genres", "21 items"),
        (j!({"genres": ["Drama", " "]}), "genres", "a blank item"),
        (j!({"genres": ["g".repeat(51)]}), "genres", "an item of 51 characters"),
        (j!({"genres": "Drama"}), "genres", "not a list"),
        (j!({"poster_url": "javascript:alert(1)"}), "poster_url", "javascript:"),
        (j!({"poster_url": "ftp://example.com/p.jpg"}), "poster_url", "ftp:"),
        (j!({"poster_url": "data:image/png;base64,AAAA"}), "poster_url", "data:"),
        (j!({"poster_url": "img.example.com/p.jpg"}), "poster_url", "no scheme"),
        (j!({"trailer_url": "javascript:alert(1)"}), "trailer_url", "javascript:"),
        (j!({"trailer_url": "ftp://example.com/t.mp4"}), "trailer_url", "ftp:"),
        (j!({"synopsis": "s".repeat(20_001)}), "synopsis", "too long"),
    ];
    for (fragment, field, reason) in cases {
        let mut body = j!({"title": "Valid"});
        body.as_object_mut().unwrap().extend(fragment.as_object().unwrap().clone());
        let response = send(&app, Method::POST, MOVIES, &admin.token, &body).await;
        assert_eq!(invalid_fields(response).await, [field], "{field}: {reason}");
    }
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"], j!([]), "nothing was created");
}

#[tokio::test]
async fn boundary_values_are_accepted() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let genres: Vec<String> = (0..20).map(|i| format!("{i:0>50}")).collect();
    let body = j!({
        "title": "é".repeat(200), "release_year": 1870, "runtime_minutes": 1, "genres": genres,
        "poster_url": "http://img.example.com/p.jpg", "trailer_url": "HTTPS://video.example.com/t"
    });
    let movie = create_movie(&app, &admin.token, body).await;
    assert_eq!(movie["title"], "é".repeat(200));
    assert_eq!(movie["genres"], j!(genres));
    assert_eq!(movie["poster_url"], "http://img.example.com/p.jpg");
    assert!(movie["trailer_url"].as_str().unwrap().starts_with("https://video.example.com/"));
    let other =
        create_movie(&app, &admin.token, j!({"title": "Y", "release_year": 2100, "runtime_minutes": 2000})).await;
    assert_eq!((other["release_year"].as_i64(), other["runtime_minutes"].as_i64()), (Some(2100), Some(2000)));
}

#[tokio::test]
async fn genres_are_trimmed_and_deduplicated_case_insensitively() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let body = j!({"title": "Arrival", "genres": ["Drama", " drama ", "Sci-Fi", "SCI-FI", " Mystery "]});
    let movie = create_movie(&app, &admin.token, body).await;
    assert_eq!(movie["genres"], j!(["Drama", "Sci-Fi", "Mystery"]));
    let patch = j!({"genres": ["Thriller", "THRILLER"]});
    let updated = json(send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &patch).await).await;
    assert_eq!(updated["genres"], j!(["Thriller"]));
}

#[tokio::test]
async fn unknown_and_missing_fields_are_422_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let extra = send(&app, Method::POST, MOVIES, &admin.token, &j!({"title": "Dune", "director": "Lynch"})).await;
    assert_eq!(invalid_fields(extra).await, ["director"]);
    let missing = send(&app, Method::POST, MOVIES, &admin.token, &j!({"release_year": 1984})).await;
    assert_eq!(invalid_fields(missing).await, ["title"]);
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let patch = send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &j!({"rating": 5})).await;
    assert_eq!(invalid_fields(patch).await, ["rating"]);
    assert_eq!(get_json(&app, &movie_path(&movie), &admin.token).await, movie);
}

#[tokio::test]
async fn movie_bodies_must_be_well_formed_json() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let malformed = app.authed(Method::POST, MOVIES, &admin.token).header("content-type", "application/json");
    assert_problem(malformed.body("{\"title\": ").send().await.unwrap(), 400).await;
    let text = app.authed(Method::POST, MOVIES, &admin.token).header("content-type", "text/plain");
    assert_problem(text.body("{\"title\": \"Dune\"}").send().await.unwrap(), 415).await;
    assert_eq!(get_json(&app, MOVIES, &admin.token).await["data"], j!([]));
}

#[tokio::test]
async fn patch_keeps_omitted_fields_and_null_clears_optional_ones() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let full = j!({
        "title": "Arrival", "original_title": "Story of Your Life", "release_year": 2016, "release_date": "2016-11-11",
        "runtime_minutes": 116, "synopsis": "Visitors.", "genres": ["Drama"],
        "poster_url": "https://img.example.com/a.jpg", "trailer_url": "https://video.example.com/a"
    });
    let movie = create_movie(&app, &admin.token, full).await;
    let path = movie_path(&movie);

    let renamed = json(send(&app, Method::PATCH, &path, &admin.token, &j!({"title": "Arrival (2016)"})).await).await;
    let mut expected = movie.clone();
    expected["title"] = j!("Arrival (2016)");
    expected["version"] = j!(2);
    expected["updated_at"] = renamed["updated_at"].clone();
    assert_eq!(renamed, expected, "only the title changed; the slug stays");

    let clear = j!({
        "original_title": null, "release_year": null, "release_date": null, "runtime_minutes": null,
        "synopsis": null, "poster_url": null, "trailer_url": null, "genres": []
    });
    let cleared = json(send(&app, Method::PATCH, &path, &admin.token, &clear).await).await;
    let expected = j!({
        "id": "[id]", "slug": "arrival", "title": "Arrival (2016)", "original_title": null, "release_year": null,
        "release_date": null, "runtime_minutes": null, "synopsis": null, "genres": [], "poster_url": null,
        "trailer_url": null, "version": 3, "created_at": "[created_at]", "updated_at": "[updated_at]"
    });
    assert_eq!(redacted(&cleared), expected);
    assert_eq!(get_json(&app, &path, &admin.token).await, cleared);
}

#[tokio::test]
async fn invalid_patches_list_every_bad_field_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune", "release_year": 1984})).await;
    let body = j!({
        "slug": "Bad Slug", "title": "", "release_year": 3000, "runtime_minutes": 0, "genres": [""],
        "poster_url": "javascript:alert(1)", "trailer_url": "ftp://example.com/t"
    });
    let fields = invalid_fields(send(&app, Method::PATCH, &movie_path(&movie), &admin.token, &body).await).await;
    assert_eq!(fields, ["slug", "title", "release_year", "runtime_minutes", "genres", "poster_url", "trailer_url"]);
    assert_eq!(get_json(&app, &movie_path(&movie), &admin.token).await, movie, "unchanged, still version 1");
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.login_as("editor").await;
    let movie = create_movie(&app, &editor.token, j!({"title": "Dune"})).await;
    let path = movie_path(&movie);
    let first = patch_if_match(&app, &path, &editor.token, "\"1\"", &j!({"title": "One"})).await;
    assert_eq!((first.status().as_u16(), first.headers()["etag"].to_str().unwrap()), (200, "\"2\""));
    let stale = patch_if_match(&app, &path, &editor.token, "\"1\"", &j!({"title": "Two"})).await;
    assert_problem(stale, 412).await;
    let stale_delete = app.authed(Method::DELETE, &path, &editor.token).header("if-match", "\"1\"");
    assert_problem(stale_delete.send().await.unwrap(), 412).await;
    let current = get_json(&app, &path, &editor.token).await;
    assert_eq!((current["title"].as_str(), current["version"].as_i64()), (Some("One"), Some(2)));

    let any = patch_if_match(&app, &path, &editor.token, "*", &j!({"title": "Three"})).await;
    assert_eq!((any.status().as_u16(), any.headers()["etag"].to_str().unwrap()), (200, "\"3\""));
    let delete = app.authed(Method::DELETE, &path, &editor.token).header("if-match", "\"3\"");
    assert_eq!(delete.send().await.unwrap().status(), 204);
}

#[tokio::test]
async fn a_matching_if_none_match_is_304() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let request = app.authed(Method::GET, &movie_path(&movie), &admin.token).header("if-none-match", "\"1\"");
    assert_eq!(request.send().await.unwrap().status(), 304);
}

#[tokio::test]
async fn unknown_movies_are_404_and_bad_ids_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for method in [Method::GET, Method::PATCH, Method::DELETE] {
        let unknown = send(&app, method.clone(), &format!("{MOVIES}/999999"), &admin.token, &j!({"title": "X"})).await;
        assert_problem(unknown, 404).await;
        for bad in ["abc", "1.5", "-"] {
            let response =
                send(&app, method.clone(), &format!("{MOVIES}/{bad}"), &admin.token, &j!({"title": "X"})).await;
            assert_eq!(response.status(), 400, "{method} {bad}");
            assert_problem(response, 400).await;
        }
    }
}

#[tokio::test]
async fn deleting_a_movie_deletes_its_credits_and_frees_its_slug() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let person = create_cast_member(&app, &admin.token, j!({"name": "Kyle MacLachlan"})).await;
    let credits = format!("{}/credits", movie_path(&movie));
    let credit =
        send(&app, Method::POST, &credits, &admin.token, &j!({"cast_member_id": person["id"], "role": "actor"})).await;
    assert_eq!(credit.status(), 201);
    let credit = json(credit).await;

    assert_eq!(send(&app, Method::DELETE, &movie_path(&movie), &admin.token, &Value::Null).await.status(), 204);
    assert_problem(send(&app, Method::GET, &movie_path(&movie), &admin.token, &Value::Null).await, 404).await;
    assert_problem(send(&app, Method::GET, &credits, &admin.token, &Value::Null).await, 404).await;
    let credit_path = format!("{credits}/{}", credit["id"]);
    assert_problem(send(&app, Method::DELETE, &credit_path, &admin.token, &Value::Null).await, 404).await;
    // The person stays, and the slug can be used again.
    let path = format!("/api/v1/admin/cast-members/{}", person["id"]);
    assert_eq!(get_json(&app, &path, &admin.token).await, person);
    assert_eq!(create_movie(&app, &admin.token, j!({"title": "Dune"})).await["slug"], "dune");
}

#[tokio::test]
async fn deleting_a_movie_that_articles_refer_to_is_409() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let movie = create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    let article = j!({"title": "Dune, explained", "kind": "explainer", "movie_id": movie["id"]});
    let response = send(&app, Method::POST, "/api/v1/admin/articles", &admin.token, &article).await;
    assert_eq!(response.status(), 201);
    let article_path = response.headers()["location"].to_str().unwrap().to_string();
    assert_problem(send(&app, Method::DELETE, &movie_path(&movie), &admin.token, &Value::Null).await, 409).await;
    assert_eq!(get_json(&app, &movie_path(&movie), &admin.token).await, movie, "still there");
    // Once no article refers to it, the movie can go.
    assert_eq!(send(&app, Method::DELETE, &article_path, &admin.token, &Value::Null).await.status(), 204);
    assert_eq!(send(&app, Method::DELETE, &movie_path(&movie), &admin.token, &Value::Null).await.status(), 204);
}

#[tokio::test]
async fn movie_lists_are_newest_first_and_page_without_repeats() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for n in 1..=5 {
        create_movie(&app, &admin.token, j!({"title": format!("Movie {n}")})).await;
    }
    let all = get_json(&app, MOVIES, &admin.token).await;
    assert_eq!(texts(&all, "title"), ["Movie 5", "Movie 4", "Movie 3", "Movie 2", "Movie 1"]);
    assert!(all["next_cursor"].is_null());
    assert_eq!(all["data"][0]["version"], 1, "list items are full records");

    let mut pages = Vec::new();
    let mut path = format!("{MOVIES}?limit=2");
    loop {
        let page = get_json(&app, &path, &admin.token).await;
        pages.push(texts(&page, "title"));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("{MOVIES}?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, [vec!["Movie 5", "Movie 4"], vec!["Movie 3", "Movie 2"], vec!["Movie 1"]]);
}

#[tokio::test]
async fn movie_list_limits_outside_1_to_100_and_bad_cursors_are_400() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    for query in ["limit=0", "limit=101", "limit=-1", "limit=ten", "cursor=garbage", "cursor=eyJ4IjoxfQ.AAAA"] {
        let response = send(&app, Method::GET, &format!("{MOVIES}?{query}"), &admin.token, &Value::Null).await;
        assert_eq!(response.status(), 400, "{query}");
        assert_problem(response, 400).await;
    }
    for query in ["limit=1", "limit=100"] {
        assert_eq!(
            get_json(&app, &format!("{MOVIES}?{query}"), &admin.token).await["data"].as_array().unwrap().len(),
            1
        );
    }
}

/// The titles a `q` search lists, newest first.
async fn search(app: &TestApp, token: &str, q: &str) -> Vec<String> {
    let response = app.authed(Method::GET, MOVIES, token).query(&[("q", q)]).send().await.unwrap();
    assert_eq!(response.status(), 200, "q={q}");
    texts(&json(response).await, "title")
}

#[tokio::test]
async fn q_filters_titles_by_substring_with_like_characters_taken_literally() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for title in ["100% Wolf", "1000 Wolves", "snake_case Story", "snakeXcase Story", r"Back\slash"] {
        create_movie(&app, &admin.token, j!({"title": title})).await;
    }
    let cases: [(&str, &[&str]); 9] = [
        ("Wol", &["1000 Wolves", "100% Wolf"]),
        ("  Wol  ", &["1000 Wolves", "100% Wolf"]),
        ("100%", &["100% Wolf"]),
        ("%", &["100% Wolf"]),
        ("_", &["snake_case Story"]),
        ("e_c", &["snake_case Story"]),
        (r"\", &[r"Back\slash"]),
        ("nothing like it", &[]),
        ("", &[r"Back\slash", "snakeXcase Story", "snake_case Story", "1000 Wolves", "100% Wolf"]),
    ];
    for (q, expected) in cases {
        assert_eq!(search(&app, &admin.token, q).await, expected, "q={q:?}");
    }
}

#[tokio::test]
async fn q_matches_titles_and_names_whatever_their_case() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    create_movie(&app, &admin.token, j!({"title": "Dune"})).await;
    create_movie(&app, &admin.token, j!({"title": "Arrival"})).await;
    assert_eq!(search(&app, &admin.token, "dune").await, ["Dune"]);
    assert_eq!(search(&app, &admin.token, "ARRIV").await, ["Arrival"]);
    create_cast_member(&app, &admin.token, j!({"name": "Amy Adams"})).await;
    let people = app.authed(Method::GET, "/api/v1/admin/cast-members", &admin.token).query(&[("q", "amy")]);
    assert_eq!(texts(&json(people.send().await.unwrap()).await, "name"), ["Amy Adams"]);
}

#[tokio::test]
async fn q_filtered_lists_page_with_cursors() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let mut wanted = Vec::new();
    for n in 1..=5 {
        wanted.push(create_movie(&app, &admin.token, j!({"title": format!("Star {n}")})).await["id"].as_i64().unwrap());
        create_movie(&app, &admin.token, j!({"title": format!("Other {n}")})).await;
    }
    wanted.reverse();
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("q", "Star".to_string()), ("limit", "2".to_string())];
        query.extend(cursor.map(|c| ("cursor", c)));
        let page = json(app.authed(Method::GET, MOVIES, &admin.token).query(&query).send().await.unwrap()).await;
        seen.extend(ids(&page));
        cursor = page["next_cursor"].as_str().map(str::to_string);
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, wanted, "every match once, newest first");
}

#[tokio::test]
async fn movie_writes_are_audited() {
    let app = spawn_app().await;
    let editor = app.login_as("editor").await;
    let movie = create_movie(&app, &editor.token, j!({"title": "Dune"})).await;
    let id = movie["id"].as_i64().unwrap();
    assert_eq!(send(&app, Method::PATCH, &movie_path(&movie), &editor.token, &j!({"title": "X"})).await.status(), 200);
    assert_eq!(send(&app, Method::DELETE, &movie_path(&movie), &editor.token, &Value::Null).await.status(), 204);
    let log = audit_log(&app).await;
    let movie_entries: Vec<_> = log.into_iter().filter(|(action, ..)| action.starts_with("movie.")).collect();
    let expected = ["movie.delete", "movie.update", "movie.create"]
        .map(|action| (action.to_string(), "movie".to_string(), id, editor.user_id));
    assert_eq!(movie_entries, expected);
}
