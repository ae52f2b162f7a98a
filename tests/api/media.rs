//! The media library over HTTP: uploads told from their bytes and refused saying why,
//! variants made by the queue and read back with real decoders (their sizes and formats,
//! no GPS left), delivery with its caching and range rules, descriptions, roles, and
//! deletion that leaves nothing behind.

use std::time::{Duration, Instant};

use marquee::domain::Role;
use marquee_media::fixtures::{avif, avif_bomb, bomb_png, jpeg, png_with_alpha, rotated_jpeg_with_gps};
use reqwest::Method;
use serde_json::{json as j, Value};

use crate::helpers::{assert_problem, json, patch_if_match, spawn_app, spawn_app_with, TestApp};

/// A served file's bytes, asserting the headers every file has.
async fn served(app: &TestApp, url: &str, content_type: &str) -> Vec<u8> {
    let response = app.get(url).await;
    assert_eq!(response.status(), 200, "{url}");
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], content_type, "{url}");
    assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["accept-ranges"], "bytes");
    assert!(headers.contains_key("etag"));
    response.bytes().await.unwrap().to_vec()
}

/// The width and height a real decoder reads from an encoded file.
fn decoded_size(format: &str, bytes: &[u8]) -> (u32, u32) {
    match format {
        "avif" => {
            let avif = avif_parse::read_avif(&mut std::io::Cursor::new(bytes)).expect("an AVIF file");
            let meta = avif.primary_item_metadata().expect("an AV1 sequence header");
            (meta.max_frame_width.get(), meta.max_frame_height.get())
        }
        other => {
            let format = match other {
                "webp" => image::ImageFormat::WebP,
                "jpeg" => image::ImageFormat::Jpeg,
                "png" => image::ImageFormat::Png,
                _ => panic!("unknown format {other}"),
            };
            let image = image::load_from_memory_with_format(bytes, format).expect("a decodable file");
            (image.width(), image.height())
        }
    }
}

#[tokio::test]
async fn a_camera_photo_becomes_upright_variants_in_three_formats_without_its_gps() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    // 1400x1000 as stored, turned a quarter by its EXIF: 1000x1400 as displayed.
    let photo = rotated_jpeg_with_gps(1400, 1000);
    assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&photo)).is_ok(), "the upload has EXIF");

    let response = app.upload_form(&editor.token, photo, "C:\\Users\\me\\IMG_0001.JPG", "A lighthouse at dusk").await;
    assert_eq!(response.status(), 201);
    assert!(response.headers()["location"].to_str().unwrap().starts_with("/api/v1/admin/media/"));
    let created = json(response).await;
    assert_eq!(created["filename"], "IMG_0001.JPG", "only the name of a path a browser sent");
    assert_eq!(created["mime_type"], "image/jpeg");
    assert_eq!((created["width"].as_i64(), created["height"].as_i64()), (Some(1000), Some(1400)));
    assert_eq!(created["alt"], "A lighthouse at dusk");
    assert_eq!(created["focal_point"], j!({"x": 0.5, "y": 0.5}));
    assert_eq!(created["uploaded_by"], editor.user_id);
    assert_eq!(created["used_by"], j!([]));
    let key = created["key"].as_str().unwrap().to_string();
    assert_eq!(key.len(), 32);

    let item = app.media_ready(&editor.token, created["id"].as_i64().unwrap()).await;
    assert!(item["version"].as_i64() > created["version"].as_i64());
    assert!(item["blurhash"].as_str().is_some_and(|b| b.len() >= 6));
    let variants = item["variants"].as_array().unwrap();
    let listed: Vec<(u64, u64, &str)> = variants
        .iter()
        .map(|v| (v["width"].as_u64().unwrap(), v["height"].as_u64().unwrap(), v["format"].as_str().unwrap()))
        .collect();
    let mut expected = Vec::new();
    for (w, h) in [(320, 448), (640, 896), (960, 1344)] {
        for format in ["avif", "webp", "jpeg"] {
            expected.push((w, h, format));
        }
    }
    assert_eq!(listed, expected, "never wider than the original's 1000 pixels");

    for variant in variants {
        let (format, url) = (variant["format"].as_str().unwrap(), variant["url"].as_str().unwrap());
        let ext = if format == "jpeg" { "jpg" } else { format };
        assert_eq!(url, format!("/media/{key}/{}.{ext}", variant["width"]));
        let bytes = served(&app, url, &format!("image/{format}")).await;
        assert_eq!(bytes.len() as u64, variant["bytes"].as_u64().unwrap());
        let size = decoded_size(format, &bytes);
        assert_eq!(
            (u64::from(size.0), u64::from(size.1)),
            (variant["width"].as_u64().unwrap(), variant["height"].as_u64().unwrap()),
            "{url}"
        );
        assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&bytes)).is_err(), "{url} has EXIF");
    }
    let srcset = &item["srcset"];
    assert_eq!(
        srcset["webp"],
        format!("/media/{key}/320.webp 320w, /media/{key}/640.webp 640w, /media/{key}/960.webp 960w")
    );
    assert!(srcset["avif"].as_str().unwrap().ends_with("960.avif 960w"));
    assert!(srcset["jpeg"].as_str().unwrap().starts_with(&format!("/media/{key}/320.jpg 320w")));
    assert!(srcset["png"].is_null());

    // The stored original: upright, and nothing of the camera's metadata.
    assert_eq!(item["url"], format!("/media/{key}/original.jpg"));
    let original = served(&app, &format!("/media/{key}/original.jpg"), "image/jpeg").await;
    assert_eq!(item["bytes"].as_u64(), Some(original.len() as u64));
    assert_eq!(decoded_size("jpeg", &original), (1000, 1400));
    assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&original)).is_err(), "EXIF left");
    for marker in [&b"Exif"[..], b"GPS", b"http://ns.adobe.com/xap"] {
        assert!(!original.windows(marker.len()).any(|w| w == marker), "{marker:?} left");
    }
    // The upload itself is gone from the store once its files are made.
    assert!(app.stored_media_files().iter().all(|f| !f.starts_with("incoming")), "{:?}", app.stored_media_files());
}

#[tokio::test]
async fn delivery_answers_conditions_ranges_and_head_and_nothing_else() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let item = app.upload_ready(&admin.token, jpeg(700, 400), "still.jpg", "A still").await;
    let key = item["key"].as_str().unwrap();
    let url = format!("/media/{key}/640.webp");
    let whole = served(&app, &url, "image/webp").await;
    let etag = app.get(&url).await.headers()["etag"].clone();

    let not_modified = app.request(Method::GET, &url).header("if-none-match", etag.clone()).send().await.unwrap();
    assert_eq!(not_modified.status(), 304);
    assert_eq!(not_modified.headers()["etag"], etag);
    assert!(not_modified.bytes().await.unwrap().is_empty());

    let part = app.request(Method::GET, &url).header("range", "bytes=10-29").send().await.unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], format!("bytes 10-29/{}", whole.len()));
    assert_eq!(part.headers()["content-type"], "image/webp");
    assert_eq!(part.bytes().await.unwrap().to_vec(), whole[10..30]);
    let tail = app.request(Method::GET, &url).header("range", "bytes=-5").send().await.unwrap();
    assert_eq!(tail.status(), 206);
    assert_eq!(tail.bytes().await.unwrap().to_vec(), whole[whole.len() - 5..]);
    let stale =
        app.request(Method::GET, &url).header("range", "bytes=0-9").header("if-range", "\"other\"").send().await;
    assert_eq!(stale.unwrap().status(), 200, "If-Range naming another version: the whole file");
    let outside = app.request(Method::GET, &url).header("range", format!("bytes={}-", whole.len())).send().await;
    let outside = outside.unwrap();
    assert_eq!(outside.headers()["content-range"], format!("bytes */{}", whole.len()));
    assert_problem(outside, 416).await;

    let head = app.request(Method::HEAD, &url).send().await.unwrap();
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["content-length"], whole.len().to_string().as_str());
    assert!(head.bytes().await.unwrap().is_empty());

    // Only made files exist: no other width, format or name, and no way out of the folder.
    for missing in [
        format!("/media/{key}/1280.webp"),
        format!("/media/{key}/641.webp"),
        format!("/media/{key}/640.gif"),
        format!("/media/{key}/original.png"),
        format!("/media/{key}/original.svg"),
        format!("/media/{}/640.webp", "0".repeat(32)),
        "/media/not-a-key/640.webp".to_string(),
        format!("/media/incoming/{key}"),
        format!("/media/{key}/..%2F..%2Fmarquee.db"),
    ] {
        assert_problem(app.get(&missing).await, 404).await;
    }
}

#[tokio::test]
async fn what_is_not_an_accepted_image_is_refused_saying_why_and_leaves_nothing() {
    let app = spawn_app_with(&[("MARQUEE_MEDIA_MAX_BYTES", "200000")]).await;
    let admin = app.admin().await;
    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let html = b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>".to_vec();
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    let animated = b"\0\0\0\x1cftypavis\0\0\0\0avisavifmsf1\0\0\0\0".to_vec();
    for (bytes, name, says) in [
        (svg, "logo.svg", "SVG"),
        (html, "page.jpg", "HTML"),
        (pdf, "poster.jpg", "PDF"),
        (animated, "clip.avif", "animated AVIF"),
        (b"plain words".to_vec(), "notes.png", "JPEG, PNG, WebP, GIF or AVIF"),
    ] {
        let problem = assert_problem(app.upload_form(&admin.token, bytes, name, "x").await, 415).await;
        assert!(problem["detail"].as_str().unwrap().contains(says), "{name}: {problem}");
    }
    // A JPEG cut short: its header promises what is not there.
    let cut = jpeg(64, 64)[..40].to_vec();
    let problem = assert_problem(app.upload_form(&admin.token, cut, "cut.jpg", "x").await, 422).await;
    assert_eq!(problem["errors"][0]["field"], "file");
    let bare = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\0".to_vec();
    let problem = assert_problem(app.upload_form(&admin.token, bare, "bare.avif", "x").await, 422).await;
    assert_eq!(problem["errors"][0]["field"], "file");

    // A decompression bomb: 900 million pixels declared in a few dozen bytes.
    let started = Instant::now();
    let problem =
        assert_problem(app.upload_form(&admin.token, bomb_png(30_000, 30_000), "bomb.png", "x").await, 422).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("30000x30000"), "{problem}");
    let started = Instant::now();
    let bomb = avif_bomb(30_000, 30_000);
    let problem = assert_problem(app.upload_form(&admin.token, bomb, "bomb.avif", "x").await, 422).await;
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("30000x30000"), "{problem}");

    // Over MARQUEE_MEDIA_MAX_BYTES, as a form and as a raw body.
    let big = vec![0xFFu8; 300_000];
    assert_problem(app.upload_form(&admin.token, big.clone(), "big.jpg", "x").await, 413).await;
    let raw = app.authed(Method::POST, "/api/v1/admin/media", &admin.token).body(big).send().await.unwrap();
    assert_problem(raw, 413).await;
    let empty = app.authed(Method::POST, "/api/v1/admin/media", &admin.token).body(Vec::new()).send().await.unwrap();
    assert_problem(empty, 422).await;

    // Forms with what a form must not have.
    let no_file = reqwest::multipart::Form::new().text("alt", "nothing");
    let response = app.authed(Method::POST, "/api/v1/admin/media", &admin.token).multipart(no_file).send().await;
    assert_eq!(json(response.unwrap()).await["errors"][0]["field"], "file");
    let unknown = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(jpeg(40, 40)).file_name("a.jpg"))
        .text("owner", "someone");
    let response = app.authed(Method::POST, "/api/v1/admin/media", &admin.token).multipart(unknown).send().await;
    assert_eq!(json(response.unwrap()).await["errors"][0]["field"], "owner");
    let long_alt = "a".repeat(301);
    let response = app.upload_form(&admin.token, jpeg(40, 40), "a.jpg", &long_alt).await;
    assert_eq!(json(response).await["errors"][0]["field"], "alt");

    let list = json(app.authed(Method::GET, "/api/v1/admin/media", &admin.token).send().await.unwrap()).await;
    assert_eq!(list["data"], j!([]), "no item was recorded");
    assert_eq!(app.stored_media_files(), Vec::<String>::new(), "no file was kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_avif_upload_is_decoded_and_kept_as_a_jpeg_or_a_png_with_its_variants() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let still = app.upload_ready(&admin.token, avif(700, 400, false), "still.avif", "A still").await;
    assert_eq!((still["filename"].as_str(), still["mime_type"].as_str()), (Some("still.avif"), Some("image/jpeg")));
    assert_eq!((still["width"].as_u64(), still["height"].as_u64()), (Some(700), Some(400)));
    let url = still["url"].as_str().unwrap();
    assert!(url.ends_with("/original.jpg"), "{url}");
    let original =
        image::load_from_memory_with_format(&served(&app, url, "image/jpeg").await, image::ImageFormat::Jpeg);
    let original = original.expect("the original is a JPEG");
    assert_eq!((original.width(), original.height()), (700, 400));
    // The gradient survived the round trip: the top right is red, the bottom left green.
    let rgb = original.to_rgb8();
    assert!(rgb.get_pixel(250, 5).0[0] > 200 && rgb.get_pixel(5, 250).0[1] > 200, "the picture, not noise");
    let formats: Vec<(&str, u64)> = still["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["format"].as_str().unwrap(), v["width"].as_u64().unwrap()))
        .collect();
    assert_eq!(formats, [("avif", 320), ("webp", 320), ("jpeg", 320), ("avif", 640), ("webp", 640), ("jpeg", 640)]);
    for variant in still["variants"].as_array().unwrap() {
        let format = variant["format"].as_str().unwrap();
        let bytes = served(&app, variant["url"].as_str().unwrap(), &format!("image/{format}")).await;
        assert_eq!(decoded_size(format, &bytes).0, variant["width"].as_u64().unwrap() as u32);
    }

    let clear = app.upload_ready(&admin.token, avif(400, 300, true), "glass.avif", "Glass").await;
    assert_eq!(clear["mime_type"], "image/png", "an alpha item keeps a PNG original");
    let png = served(&app, clear["url"].as_str().unwrap(), "image/png").await;
    let png = image::load_from_memory_with_format(&png, image::ImageFormat::Png).unwrap().to_rgba8();
    assert_eq!((png.get_pixel(10, 10).0[3], png.get_pixel(390, 10).0[3]), (0, 255), "transparent on the left");
    assert_eq!(clear["srcset"]["png"].as_str().map(|s| s.contains("320.png")), Some(true), "{}", clear["srcset"]);
}

#[tokio::test]
async fn a_raw_body_upload_takes_its_name_and_description_from_headers_and_query() {
    let app = spawn_app().await;
    let author = app.login_as(Role::Author).await;
    let response = app
        .authed(Method::POST, "/api/v1/admin/media?alt=Poster%20art&credit=Studio", &author.token)
        .header("content-type", "application/octet-stream")
        .header("content-disposition", "attachment; filename=\"poster.png\"")
        .body(png_with_alpha(500, 300))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let item = json(response).await;
    assert_eq!(
        (item["filename"].as_str(), item["alt"].as_str(), item["credit"].as_str()),
        (Some("poster.png"), Some("Poster art"), Some("Studio"))
    );
    assert_eq!(item["mime_type"], "image/png");
    let ready = app.media_ready(&author.token, item["id"].as_i64().unwrap()).await;
    let formats: Vec<&str> =
        ready["variants"].as_array().unwrap().iter().map(|v| v["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["avif", "webp", "png"], "transparency keeps the PNG family");
    assert!(ready["srcset"]["jpeg"].is_null());
    let png = served(&app, ready["variants"][2]["url"].as_str().unwrap(), "image/png").await;
    assert!(image::load_from_memory(&png).unwrap().color().has_alpha());
}

#[tokio::test]
async fn the_same_bytes_uploaded_again_share_the_files_at_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let first = app.upload_ready(&admin.token, jpeg(400, 300), "a.jpg", "first").await;
    let response = app.upload_form(&admin.token, jpeg(400, 300), "b.jpg", "second").await;
    let second = json(response).await;
    assert_eq!(second["status"], "ready", "no processing for bytes the library has");
    assert_eq!(second["key"], first["key"]);
    assert_eq!(second["variants"], first["variants"]);
    assert_ne!(second["id"], first["id"]);
    assert_eq!(second["alt"], "second");

    // Deleting one keeps the files the other shows.
    let path = format!("/api/v1/admin/media/{}", first["id"]);
    let deleted =
        app.authed(Method::DELETE, &path, &admin.token).header("if-match", format!("\"{}\"", first["version"]));
    assert_eq!(deleted.send().await.unwrap().status(), 204);
    tokio::time::sleep(Duration::from_millis(300)).await;
    served(&app, second["url"].as_str().unwrap(), "image/jpeg").await;
}

#[tokio::test]
async fn descriptions_change_under_if_match_and_are_checked() {
    let app = spawn_app().await;
    let editor = app.login_as(Role::Editor).await;
    let item = app.upload_ready(&editor.token, jpeg(320, 200), "frame.jpg", "A frame").await;
    let path = format!("/api/v1/admin/media/{}", item["id"]);
    let etag = format!("\"{}\"", item["version"]);
    let changes = j!({"alt": "The last frame", "caption": "Final shot", "credit": "© Studio", "focal_point": {"x": 0.25, "y": 0.75}, "filename": "last-frame.jpg"});
    let response = patch_if_match(&app, &path, &editor.token, &etag, &changes).await;
    assert_eq!(response.status(), 200);
    let updated = json(response).await;
    assert_eq!(updated["alt"], "The last frame");
    assert_eq!(updated["caption"], "Final shot");
    assert_eq!(updated["credit"], "© Studio");
    assert_eq!(updated["focal_point"], j!({"x": 0.25, "y": 0.75}));
    assert_eq!(updated["filename"], "last-frame.jpg");
    assert_eq!(updated["key"], item["key"], "the files stay");

    let stale = patch_if_match(&app, &path, &editor.token, &etag, &j!({"alt": "lost"})).await;
    assert_problem(stale, 412).await;
    let etag = format!("\"{}\"", updated["version"]);
    for (body, field) in [
        (j!({"focal_point": {"x": 1.5, "y": 0.5}}), "focal_point.x"),
        (j!({"focal_point": {"x": 0.5, "y": -0.1}}), "focal_point.y"),
        (j!({"filename": null}), "filename"),
        (j!({"filename": "  "}), "filename"),
        (j!({"credit": "c".repeat(301)}), "credit"),
        (j!({"key": "0123"}), "key"),
    ] {
        let problem = assert_problem(patch_if_match(&app, &path, &editor.token, &etag, &body).await, 422).await;
        assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{body}: {problem}");
    }
    let cleared = patch_if_match(&app, &path, &editor.token, &etag, &j!({"caption": null})).await;
    assert_eq!(json(cleared).await["caption"], Value::Null);
}

#[tokio::test]
async fn roles_decide_who_uploads_and_authors_change_only_their_own() {
    let app = spawn_app().await;
    let author = app.login_as(Role::Author).await;
    let other_author = app.login_as(Role::Author).await;
    let editor = app.login_as(Role::Editor).await;
    let moderator = app.login_as(Role::Moderator).await;

    let anonymous = app.request(Method::POST, "/api/v1/admin/media").body(jpeg(40, 40)).send().await.unwrap();
    assert_problem(anonymous, 401).await;
    assert_problem(app.upload_form(&moderator.token, jpeg(40, 40), "m.jpg", "m").await, 403).await;
    let listed = app.authed(Method::GET, "/api/v1/admin/media", &moderator.token).send().await.unwrap();
    assert_problem(listed, 403).await;

    let item = app.upload_ready(&author.token, jpeg(330, 200), "mine.jpg", "Mine").await;
    let path = format!("/api/v1/admin/media/{}", item["id"]);
    let etag = format!("\"{}\"", item["version"]);
    // Another author sees it (to pick it) but may not change or delete it.
    let seen = app.authed(Method::GET, &path, &other_author.token).send().await.unwrap();
    assert_eq!(seen.status(), 200);
    assert_problem(patch_if_match(&app, &path, &other_author.token, &etag, &j!({"alt": "Theirs"})).await, 403).await;
    let delete = app.authed(Method::DELETE, &path, &other_author.token).header("if-match", &etag).send().await.unwrap();
    assert_problem(delete, 403).await;
    // Its uploader and an editor may.
    let changed = patch_if_match(&app, &path, &author.token, &etag, &j!({"alt": "Still mine"})).await;
    let changed = json(changed).await;
    let etag = format!("\"{}\"", changed["version"]);
    let by_editor = patch_if_match(&app, &path, &editor.token, &etag, &j!({"alt": "An editor's"})).await;
    assert_eq!(by_editor.status(), 200);
}

#[tokio::test]
async fn the_list_filters_by_words_type_and_use() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let a = app.upload_ready(&admin.token, jpeg(330, 210), "harbour.jpg", "Boats in the harbour").await;
    let b = app.upload_ready(&admin.token, png_with_alpha(330, 220), "logo.png", "Studio logo").await;
    let ids = |page: Value| -> Vec<i64> {
        page["data"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect()
    };
    let list = |query: &'static str| {
        let app = &app;
        let token = admin.token.clone();
        async move {
            json(app.authed(Method::GET, &format!("/api/v1/admin/media{query}"), &token).send().await.unwrap()).await
        }
    };
    assert_eq!(ids(list("").await), [b["id"].as_i64().unwrap(), a["id"].as_i64().unwrap()], "newest first");
    assert_eq!(ids(list("?q=HARBOUR").await), [a["id"].as_i64().unwrap()]);
    assert_eq!(ids(list("?q=studio").await), [b["id"].as_i64().unwrap()]);
    assert_eq!(ids(list("?mime_type=image/png").await), [b["id"].as_i64().unwrap()]);
    assert_eq!(ids(list("?unused=true").await).len(), 2);
    let page = list("?limit=1").await;
    assert_eq!(ids(page.clone()).len(), 1);
    assert!(page["next_cursor"].is_string());
    assert_problem(
        app.authed(Method::GET, "/api/v1/admin/media?mime_type=text/html", &admin.token).send().await.unwrap(),
        400,
    )
    .await;
    assert_problem(
        app.authed(Method::GET, "/api/v1/admin/media?unused=maybe", &admin.token).send().await.unwrap(),
        400,
    )
    .await;
}

#[tokio::test]
async fn deleting_an_unused_item_removes_its_files() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let item = app.upload_ready(&admin.token, jpeg(660, 300), "gone.jpg", "Soon gone").await;
    let key = item["key"].as_str().unwrap().to_string();
    assert_eq!(
        app.stored_media_files().iter().filter(|f| f.starts_with(&key)).count(),
        7,
        "the original and six variants"
    );
    let path = format!("/api/v1/admin/media/{}", item["id"]);
    let stale = app.authed(Method::DELETE, &path, &admin.token).header("if-match", "\"1\"").send().await.unwrap();
    assert_problem(stale, 412).await;
    let response =
        app.authed(Method::DELETE, &path, &admin.token).header("if-match", format!("\"{}\"", item["version"]));
    assert_eq!(response.send().await.unwrap().status(), 204);
    assert_problem(app.authed(Method::GET, &path, &admin.token).send().await.unwrap(), 404).await;
    for _ in 0..200 {
        if app.stored_media_files().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(app.stored_media_files(), Vec::<String>::new());
    assert_problem(app.get(item["url"].as_str().unwrap()).await, 404).await;
}
