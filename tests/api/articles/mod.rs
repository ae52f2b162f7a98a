//! Articles: drafts, roles, validation and optimistic concurrency; `lifecycle` covers
//! publishing, scheduling, archiving and deleting.

mod lifecycle;
mod page_fields;

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, json, spawn_app, TestApp};

pub(crate) async fn status(app: &TestApp, method: Method, path: &str, token: &str, body: Option<Value>) -> u16 {
    let mut request = app.authed(method, path, token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap().status().as_u16()
}

const ARTICLE_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/v1/admin/articles"),
    ("POST", "/api/v1/admin/articles"),
    ("GET", "/api/v1/admin/articles/1"),
    ("PATCH", "/api/v1/admin/articles/1"),
    ("DELETE", "/api/v1/admin/articles/1"),
    ("POST", "/api/v1/admin/articles/1/publish"),
    ("POST", "/api/v1/admin/articles/1/unpublish"),
    ("POST", "/api/v1/admin/articles/1/archive"),
    ("GET", "/api/v1/admin/articles/1/preview"),
    ("POST", "/api/v1/admin/articles/1/preview-token"),
    ("GET", "/api/v1/admin/articles/1/revisions"),
    ("GET", "/api/v1/admin/articles/1/revisions/1"),
    ("POST", "/api/v1/admin/articles/1/revisions/1/restore"),
    ("GET", "/api/v1/admin/articles/1/sections"),
    ("POST", "/api/v1/admin/articles/1/sections"),
    ("GET", "/api/v1/admin/articles/1/sections/1"),
    ("PATCH", "/api/v1/admin/articles/1/sections/1"),
    ("DELETE", "/api/v1/admin/articles/1/sections/1"),
    ("PUT", "/api/v1/admin/articles/1/sections/order"),
];

#[tokio::test]
async fn article_routes_are_401_anonymous_and_403_for_moderators() {
    let app = spawn_app().await;
    let moderator = app.login_as(Role::Moderator).await;
    let body = j!({"title": "x", "heading": "x", "section_ids": []});
    for (method, path) in ARTICLE_ROUTES {
        let method: Method = method.parse().unwrap();
        let anonymous = app.request(method.clone(), path).json(&body).send().await.unwrap();
        assert_eq!(anonymous.status(), 401, "{method} {path}");
        assert!(anonymous.headers().contains_key("www-authenticate"));
        assert_eq!(
            status(&app, method.clone(), path, &moderator.token, Some(body.clone())).await,
            403,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn authors_may_not_publish_unpublish_archive_or_delete() {
    let app = spawn_app().await;
    let author = app.login_as(Role::Author).await;
    let article = app.create_article(&author.token, j!({"title": "My draft"})).await;
    let id = article["id"].as_i64().unwrap();
    for action in ["publish", "unpublish", "archive"] {
        let path = format!("/api/v1/admin/articles/{id}/{action}");
        assert_eq!(status(&app, Method::POST, &path, &author.token, None).await, 403, "{action}");
    }
    assert_eq!(status(&app, Method::DELETE, &format!("/api/v1/admin/articles/{id}"), &author.token, None).await, 403);
}

#[tokio::test]
async fn creating_an_article_with_sections_is_one_request() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let movie = app.create_movie(&editor.token, j!({"title": "Arrival"})).await;
    let response = app
        .send_json(
            Method::POST,
            "/api/v1/admin/articles",
            &editor.token,
            &j!({
                "title": "  Arrival: The Ending, Explained ",
                "subtitle": "Time is a circle",
                "excerpt": "What Louise knows.",
                "movie_id": movie["id"],
                "tags": ["Sci-Fi", "Endings", "sci-fi", "!!!"],
                "cover_image_url": "https://img.example.com/arrival.jpg",
                "sections": [
                    {"heading": "The heptapods", "body": "They write in *circles*."},
                    {"heading": "Hannah", "subheading": "Who is she?", "body": "word ".repeat(250), "media_url": "https://video.example.com/clip", "media_caption": "The clip"}
                ]
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["etag"], "\"1\"");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let article = json(response).await;
    assert_eq!(location, format!("/api/v1/admin/articles/{}", article["id"]));
    assert_eq!(article["slug"], "arrival-the-ending-explained");
    assert_eq!(article["title"], "Arrival: The Ending, Explained");
    assert_eq!(article["status"], "draft");
    assert_eq!(article["kind"], "explainer");
    assert_eq!(article["tags"], j!(["Sci-Fi", "Endings", "!!!"]), "a tag with nothing to slug keeps its name");
    assert_eq!(article["movie_id"], movie["id"]);
    assert_eq!(article["author_id"], editor.user_id);
    assert_eq!(article["reading_time_minutes"], 2);
    assert!(article["published_at"].is_null() && article["publish_at"].is_null());
    assert_eq!(article["version"], 1);

    let id = article["id"].as_i64().unwrap();
    let sections = app.sections(&editor.token, id).await;
    let headings: Vec<(i64, &str)> = sections.iter().map(|(_, p, h)| (*p, h.as_str())).collect();
    assert_eq!(headings, [(1, "The heptapods"), (2, "Hannah")]);
    let first = json(
        app.authed(Method::GET, &format!("{location}/sections/{}", sections[0].0), &editor.token).send().await.unwrap(),
    )
    .await;
    assert_eq!(first["body_html"], "<p>They write in <em>circles</em>.</p>\n");
}

#[tokio::test]
async fn invalid_articles_list_every_field_and_create_nothing() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let response = app
        .send_json(
            Method::POST,
            "/api/v1/admin/articles",
            &editor.token,
            &j!({
                "slug": "Not A Slug",
                "title": "   ",
                "excerpt": "x".repeat(1001),
                "cover_image_url": "javascript:alert(1)",
                "tags": ["ok", "x".repeat(51)],
                "sections": [{"heading": "fine"}, {"heading": "", "media_url": "ftp://x.org/a"}]
            }),
        )
        .await;
    let body = assert_problem(response, 422).await;
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for field in ["slug", "title", "excerpt", "cover_image_url", "tags", "sections[1].heading", "sections[1].media_url"]
    {
        assert!(fields.contains(&field), "{field} missing from {fields:?}");
    }
    assert!(!fields.contains(&"sections[0].heading"));

    let bad_kind = app
        .send_json(Method::POST, "/api/v1/admin/articles", &editor.token, &j!({"title": "x", "kind": "essay"}))
        .await;
    assert_eq!(assert_problem(bad_kind, 422).await["errors"][0]["field"], "kind");
    let no_movie = app
        .send_json(Method::POST, "/api/v1/admin/articles", &editor.token, &j!({"title": "x", "movie_id": 999}))
        .await;
    assert_eq!(assert_problem(no_movie, 422).await["errors"][0]["field"], "movie_id");
    let no_related = app
        .send_json(
            Method::POST,
            "/api/v1/admin/articles",
            &editor.token,
            &j!({"title": "x", "related_article_ids": [999]}),
        )
        .await;
    assert_eq!(assert_problem(no_related, 422).await["errors"][0]["field"], "related_article_ids");

    let list = json(app.authed(Method::GET, "/api/v1/admin/articles", &editor.token).send().await.unwrap()).await;
    assert_eq!(list["data"], j!([]), "nothing was created");
}

#[tokio::test]
async fn section_bodies_are_limited_to_100_000_characters() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let ok = j!({"title": "Long", "sections": [{"heading": "h", "body": "é".repeat(100_000)}]});
    assert_eq!(app.send_json(Method::POST, "/api/v1/admin/articles", &editor.token, &ok).await.status(), 201);
    let long = j!({"title": "Longer", "sections": [{"heading": "h", "body": "é".repeat(100_001)}]});
    let body =
        assert_problem(app.send_json(Method::POST, "/api/v1/admin/articles", &editor.token, &long).await, 422).await;
    assert_eq!(body["errors"][0]["field"], "sections[0].body");
}

#[tokio::test]
async fn slugs_are_unique() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let first = app.create_article(&editor.token, j!({"title": "Dune explained"})).await;
    let second = app.create_article(&editor.token, j!({"title": "Dune explained"})).await;
    assert_eq!((first["slug"].as_str(), second["slug"].as_str()), (Some("dune-explained"), Some("dune-explained-2")));
    let taken = app
        .send_json(Method::POST, "/api/v1/admin/articles", &editor.token, &j!({"title": "x", "slug": "dune-explained"}))
        .await;
    assert_problem(taken, 409).await;
    let path = format!("/api/v1/admin/articles/{}", second["id"]);
    assert_problem(app.send_json(Method::PATCH, &path, &editor.token, &j!({"slug": "dune-explained"})).await, 409)
        .await;
}

#[tokio::test]
async fn authors_see_and_edit_only_their_own_drafts() {
    let app = spawn_app().await;
    let (alice, bob, editor) =
        (app.login_as(Role::Author).await, app.login_as(Role::Author).await, app.login_as(Role::Editor).await);
    let article = app.create_article(&alice.token, j!({"title": "Alice's draft"})).await;
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/articles/{id}");
    app.create_article(&bob.token, j!({"title": "Bob's draft"})).await;

    // Bob does not see Alice's article at all.
    assert_eq!(status(&app, Method::GET, &path, &bob.token, None).await, 404);
    assert_eq!(status(&app, Method::PATCH, &path, &bob.token, Some(j!({"title": "Mine now"}))).await, 404);
    assert_eq!(status(&app, Method::GET, &format!("{path}/sections"), &bob.token, None).await, 404);
    let bobs = json(app.authed(Method::GET, "/api/v1/admin/articles", &bob.token).send().await.unwrap()).await;
    assert_eq!(bobs["data"].as_array().unwrap().len(), 1);
    assert_eq!(bobs["data"][0]["title"], "Bob's draft");
    let all = json(app.authed(Method::GET, "/api/v1/admin/articles", &editor.token).send().await.unwrap()).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 2);

    // Alice edits her draft and its sections...
    assert_eq!(status(&app, Method::PATCH, &path, &alice.token, Some(j!({"title": "Better title"}))).await, 200);
    let section = app.create_section(&alice.token, id, j!({"heading": "One"})).await;
    // ...until an editor publishes it.
    app.publish(&editor.token, id, None).await;
    assert_eq!(status(&app, Method::GET, &path, &alice.token, None).await, 200, "she still reads it");
    assert_eq!(status(&app, Method::PATCH, &path, &alice.token, Some(j!({"title": "Sneaky"}))).await, 403);
    let section_path = format!("{path}/sections/{}", section["id"]);
    assert_eq!(status(&app, Method::PATCH, &section_path, &alice.token, Some(j!({"heading": "Sneaky"}))).await, 403);
    assert_eq!(
        status(&app, Method::POST, &format!("{path}/sections"), &alice.token, Some(j!({"heading": "More"}))).await,
        403
    );
    assert_eq!(status(&app, Method::PATCH, &path, &editor.token, Some(j!({"title": "Edited"}))).await, 200);
}

#[tokio::test]
async fn patch_changes_only_what_it_names_and_null_clears() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let movie = app.create_movie(&editor.token, j!({"title": "Her"})).await;
    let other = app.create_article(&editor.token, j!({"title": "Other"})).await;
    let article = app
        .create_article(
            &editor.token,
            j!({"title": "Her explained", "subtitle": "Love", "movie_id": movie["id"], "tags": ["Romance"]}),
        )
        .await;
    let path = format!("/api/v1/admin/articles/{}", article["id"]);
    let updated = app
        .send_json(
            Method::PATCH,
            &path,
            &editor.token,
            &j!({"subtitle": null, "movie_id": null, "tags": ["AI", "Love"], "related_article_ids": [other["id"]], "kind": "review"}),
        )
        .await;
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.headers()["etag"], "\"2\"");
    let updated = json(updated).await;
    assert_eq!(updated["title"], "Her explained");
    assert!(updated["subtitle"].is_null() && updated["movie_id"].is_null());
    assert_eq!(updated["tags"], j!(["AI", "Love"]));
    assert_eq!(updated["related_article_ids"], j!([other["id"]]));
    assert_eq!(updated["kind"], "review");

    let to_itself =
        app.send_json(Method::PATCH, &path, &editor.token, &j!({"related_article_ids": [article["id"]]})).await;
    assert_eq!(assert_problem(to_itself, 422).await["errors"][0]["field"], "related_article_ids");
    assert_problem(
        app.send_json(Method::PATCH, "/api/v1/admin/articles/999", &editor.token, &j!({"title": "x"})).await,
        404,
    )
    .await;
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app.create_article(&editor.token, j!({"title": "Original"})).await;
    let path = format!("/api/v1/admin/articles/{}", article["id"]);
    let first =
        app.authed(Method::PATCH, &path, &editor.token).header("if-match", "\"1\"").json(&j!({"title": "First"}));
    assert_eq!(first.send().await.unwrap().status(), 200);
    for (method, body) in [(Method::PATCH, Some(j!({"title": "Second"}))), (Method::DELETE, None)] {
        let mut request = app.authed(method.clone(), &path, &editor.token).header("if-match", "\"1\"");
        if let Some(body) = body {
            request = request.json(&body);
        }
        assert_problem(request.send().await.unwrap(), 412).await;
    }
    let publish = app.authed(Method::POST, &format!("{path}/publish"), &editor.token).header("if-match", "\"1\"");
    assert_problem(publish.send().await.unwrap(), 412).await;
    let current = json(app.authed(Method::GET, &path, &editor.token).send().await.unwrap()).await;
    assert_eq!((current["title"].as_str(), current["status"].as_str()), (Some("First"), Some("draft")));
    // A section edit moves the article's version on too.
    app.create_section(&editor.token, article["id"].as_i64().unwrap(), j!({"heading": "New"})).await;
    let stale =
        app.authed(Method::PATCH, &path, &editor.token).header("if-match", "\"2\"").json(&j!({"title": "Late"}));
    assert_problem(stale.send().await.unwrap(), 412).await;
}

#[tokio::test]
async fn of_two_concurrent_edits_with_the_same_if_match_exactly_one_wins() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    for round in 0..5 {
        let article = app.create_article(&editor.token, j!({"title": format!("Race {round}")})).await;
        let path = format!("/api/v1/admin/articles/{}", article["id"]);
        let edit = |title: &'static str| {
            app.authed(Method::PATCH, &path, &editor.token)
                .header("if-match", "\"1\"")
                .json(&j!({"title": title}))
                .send()
        };
        let (a, b) = tokio::join!(edit("From A"), edit("From B"));
        let (a, b) = (a.unwrap().status().as_u16(), b.unwrap().status().as_u16());
        let mut statuses = [a, b];
        statuses.sort();
        assert_eq!(statuses, [200, 412], "round {round}");
        let current = json(app.authed(Method::GET, &path, &editor.token).send().await.unwrap()).await;
        let winner = if a == 200 { "From A" } else { "From B" };
        assert_eq!(current["title"], winner, "the winner's edit is the one kept");
        assert_eq!(current["version"], 2);
    }
}

#[tokio::test]
async fn admin_lists_filter_and_page() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let movie = app.create_movie(&editor.token, j!({"title": "Filtered"})).await;
    for i in 0..5 {
        let movie_id = if i % 2 == 0 { movie["id"].clone() } else { Value::Null };
        let a = app.create_article(&editor.token, j!({"title": format!("Article {i}"), "movie_id": movie_id})).await;
        if i < 2 {
            app.publish(&editor.token, a["id"].as_i64().unwrap(), None).await;
        }
    }
    let titles = |body: Value| -> Vec<String> {
        body["data"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()).collect()
    };
    let get = |q: String| app.authed(Method::GET, &format!("/api/v1/admin/articles?{q}"), &editor.token).send();
    assert_eq!(titles(json(get("status=published".into()).await.unwrap()).await), ["Article 1", "Article 0"]);
    assert_eq!(
        titles(json(get(format!("movie_id={}", movie["id"])).await.unwrap()).await),
        ["Article 4", "Article 2", "Article 0"]
    );
    assert_eq!(titles(json(get("q=cle 3".into()).await.unwrap()).await), ["Article 3"]);
    assert_problem(get("status=lost".into()).await.unwrap(), 400).await;
    assert_problem(get(format!("q={}", "x".repeat(201))).await.unwrap(), 400).await;
    let audit =
        app.authed(Method::GET, &format!("/api/v1/admin/audit?action={}", "a".repeat(101)), &app.admin().await.token);
    assert_problem(audit.send().await.unwrap(), 400).await;

    let mut seen = Vec::new();
    let mut query = "limit=2".to_string();
    loop {
        let page = json(get(query.clone()).await.unwrap()).await;
        seen.extend(titles(page.clone()));
        match page["next_cursor"].as_str() {
            Some(c) => query = format!("limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ["Article 4", "Article 3", "Article 2", "Article 1", "Article 0"]);
}

#[tokio::test]
async fn null_for_a_required_field_is_422() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app.create_article(&editor.token, j!({"title": "Keep me"})).await;
    let path = format!("/api/v1/admin/articles/{}", article["id"]);
    for field in ["title", "slug", "kind", "tags", "related_article_ids"] {
        let response = app.send_json(Method::PATCH, &path, &editor.token, &j!({ field: null })).await;
        assert_eq!(assert_problem(response, 422).await["errors"][0]["field"], field);
    }
    let current = json(app.authed(Method::GET, &path, &editor.token).send().await.unwrap()).await;
    assert_eq!(current["title"], "Keep me");
}

#[tokio::test]
async fn another_authors_draft_cannot_be_told_from_a_missing_article() {
    let app = spawn_app().await;
    let (alice, bob, editor) =
        (app.login_as(Role::Author).await, app.login_as(Role::Author).await, app.login_as(Role::Editor).await);
    let secret = app.create_article(&alice.token, j!({"title": "Alice's secret"})).await;
    let attach = |token: String, related: Value| {
        let app = &app;
        async move {
            let response = app
                .send_json(
                    Method::POST,
                    "/api/v1/admin/articles",
                    &token,
                    &j!({"title": "Bob's", "related_article_ids": [related]}),
                )
                .await;
            let status = response.status().as_u16();
            (status, json(response).await)
        }
    };
    let (hidden, hidden_body) = attach(bob.token.clone(), secret["id"].clone()).await;
    let (missing, missing_body) = attach(bob.token.clone(), j!(999_999)).await;
    assert_eq!((hidden, missing), (422, 422));
    assert_eq!(
        hidden_body["errors"][0]["message"].as_str().unwrap().replace(&secret["id"].to_string(), "N"),
        missing_body["errors"][0]["message"].as_str().unwrap().replace("999999", "N"),
        "the same answer for a draft Bob may not see and an id that does not exist"
    );
    assert_eq!(attach(editor.token.clone(), secret["id"].clone()).await.0, 201, "editors see every draft");
}
