//! `/admin/`, the editors' room compiled into the binary: every file it loads is served,
//! under a strict content security policy, revalidated by ETag, compressed, and small; the
//! app's behaviour is tested in Chromium (tests/browser/admin.mjs).

use reqwest::Method;

use crate::helpers::{assert_problem, spawn_app, TestApp};

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.request(Method::GET, path).send().await.unwrap()
}

/// The paths `text` refers to as `src="/admin/…"`, `href="/admin/…"` or `from "./…"`.
fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (prefix, base) in [("src=\"/admin/", "/admin/"), ("href=\"/admin/", "/admin/"), ("from \"./", "/admin/")] {
        for (i, _) in text.match_indices(prefix) {
            let rest = &text[i + prefix.len()..];
            let name = &rest[..rest.find('"').unwrap()];
            if !name.is_empty() {
                found.push(format!("{base}{name}"));
            }
        }
    }
    found
}

#[tokio::test]
async fn the_app_and_every_file_it_loads_are_served_under_a_strict_policy() {
    let app = spawn_app().await;
    let bare = app.request(Method::GET, "/admin").send().await.unwrap();
    assert_eq!(bare.status(), 308);
    assert_eq!(bare.headers()["location"], "/admin/");

    let (mut pending, mut seen, mut compressed) = (vec!["/admin/".to_string()], Vec::new(), 0);
    while let Some(path) = pending.pop() {
        if seen.contains(&path) {
            continue;
        }
        let response = app.request(Method::GET, &path).header("accept-encoding", "gzip").send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe"), "{path}: {csp}");
        // No image from another host: it would tell that host who opened a preview, and when.
        assert!(csp.contains("img-src 'self' data:;") && !csp.contains("https:"), "{path}: {csp}");
        assert_eq!(headers["cache-control"], "no-cache", "{path}");
        assert_eq!(headers["content-encoding"], "gzip", "{path}");
        let expected_type = match path.rsplit('.').next() {
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            _ => "text/html",
        };
        assert!(headers["content-type"].to_str().unwrap().starts_with(expected_type), "{path}");
        let body = response.bytes().await.unwrap();
        compressed += body.len();
        // reqwest leaves gzip bodies alone without its gzip feature: decode to follow links.
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut text).unwrap();
        pending.extend(references(&text));
        seen.push(path);
    }
    assert!(seen.len() >= 4, "{seen:?}");
    assert!(compressed < 200 * 1024, "the first load is {compressed} bytes compressed");

    // Revalidated by ETag; HEAD answers too; unknown files are problem documents.
    let index = get(&app, "/admin/").await;
    let etag = index.headers()["etag"].clone();
    let again = app.request(Method::GET, "/admin/").header("if-none-match", etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(app.request(Method::HEAD, "/admin/app.js").send().await.unwrap().status(), 200);
    let missing = get(&app, "/admin/missing.js").await;
    assert!(missing.headers()["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    assert_problem(missing, 404).await;
}

/// The enums whose values the editors' room shows (from the spec, never copied by hand).
const ENUMS: [&str; 5] = ["Role", "ArticleKind", "ArticleStatus", "CreditRole", "CommentStatus"];

#[test]
fn the_app_copies_no_bound_and_no_enum_by_hand() {
    let spec: serde_json::Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/admin");
    let bound = regex::Regex::new(r"(maxlength|minlength)\s*:\s*\d").unwrap();
    let array = regex::Regex::new(r#"\[\s*"[^"\]]*"(\s*,\s*"[^"\]]*")*\s*\]"#).unwrap();
    let enums: Vec<Vec<String>> = ENUMS
        .iter()
        .map(|name| {
            let values = spec["components"]["schemas"][name]["enum"].as_array().unwrap_or_else(|| panic!("{name}"));
            let mut values: Vec<String> = values.iter().map(|v| v.as_str().unwrap().to_string()).collect();
            values.sort();
            values
        })
        .collect();
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "js") || path.ends_with("spec.js") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        read += 1;
        assert!(!bound.is_match(&text), "{}: a field bound written by hand; take it from spec.js", path.display());
        for found in array.find_iter(&text) {
            let mut items: Vec<String> = found
                .as_str()
                .trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().trim_matches('"').to_string())
                .collect();
            items.sort();
            assert!(
                !enums.contains(&items),
                "{}: {} copies an enum of the API; use values() of spec.js",
                path.display(),
                found.as_str()
            );
        }
    }
    assert!(read >= 8, "read {read} scripts");
}
