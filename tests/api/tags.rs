//! Tags: `GET /tags` counts published articles by tag, and follows publication at once.

use marquee::domain::Role;
use serde_json::json as j;

use crate::helpers::{get_ok, spawn_app};

#[tokio::test]
async fn tags_count_published_articles_by_name_and_follow_publication_at_once() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let first = app.publish_new(&t, j!({"title": "One", "tags": ["Sci-Fi", "Endings"]})).await;
    app.publish_new(&t, j!({"title": "Two", "tags": ["Sci-Fi"]})).await;
    app.create_article(&t, j!({"title": "Draft", "tags": ["Sci-Fi", "Drafty"]})).await;

    let tags = get_ok(&app, "/api/v1/tags").await;
    assert_eq!(
        tags,
        j!({"data": [
            {"slug": "endings", "name": "Endings", "article_count": 1},
            {"slug": "sci-fi", "name": "Sci-Fi", "article_count": 2}
        ]})
    );
    app.lifecycle(&t, first["id"].as_i64().unwrap(), "unpublish").await;
    assert_eq!(
        get_ok(&app, "/api/v1/tags").await,
        j!({"data": [{"slug": "sci-fi", "name": "Sci-Fi", "article_count": 1}]})
    );
}
