//! `marquee import wordpress` on the WXR files in `tests/fixtures/wordpress` (one from the
//! block editor, one from the classic editor, one cut short), checked through the API: what
//! readers and editors see, a second run that changes nothing, a changed post updated in
//! place, and a broken file that imports nothing.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::Output;
use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::Value;

use marquee::wordpress::wxr::{PostStatus, PostType};

use crate::helpers::{get_json, json, run_marquee_on, send, spawn_app, spawn_app_with, TestApp};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/wordpress/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `marquee import wordpress FILE [extra]` on the app's database and media store.
fn import(app: &TestApp, file: &str, extra: &[&str]) -> Output {
    import_with(app, file, extra, &[])
}

/// `import` allowed to read from loopback (`MARQUEE_WEBHOOKS_ALLOW_PRIVATE=on`).
fn import_private(app: &TestApp, file: &str, extra: &[&str]) -> Output {
    import_with(app, file, extra, &[("MARQUEE_WEBHOOKS_ALLOW_PRIVATE", "on")])
}

fn import_with(app: &TestApp, file: &str, extra: &[&str], settings: &[(&str, &str)]) -> Output {
    let args: Vec<&str> = ["import", "wordpress", file].into_iter().chain(extra.iter().copied()).collect();
    run_marquee_on(&app.database_url, settings, &args)
}

/// A stand-in for the old site: serves `files` by path over HTTP/1.1 on loopback (404 for
/// anything else) and records every path asked for.
fn old_site(files: HashMap<&'static str, Vec<u8>>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.ends_with(b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let line = String::from_utf8_lossy(&request).lines().next().unwrap_or_default().to_string();
            let path = line.split(' ').nth(1).unwrap_or_default().to_string();
            log.lock().unwrap().push(path.clone());
            let (status, body) = match files.get(path.as_str()) {
                Some(bytes) => ("200 OK", bytes.clone()),
                None => ("404 Not Found", b"not here".to_vec()),
            };
            let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        }
    });
    (address, asked)
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn public(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    json(response).await
}

#[tokio::test]
async fn a_block_editor_export_becomes_articles_sections_users_and_threads() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let summary = stdout(&import(&app, &fixture("gutenberg.xml"), &[]));
    for line in [
        "articles: 4 created, 0 updated, 0 unchanged (10 sections written)",
        "comments: 5 created, 0 updated, 0 unchanged",
        "users: 2 created",
        "skipped: 1 page (add --pages to import pages)",
        "skipped: 1 trashed post",
        "skipped: 1 pingback (not a comment)",
        "skipped: 1 attachment (media library entry)",
    ] {
        assert!(summary.contains(line), "{line:?} in\n{summary}");
    }

    let article = public(&app, "/api/v1/articles/the-keepers-daughter-ending-explained").await;
    let sections = article["sections"].as_array().unwrap();
    let headings: Vec<&str> = sections.iter().map(|s| s["heading"].as_str().unwrap()).collect();
    assert_eq!(headings[0], "The Keeper's Daughter ending explained", "the text before the first <h2>");
    assert_eq!(headings[1], "1. What happens in the final scene?");
    assert_eq!(headings[2], "2. Who is the keeper’s daughter, really?");
    assert_eq!(sections[1]["subheading"], "Reader’s question: “Was the light ever really out?”");
    assert_eq!(sections[0]["media_url"], "https://www.youtube.com/watch?v=Xk3mP9rT2aQ");
    let vimeo = sections.iter().find(|s| s["media_url"] == "https://vimeo.com/76979871");
    assert!(vimeo.is_some(), "the Vimeo embed is a section's media: {sections:#?}");
    assert!(!sections[1]["body_html"].as_str().unwrap().contains("wp:"), "no block comments left");
    let tags: Vec<&str> = article["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(tags.contains(&"Ending Explained") && tags.contains(&"Mystery & Thrillers"), "{tags:?}");
    assert!(!tags.contains(&"Uncategorized"));
    assert!(article["cover_image_url"].as_str().unwrap().contains("lighthouse"), "{}", article["cover_image_url"]);
    assert_eq!(article["published_at"], "2024-04-19T14:30:00Z", "the original date, in UTC");

    // The approved comments, threaded; the held, spam and trashed ones only in the queue.
    let thread = public(&app, "/api/v1/articles/the-keepers-daughter-ending-explained/comments").await;
    let thread = thread["data"].as_array().unwrap();
    assert_eq!(thread.len(), 2, "{thread:#?}");
    assert_eq!(thread[1]["parent_id"], thread[0]["id"]);
    let queue = get_json(&app, "/api/v1/admin/comments?limit=100", &admin.token).await;
    let statuses: Vec<&str> = queue["data"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    for status in ["approved", "pending", "spam", "rejected"] {
        assert!(statuses.contains(&status), "{status} in {statuses:?}");
    }
    assert!(queue["data"].as_array().unwrap().iter().all(|c| c["moderation_reason"] == "imported"));

    // Drafts, the pending review and the scheduled post are there for editors only.
    let all = get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await;
    let mut states: Vec<&str> = all["data"].as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    states.sort_unstable();
    assert_eq!(states, ["draft", "draft", "published", "scheduled"]);
    let users = get_json(&app, "/api/v1/admin/users", &admin.token).await;
    let authors: Vec<&Value> = users["data"].as_array().unwrap().iter().filter(|u| u["role"] == "author").collect();
    assert_eq!(authors.len(), 2);
    assert!(authors.iter().all(|u| u["disabled"] == true), "{authors:#?}");
    let email = authors[0]["email"].as_str().unwrap();
    assert_eq!(app.login(email, "").await.status(), 401, "no password came with them");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_come_into_the_library_once_and_posts_point_at_them() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let path = "/api/v1/articles/the-keepers-daughter-ending-explained";
    let kept = stdout(&import(&app, &fixture("gutenberg.xml"), &[]));
    assert!(kept.contains("images: 2 still shown from the old site"), "the cover and the body's image: {kept}");
    let before = public(&app, path).await;
    assert!(before["cover_image"].is_null() && before.to_string().contains("reellantern.example/wp-content"));

    // The old site has the full-size file; the resized copy the body names leads to it.
    let photo = marquee_media::fixtures::jpeg(1600, 900);
    let (site, asked) =
        old_site(HashMap::from([("/wp-content/uploads/2024/04/keepers-daughter-lighthouse.jpg", photo.clone())]));
    // The old site is on loopback: refused unless private addresses are allowed, as for webhooks.
    let refused = import(&app, &fixture("gutenberg.xml"), &["--media-from", &site]);
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("loopback or private"));
    assert!(asked.lock().unwrap().is_empty());
    let brought = stdout(&import_private(&app, &fixture("gutenberg.xml"), &["--media-from", &site]));
    assert!(brought.contains("media: 1 read into the library, 0 there from an earlier run"), "{brought}");
    assert!(!brought.contains("still shown from the old site"), "{brought}");
    assert!(brought.contains("articles: 0 created, 1 updated, 3 unchanged"), "only the post with images: {brought}");
    assert_eq!(asked.lock().unwrap().len(), 1, "one file read: {:?}", asked.lock().unwrap());

    let items = get_json(&app, "/api/v1/admin/media", &admin.token).await;
    assert_eq!(items["data"].as_array().unwrap().len(), 1);
    let item = app.media_ready(&admin.token, items["data"][0]["id"].as_i64().unwrap()).await;
    assert_eq!(item["alt"], "The Gull Point lighthouse at dusk", "the attachment's alt text");
    assert_eq!(item["filename"], "keepers-daughter-lighthouse.jpg");
    assert_eq!((item["width"].as_u64(), item["height"].as_u64()), (Some(1600), Some(900)));
    let page = public(&app, path).await;
    assert_eq!(page["cover_image"]["url"], item["url"]);
    assert!(!page.to_string().contains("reellantern.example/wp-content"), "no image left on the old host: {page}");
    let shown = page["sections"].as_array().unwrap().iter().find_map(|s| {
        let html = s["body_html"].as_str().unwrap();
        html.contains("<img").then(|| html.to_string())
    });
    let html = shown.expect("a section shows the image");
    let jpegs: Vec<String> = item["variants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["format"] == "jpeg")
        .map(|v| format!("{} {}w", v["url"].as_str().unwrap(), v["width"]))
        .collect();
    assert!(html.contains(&format!(r#"srcset="{}""#, jpegs.join(", "))), "{html}");
    assert!(html.contains(r#"alt="The Gull Point lighthouse at dusk""#), "{html}");
    // The old upload URLs, the resized copy's too, lead to the library's file.
    for old in ["keepers-daughter-lighthouse.jpg", "keepers-daughter-lighthouse-1024x576.jpg"] {
        let old = format!("https://reellantern.example/wp-content/uploads/2024/04/{old}");
        assert_eq!(resolved(&app, &old).await, (200, item["url"].as_str().map(str::to_string)), "{old}");
    }

    // Again: nothing is read, nothing changes.
    let before = get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await;
    let again = stdout(&import_private(&app, &fixture("gutenberg.xml"), &["--media-from", &site]));
    assert!(again.contains("media: 0 read into the library, 2 there from an earlier run"), "{again}");
    assert!(again.contains("articles: 0 created, 0 updated, 4 unchanged"), "{again}");
    assert_eq!(asked.lock().unwrap().len(), 1, "nothing fetched twice");
    assert_eq!(get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await, before);
}

#[tokio::test]
async fn uploads_come_from_a_copy_of_the_uploads_folder_and_bad_files_are_named() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let uploads = tempfile::tempdir().unwrap();
    let folder = uploads.path().join("2019/11");
    std::fs::create_dir_all(&folder).unwrap();
    // The full-size file is not an image: the resized copy is taken instead.
    std::fs::write(folder.join("keepers-daughter-lighthouse.jpg"), b"<svg xmlns='http://www.w3.org/2000/svg'/>")
        .unwrap();
    std::fs::write(folder.join("keepers-daughter-lighthouse-1024x576.jpg"), marquee_media::fixtures::jpeg(1024, 576))
        .unwrap();
    let out = stdout(&import(&app, &fixture("classic.xml"), &["--media-from", uploads.path().to_str().unwrap()]));
    assert!(out.contains("media not brought in: 2019/11/keepers-daughter-lighthouse.jpg:"), "{out}");
    let items = get_json(&app, "/api/v1/admin/media", &admin.token).await;
    let names: Vec<&str> = items["data"].as_array().unwrap().iter().map(|i| i["filename"].as_str().unwrap()).collect();
    assert_eq!(names, ["keepers-daughter-lighthouse-1024x576.jpg"]);
    let missing = import(&app, &fixture("classic.xml"), &["--media-from", "/no/such/folder"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("neither an http(s) URL nor a folder"));
}

#[tokio::test]
async fn a_gallery_shows_its_attachments_from_the_library() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let uploads = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(uploads.path().join("2019/11")).unwrap();
    let photo = marquee_media::fixtures::jpeg(1200, 675);
    std::fs::write(uploads.path().join("2019/11/keepers-daughter-lighthouse.jpg"), &photo).unwrap();

    // Without the files, the gallery's attachment is shown from the old site.
    let kept = stdout(&import(&app, &fixture("classic.xml"), &[]));
    assert!(kept.contains("images: 3 still shown from the old site"), "body image, cover and gallery: {kept}");
    let sequel = |page: &Value| -> String {
        page["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["heading"].as_str().unwrap().contains("sequel"))
            .map(|s| s["body_html"].as_str().unwrap().to_string())
            .unwrap()
    };
    let slug = get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("ending explained"))
        .map(|a| a["slug"].as_str().unwrap().to_string())
        .unwrap();
    let html = sequel(&public(&app, &format!("/api/v1/articles/{slug}")).await);
    assert!(
        html.contains(
            r#"src="http://www.reellantern.example/blog/wp-content/uploads/2019/11/keepers-daughter-lighthouse.jpg""#
        ),
        "{html}"
    );
    assert!(!html.contains("wp-attachment"), "{html}");

    let brought = stdout(&import(&app, &fixture("classic.xml"), &["--media-from", uploads.path().to_str().unwrap()]));
    assert!(brought.contains("media: 1 read into the library"), "{brought}");
    assert!(!brought.contains("still shown from the old site"), "{brought}");
    let item = &get_json(&app, "/api/v1/admin/media", &admin.token).await["data"][0];
    let item = app.media_ready(&admin.token, item["id"].as_i64().unwrap()).await;
    let html = sequel(&public(&app, &format!("/api/v1/articles/{slug}")).await);
    assert!(
        html.contains(&format!(
            r#"srcset="{} 320w"#,
            item["variants"].as_array().unwrap().iter().find(|v| v["format"] == "jpeg").unwrap()["url"]
                .as_str()
                .unwrap()
        )),
        "{html}"
    );
    assert!(!html.contains("reellantern.example"), "{html}");
}

#[tokio::test]
async fn importing_again_changes_nothing_and_a_changed_post_is_updated_in_place() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    stdout(&import(&app, &fixture("gutenberg.xml"), &[]));
    let before = get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await;
    let again = stdout(&import(&app, &fixture("gutenberg.xml"), &[]));
    assert!(again.contains("articles: 0 created, 0 updated, 4 unchanged"), "{again}");
    assert!(again.contains("comments: 0 created, 0 updated, 5 unchanged"), "{again}");
    assert!(again.contains("users: 0 created"), "{again}");
    assert_eq!(get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await, before, "not a row changed");

    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("changed.xml");
    let xml = std::fs::read_to_string(fixture("gutenberg.xml")).unwrap();
    std::fs::write(&changed, xml.replace("Saltwater Saints review", "Saltwater Saints, reviewed")).unwrap();
    let third = stdout(&import(&app, changed.to_str().unwrap(), &[]));
    assert!(third.contains("articles: 0 created, 1 updated, 3 unchanged"), "{third}");
    let after = get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await;
    let titles = |page: &Value| -> Vec<(i64, String)> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| (a["id"].as_i64().unwrap(), a["title"].as_str().unwrap().into()))
            .collect()
    };
    let (old, new) = (titles(&before), titles(&after));
    assert_eq!(old.len(), new.len(), "no copy");
    assert!(new.iter().any(|(_, t)| t == "Saltwater Saints, reviewed"));
    let id = old.iter().find(|(_, t)| t == "Saltwater Saints review").unwrap().0;
    assert!(new.iter().any(|(i, t)| *i == id && t == "Saltwater Saints, reviewed"), "the same article: {new:?}");
}

#[tokio::test]
async fn a_classic_editor_export_with_pages_and_shortcodes() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let summary = stdout(&import(&app, &fixture("classic.xml"), &["--pages"]));
    assert!(summary.contains("skipped: 1 trackback (not a comment)"), "{summary}");
    assert!(summary.contains("private or password-protected: 1 imported as drafts"), "{summary}");
    let all = get_json(&app, "/api/v1/admin/articles?limit=100", &admin.token).await;
    let slug = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "The Keeper’s Daughter ending explained")
        .map(|a| a["slug"].as_str().unwrap().to_string())
        .expect("the post");
    let article = public(&app, &format!("/api/v1/articles/{slug}")).await;
    let sections = article["sections"].as_array().unwrap();
    assert_eq!(sections[0]["media_url"], "https://www.youtube.com/watch?v=Xk3mP9rT2aQ", "a bare URL on its own line");
    assert_eq!(sections[0]["media_caption"], "Official trailer – Lantern Pictures, 2019");
    assert!(sections.iter().any(|s| s["media_url"] == "https://vimeo.com/76979871"), "an [embed] shortcode");
    let body = sections[0]["body_html"].as_str().unwrap();
    assert!(body.contains("<p>"), "paragraphs from blank lines: {body}");
    assert!(all["data"].as_array().unwrap().len() >= 5, "pages came too: {all}");
}

#[tokio::test]
async fn a_broken_file_names_the_line_and_imports_nothing() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let out = import(&app, &fixture("malformed.xml"), &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 20"), "{stderr}");
    let all = get_json(&app, "/api/v1/admin/articles", &admin.token).await;
    assert_eq!(all["data"].as_array().unwrap().len(), 0);
    let users = json(send(&app, Method::GET, "/api/v1/admin/users", &admin.token, &Value::Null).await).await;
    assert_eq!(users["data"].as_array().unwrap().len(), 1, "only the admin");
}

/// What `/redirects/resolve` answers for `path`: its status and where it leads.
async fn resolved(app: &TestApp, path: &str) -> (u16, Option<String>) {
    let query: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    let response = app.get(&format!("/api/v1/redirects/resolve?path={query}")).await;
    let status = response.status().as_u16();
    (status, json(response).await["to"].as_str().map(str::to_string))
}

/// The published posts of the Theme-Unit-Test-like export: their old permalinks, `?p=` ids
/// and titles, read with the importer's own parser.
fn published_posts() -> Vec<(String, i64, String)> {
    let text = std::fs::read_to_string(fixture("theme-unit.xml")).unwrap();
    let export = marquee::wordpress::wxr::parse(&text).unwrap();
    export
        .items
        .into_iter()
        .filter(|i| i.post_type == PostType::Post && i.status == PostStatus::Publish && i.password.is_none())
        .map(|i| (i.link.expect("a permalink"), i.wp_id, i.title))
        .collect()
}

#[tokio::test]
async fn every_old_permalink_leads_to_its_article_and_protected_posts_stay_unseen() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let summary = stdout(&import(&app, &fixture("theme-unit.xml"), &["--pages"]));
    assert!(summary.contains("private or password-protected: 2 imported as drafts"), "{summary}");
    let posts = published_posts();
    assert_eq!(posts.len(), 17);
    for (link, wp_id, title) in &posts {
        let (status, to) = resolved(&app, link).await;
        assert_eq!(status, 200, "{link}");
        let to = to.unwrap();
        let article = public(&app, &format!("/api/v1/articles/{}", to.trim_start_matches('/'))).await;
        assert_eq!(article["title"].as_str(), Some(title.as_str()), "{link} leads to {to}");
        assert_eq!(resolved(&app, &format!("/?p={wp_id}")).await, (200, Some(to.clone())), "?p={wp_id}");
    }
    assert_eq!(resolved(&app, "/?page_id=1301").await, (200, Some("/page-with-only-an-id".into())));
    assert_eq!(resolved(&app, "/about/").await.0, 404, "a page whose address stays");
    assert_eq!(resolved(&app, "/category/cat-a/").await, (200, Some("/tag/classic-cinema".into())));
    assert_eq!(resolved(&app, "/category/markup").await, (200, Some("/tag/markup".into())));
    assert_eq!(resolved(&app, "/tag/alignment-2/").await, (200, Some("/tag/alignment".into())));
    assert_eq!(resolved(&app, "/tag/twist/").await.0, 404, "an archive whose address stays");
    assert_eq!(resolved(&app, "/category/uncategorized/").await.0, 404);

    // Password-protected and private posts came in as drafts, and no old address shows them.
    for (slug, id) in [("template-password-protected", 1200), ("template-private", 1201)] {
        assert_eq!(app.get(&format!("/api/v1/articles/{slug}")).await.status(), 404, "{slug}");
        assert_eq!(resolved(&app, &format!("/?p={id}")).await.0, 404, "{slug}");
    }
    let drafts = get_json(&app, "/api/v1/admin/articles?status=draft&limit=100", &admin.token).await;
    let titles: Vec<&str> = drafts["data"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(
        titles.contains(&"Protected: template password protected") && titles.contains(&"Template: private"),
        "{titles:?}"
    );

    // A second run records nothing new and keeps every answer.
    let before = get_json(&app, "/api/v1/admin/redirects?limit=100", &admin.token).await;
    stdout(&import(&app, &fixture("theme-unit.xml"), &["--pages"]));
    let after = get_json(&app, "/api/v1/admin/redirects?limit=100", &admin.token).await;
    assert_eq!(before["data"], after["data"]);
    assert!(after["data"].as_array().unwrap().iter().all(|r| r["origin"] == "wordpress" && r["target"].is_object()));
}

#[tokio::test]
async fn a_site_that_keeps_its_dated_permalinks_gets_redirects_only_where_an_address_changed() {
    let app = spawn_app_with(&[("MARQUEE_ARTICLE_PATH", "/{year}/{month}/{day}/{slug}/")]).await;
    let pattern = [("MARQUEE_ARTICLE_PATH", "/{year}/{month}/{day}/{slug}/")];
    stdout(&import_with(&app, &fixture("theme-unit.xml"), &[], &pattern));
    for (link, wp_id, _) in published_posts() {
        let path = url::Url::parse(&link).unwrap().path().to_string();
        let (status, to) = resolved(&app, &link).await;
        if link.contains("%c3%a9") {
            // WordPress kept the accent; the new slug has none.
            assert_eq!((status, to.as_deref()), (200, Some("/2013/01/11/ending-explained-amelie/")));
            continue;
        }
        assert_eq!(status, 404, "{link} is its article's own address");
        assert_eq!(resolved(&app, &format!("/?p={wp_id}")).await, (200, Some(path)), "?p={wp_id}");
    }
}
