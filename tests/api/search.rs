//! Full-text search over published articles: what it finds, snippets, hostile queries,
//! ranking and paging.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, get_ok, json, key_set, keys, slugs, spawn_app, walk, TestApp, SUMMARY_FIELDS};

async fn search(app: &TestApp, q: &str) -> Value {
    let response = app.request(Method::GET, "/api/v1/search").query(&[("q", q)]).send().await.unwrap();
    let status = response.status();
    let body = json(response).await;
    assert_eq!(status, 200, "q={q}: {body}");
    body
}

/// A published article about a movie with a credited actor, and an unrelated one.
async fn catalogue(app: &TestApp, token: &str) -> Value {
    let movie = app.create_movie(token, j!({"title": "Marmalade Skies", "release_year": 2020})).await;
    let person = app.create_cast_member(token, j!({"name": "Zephyrine Quokkaberg"})).await;
    let credit = j!({"cast_member_id": person["id"], "role": "actor", "character": "Pilot"});
    app.create_credit(token, movie["id"].as_i64().unwrap(), credit).await;
    app.publish_new(
        token,
        j!({"title": "An ending", "excerpt": "Read this first.", "movie_id": movie["id"],
            "sections": [{"heading": "The heptapod", "body": "A *xylophone* plays while the credits roll."}]}),
    )
    .await;
    app.publish_new(token, j!({"title": "Unrelated", "sections": [{"heading": "Other", "body": "Nothing here."}]}))
        .await;
    person
}

#[tokio::test]
async fn search_finds_articles_by_cast_names_movie_titles_headings_and_section_words() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    catalogue(&app, &t).await;
    for q in ["Quokkaberg", "zephyrine quokkaberg", "Marmalade", "heptapod", "xylophone", "XYLOPHONE", "ending"] {
        assert_eq!(slugs(&search(&app, q).await), ["an-ending"], "q={q}");
    }
    let page = search(&app, "xylophone").await;
    let hit = &page["data"][0];
    let fields: Vec<&str> = SUMMARY_FIELDS.iter().copied().chain(["snippet"]).collect();
    assert_eq!(keys(hit), key_set(&fields));
    assert!(page["next_cursor"].is_null());
    let snippet = hit["snippet"].as_str().unwrap();
    assert!(snippet.to_lowercase().contains("<mark>xylophone</mark>"), "{snippet}");
    assert_eq!(hit["movie"], j!({"slug": "marmalade-skies", "title": "Marmalade Skies", "release_year": 2020}));
    assert_eq!(slugs(&search(&app, "kumquat").await), Vec::<String>::new());
}

#[tokio::test]
async fn search_follows_catalogue_and_article_edits_at_once() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let person = catalogue(&app, &t).await;
    assert_eq!(slugs(&search(&app, "Quokkaberg").await), ["an-ending"]);
    let path = format!("/api/v1/admin/cast-members/{}", person["id"]);
    let response = app.send_json(Method::PATCH, &path, &t, &j!({"name": "Zephyrine Wallabyton"})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(slugs(&search(&app, "Wallabyton").await), ["an-ending"]);
    assert_eq!(slugs(&search(&app, "Quokkaberg").await), Vec::<String>::new());

    let articles = json(app.authed(Method::GET, "/api/v1/admin/articles", &t).send().await.unwrap()).await;
    let id = articles["data"].as_array().unwrap().iter().find(|a| a["slug"] == "an-ending").unwrap()["id"].clone();
    let path = format!("/api/v1/admin/articles/{id}");
    let response = app.send_json(Method::PATCH, &path, &t, &j!({"title": "A finale"})).await;
    assert_eq!(response.status(), 200);
    let found = search(&app, "Wallabyton").await;
    assert_eq!(found["data"][0]["title"], "A finale");
}

#[tokio::test]
async fn snippets_escape_html_from_bodies_and_mark_only_matches() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let body = "Tom & Jerry hear a xylophone near `<img src=x onerror=alert(1)>` and \"quotes\" <b>bold</b> too.";
    app.publish_new(&t, j!({"title": "Markup", "sections": [{"heading": "H", "body": body}]})).await;
    let page = search(&app, "xylophone").await;
    let snippet = page["data"][0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>"), "{snippet}");
    let unmarked = snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(!unmarked.contains('<') && !unmarked.contains('>'), "unescaped markup in {snippet}");
    assert!(snippet.contains("&amp;"), "{snippet}");
    assert!(!snippet.contains("onerror=alert(1)>"), "{snippet}");
}

#[tokio::test]
async fn hostile_queries_never_give_5xx() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    catalogue(&app, &t).await;
    let long = "x".repeat(200);
    let words = "ab ".repeat(66) + "ab";
    let queries: &[(&str, &str)] = &[
        ("\"", "a lone quote"),
        ("\"unbalanced xylophone", "an unbalanced quote"),
        ("*", "a lone star"),
        ("xylo*", "a prefix star"),
        ("(", "an open parenthesis"),
        (")", "a close parenthesis"),
        ("(xylophone", "an unbalanced group"),
        ("xylophone OR heptapod", "OR"),
        ("OR", "a lone OR"),
        ("AND NOT", "bare operators"),
        ("-xylophone", "negation"),
        ("- -", "bare minuses"),
        ("NEAR(xylophone heptapod, 2)", "NEAR"),
        ("NEAR", "a lone NEAR"),
        ("title:xylophone", "a column filter"),
        ("^xylophone", "an initial token"),
        ("xylophone:", "a trailing colon"),
        ("{title body}: x", "a column set"),
        ("日本語の映画", "CJK"),
        ("émigré naïve", "accents"),
        ("🎬🍿", "emoji"),
        (&long, "200 characters"),
        (&words, "200 characters of short words"),
        ("'; DROP TABLE articles; --", "SQL"),
        ("\\", "a backslash"),
        ("%_", "LIKE wildcards"),
        ("!@#$%^&*()", "punctuation only"),
        ("\u{1}xylophone\u{2}", "the snippet markers"),
        ("a & b | !c", "tsquery operators"),
        ("xylophone <-> heptapod", "a phrase operator"),
    ];
    for (q, reason) in queries {
        let response = app.request(Method::GET, "/api/v1/search").query(&[("q", q)]).send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!(status == 200 || status == 400, "{reason}: {status} {text}");
        if status == 200 {
            let body: Value = serde_json::from_str(&text).unwrap();
            assert!(body["data"].is_array(), "{reason}: {body}");
        }
    }
}

#[tokio::test]
async fn a_nul_character_in_q_is_not_a_server_error() {
    let app = spawn_app().await;
    for q in ["\u{0}", "xylophone\u{0}"] {
        let response = app.request(Method::GET, "/api/v1/search").query(&[("q", q)]).send().await.unwrap();
        let status = response.status().as_u16();
        assert!(status == 200 || status == 400, "{q:?}: {status} {}", response.text().await.unwrap());
    }
}

#[tokio::test]
async fn query_syntax_is_matched_as_words_on_every_backend() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    catalogue(&app, &t).await;
    // A leading minus is punctuation, not "everything without this word".
    assert_eq!(slugs(&search(&app, "-xylophone").await), ["an-ending"]);
    assert_eq!(slugs(&search(&app, "\"xylophone\"").await), ["an-ending"]);
    assert_eq!(slugs(&search(&app, "(xylophone)").await), ["an-ending"]);
}

#[tokio::test]
async fn a_missing_blank_or_overlong_q_is_400() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/search",
        "/api/v1/search?q=",
        "/api/v1/search?q=%20%20%20",
        "/api/v1/search?q=%1C",
        "/api/v1/search?limit=5",
    ] {
        assert_problem(app.get(path).await, 400).await;
    }
    let response = app.request(Method::GET, "/api/v1/search").query(&[("q", "x".repeat(201))]).send().await.unwrap();
    assert_problem(response, 400).await;
    let bad_cursor = app.request(Method::GET, "/api/v1/search").query(&[("q", "x"), ("cursor", "garbage")]);
    assert_problem(bad_cursor.send().await.unwrap(), 400).await;
}

#[tokio::test]
async fn drafts_and_other_hidden_articles_are_never_found() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let body = j!({"title": "Pangolin", "sections": [{"heading": "Pangolin facts", "body": "A pangolin rolls."}]});
    app.hidden_articles(&t, body).await;
    assert_eq!(slugs(&search(&app, "pangolin").await), Vec::<String>::new());

    let shown = app.publish_new(&t, j!({"title": "Pangolin shown"})).await;
    assert_eq!(slugs(&search(&app, "pangolin").await), ["pangolin-shown"]);
    app.lifecycle(&t, shown["id"].as_i64().unwrap(), "unpublish").await;
    assert_eq!(slugs(&search(&app, "pangolin").await), Vec::<String>::new());
}

#[tokio::test]
async fn a_title_match_ranks_above_a_body_only_match() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    // The body match is older and has the lower id: ties would put it first.
    app.publish_new(
        &t,
        j!({"title": "Notes from the outback", "sections": [{"heading": "Fauna", "body": "We saw a wombat there."}]}),
    )
    .await;
    app.publish_new(
        &t,
        j!({"title": "Wombat season", "sections": [{"heading": "Fauna", "body": "Burrows everywhere."}]}),
    )
    .await;
    assert_eq!(slugs(&search(&app, "wombat").await), ["wombat-season", "notes-from-the-outback"]);
}

#[tokio::test]
async fn limit_1_pages_walk_every_hit_once_in_rank_order() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let bodies = ["An okapi.", "Okapi, okapi.", "The okapi is shy. Okapi okapi okapi.", "Nothing about it."];
    for (n, body) in bodies.iter().enumerate() {
        let title = if n == 3 { "Okapi in the title".to_string() } else { format!("Article {n}") };
        app.publish_new(&t, j!({"title": title, "sections": [{"heading": "H", "body": body}]})).await;
    }
    app.publish_new(&t, j!({"title": "No match", "sections": [{"heading": "H", "body": "Giraffes."}]})).await;
    let all = slugs(&get_ok(&app, "/api/v1/search?q=okapi&limit=100").await);
    assert_eq!(all.len(), 4, "{all:?}");
    let pages = walk(&app, "/api/v1/search?q=okapi", 1).await;
    assert!(pages.iter().all(|p| p.len() == 1), "{pages:?}");
    assert_eq!(pages.concat(), all);
    assert_eq!(walk(&app, "/api/v1/search?q=okapi", 3).await.concat(), all);
}
