//! Tags: `GET /tags` counts published articles by tag, and follows publication at once.

use serde_json::json as j;

use crate::helpers::spawn_app;
use crate::public_articles::{get_ok, lifecycle, publish_new};

#[tokio::test]
async fn tags_count_published_articles_by_name_and_follow_publication_at_once() {
    let app = spawn_app().await;
    let t = app.login_as("editor").await.token;
    let first = publish_new(&app, &t, j!({"title": "One", "tags": ["Sci-Fi", "Endings"]})).await;
    publish_new(&app, &t, j!({"title": "Two", "tags": ["Sci-Fi"]})).await;
    app.create_article(&t, j!({"title": "Draft", "tags": ["Sci-Fi", "Drafty"]})).await;

    let tags = get_ok(&app, "/api/v1/tags").await;
    assert_eq!(
        tags,
        j!({"data": [
            {"slug": "endings", "name": "Endings", "article_count": 1},
            {"slug": "sci-fi", "name": "Sci-Fi", "article_count": 2}
        ]})
    );
    lifecycle(&app, &t, first["id"].as_i64().unwrap(), "unpublish").await;
    assert_eq!(
        get_ok(&app, "/api/v1/tags").await,
        j!({"data": [{"slug": "sci-fi", "name": "Sci-Fi", "article_count": 1}]})
    );
}
