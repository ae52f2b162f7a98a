//! What a site's page needs beyond the text: search and social-card fields, the cover's alt
//! text and caption, a canonical URL, and an anchor per section for tables of contents.

use marquee::domain::Role;
use reqwest::Method;
use serde_json::json as j;

use crate::helpers::{assert_problem, json, spawn_app, spawn_app_with};

#[tokio::test]
async fn page_fields_are_written_by_editors_and_shown_to_readers() {
    let app = spawn_app_with(&[
        ("MARQUEE_SITE_URL", "https://films.example.com/"),
        ("MARQUEE_ARTICLE_PATH", "/explained/{slug}"),
    ])
    .await;
    let editor = app.login_as(Role::Editor).await;
    let article = app
        .create_article(
            &editor.token,
            j!({"title": "The Keeper's Daughter ending explained", "cover_image_url": "https://img.example.com/c.jpg",
                "cover_image_alt": "A dark lighthouse", "cover_image_caption": "The final shot",
                "meta_title": "The ending, explained", "meta_description": "What the lamp means.",
                "og_image_url": "https://img.example.com/card.jpg",
                "sections": [{"heading": "The end"}, {"heading": "Why it matters"}, {"heading": "The end"}, {"heading": "???"}]}),
        )
        .await;
    assert_eq!(article["slug"], "the-keepers-daughter-ending-explained", "apostrophes join words");
    assert_eq!(article["cover_image_alt"], "A dark lighthouse");
    let id = article["id"].as_i64().unwrap();
    app.publish(&editor.token, id, None).await;

    let page = json(app.get("/api/v1/articles/the-keepers-daughter-ending-explained").await).await;
    assert_eq!(page["canonical_url"], "https://films.example.com/explained/the-keepers-daughter-ending-explained");
    assert_eq!(page["meta_title"], "The ending, explained");
    assert_eq!(page["meta_description"], "What the lamp means.");
    assert_eq!(page["og_image_url"], "https://img.example.com/card.jpg");
    assert_eq!(
        (page["cover_image_alt"].as_str(), page["cover_image_caption"].as_str()),
        (Some("A dark lighthouse"), Some("The final shot"))
    );
    let anchors: Vec<&str> =
        page["sections"].as_array().unwrap().iter().map(|s| s["anchor"].as_str().unwrap()).collect();
    assert_eq!(anchors, ["the-end", "why-it-matters", "the-end-2", "section"]);
    let list = json(app.get("/api/v1/articles").await).await;
    assert_eq!(list["data"][0]["cover_image_alt"], "A dark lighthouse");

    let path = format!("/api/v1/admin/articles/{id}");
    let cleared =
        app.send_json(Method::PATCH, &path, &editor.token, &j!({"meta_title": null, "og_image_url": null})).await;
    assert_eq!(cleared.status(), 200);
    let page = json(app.get("/api/v1/articles/the-keepers-daughter-ending-explained").await).await;
    assert!(page["meta_title"].is_null() && page["og_image_url"].is_null());
    assert_eq!(page["meta_description"], "What the lamp means.", "untouched");

    for (field, value) in
        [("og_image_url", j!("ftp://x")), ("meta_title", j!("x".repeat(201))), ("cover_image_alt", j!("x".repeat(301)))]
    {
        let response = app.send_json(Method::PATCH, &path, &editor.token, &j!({ field: value })).await;
        assert_eq!(assert_problem(response, 422).await["errors"][0]["field"], field);
    }
}

#[tokio::test]
async fn without_a_site_url_there_is_no_canonical_url() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    app.published_article(&editor.token, "No site").await;
    assert!(json(app.get("/api/v1/articles/no-site").await).await["canonical_url"].is_null());
}
