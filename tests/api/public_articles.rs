//! The public article list and article pages: their shape field by field, what is visible,
//! filters and pagination.

use std::collections::BTreeSet;

use chrono::{Duration, SecondsFormat, Utc};
use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, get_ok, json, key_set, keys, slugs, spawn_app, spawn_app_with, SUMMARY_FIELDS};

/// What an article's page has beyond the summary's fields.
const PAGE_FIELDS: &[&str] = &[
    "meta_title",
    "meta_description",
    "og_image_url",
    "cover_image_caption",
    "canonical_url",
    "sections",
    "related",
    "comment_count",
];

/// Every object key anywhere in `value`.
fn all_keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                all_keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| all_keys(v, out)),
        _ => {}
    }
}

const INTERNAL_FIELDS: &[&str] =
    &["status", "version", "author_id", "email", "author_email", "movie_id", "publish_at", "created_at", "article_id"];

#[tokio::test]
async fn a_published_article_has_every_contract_field_and_nothing_internal() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let t = editor.token.as_str();
    let movie = app
        .create_movie(
            t,
            j!({"title": "Arrival", "release_year": 2016, "poster_url": "https://img.example.com/arrival.jpg",
                "trailer_url": "https://video.example.com/arrival"}),
        )
        .await;
    let movie_id = movie["id"].as_i64().unwrap();
    // Created out of billing order, with a writer who is neither a director nor cast.
    for (name, role, character, order) in [
        ("Jeremy Renner", "actor", Some("Ian Donnelly"), 2),
        ("Denis Villeneuve", "director", None, 10),
        ("Eric Heisserer", "writer", None, 11),
        ("Amy Adams", "actor", Some("Louise Banks"), 1),
    ] {
        let person = app.create_cast_member(t, j!({ "name": name })).await;
        let credit = j!({"cast_member_id": person["id"], "role": role, "character": character, "billing_order": order});
        app.create_credit(t, movie_id, credit).await;
    }
    let older = app.publish_new(t, j!({"title": "Older piece"})).await;
    let unfinished = app.create_article(t, j!({"title": "Unfinished piece"})).await;
    let newer = app.publish_new(t, j!({"title": "Newer piece"})).await;

    let article = app
        .create_article(
            t,
            j!({
                "title": "Arrival, explained",
                "subtitle": "Time is a circle",
                "excerpt": "What Louise knows.",
                "kind": "review",
                "movie_id": movie_id,
                "tags": ["Sci-Fi", "Endings"],
                "cover_image_url": "https://img.example.com/cover.jpg",
                "related_article_ids": [newer["id"], unfinished["id"], older["id"]],
                "sections": [
                    {"heading": "The heptapods", "body": "They write in *circles*."},
                    {"heading": "Hannah", "subheading": "Who is she?", "body": "word ".repeat(250),
                     "media_url": "https://video.example.com/clip", "media_caption": "The clip"}
                ]
            }),
        )
        .await;
    let id = article["id"].as_i64().unwrap();
    // Inserted first after the others: positions shift, and the public order follows them.
    app.create_section(t, id, j!({"heading": "Before anything", "body": "First.", "position": 1})).await;
    let admin = app.publish(t, id, None).await;

    let page = get_ok(&app, "/api/v1/articles/arrival-explained").await;
    let expected_keys: Vec<&str> = SUMMARY_FIELDS.iter().copied().chain(PAGE_FIELDS.iter().copied()).collect();
    assert_eq!(keys(&page), key_set(&expected_keys));
    assert_eq!(page["id"], id);
    assert_eq!(page["slug"], "arrival-explained");
    assert_eq!(page["title"], "Arrival, explained");
    assert_eq!(page["subtitle"], "Time is a circle");
    assert_eq!(page["excerpt"], "What Louise knows.");
    assert_eq!(page["kind"], "review");
    assert_eq!(page["tags"], j!([{"slug": "sci-fi", "name": "Sci-Fi"}, {"slug": "endings", "name": "Endings"}]));
    assert_eq!(page["published_at"], admin["published_at"]);
    assert_eq!(page["updated_at"], admin["updated_at"]);
    assert!(page["published_at"].as_str().unwrap().ends_with('Z'), "{}", page["published_at"]);
    assert_eq!(page["cover_image_url"], "https://img.example.com/cover.jpg");
    assert_eq!(page["reading_time_minutes"], 2);
    let author = &page["author"];
    assert_eq!(
        keys(author),
        key_set(&["slug", "display_name", "bio", "avatar_url", "avatar"]),
        "a profile, never an email"
    );
    assert_eq!((author["display_name"].as_str(), author["slug"].as_str()), (Some("A editor"), Some("a-editor")));
    for field in
        ["meta_title", "meta_description", "og_image_url", "cover_image_alt", "cover_image_caption", "canonical_url"]
    {
        assert!(page[field].is_null(), "{field} not set");
    }
    assert_eq!(page["comment_count"], 0);

    let sections = page["sections"].as_array().unwrap();
    let section_fields = [
        "id",
        "position",
        "anchor",
        "heading",
        "subheading",
        "body",
        "body_html",
        "media_url",
        "media_caption",
        "media",
        "embed",
    ];
    for s in sections {
        assert_eq!(keys(s), key_set(&section_fields));
    }
    let order: Vec<(i64, &str)> =
        sections.iter().map(|s| (s["position"].as_i64().unwrap(), s["heading"].as_str().unwrap())).collect();
    assert_eq!(order, [(1, "Before anything"), (2, "The heptapods"), (3, "Hannah")]);
    let admin_ids: Vec<i64> = app.sections(t, id).await.iter().map(|(sid, _, _)| *sid).collect();
    let public_ids: Vec<i64> = sections.iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert_eq!(public_ids, admin_ids);
    assert_eq!(sections[1]["body"], "They write in *circles*.");
    assert_eq!(sections[1]["body_html"], "<p>They write in <em>circles</em>.</p>\n");
    assert!(sections[1]["subheading"].is_null() && sections[1]["media_url"].is_null());
    assert_eq!(sections[2]["subheading"], "Who is she?");
    assert_eq!(sections[2]["media_url"], "https://video.example.com/clip");
    assert_eq!(sections[2]["media_caption"], "The clip");

    assert_eq!(
        page["movie"],
        j!({
            "slug": "arrival", "title": "Arrival", "release_year": 2016,
            "poster_url": "https://img.example.com/arrival.jpg", "poster": null,
            "trailer_url": "https://video.example.com/arrival", "trailer_embed": null,
            "directors": [{"slug": "denis-villeneuve", "name": "Denis Villeneuve"}],
            "cast": [
                {"slug": "amy-adams", "name": "Amy Adams", "character": "Louise Banks", "billing_order": 1},
                {"slug": "jeremy-renner", "name": "Jeremy Renner", "character": "Ian Donnelly", "billing_order": 2}
            ]
        })
    );

    // Only the published related articles, in the editor's order, as summaries.
    assert_eq!(slugs(&j!({"data": page["related"]})), ["newer-piece", "older-piece"]);
    assert_eq!(keys(&page["related"][0]), key_set(SUMMARY_FIELDS));
    assert_eq!(
        page["related"][0],
        j!({"id": newer["id"], "slug": "newer-piece", "title": "Newer piece", "subtitle": null, "excerpt": null,
            "kind": "explainer", "tags": [], "published_at": newer["published_at"], "updated_at": newer["updated_at"],
            "cover_image_url": null, "cover_image_alt": null, "cover_image": null, "reading_time_minutes": 0,
            "author": {"slug": "a-editor", "display_name": "A editor", "bio": null, "avatar_url": null, "avatar": null},
            "movie": null})
    );

    let mut found = BTreeSet::new();
    all_keys(&page, &mut found);
    for internal in INTERNAL_FIELDS {
        assert!(!found.contains(*internal), "{internal} leaks into {page}");
    }
    assert!(!page.to_string().contains("@marquee.test"), "an email leaks: {page}");
}

#[tokio::test]
async fn the_list_shows_summaries_newest_published_first() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let movie = app.create_movie(&t, j!({"title": "The Matrix", "release_year": 1999})).await;
    let first = app
        .publish_new(
            &t,
            j!({"title": "First", "kind": "news", "excerpt": "One.", "movie_id": movie["id"], "tags": ["News"],
            "cover_image_url": "https://img.example.com/1.jpg"}),
        )
        .await;
    app.create_article(&t, j!({"title": "Never published"})).await;
    app.publish_new(&t, j!({"title": "Second"})).await;
    app.publish_new(&t, j!({"title": "Third"})).await;

    let page = get_ok(&app, "/api/v1/articles").await;
    assert_eq!(keys(&page), key_set(&["data", "next_cursor"]));
    assert_eq!(slugs(&page), ["third", "second", "first"]);
    assert!(page["next_cursor"].is_null());
    for item in page["data"].as_array().unwrap() {
        assert_eq!(keys(item), key_set(SUMMARY_FIELDS), "{item}");
    }
    assert_eq!(
        page["data"][2],
        j!({"id": first["id"], "slug": "first", "title": "First", "subtitle": null, "excerpt": "One.", "kind": "news",
            "tags": [{"slug": "news", "name": "News"}], "published_at": first["published_at"],
            "updated_at": first["updated_at"], "cover_image_url": "https://img.example.com/1.jpg",
            "cover_image_alt": null, "cover_image": null, "reading_time_minutes": 0,
            "author": {"slug": "a-editor", "display_name": "A editor", "bio": null, "avatar_url": null, "avatar": null},
            "movie": {"slug": "the-matrix", "title": "The Matrix", "release_year": 1999}})
    );
    assert!(page["data"][0]["movie"].is_null());

    // A list item is the article page cut down to the summary fields.
    let full = get_ok(&app, "/api/v1/articles/first").await;
    let mut cut = full.as_object().unwrap().clone();
    cut.retain(|k, _| SUMMARY_FIELDS.contains(&k.as_str()));
    let cut = Value::Object(cut);
    // The page's movie is richer; everything else is the same.
    for field in SUMMARY_FIELDS.iter().filter(|f| **f != "movie") {
        assert_eq!(cut[*field], page["data"][2][*field], "{field}");
    }
}

#[tokio::test]
async fn hidden_articles_are_404_exactly_like_slugs_that_never_existed() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let never = assert_problem(app.get("/api/v1/articles/never-existed").await, 404).await;
    for (state, slug) in app.hidden_articles(&t, j!({"title": "Secret"})).await {
        let response = app.get(&format!("/api/v1/articles/{slug}")).await;
        let body = assert_problem(response, 404).await;
        assert_eq!(body, never, "{state}");
    }
}

#[tokio::test]
async fn hidden_articles_are_absent_from_lists_tags_movie_pages_and_search() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let movie = app.create_movie(&t, j!({"title": "Heat"})).await;
    let body = j!({"title": "Zanzibar", "movie_id": movie["id"], "tags": ["Shared", "Only hidden"],
                   "sections": [{"heading": "H", "body": "The zanzibar question."}]});
    let hidden = app.hidden_articles(&t, body.clone()).await;
    let mut visible = body.clone();
    visible["title"] = "Zanzibar shown".into();
    visible["tags"] = j!(["Shared"]);
    app.publish_new(&t, visible).await;

    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles").await), ["zanzibar-shown"]);
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles?tag=only-hidden").await), Vec::<String>::new());
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles?movie=heat").await), ["zanzibar-shown"]);
    assert_eq!(
        get_ok(&app, "/api/v1/tags").await,
        j!({"data": [{"slug": "shared", "name": "Shared", "article_count": 1}]})
    );
    let movie_page = get_ok(&app, "/api/v1/movies/heat").await;
    assert_eq!(slugs(&j!({"data": movie_page["articles"]})), ["zanzibar-shown"]);
    assert_eq!(slugs(&get_ok(&app, "/api/v1/search?q=zanzibar").await), ["zanzibar-shown"]);
    assert_eq!(hidden.len(), 4);
}

#[tokio::test]
async fn a_scheduled_article_is_public_the_moment_it_is_due_without_the_scheduler() {
    // The scheduler job runs once at start, then not for an hour.
    let app = spawn_app_with(&[("MARQUEE_SCHEDULER_INTERVAL_MS", "3600000")]).await;
    let t = app.login_as(Role::Editor).await.token;
    app.publish_new(&t, j!({"title": "Already out"})).await;
    let article = app.create_article(&t, j!({"title": "Coming soon", "tags": ["Soon"]})).await;
    let id = article["id"].as_i64().unwrap();
    // Warm the caches while it is a draft.
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles").await), ["already-out"]);
    assert_eq!(get_ok(&app, "/api/v1/tags").await, j!({"data": []}));

    let due = Utc::now() + Duration::seconds(2);
    let scheduled = app.publish(&t, id, Some(&due.to_rfc3339_opts(SecondsFormat::Millis, true))).await;
    assert_eq!(scheduled["status"], "scheduled");
    assert_problem(app.get("/api/v1/articles/coming-soon").await, 404).await;
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles").await), ["already-out"]);

    let wait = (due - Utc::now()).to_std().unwrap_or_default() + std::time::Duration::from_millis(500);
    tokio::time::sleep(wait).await;
    assert_eq!(get_ok(&app, "/api/v1/articles/coming-soon").await["title"], "Coming soon");
    assert_eq!(slugs(&get_ok(&app, "/api/v1/articles").await), ["coming-soon", "already-out"]);
    assert_eq!(
        get_ok(&app, "/api/v1/tags").await,
        j!({"data": [{"slug": "soon", "name": "Soon", "article_count": 1}]})
    );
    // The job has not run: the record still says scheduled.
    let record = app.authed(Method::GET, &format!("/api/v1/admin/articles/{id}"), &t).send().await.unwrap();
    assert_eq!(json(record).await["status"], "scheduled");
}
