//! Content that uses library items: covers, section media, posters, photos and avatars come
//! out as image objects with ready `srcset`s, markdown `media:ID` images render to full
//! `<img>` tags, unknown ids are refused, an item in use cannot be deleted, and a changed
//! description shows on every page at once.

use marquee::domain::Role;
use marquee_media::fixtures::{jpeg, png_with_alpha};
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, get_ok, invalid_fields, json, send};

/// `srcset` lists of `item`'s variants in `format`, as the API writes them.
fn srcset(item: &Value, format: &str) -> String {
    item["variants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["format"] == format)
        .map(|v| format!("{} {}w", v["url"].as_str().unwrap(), v["width"]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The image object every public shape carries for `item`.
fn image_of(item: &Value) -> Value {
    j!({
        "url": item["url"], "width": item["width"], "height": item["height"], "alt": item["alt"],
        "caption": item["caption"], "credit": item["credit"], "focal_point": item["focal_point"],
        "blurhash": item["blurhash"], "srcset": item["srcset"], "variants": item["variants"]
    })
}

#[tokio::test]
async fn every_kind_of_content_shows_its_library_image_with_srcsets() {
    let app = crate::helpers::spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let t = &editor.token;
    let cover = app.upload_ready(t, jpeg(1400, 700), "lighthouse.jpg", "A dark lighthouse").await;
    let still = app.upload_ready(t, png_with_alpha(700, 400), "glyph.png", "A heptapod glyph").await;

    assert_eq!(cover["srcset"]["jpeg"], srcset(&cover, "jpeg"));
    assert_eq!(cover["srcset"]["webp"], srcset(&cover, "webp"));
    assert_eq!(cover["srcset"]["avif"], srcset(&cover, "avif"));
    assert_eq!(
        cover["srcset"]["jpeg"]
            .as_str()
            .unwrap()
            .split(", ")
            .map(|s| s.rsplit(' ').next().unwrap())
            .collect::<Vec<_>>(),
        ["320w", "640w", "960w", "1280w"]
    );
    assert_eq!(still["srcset"]["png"], srcset(&still, "png"), "transparency keeps PNG: {still}");
    assert!(still["srcset"]["jpeg"].is_null() && cover["srcset"]["png"].is_null());

    let movie = app.create_movie(t, j!({"title": "Arrival", "poster_id": cover["id"]})).await;
    assert_eq!(movie["poster_id"], cover["id"]);
    let person = app.create_cast_member(t, j!({"name": "Amy Adams", "photo_id": still["id"]})).await;
    let movie_id = movie["id"].as_i64().unwrap();
    app.create_credit(t, movie_id, j!({"cast_member_id": person["id"], "role": "actor", "character": "Louise"})).await;
    let me = send(&app, Method::PATCH, "/api/v1/auth/me", t, &j!({"avatar_id": still["id"]})).await;
    assert_eq!(me.status(), 200);
    assert_eq!(json(me).await["avatar_id"], still["id"]);

    let article = app
        .create_article(
            t,
            j!({"title": "Arrival explained", "cover_image_id": cover["id"], "movie_id": movie_id,
                "sections": [{"heading": "The glyphs", "media_id": still["id"],
                              "body": format!("Look: ![the glyph](media:{})", still["id"])}]}),
        )
        .await;
    assert_eq!(article["cover_image_id"], cover["id"]);
    app.publish(t, article["id"].as_i64().unwrap(), None).await;

    let page = get_ok(&app, "/api/v1/articles/arrival-explained").await;
    assert_eq!(page["cover_image"], image_of(&cover));
    assert_eq!(page["cover_image_url"], cover["url"], "the old field is filled from the library");
    assert_eq!(page["sections"][0]["media"], image_of(&still));
    assert_eq!(page["sections"][0]["media_url"], still["url"]);
    assert_eq!(page["author"]["avatar"], image_of(&still));
    assert_eq!(page["movie"]["poster"], image_of(&cover));

    let html = page["sections"][0]["body_html"].as_str().unwrap();
    let png = still["variants"].as_array().unwrap().iter().rfind(|v| v["format"] == "png").unwrap().clone();
    let img = format!(
        r#"<img src="{}" srcset="{}" sizes="(min-width: 960px) 960px, 100vw" width="{}" height="{}" alt="the glyph" loading="lazy" decoding="async">"#,
        png["url"].as_str().unwrap(),
        srcset(&still, "png"),
        png["width"],
        png["height"]
    );
    assert!(html.contains(&img), "{html}\nwanted {img}");

    let list = get_ok(&app, "/api/v1/articles").await;
    assert_eq!(list["data"][0]["cover_image"], image_of(&cover));
    let movie_page = get_ok(&app, "/api/v1/movies/arrival").await;
    assert_eq!(movie_page["poster"], image_of(&cover));
    assert_eq!(movie_page["poster_url"], cover["url"]);
    let person_page = get_ok(&app, "/api/v1/cast-members/amy-adams").await;
    assert_eq!(person_page["photo"], image_of(&still));
    assert_eq!(person_page["photo_url"], still["url"]);
    assert_eq!(get_ok(&app, "/api/v1/authors/a-editor").await["avatar"], image_of(&still));

    // Each use is listed on the item.
    let item = crate::helpers::get_json(&app, &format!("/api/v1/admin/media/{}", still["id"]), t).await;
    let section_id = page["sections"][0]["id"].clone();
    let mut uses: Vec<Value> = item["used_by"].as_array().unwrap().clone();
    uses.sort_by_key(|u| (u["kind"].as_str().unwrap().to_string(), u["id"].as_i64()));
    assert_eq!(
        uses,
        [
            j!({"kind": "cast_member", "id": person["id"]}),
            j!({"kind": "section", "id": section_id}),
            j!({"kind": "user", "id": editor.user_id})
        ]
    );
}

#[tokio::test]
async fn references_to_items_the_library_lacks_are_refused_and_change_nothing() {
    let app = crate::helpers::spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let article = app.create_article(&t, j!({"title": "Heat explained"})).await;
    let id = article["id"].as_i64().unwrap();
    let missing = 987_654;
    let refused = [
        (
            Method::POST,
            "/api/v1/admin/articles".to_string(),
            j!({"title": "T", "cover_image_id": missing}),
            "cover_image_id",
        ),
        (Method::PATCH, format!("/api/v1/admin/articles/{id}"), j!({"cover_image_id": missing}), "cover_image_id"),
        (
            Method::POST,
            format!("/api/v1/admin/articles/{id}/sections"),
            j!({"heading": "H", "media_id": missing}),
            "media_id",
        ),
        (
            Method::POST,
            format!("/api/v1/admin/articles/{id}/sections"),
            j!({"heading": "H", "body": format!("![x](media:{missing})")}),
            "body",
        ),
        (Method::POST, "/api/v1/admin/movies".to_string(), j!({"title": "M", "poster_id": missing}), "poster_id"),
        (Method::POST, "/api/v1/admin/cast-members".to_string(), j!({"name": "N", "photo_id": missing}), "photo_id"),
        (Method::PATCH, "/api/v1/auth/me".to_string(), j!({"avatar_id": missing}), "avatar_id"),
    ];
    for (method, path, body, field) in refused {
        let response = send(&app, method.clone(), &path, &t, &body).await;
        assert_eq!(response.status(), 422, "{method} {path} {body}");
        assert_eq!(invalid_fields(response).await, [field], "{method} {path}");
    }
    let after = crate::helpers::get_json(&app, &format!("/api/v1/admin/articles/{id}"), &t).await;
    assert_eq!(after["version"], 1);
    assert!(app.sections(&t, id).await.is_empty());
    let movies = crate::helpers::get_json(&app, "/api/v1/admin/movies", &t).await;
    assert_eq!(movies["data"], j!([]));
}

#[tokio::test]
async fn an_item_in_use_is_not_deleted_and_the_refusal_says_where() {
    let app = crate::helpers::spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let item = app.upload_ready(&t, jpeg(400, 300), "heat.jpg", "The diner").await;
    let media_path = format!("/api/v1/admin/media/{}", item["id"]);
    let movie = app.create_movie(&t, j!({"title": "Heat", "poster_id": item["id"]})).await;
    let article = app.create_article(&t, j!({"title": "Heat explained", "cover_image_id": item["id"]})).await;

    let refused = assert_problem(send(&app, Method::DELETE, &media_path, &t, &Value::Null).await, 409).await;
    let detail = refused["detail"].as_str().unwrap();
    assert!(
        detail.contains(&format!("article {}", article["id"])) && detail.contains(&format!("movie {}", movie["id"])),
        "{detail}"
    );
    assert_eq!(crate::helpers::get_json(&app, &media_path, &t).await["status"], "ready");

    // Once nothing uses it, it goes.
    let cleared = [
        (format!("/api/v1/admin/movies/{}", movie["id"]), j!({"poster_id": null})),
        (format!("/api/v1/admin/articles/{}", article["id"]), j!({"cover_image_id": null})),
    ];
    for (path, body) in cleared {
        assert_eq!(send(&app, Method::PATCH, &path, &t, &body).await.status(), 200, "{path}");
    }
    assert_eq!(send(&app, Method::DELETE, &media_path, &t, &Value::Null).await.status(), 204);
    assert_problem(app.authed(Method::GET, &media_path, &t).send().await.unwrap(), 404).await;
}

#[tokio::test]
async fn a_changed_description_shows_on_every_page_at_once() {
    let app = crate::helpers::spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    let item = app.upload_ready(&t, jpeg(700, 500), "diner.jpg", "Two men at a table").await;
    let article = app
        .publish_new(
            &t,
            j!({"title": "Heat explained", "cover_image_id": item["id"],
                "sections": [{"heading": "The diner", "body": format!("![](media:{})", item["id"])}]}),
        )
        .await;
    let path = format!("/api/v1/articles/{}", article["slug"].as_str().unwrap());
    // Read once so the page is cached, then change the description.
    let before = get_ok(&app, &path).await;
    assert_eq!(before["cover_image"]["alt"], "Two men at a table");
    assert!(before["sections"][0]["body_html"].as_str().unwrap().contains(r#"alt="Two men at a table""#));

    let changed = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/admin/media/{}", item["id"]),
        &t,
        &j!({"alt": "Pacino and De Niro at the diner", "credit": "Warner Bros."}),
    )
    .await;
    assert_eq!(changed.status(), 200);

    let after = get_ok(&app, &path).await;
    assert_eq!(after["cover_image"]["alt"], "Pacino and De Niro at the diner");
    assert_eq!(after["cover_image"]["credit"], "Warner Bros.");
    let html = after["sections"][0]["body_html"].as_str().unwrap();
    assert!(html.contains(r#"alt="Pacino and De Niro at the diner""#), "{html}");
    assert_eq!(
        get_ok(&app, "/api/v1/articles").await["data"][0]["cover_image"]["alt"],
        "Pacino and De Niro at the diner"
    );
}
