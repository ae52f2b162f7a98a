//! Caching of public responses: validators and headers, the in-process cache following
//! every write that shows on a page, a second node on the same database, and CORS.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use marquee::domain::Role;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, fetch, get_ok, json, slugs, spawn_app, spawn_app_with, test_env, TestApp};

const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=300";

fn header(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap().to_string()
}

fn surrogate_keys(headers: &HeaderMap) -> BTreeSet<String> {
    header(headers, "surrogate-key").split_whitespace().map(str::to_string).collect()
}

/// GETs a page that must be 200, returning its ETag and body.
async fn etag_and_body(app: &TestApp, path: &str) -> (String, Value) {
    let (status, headers, body) = fetch(app, path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    (header(&headers, "etag"), body)
}

async fn conditional(app: &TestApp, path: &str, if_none_match: &str) -> reqwest::Response {
    app.request(Method::GET, path).header("if-none-match", if_none_match).send().await.unwrap()
}

#[tokio::test]
async fn every_public_get_has_validators_cache_control_and_surrogate_keys() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    app.published_article(&t, "Wombat ending").await;
    let paths = [
        "/api/v1/articles",
        "/api/v1/articles?limit=1",
        "/api/v1/articles/wombat-ending",
        "/api/v1/movies",
        "/api/v1/movies/wombat-ending-the-film",
        "/api/v1/cast-members",
        "/api/v1/cast-members/bo-lead",
        "/api/v1/tags",
        "/api/v1/changes",
        "/api/v1/search?q=wombat",
    ];
    for path in paths {
        let (status, headers, body) = fetch(&app, path).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(header(&headers, "cache-control"), CACHE_CONTROL, "{path}");
        assert_eq!(header(&headers, "content-type"), "application/json", "{path}");
        let etag = header(&headers, "etag");
        assert!(etag.len() > 2 && etag.starts_with('"') && etag.ends_with('"'), "{path}: {etag}");
        assert!(!surrogate_keys(&headers).is_empty(), "{path}");

        for matching in [etag.clone(), format!("W/{etag}"), format!("\"other\", {etag}")] {
            let response = conditional(&app, path, &matching).await;
            assert_eq!(response.status(), 304, "{path} with {matching}");
            assert_eq!(header(response.headers(), "etag"), etag, "{path}");
            assert_eq!(header(response.headers(), "cache-control"), CACHE_CONTROL, "{path}");
            assert!(response.text().await.unwrap().is_empty(), "{path}: a 304 has no body");
        }
        let other = conditional(&app, path, "\"not-the-etag\"").await;
        assert_eq!(other.status(), 200, "{path}");
        assert_eq!(json(other).await, body, "{path}");
    }
}

#[tokio::test]
async fn the_public_max_age_is_configurable() {
    let app = spawn_app_with(&[("MARQUEE_PUBLIC_MAX_AGE", "600")]).await;
    for path in ["/api/v1/articles", "/api/v1/movies", "/api/v1/tags"] {
        let (status, headers, _) = fetch(&app, path).await;
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "cache-control"), "public, max-age=600, stale-while-revalidate=300", "{path}");
    }
}

#[tokio::test]
async fn surrogate_keys_name_every_record_a_response_shows() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let related = app.publish_new(&t, j!({"title": "Related"})).await;
    let draft = app.create_article(&t, j!({"title": "Draft"})).await;
    let article = app.published_article(&t, "Keyed").await;
    let id = article["id"].as_i64().unwrap();
    let patch = j!({"related_article_ids": [related["id"], draft["id"]]});
    let response = app.send_json(Method::PATCH, &format!("/api/v1/admin/articles/{id}"), &t, &patch).await;
    assert_eq!(response.status(), 200);
    let movie_id = article["movie_id"].as_i64().unwrap();
    let credits =
        json(app.authed(Method::GET, &format!("/api/v1/admin/movies/{movie_id}/credits"), &t).send().await.unwrap())
            .await;
    let people: Vec<String> =
        credits["data"].as_array().unwrap().iter().map(|c| format!("cast-member-{}", c["cast_member_id"])).collect();
    assert_eq!(people.len(), 3);

    let (_, headers, _) = fetch(&app, "/api/v1/articles/keyed").await;
    let keys = surrogate_keys(&headers);
    let mut expected = vec![format!("article-{id}"), format!("movie-{movie_id}"), format!("article-{}", related["id"])];
    expected.extend(people.iter().cloned());
    for key in &expected {
        assert!(keys.contains(key), "{key} missing from {keys:?}");
    }
    // A related draft is not shown, but its key is there: publishing it changes this page.
    assert!(keys.contains(&format!("article-{}", draft["id"])), "a hidden related article is a dependency: {keys:?}");

    let (_, headers, _) = fetch(&app, "/api/v1/articles").await;
    let keys = surrogate_keys(&headers);
    for key in [format!("article-{id}"), format!("article-{}", related["id"]), format!("movie-{movie_id}")] {
        assert!(keys.contains(&key), "list: {key} missing from {keys:?}");
    }
    assert!(!keys.contains(&format!("article-{}", draft["id"])), "{keys:?}");

    let (_, headers, _) = fetch(&app, "/api/v1/movies/keyed-the-film").await;
    let keys = surrogate_keys(&headers);
    for key in std::iter::once(format!("movie-{movie_id}")).chain([format!("article-{id}")]).chain(people.clone()) {
        assert!(keys.contains(&key), "movie page: {key} missing from {keys:?}");
    }

    let (_, headers, _) = fetch(&app, "/api/v1/cast-members/bo-lead").await;
    let keys = surrogate_keys(&headers);
    assert!(keys.contains(&format!("movie-{movie_id}")), "{keys:?}");
    assert!(keys.iter().any(|k| people.contains(k)), "{keys:?}");
}

/// Applies an admin write and asserts it succeeded.
async fn admin_write(app: &TestApp, token: &str, method: Method, path: &str, body: Value) {
    let response = app.send_json(method, path, token, &body).await;
    let status = response.status();
    assert!(status.is_success(), "{path}: {status} {}", response.text().await.unwrap());
}

#[tokio::test]
async fn an_article_page_changes_at_once_after_each_edit_that_shows_on_it() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let article = app.published_article(&t, "Cached").await;
    let id = article["id"].as_i64().unwrap();
    let movie_id = article["movie_id"].as_i64().unwrap();
    let credits =
        json(app.authed(Method::GET, &format!("/api/v1/admin/movies/{movie_id}/credits"), &t).send().await.unwrap())
            .await;
    let lead =
        credits["data"].as_array().unwrap().iter().find(|c| c["cast_member"]["name"] == "Bo Lead").unwrap().clone();
    let section_id = app.sections(&t, id).await[1].0;
    let page = "/api/v1/articles/cached";

    let edits: Vec<(&str, Method, String, Value)> = vec![
        ("article title", Method::PATCH, format!("/api/v1/admin/articles/{id}"), j!({"title": "Cached, retitled"})),
        (
            "section body",
            Method::PATCH,
            format!("/api/v1/admin/articles/{id}/sections/{section_id}"),
            j!({"body": "Everyone *knew*."}),
        ),
        ("movie title", Method::PATCH, format!("/api/v1/admin/movies/{movie_id}"), j!({"title": "Renamed film"})),
        (
            "cast member name",
            Method::PATCH,
            format!("/api/v1/admin/cast-members/{}", lead["cast_member_id"]),
            j!({"name": "Bo Renamed"}),
        ),
        (
            "credit character",
            Method::PATCH,
            format!("/api/v1/admin/movies/{movie_id}/credits/{}", lead["id"]),
            j!({"character": "Antihero"}),
        ),
    ];
    let shown = |edit: &str, body: &Value| -> Value {
        match edit {
            "article title" => body["title"].clone(),
            "section body" => body["sections"][1]["body_html"].clone(),
            "movie title" => body["movie"]["title"].clone(),
            "cast member name" => body["movie"]["cast"][0]["name"].clone(),
            _ => body["movie"]["cast"][0]["character"].clone(),
        }
    };
    let expected = ["Cached, retitled", "<p>Everyone <em>knew</em>.</p>\n", "Renamed film", "Bo Renamed", "Antihero"];

    for ((edit, method, path, body), want) in edits.into_iter().zip(expected) {
        // Twice: the second read is served from the cache.
        let (before, _) = etag_and_body(&app, page).await;
        let (again, cached) = etag_and_body(&app, page).await;
        assert_eq!(before, again);
        assert_ne!(shown(edit, &cached), want, "{edit}: already shown before the edit");
        admin_write(&app, &t, method, &path, body).await;
        let (after, fresh) = etag_and_body(&app, page).await;
        assert_eq!(shown(edit, &fresh), want, "{edit}: the page still shows the old content");
        assert_ne!(after, before, "{edit}: the ETag did not change");
        assert_eq!(conditional(&app, page, &before).await.status(), 200, "{edit}: the old ETag still matches");
    }

    // The list follows too.
    assert_eq!(get_ok(&app, "/api/v1/articles").await["data"][0]["title"], "Cached, retitled");
    // A new slug: the old one is no longer served from the cache, it leads to the new one.
    etag_and_body(&app, page).await;
    admin_write(&app, &t, Method::PATCH, &format!("/api/v1/admin/articles/{id}"), j!({"slug": "cached-moved"})).await;
    let moved = app.get(page).await;
    assert_eq!(moved.status(), 301);
    assert_eq!(moved.headers()["location"], "/api/v1/articles/cached-moved");
    etag_and_body(&app, "/api/v1/articles/cached-moved").await;
    // Unpublished: 404 at once, and gone from the list.
    app.lifecycle(&t, id, "unpublish").await;
    assert_problem(app.get("/api/v1/articles/cached-moved").await, 404).await;
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles").await), Vec::<String>::new());
}

#[tokio::test]
async fn lists_tags_movie_pages_and_search_follow_publication_at_once() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let movie = app.create_movie(&t, j!({"title": "Heat"})).await;
    app.publish_new(&t, j!({"title": "Old news", "movie_id": movie["id"]})).await;
    let views = ["/api/v1/articles", "/api/v1/articles?tag=fresh", "/api/v1/movies/heat", "/api/v1/search?q=okapi"];
    let listed = |body: &Value| -> Vec<String> {
        match body.get("articles") {
            Some(articles) => slugs(&j!({ "data": articles })),
            None => slugs(body),
        }
    };
    let mut etags = Vec::new();
    for path in views {
        let (etag, body) = etag_and_body(&app, path).await;
        assert!(!listed(&body).contains(&"fresh-okapi".to_string()), "{path}");
        etags.push(etag);
    }
    assert_eq!(get_ok(&app, "/api/v1/tags").await, j!({"data": []}));

    let fresh = app
        .publish_new(
            &t,
            j!({"title": "Fresh okapi", "movie_id": movie["id"], "tags": ["Fresh"],
            "sections": [{"heading": "H", "body": "An okapi."}]}),
        )
        .await;
    for (path, old) in views.iter().zip(&etags) {
        let (etag, body) = etag_and_body(&app, path).await;
        assert_eq!(listed(&body).first().map(String::as_str), Some("fresh-okapi"), "{path}: {body}");
        assert_ne!(&etag, old, "{path}");
    }
    assert_eq!(get_ok(&app, "/api/v1/tags").await["data"][0]["article_count"], 1);

    app.lifecycle(&t, fresh["id"].as_i64().unwrap(), "unpublish").await;
    for path in views {
        let body = get_ok(&app, path).await;
        assert!(!listed(&body).contains(&"fresh-okapi".to_string()), "{path} after unpublishing: {body}");
    }
    assert_eq!(get_ok(&app, "/api/v1/tags").await, j!({"data": []}));
}

#[tokio::test]
async fn a_related_article_published_later_appears_on_a_cached_page() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let later = app.create_article(&t, j!({"title": "Later"})).await;
    app.publish_new(&t, j!({"title": "Host", "related_article_ids": [later["id"]]})).await;
    assert_eq!(get_ok(&app, "/api/v1/articles/host").await["related"], j!([]));
    app.publish(&t, later["id"].as_i64().unwrap(), None).await;
    let related = get_ok(&app, "/api/v1/articles/host").await["related"].clone();
    assert_eq!(slugs(&j!({ "data": related })), ["later"]);
}

#[tokio::test]
async fn renaming_an_author_changes_their_cached_pages() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    app.publish_new(&editor.token, j!({"title": "Bylined"})).await;
    assert_eq!(get_ok(&app, "/api/v1/articles/bylined").await["author"]["display_name"], "A editor");
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles?author=a-editor").await), ["bylined"]);
    let admin = app.admin().await;
    let path = format!("/api/v1/admin/users/{}", editor.user_id);
    admin_write(&app, &admin.token, Method::PATCH, &path, j!({"display_name": "Eddie Tor", "bio": "Edits."})).await;
    let author = get_ok(&app, "/api/v1/articles/bylined").await["author"].clone();
    assert_eq!((author["display_name"].as_str(), author["bio"].as_str()), (Some("Eddie Tor"), Some("Edits.")));
    assert_eq!(get_ok(&app, "/api/v1/articles").await["data"][0]["author"]["display_name"], "Eddie Tor");
    assert_eq!(get_ok(&app, "/api/v1/authors/a-editor").await["display_name"], "Eddie Tor", "the slug stays");
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles?author=a-editor").await), ["bylined"]);
}

/// Starts another server on the first one's database (which the first app's `TestDb`
/// owns and drops), returning its address.
async fn second_node(app: &TestApp) -> String {
    let vars = test_env(&app.database_url, &[]);
    let config = marquee::config::Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
    let node = marquee::startup::Application::build(config).await.unwrap();
    let address = format!("http://127.0.0.1:{}", node.port());
    tokio::spawn(node.run_until_stopped());
    address
}

/// Polls `url` every 100 ms for up to 3 s until `done` holds for its status and body.
async fn within_3_seconds(url: &str, done: impl Fn(u16, &Value) -> bool) -> (u16, Value) {
    let start = Instant::now();
    loop {
        let response = reqwest::get(url).await.unwrap();
        let status = response.status().as_u16();
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null);
        if done(status, &body) || start.elapsed() > Duration::from_secs(3) {
            return (status, body);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_second_node_on_the_same_database_serves_changes_within_3_seconds() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let article = app.published_article(&t, "Shared").await;
    let id = article["id"].as_i64().unwrap();
    let lead = app.create_cast_member(&t, j!({"name": "Dee Extra"})).await;
    let credit = j!({"cast_member_id": lead["id"], "role": "actor", "character": "Cameo", "billing_order": 1});
    app.create_credit(&t, article["movie_id"].as_i64().unwrap(), credit).await;
    let node_b = second_node(&app).await;
    let page = format!("{node_b}/api/v1/articles/shared");
    let list = format!("{node_b}/api/v1/articles");

    // Warm node B.
    for _ in 0..2 {
        let body: Value = reqwest::get(&page).await.unwrap().json().await.unwrap();
        assert_eq!(body["title"], "Shared");
        assert_eq!(body["movie"]["cast"][0]["name"], "Dee Extra");
        let body: Value = reqwest::get(&list).await.unwrap().json().await.unwrap();
        assert_eq!(body["data"][0]["title"], "Shared");
    }

    admin_write(&app, &t, Method::PATCH, &format!("/api/v1/admin/articles/{id}"), j!({"title": "Shared, edited"}))
        .await;
    let (_, body) = within_3_seconds(&page, |_, b| b["title"] == "Shared, edited").await;
    assert_eq!(body["title"], "Shared, edited", "node B kept the old page");
    let (_, body) = within_3_seconds(&list, |_, b| b["data"][0]["title"] == "Shared, edited").await;
    assert_eq!(body["data"][0]["title"], "Shared, edited", "node B kept the old list");

    let path = format!("/api/v1/admin/cast-members/{}", lead["id"]);
    admin_write(&app, &t, Method::PATCH, &path, j!({"name": "Dee Renamed"})).await;
    let (_, body) = within_3_seconds(&page, |_, b| b["movie"]["cast"][0]["name"] == "Dee Renamed").await;
    assert_eq!(body["movie"]["cast"][0]["name"], "Dee Renamed", "node B kept the old cast");

    app.lifecycle(&t, id, "unpublish").await;
    let (status, _) = within_3_seconds(&page, |s, _| s == 404).await;
    assert_eq!(status, 404, "node B still serves an unpublished article");
    let (_, body) = within_3_seconds(&list, |_, b| b["data"] == j!([])).await;
    assert_eq!(body["data"], j!([]), "node B still lists an unpublished article");
}

#[tokio::test]
async fn cors_wildcard_opens_public_reads_without_credentials() {
    let app = spawn_app_with(&[("MARQUEE_CORS_ORIGINS", "*")]).await;
    let t = app.login_as(Role::Editor).await.token;
    app.publish_new(&t, j!({"title": "Open"})).await;
    let response =
        app.request(Method::GET, "/api/v1/articles").header("origin", "https://front.example").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(header(response.headers(), "access-control-allow-origin"), "*");
    assert!(!response.headers().contains_key("access-control-allow-credentials"));
    let exposed = header(response.headers(), "access-control-expose-headers").to_lowercase();
    for name in ["etag", "surrogate-key"] {
        assert!(exposed.contains(name), "{name} not exposed: {exposed}");
    }

    let preflight = app
        .request(Method::OPTIONS, "/api/v1/articles/open")
        .header("origin", "https://front.example")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "if-none-match")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success(), "{}", preflight.status());
    assert_eq!(header(preflight.headers(), "access-control-allow-origin"), "*");
    assert!(header(preflight.headers(), "access-control-allow-methods").contains("GET"));
    assert!(!preflight.headers().contains_key("access-control-allow-credentials"));
}
