//! Revisions and previews.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, spawn_app_with};

#[tokio::test]
async fn publishing_and_editing_published_content_record_revisions_that_restore() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app
        .create_article(&editor.token, j!({"title": "Version one", "tags": ["First"], "sections": [{"heading": "Old section", "body": "old words"}]}))
        .await;
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/articles/{id}");
    let revisions = || async {
        json(app.authed(Method::GET, &format!("{path}/revisions"), &editor.token).send().await.unwrap()).await
    };

    // Drafts are not revisioned.
    app.send_json(Method::PATCH, &path, &editor.token, &j!({"title": "Version one, edited"})).await;
    assert_eq!(revisions().await["data"], j!([]));

    app.publish(&editor.token, id, None).await;
    app.send_json(Method::PATCH, &path, &editor.token, &j!({"title": "Version two", "tags": ["Second"]})).await;
    let sid = app.sections(&editor.token, id).await[0].0;
    app.send_json(Method::PATCH, &format!("{path}/sections/{sid}"), &editor.token, &j!({"heading": "New section"}))
        .await;
    app.create_section(&editor.token, id, j!({"heading": "Added later"})).await;

    let list = revisions().await;
    let summary: Vec<(i64, &str)> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["number"].as_i64().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(summary, [(4, "update"), (3, "update"), (2, "update"), (1, "publish")]);
    assert_eq!(list["data"][0]["user_id"], editor.user_id);

    let first =
        json(app.authed(Method::GET, &format!("{path}/revisions/1"), &editor.token).send().await.unwrap()).await;
    assert_eq!(first["number"], 1);
    assert_eq!(first["snapshot"]["article"]["title"], "Version one, edited");
    assert_eq!(first["snapshot"]["article"]["tags"], j!(["First"]));
    assert_eq!(first["snapshot"]["sections"][0]["heading"], "Old section");

    let restored =
        app.authed(Method::POST, &format!("{path}/revisions/1/restore"), &editor.token).send().await.unwrap();
    assert_eq!(restored.status(), 200);
    let restored = json(restored).await;
    assert_eq!(restored["title"], "Version one, edited");
    assert_eq!(restored["tags"], j!(["First"]));
    assert_eq!(restored["status"], "published", "restoring content keeps the status");
    let sections = app.sections(&editor.token, id).await;
    assert_eq!(sections.iter().map(|s| s.2.as_str()).collect::<Vec<_>>(), ["Old section"]);
    assert_eq!(sections[0].0, sid, "sections keep their ids");
    assert_eq!(revisions().await["data"][0]["reason"], "restore");

    assert_problem(app.authed(Method::GET, &format!("{path}/revisions/99"), &editor.token).send().await.unwrap(), 404)
        .await;
    assert_problem(
        app.authed(Method::POST, &format!("{path}/revisions/99/restore"), &editor.token).send().await.unwrap(),
        404,
    )
    .await;
    let stale =
        app.authed(Method::POST, &format!("{path}/revisions/1/restore"), &editor.token).header("if-match", "\"1\"");
    assert_problem(stale.send().await.unwrap(), 412).await;
}

#[tokio::test]
async fn admin_preview_shows_a_draft_in_the_public_shape() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app
        .create_article(&editor.token, j!({"title": "Draft", "sections": [{"heading": "One", "body": "**bold**"}]}))
        .await;
    let path = format!("/api/v1/admin/articles/{}/preview", article["id"]);
    let preview = json(app.authed(Method::GET, &path, &editor.token).send().await.unwrap()).await;
    assert_eq!(preview["title"], "Draft");
    assert!(preview["published_at"].is_null());
    assert_eq!(preview["author"]["display_name"], "A editor");
    assert_eq!(preview["sections"][0]["body_html"], "<p><strong>bold</strong></p>\n");
    assert_eq!(preview["comment_count"], 0);
    assert!(preview.get("status").is_none() && preview.get("author_id").is_none());
}

#[tokio::test]
async fn preview_tokens_open_one_draft_until_they_expire() {
    let app = spawn_app_with(&[("MARQUEE_PREVIEW_TOKEN_TTL", "2")]).await;
    let author = app.login_as(Role::Author).await;
    let article = app.create_article(&author.token, j!({"title": "Secret draft"})).await;
    let other = app.create_article(&author.token, j!({"title": "Other draft"})).await;
    let response = app
        .authed(Method::POST, &format!("/api/v1/admin/articles/{}/preview-token", article["id"]), &author.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let body = json(response).await;
    let url = body["url"].as_str().unwrap().to_string();
    assert_eq!(url, format!("/api/v1/preview/{}", body["token"].as_str().unwrap()));
    assert!(body["expires_at"].is_string());

    let preview = app.get(&url).await;
    assert_eq!(preview.status(), 200);
    assert_eq!(preview.headers()["cache-control"], "no-store");
    let preview = json(preview).await;
    assert_eq!(preview["title"], "Secret draft");
    assert_ne!(preview["id"], other["id"]);

    assert_problem(app.get("/api/v1/preview/not-a-token").await, 404).await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_problem(app.get(&url).await, 404).await;
}

#[tokio::test]
async fn preview_tokens_are_only_for_articles_the_caller_can_read() {
    let app = spawn_app().await;
    let (alice, bob) = (app.login_as(Role::Author).await, app.login_as(Role::Author).await);
    let article = app.create_article(&alice.token, j!({"title": "Alice's"})).await;
    let path = format!("/api/v1/admin/articles/{}/preview-token", article["id"]);
    assert_problem(app.authed(Method::POST, &path, &bob.token).send().await.unwrap(), 404).await;
    assert_problem(
        app.authed(Method::POST, "/api/v1/admin/articles/999/preview-token", &alice.token).send().await.unwrap(),
        404,
    )
    .await;
}

#[tokio::test]
async fn preview_tokens_die_with_their_creators_access() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let author = app.login_as(Role::Author).await;
    let article = app.create_article(&author.token, j!({"title": "Shared draft"})).await;
    let token_path = format!("/api/v1/admin/articles/{}/preview-token", article["id"]);
    let mint = |token: String| {
        let (app, path) = (&app, token_path.clone());
        async move {
            let body = json(app.authed(Method::POST, &path, &token).send().await.unwrap()).await;
            body["url"].as_str().unwrap().to_string()
        }
    };
    let (disabled, demoted, deleted) =
        (app.login_as(Role::Editor).await, app.login_as(Role::Editor).await, app.login_as(Role::Editor).await);
    let urls =
        [mint(disabled.token.clone()).await, mint(demoted.token.clone()).await, mint(deleted.token.clone()).await];
    let by_author = mint(author.token.clone()).await;
    for url in urls.iter().chain([&by_author]) {
        assert_eq!(app.get(url).await.status(), 200);
    }

    let user = |id: i64| format!("/api/v1/admin/users/{id}");
    let disable = app.send_json(Method::PATCH, &user(disabled.user_id), &admin.token, &j!({"disabled": true})).await;
    assert_eq!(disable.status(), 200);
    let demote = app.send_json(Method::PATCH, &user(demoted.user_id), &admin.token, &j!({"role": "moderator"})).await;
    assert_eq!(demote.status(), 200);
    assert_eq!(app.authed(Method::DELETE, &user(deleted.user_id), &admin.token).send().await.unwrap().status(), 204);
    for url in &urls {
        assert_problem(app.get(url).await, 404).await;
    }
    assert_eq!(app.get(&by_author).await.status(), 200, "the author still reads their own draft");
}

/// What the first releases stored as a revision's snapshot: the admin article and section
/// responses of the time, with no `format` key.
fn format_1_snapshot(article: &serde_json::Value, sections: &serde_json::Value) -> String {
    j!({"article": article, "sections": sections}).to_string()
}

#[tokio::test]
async fn a_snapshot_written_in_the_previous_format_still_restores() {
    use diesel::RunQueryDsl;
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let article = app
        .create_article(
            &editor.token,
            j!({"title": "Old shape", "tags": ["Kept"], "sections": [{"heading": "First", "body": "old *words*"}]}),
        )
        .await;
    let id = article["id"].as_i64().unwrap();
    let path = format!("/api/v1/admin/articles/{id}");
    app.publish(&editor.token, id, None).await;
    let admin_record = json(app.authed(Method::GET, &path, &editor.token).send().await.unwrap()).await;
    let sections =
        json(app.authed(Method::GET, &format!("{path}/sections"), &editor.token).send().await.unwrap()).await;
    let legacy = format_1_snapshot(&admin_record, &sections["data"]);
    let pool = app.state.db.pool().clone();
    tokio::task::spawn_blocking(move || {
        diesel::sql_query("UPDATE revisions SET snapshot = $1 WHERE article_id = $2 AND number = 1")
            .bind::<diesel::sql_types::Text, _>(legacy)
            .bind::<diesel::sql_types::BigInt, _>(id)
            .execute(&mut pool.get().unwrap())
            .unwrap();
    })
    .await
    .unwrap();

    app.send_json(Method::PATCH, &path, &editor.token, &j!({"title": "New shape", "tags": []})).await;
    let sid = app.sections(&editor.token, id).await[0].0;
    app.authed(Method::DELETE, &format!("{path}/sections/{sid}"), &editor.token).send().await.unwrap();

    let shown =
        json(app.authed(Method::GET, &format!("{path}/revisions/1"), &editor.token).send().await.unwrap()).await;
    assert_eq!(shown["snapshot"]["article"]["title"], "Old shape");
    let restored =
        app.authed(Method::POST, &format!("{path}/revisions/1/restore"), &editor.token).send().await.unwrap();
    assert_eq!(restored.status(), 200);
    let restored = json(restored).await;
    assert_eq!((restored["title"].as_str(), &restored["tags"]), (Some("Old shape"), &j!(["Kept"])));
    let after = app.sections(&editor.token, id).await;
    assert_eq!(after, vec![(sid, 1, "First".to_string())], "the section is back with its id");
    let public = json(app.get("/api/v1/articles/old-shape").await).await;
    assert_eq!(public["sections"][0]["body_html"], "<p>old <em>words</em></p>\n");
}
