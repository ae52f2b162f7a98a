//! Addresses of the site over HTTP: the redirect manager (roles, the rules that keep
//! redirects from looping or chaining, hit counts, the exports for the edge) and
//! `/redirects/resolve`, which answers editors' redirects and articles' old addresses under
//! `MARQUEE_ARTICLE_PATH`, cached and purged like every public read.

use std::time::Duration;

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, invalid_fields, json, patch_if_match, send, spawn_app, spawn_app_with, TestApp};

const REDIRECTS: &str = "/api/v1/admin/redirects";

/// What `resolve` answers for `path`: its status and body.
async fn resolve(app: &TestApp, path: &str) -> (u16, Value) {
    let url = format!("/api/v1/redirects/resolve?path={}", urlencode(path));
    let response = app.get(&url).await;
    let status = response.status().as_u16();
    (status, json(response).await)
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn add(app: &TestApp, token: &str, body: Value) -> Value {
    let response = send(app, Method::POST, REDIRECTS, token, &body).await;
    assert_eq!(response.status(), 201, "add {body}");
    assert!(response.headers()["location"].to_str().unwrap().starts_with("/api/v1/admin/redirects/"));
    json(response).await
}

#[tokio::test]
async fn editors_keep_redirects_and_everyone_else_is_refused() {
    let app = spawn_app().await;
    let body = j!({"from_path": "/old", "to": "/new"});
    let anonymous = app.request(Method::POST, REDIRECTS).json(&body).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert!(anonymous.headers().contains_key("www-authenticate"));
    for role in [Role::Author, Role::Moderator] {
        let who = app.login_as(role).await;
        assert_problem(send(&app, Method::POST, REDIRECTS, &who.token, &body).await, 403).await;
        assert_problem(app.authed(Method::GET, REDIRECTS, &who.token).send().await.unwrap(), 403).await;
        let export = app.authed(Method::GET, &format!("{REDIRECTS}/export?format=csv"), &who.token);
        assert_problem(export.send().await.unwrap(), 403).await;
    }
    let editor = app.login_as(Role::Editor).await;
    let made = add(&app, &editor.token, body).await;
    assert_eq!(made["from_path"], "/old");
    assert_eq!((made["to"].as_str(), made["status"].as_u64()), (Some("/new"), Some(301)));
    assert_eq!((made["origin"].as_str(), made["hits"].as_i64()), (Some("manual"), Some(0)));
    let admin = app.admin().await;
    let read = app.authed(Method::GET, &format!("{REDIRECTS}/{}", made["id"]), &admin.token).send().await.unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(read.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn bad_redirects_are_refused_naming_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    add(&app, &admin.token, j!({"from_path": "/a/", "to": "/b"})).await;
    for (body, field) in [
        (j!({"from_path": "relative", "to": "/x"}), "from_path"),
        (j!({"from_path": "//evil.example/x", "to": "/x"}), "from_path"),
        (j!({"from_path": "/x", "to": "javascript:alert(1)"}), "to"),
        (j!({"from_path": "/x", "to": "//evil.example"}), "to"),
        (j!({"from_path": "/x", "to": "/y", "status": 303}), "status"),
        (j!({"from_path": "/x", "status": 301}), "to"),
        (j!({"from_path": "/x", "to": "/y", "status": 410}), "to"),
        (j!({"from_path": "/x", "to": "/x/"}), "to"),
        (j!({"from_path": "/x", "to": "/a"}), "to"),
        (j!({"from_path": "/b", "to": "/a"}), "to"),
        (j!({"from_path": "/x", "to": "/y", "note": "n".repeat(501)}), "note"),
    ] {
        let response = send(&app, Method::POST, REDIRECTS, &admin.token, &body).await;
        assert_eq!(invalid_fields(response).await, [field], "{body}");
    }
    let duplicate = send(&app, Method::POST, REDIRECTS, &admin.token, &j!({"from_path": "/a?utm=1", "to": "/c"})).await;
    assert_problem(duplicate, 409).await;
    let unknown =
        send(&app, Method::POST, REDIRECTS, &admin.token, &j!({"from_path": "/q", "to": "/r", "hits": 9})).await;
    assert_eq!(invalid_fields(unknown).await, ["hits"]);
    let list = json(app.authed(Method::GET, REDIRECTS, &admin.token).send().await.unwrap()).await;
    assert_eq!(list["data"].as_array().unwrap().len(), 1, "only the first: {list}");
}

#[tokio::test]
async fn a_redirect_to_a_path_that_moves_on_is_collapsed_and_edits_follow_if_match() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = add(&app, &admin.token, j!({"from_path": "/2019/old-review", "to": "/reviews/old"})).await;
    let second = add(&app, &admin.token, j!({"from_path": "/reviews/old", "to": "/reviews/new", "status": 308})).await;
    let path = format!("{REDIRECTS}/{}", first["id"]);
    let collapsed = json(app.authed(Method::GET, &path, &admin.token).send().await.unwrap()).await;
    assert_eq!(collapsed["to"], "/reviews/new", "no chain: the first leads past the second");
    assert_eq!(collapsed["version"], 2);
    assert_eq!(
        resolve(&app, "/2019/old-review/").await,
        (200, j!({"path": "/2019/old-review", "to": "/reviews/new", "status": 301}))
    );

    // Pointing the second back at where the first starts would loop.
    let second_path = format!("{REDIRECTS}/{}", second["id"]);
    let etag = format!("\"{}\"", second["version"]);
    let looped = patch_if_match(&app, &second_path, &admin.token, &etag, &j!({"to": "/2019/old-review"})).await;
    assert_eq!(invalid_fields(looped).await, ["to"]);
    let stale = patch_if_match(&app, &second_path, &admin.token, "\"9\"", &j!({"status": 302})).await;
    assert_problem(stale, 412).await;
    let gone = patch_if_match(&app, &second_path, &admin.token, &etag, &j!({"status": 410, "to": null})).await;
    assert_eq!(gone.status(), 200);
    let gone = json(gone).await;
    assert_eq!((gone["status"].as_u64(), gone["to"].is_null()), (Some(410), true));
    assert_eq!(resolve(&app, "/reviews/old").await, (200, j!({"path": "/reviews/old", "to": null, "status": 410})));

    let deleted =
        app.authed(Method::DELETE, &second_path, &admin.token).header("if-match", format!("\"{}\"", gone["version"]));
    assert_eq!(deleted.send().await.unwrap().status(), 204);
    assert_eq!(resolve(&app, "/reviews/old").await.0, 404);
}

#[tokio::test]
async fn resolve_ignores_slashes_and_queries_but_wordpress_ids_and_counts_hits() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let made = add(
        &app,
        &admin.token,
        j!({"from_path": "https://old.example/2021/03/13/la-la-land/", "to": "https://films.example/la-la-land"}),
    )
    .await;
    add(&app, &admin.token, j!({"from_path": "/?p=1177", "to": "/by-id"})).await;
    for asked in ["/2021/03/13/la-la-land", "/2021/03/13/la-la-land/?utm_source=feed", "/2021/03/13/la-la-land#end"] {
        let (status, body) = resolve(&app, asked).await;
        assert_eq!(status, 200, "{asked}");
        assert_eq!(body["to"], "https://films.example/la-la-land");
    }
    assert_eq!(resolve(&app, "/?p=1177&replytocom=3").await.1["to"], "/by-id");
    assert_eq!(resolve(&app, "/?p=1178").await.0, 404);
    assert_eq!(resolve(&app, "/?s=1177").await.0, 404);
    let (status, problem) = resolve(&app, "no-slash").await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("path")));

    // Cached like every public read: an ETag, 304 for it, and purged by a change.
    let url = format!("/api/v1/redirects/resolve?path={}", urlencode("/2021/03/13/la-la-land"));
    let response = app.get(&url).await;
    assert!(response.headers()["cache-control"].to_str().unwrap().starts_with("public"));
    let etag = response.headers()["etag"].clone();
    let again = app.request(Method::GET, &url).header("if-none-match", etag.clone()).send().await.unwrap();
    assert_eq!(again.status(), 304);
    let path = format!("{REDIRECTS}/{}", made["id"]);
    let changed = patch_if_match(&app, &path, &admin.token, "\"1\"", &j!({"to": "/la-la-land"})).await;
    assert_eq!(changed.status(), 200);
    assert_eq!(resolve(&app, "/2021/03/13/la-la-land").await.1["to"], "/la-la-land", "the cached answer was purged");

    // Five answers above and one below were hits; they are written within seconds.
    let mut hits = Value::Null;
    for _ in 0..100 {
        let read = json(app.authed(Method::GET, &path, &admin.token).send().await.unwrap()).await;
        if read["hits"] == 6 {
            hits = read;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(hits["hits"], 6, "{hits}");
    assert!(hits["last_hit_at"].is_string());
}

#[tokio::test]
async fn articles_keep_their_old_addresses_under_a_dated_permalink_pattern() {
    let app = spawn_app_with(&[
        ("MARQUEE_ARTICLE_PATH", "/{year}/{month}/{day}/{slug}/"),
        ("MARQUEE_SITE_URL", "https://films.example"),
    ])
    .await;
    let admin = app.admin().await;
    let article = app.published_article(&admin.token, "Arrival explained").await;
    let published = chrono::DateTime::parse_from_rfc3339(article["published_at"].as_str().unwrap()).unwrap();
    let dated = |slug: &str| format!("/{}/{slug}", published.format("%Y/%m/%d"));
    let own = dated("arrival-explained");
    let public = json(app.get("/api/v1/articles/arrival-explained").await).await;
    assert_eq!(public["canonical_url"], format!("https://films.example{own}/"));
    assert_eq!(resolve(&app, &own).await.0, 404, "an article's own address leads nowhere else");

    // An editor's redirect to the article names it, so it follows the renames below.
    let promo = add(&app, &admin.token, j!({"from_path": "/promo", "to": format!("{own}/")})).await;
    assert_eq!(promo["target"], j!({"kind": "article", "id": article["id"]}));

    // Renamed twice: both old addresses lead to the current one, and another date too.
    let path = format!("/api/v1/admin/articles/{}", article["id"]);
    for slug in ["arrival-b", "arrival-c"] {
        assert_eq!(send(&app, Method::PATCH, &path, &admin.token, &j!({ "slug": slug })).await.status(), 200);
    }
    let current = format!("{}/", dated("arrival-c"));
    for old in [dated("arrival-explained"), dated("arrival-b"), "/1999/01/01/arrival-c".to_string()] {
        assert_eq!(resolve(&app, &old).await, (200, j!({"path": old, "to": current, "status": 301})), "{old}");
    }
    assert_eq!(resolve(&app, "/2020/01/01/never-was").await.0, 404);
    assert_eq!(resolve(&app, "/promo").await.1["to"], current.as_str(), "no chain through the old address");

    // An unpublished article leads nowhere.
    let unpublish = format!("{path}/unpublish");
    assert_eq!(send(&app, Method::POST, &unpublish, &admin.token, &j!({})).await.status(), 200);
    assert_eq!(resolve(&app, &dated("arrival-b")).await.0, 404);
}

#[tokio::test]
async fn exports_for_nginx_netlify_and_spreadsheets() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    add(&app, &admin.token, j!({"from_path": "/old\"quoted\"", "to": "/new"})).await;
    let quoted = send(&app, Method::POST, REDIRECTS, &admin.token, &j!({"from_path": "/with space", "to": "/x"})).await;
    assert_eq!(invalid_fields(quoted).await, ["from_path"]);
    add(&app, &admin.token, j!({"from_path": "/?p=12", "to": "/twelve", "status": 302})).await;
    add(&app, &admin.token, j!({"from_path": "/gone", "status": 410, "note": "=HYPERLINK(\"x\"), kept out"})).await;
    let export = |format: &'static str| {
        let (app, token) = (&app, admin.token.clone());
        async move {
            let response =
                app.authed(Method::GET, &format!("{REDIRECTS}/export?format={format}"), &token).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
            (content_type, response.text().await.unwrap())
        }
    };
    let (kind, nginx) = export("nginx").await;
    assert!(kind.starts_with("text/plain"));
    assert!(nginx.contains("location = \"/old\\\"quoted\\\"\" { return 301 \"/new\"; }"), "{nginx}");
    assert!(nginx.contains("location = \"/gone/\" { return 410; }"), "{nginx}");
    assert!(!nginx.contains("p=12"), "query strings are not nginx locations: {nginx}");
    let (_, netlify) = export("netlify").await;
    assert!(netlify.contains("/ p=12  /twelve  302\n"), "{netlify}");
    assert!(netlify.contains("/gone  /  410\n"), "{netlify}");
    let (kind, csv) = export("csv").await;
    assert!(kind.starts_with("text/csv"));
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], "from_path,to,status,hits,last_hit_at,note");
    assert!(lines.contains(&"/gone,,410,0,,\"'=HYPERLINK(\"\"x\"\"), kept out\""), "{csv}");
    let bad = app.authed(Method::GET, &format!("{REDIRECTS}/export?format=apache"), &admin.token).send().await.unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn the_list_finds_redirects_by_their_paths_and_notes() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    add(&app, &admin.token, j!({"from_path": "/Old-Review", "to": "/reviews/heat", "note": "Moved in 2024"})).await;
    add(&app, &admin.token, j!({"from_path": "/news/oscars", "to": "/oscars"})).await;
    for (q, expected) in [
        ("old-rev", vec!["/Old-Review"]),
        ("OSCARS", vec!["/news/oscars"]),
        ("2024", vec!["/Old-Review"]),
        ("heat", vec!["/Old-Review"]),
        ("nothing", vec![]),
    ] {
        let page =
            json(app.authed(Method::GET, &format!("{REDIRECTS}?q={q}"), &admin.token).send().await.unwrap()).await;
        let found: Vec<&str> =
            page["data"].as_array().unwrap().iter().map(|r| r["from_path"].as_str().unwrap()).collect();
        assert_eq!(found, expected, "{q}");
    }
}
