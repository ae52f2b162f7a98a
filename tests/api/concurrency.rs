//! Writes that happen at the same moment: several editors on one article's sections,
//! unconditional edits and lifecycle changes racing, readers commenting together. Each test
//! starts its clients on a barrier and asserts exact outcomes: positions `1..n`, counts equal
//! to what was acknowledged, no 5xx, no 412 nobody asked for. SQLite queues writers, so these
//! bite on PostgreSQL (`TEST_DATABASE_URL`); both run them.

use std::sync::Arc;

use marquee::domain::Role;
use marquee_media::fixtures::jpeg;
use reqwest::{Method, StatusCode};
use serde_json::{json as j, Value};
use tokio::sync::Barrier;

use crate::helpers::{json, spawn_app_with, Session, TestApp};

/// An app with room for many writers at once and no rate limits.
async fn busy_app() -> TestApp {
    spawn_app_with(&[("MARQUEE_RATE_LIMIT", "off"), ("MARQUEE_DB_POOL_SIZE", "16"), ("MARQUEE_WORKERS", "4")]).await
}

/// Runs `clients` tasks that start together; returns what each returned.
async fn at_once<T, F, Fut>(clients: usize, task: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let barrier = Arc::new(Barrier::new(clients));
    let handles: Vec<_> = (0..clients)
        .map(|n| {
            let barrier = barrier.clone();
            let work = task(n);
            tokio::spawn(async move {
                barrier.wait().await;
                work.await
            })
        })
        .collect();
    let mut out = Vec::with_capacity(clients);
    for handle in handles {
        out.push(handle.await.expect("client task"));
    }
    out
}

fn sections_path(article_id: i64) -> String {
    format!("/api/v1/admin/articles/{article_id}/sections")
}

/// Asserts the article's positions are exactly 1..n and returns its sections.
async fn contiguous_sections(app: &TestApp, token: &str, article_id: i64) -> Vec<(i64, i64, String)> {
    let sections = app.sections(token, article_id).await;
    let positions: Vec<i64> = sections.iter().map(|s| s.1).collect();
    assert_eq!(positions, (1..=sections.len() as i64).collect::<Vec<_>>(), "positions are exactly 1..n");
    sections
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_editors_inserting_at_the_top_keep_positions_exact() {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    let article = app.create_article(&admin.token, j!({"title": "Race at the top"})).await;
    let id = article["id"].as_i64().unwrap();
    let editors = [app.login_as(Role::Editor).await, app.login_as(Role::Editor).await];

    let statuses = at_once(2, |n| {
        let (app, editor) = (app.clone(), editors[n].clone());
        async move {
            let mut statuses = Vec::new();
            for i in 0..20 {
                let body = j!({"heading": format!("editor {n} section {i}"), "position": 1});
                statuses.push(app.send_json(Method::POST, &sections_path(id), &editor.token, &body).await.status());
            }
            statuses
        }
    })
    .await;
    assert!(statuses.iter().flatten().all(|s| *s == StatusCode::CREATED), "{statuses:?}");

    let sections = contiguous_sections(&app, &admin.token, id).await;
    assert_eq!(sections.len(), 40);
    for n in 0..2 {
        // Each editor's sections went in at the top one after another: newest first.
        let own: Vec<String> =
            sections.iter().map(|s| s.2.clone()).filter(|h| h.starts_with(&format!("editor {n} "))).collect();
        let expected: Vec<String> = (0..20).rev().map(|i| format!("editor {n} section {i}")).collect();
        assert_eq!(own, expected);
    }
}

/// What one of the sixteen editors did, as the server acknowledged it.
#[derive(Default, Debug)]
struct Tally {
    inserted: usize,
    deleted: usize,
    /// Moves and reorders applied.
    applied: usize,
    /// Honest refusals (404, 422).
    refused: usize,
    server_errors: Vec<StatusCode>,
    precondition_failures: usize,
}

async fn one_editor_at_work(app: Arc<TestApp>, editor: Session, article_id: i64, who: usize) -> Tally {
    let mut tally = Tally::default();
    let path = sections_path(article_id);
    for i in 0..8 {
        let current = app.sections(&editor.token, article_id).await;
        let count = current.len();
        let any_section = || current[rand::random_range(0..count)].0;
        let response = match rand::random_range(0..4) {
            0 => {
                let body = j!({"heading": format!("editor {who} #{i}"), "position": rand::random_range(1..=count + 1)});
                app.send_json(Method::POST, &path, &editor.token, &body).await
            }
            1 if count > 0 => {
                app.authed(Method::DELETE, &format!("{path}/{}", any_section()), &editor.token).send().await.unwrap()
            }
            2 if count > 0 => {
                let body = j!({"position": rand::random_range(1..=count)});
                app.send_json(Method::PATCH, &format!("{path}/{}", any_section()), &editor.token, &body).await
            }
            _ => {
                let ids: Vec<i64> = current.iter().rev().map(|s| s.0).collect();
                app.send_json(Method::PUT, &format!("{path}/order"), &editor.token, &j!({ "section_ids": ids })).await
            }
        };
        match response.status() {
            StatusCode::CREATED => tally.inserted += 1,
            StatusCode::NO_CONTENT => tally.deleted += 1,
            StatusCode::PRECONDITION_FAILED => tally.precondition_failures += 1,
            s if s.is_server_error() => tally.server_errors.push(s),
            // A section someone else deleted first (404), a position or an order that
            // another edit made stale (422): honest refusals that changed nothing.
            StatusCode::OK => tally.applied += 1,
            StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY => tally.refused += 1,
            other => panic!("unexpected {other} for {}", response.url()),
        }
    }
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_editors_inserting_deleting_moving_and_reordering_keep_the_article_whole() {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    let initial: Vec<Value> = (0..10).map(|i| j!({"heading": format!("start {i}")})).collect();
    let article = app.create_article(&admin.token, j!({"title": "Sixteen editors", "sections": initial})).await;
    let id = article["id"].as_i64().unwrap();
    let mut editors = Vec::new();
    for _ in 0..4 {
        editors.push(app.login_as(Role::Editor).await);
    }

    let tallies = at_once(16, |n| one_editor_at_work(app.clone(), editors[n % 4].clone(), id, n)).await;
    let server_errors: Vec<_> = tallies.iter().flat_map(|t| t.server_errors.clone()).collect();
    assert!(server_errors.is_empty(), "5xx responses: {server_errors:?}");
    assert_eq!(tallies.iter().map(|t| t.precondition_failures).sum::<usize>(), 0, "no If-Match was sent");

    let (inserted, deleted): (usize, usize) =
        (tallies.iter().map(|t| t.inserted).sum(), tallies.iter().map(|t| t.deleted).sum());
    let sections = contiguous_sections(&app, &admin.token, id).await;
    assert_eq!(sections.len(), 10 + inserted - deleted, "{inserted} inserted and {deleted} deleted were acknowledged");
    let public_ids: std::collections::HashSet<i64> = sections.iter().map(|s| s.0).collect();
    assert_eq!(public_ids.len(), sections.len(), "no section twice");
    let sum = |f: fn(&Tally) -> usize| tallies.iter().map(f).sum::<usize>();
    println!(
        "16 editors, 128 requests: {inserted} inserts, {deleted} deletes, {} moves and reorders applied, \
         {} refused (404/422), 0 × 5xx, 0 × 412; 10 + {inserted} − {deleted} = {} sections at 1..n",
        sum(|t| t.applied),
        sum(|t| t.refused),
        sections.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn unconditional_edits_all_apply_and_conditional_ones_have_one_winner() {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    let article = app.create_article(&admin.token, j!({"title": "Edited at once"})).await;
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/articles/{id}");
    let version = article["version"].as_i64().unwrap();

    let statuses = at_once(16, |n| {
        let (app, token, path) = (app.clone(), admin.token.clone(), path.clone());
        async move { app.send_json(Method::PATCH, &path, &token, &j!({"title": format!("Title {n}")})).await.status() }
    })
    .await;
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "without If-Match every edit applies: {statuses:?}");
    let after = json(app.authed(Method::GET, &path, &admin.token).send().await.unwrap()).await;
    assert_eq!(after["version"], version + 16, "each edit was one version");

    let etag = format!("\"{}\"", version + 16);
    let statuses = at_once(16, |n| {
        let (app, token, path, etag) = (app.clone(), admin.token.clone(), path.clone(), etag.clone());
        async move {
            let request = app.authed(Method::PATCH, &path, &token).header("if-match", etag);
            request.json(&j!({"title": format!("Conditional {n}")})).send().await.unwrap().status()
        }
    })
    .await;
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::PRECONDITION_FAILED).count(), 15, "{statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn publishing_and_unpublishing_at_once_ends_consistent_without_412() {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    let article = app.create_article(&admin.token, j!({"title": "Flip flop", "sections": [{"heading": "One"}]})).await;
    let id = article["id"].as_i64().unwrap();

    let statuses = at_once(16, |n| {
        let (app, token) = (app.clone(), admin.token.clone());
        let action = if n % 2 == 0 { "publish" } else { "unpublish" };
        async move {
            let path = format!("/api/v1/admin/articles/{id}/{action}");
            app.authed(Method::POST, &path, &token).send().await.unwrap().status()
        }
    })
    .await;
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");

    let record =
        json(app.authed(Method::GET, &format!("/api/v1/admin/articles/{id}"), &admin.token).send().await.unwrap())
            .await;
    let public = app.get("/api/v1/articles/flip-flop").await.status();
    match record["status"].as_str() {
        Some("published") => assert_eq!(public, 200),
        Some("draft") => assert_eq!(public, 404),
        other => panic!("unexpected status {other:?}"),
    }
    // The feed's last word on the article agrees with it.
    let feed = json(app.get("/api/v1/changes?limit=100").await).await;
    let last = feed["data"].as_array().unwrap().iter().rev().find(|e| e["id"] == id).cloned();
    let expected = if record["status"] == "published" { "upsert" } else { "delete" };
    assert_eq!(last.map(|e| e["action"].clone()), Some(j!(expected)));
}

/// A busy app whose rules approve every comment at once, and the slug of a published
/// article to comment on.
async fn open_for_comments(title: &str) -> (Arc<TestApp>, String) {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    let rules = j!({"hold": "none", "max_links": 2, "hold_words": [], "block_words": [], "min_interval_seconds": 0});
    let put = app.send_json(Method::PUT, "/api/v1/admin/settings/moderation", &admin.token, &rules).await;
    assert_eq!(put.status(), 200);
    let article = app.published_article(&admin.token, title).await;
    (app, article["slug"].as_str().unwrap().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_readers_commenting_together_are_all_accepted_and_stored() {
    let (app, slug) = open_for_comments("Talked about").await;

    let statuses = at_once(8, |n| {
        let (app, slug) = (app.clone(), slug.clone());
        async move {
            let mut statuses = Vec::new();
            for i in 0..20 {
                let body = j!({"author_name": format!("Reader {n}"), "author_email": format!("r{n}@example.com"), "body": format!("Thought {i} of reader {n}")});
                statuses.push(app.post_json(&format!("/api/v1/articles/{slug}/comments"), &body).await.status());
            }
            statuses
        }
    })
    .await;
    let statuses: Vec<StatusCode> = statuses.into_iter().flatten().collect();
    assert!(statuses.iter().all(|s| *s == StatusCode::ACCEPTED), "{statuses:?}");

    let listed = json(app.get(&format!("/api/v1/articles/{slug}")).await).await;
    assert_eq!(listed["comment_count"], 160, "every acknowledged comment is stored and shown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_comment_sent_twice_at_once_is_stored_once_among_others_that_all_are() {
    let (app, slug) = open_for_comments("Said twice").await;

    // 32 clients: eight pairs send one body twice (same email), 8 more send bodies of their
    // own, and 8 name a parent that does not exist. On SQLite these land in shared batches:
    // a refused one must take nothing of the others with it.
    let statuses = at_once(32, |n| {
        let (app, slug) = (app.clone(), slug.clone());
        async move {
            let (who, parent) = match n {
                0..=15 => (n / 2, None),
                16..=23 => (n, None),
                _ => (n, Some(999_999)),
            };
            let body = j!({"author_name": "Reader", "author_email": format!("r{who}@example.com"),
                           "body": format!("The ending, as reader {who} sees it"), "parent_id": parent});
            app.post_json(&format!("/api/v1/articles/{slug}/comments"), &body).await.status().as_u16()
        }
    })
    .await;
    let count = |code: u16| statuses.iter().filter(|s| **s == code).count();
    assert_eq!((count(202), count(429), count(422)), (16, 8, 8), "{statuses:?}");
    let listed = json(app.get(&format!("/api/v1/articles/{slug}")).await).await;
    assert_eq!(listed["comment_count"], 16, "each acknowledged comment stored once, nothing else");
}

/// The library's files of `key` once nothing is waiting or being removed: each file once.
async fn settled_files(app: &TestApp, key: &str, expected: usize) -> Vec<String> {
    let mut files = Vec::new();
    for _ in 0..400 {
        files = app.stored_media_files();
        let of_key = files.iter().filter(|f| f.starts_with(key)).count();
        if of_key == expected && !files.iter().any(|f| f.starts_with("incoming/")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_image_uploaded_twice_at_once_is_made_once_and_both_items_show_it() {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    let bytes = jpeg(700, 400);
    let uploaded = at_once(2, |n| {
        let (app, token, bytes) = (app.clone(), admin.token.clone(), bytes.clone());
        async move { json(app.upload_form(&token, bytes, &format!("twin-{n}.jpg"), "A twin").await).await }
    })
    .await;
    let key = uploaded[0]["key"].as_str().unwrap().to_string();
    assert_eq!(uploaded[1]["key"], key.as_str());
    assert_ne!(uploaded[0]["id"], uploaded[1]["id"]);
    let mut ready = Vec::new();
    for item in &uploaded {
        ready.push(app.media_ready(&admin.token, item["id"].as_i64().unwrap()).await);
    }
    assert_eq!(ready[0]["variants"], ready[1]["variants"], "one set of files for both");
    assert_eq!(ready[0]["variants"].as_array().unwrap().len(), 6, "640 and 320, in three formats");
    let files = settled_files(&app, &key, 7).await;
    assert_eq!(files.iter().filter(|f| f.starts_with(&key)).count(), 7, "{files:?}");
    assert!(!files.iter().any(|f| f.starts_with("incoming/")), "nothing left waiting: {files:?}");
    for item in &ready {
        for variant in item["variants"].as_array().unwrap() {
            assert_eq!(app.get(variant["url"].as_str().unwrap()).await.status(), 200, "{variant}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_upload_racing_the_deletion_of_the_last_item_with_its_bytes_keeps_its_files() {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    let bytes = jpeg(500, 300);
    let first = app.upload_ready(&admin.token, bytes.clone(), "first.jpg", "First").await;
    let key = first["key"].as_str().unwrap().to_string();
    let path = format!("/api/v1/admin/media/{}", first["id"]);
    let version = first["version"].clone();
    let outcomes = at_once(2, |n| {
        let (app, token, bytes, path) = (app.clone(), admin.token.clone(), bytes.clone(), path.clone());
        let version = version.clone();
        async move {
            if n == 0 {
                let request = app.authed(Method::DELETE, &path, &token).header("if-match", format!("\"{version}\""));
                (request.send().await.unwrap().status().as_u16(), Value::Null)
            } else {
                let response = app.upload_form(&token, bytes, "again.jpg", "Again").await;
                (response.status().as_u16(), json(response).await)
            }
        }
    })
    .await;
    assert_eq!((outcomes[0].0, outcomes[1].0), (204, 201), "{outcomes:?}");
    let again = app.media_ready(&admin.token, outcomes[1].1["id"].as_i64().unwrap()).await;
    assert_eq!(again["key"], key.as_str());
    let files = settled_files(&app, &key, 4).await;
    assert_eq!(
        files.iter().filter(|f| f.starts_with(&key)).count(),
        4,
        "the original and 320 in three formats: {files:?}"
    );
    assert_eq!(app.get(again["url"].as_str().unwrap()).await.status(), 200);
    for variant in again["variants"].as_array().unwrap() {
        assert_eq!(app.get(variant["url"].as_str().unwrap()).await.status(), 200, "{variant}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn redirects_added_at_the_same_moment_never_form_a_chain() {
    let app = Arc::new(busy_app().await);
    let admin = app.admin().await;
    for round in 0..8 {
        // One editor adds /a -> /b while another adds /b -> /c: whichever comes second must
        // see the first (a chain refused, or collapsed), never both pass unseen.
        let statuses = at_once(2, |n| {
            let (app, token) = (app.clone(), admin.token.clone());
            let body = if n == 0 {
                j!({"from_path": format!("/a{round}"), "to": format!("/b{round}")})
            } else {
                j!({"from_path": format!("/b{round}"), "to": format!("/c{round}")})
            };
            async move { app.send_json(Method::POST, "/api/v1/admin/redirects", &token, &body).await.status().as_u16() }
        })
        .await;
        assert!(matches!(statuses[..], [201 | 422, 201]), "round {round}: {statuses:?}");
    }
    let list =
        json(app.authed(Method::GET, "/api/v1/admin/redirects?limit=100", &admin.token).send().await.unwrap()).await;
    let redirects = list["data"].as_array().unwrap();
    let froms: Vec<&str> = redirects.iter().map(|r| r["from_path"].as_str().unwrap()).collect();
    for r in redirects {
        let to = r["to"].as_str().unwrap();
        assert!(!froms.contains(&to), "a chain: {} -> {to}, which redirects again", r["from_path"]);
    }
}
