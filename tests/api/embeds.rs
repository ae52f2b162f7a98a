//! Videos come back ready to embed: a section's `media_url` and a movie's `trailer_url` on
//! YouTube, Vimeo or Dailymotion carry the player on the provider's most private host, read
//! locally; any other URL carries `null`.

use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{get_ok, send, spawn_app};

#[tokio::test]
async fn sections_and_trailers_carry_their_players() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let article = app.published_article(&admin.token, "Arrival explained").await;
    let id = article["id"].as_i64().unwrap();
    for (heading, url) in [
        ("The trailer", "https://youtu.be/tFMo3UJ4B4g?t=1m30s"),
        ("A clip", "https://vimeo.com/76979871#t=62"),
        ("An interview", "https://www.dailymotion.com/video/x8abc12_interview"),
        ("A page", "https://films.example/arrival/notes"),
    ] {
        app.create_section(&admin.token, id, j!({"heading": heading, "media_url": url})).await;
    }
    let trailer = j!({"trailer_url": "https://www.youtube.com/watch?v=tFMo3UJ4B4g"});
    let movie_path = format!("/api/v1/admin/movies/{}", article["movie_id"]);
    assert_eq!(send(&app, Method::PATCH, &movie_path, &admin.token, &trailer).await.status(), 200);

    let page = get_ok(&app, "/api/v1/articles/arrival-explained").await;
    let embeds: Vec<&Value> = page["sections"].as_array().unwrap().iter().map(|s| &s["embed"]).collect();
    assert!(embeds[..3].iter().all(|e| e.is_null()), "sections without media: {embeds:?}");
    assert_eq!(
        embeds[3],
        &j!({"provider": "youtube", "video_id": "tFMo3UJ4B4g", "start_seconds": 90,
             "embed_url": "https://www.youtube-nocookie.com/embed/tFMo3UJ4B4g?start=90",
             "thumbnail_url": "https://i.ytimg.com/vi/tFMo3UJ4B4g/hqdefault.jpg"})
    );
    assert_eq!((embeds[4]["provider"].as_str(), embeds[4]["start_seconds"].as_u64()), (Some("vimeo"), Some(62)));
    assert_eq!(embeds[4]["embed_url"], "https://player.vimeo.com/video/76979871?dnt=1#t=62s");
    assert_eq!(embeds[5]["embed_url"], "https://geo.dailymotion.com/player.html?video=x8abc12");
    assert!(embeds[6].is_null(), "any other URL");
    assert_eq!(page["movie"]["trailer_embed"]["embed_url"], "https://www.youtube-nocookie.com/embed/tFMo3UJ4B4g");

    let slug = page["movie"]["slug"].as_str().unwrap().to_string();
    let film = get_ok(&app, &format!("/api/v1/movies/{slug}")).await;
    assert_eq!(film["trailer_embed"]["video_id"], "tFMo3UJ4B4g");
    let list = get_ok(&app, "/api/v1/movies").await;
    assert_eq!(list["data"][0]["trailer_embed"]["provider"], "youtube");
}
