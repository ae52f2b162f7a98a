//! The site's uploads in a WordPress export: which URLs are uploads
//! (`…/wp-content/uploads/2024/04/photo.jpg`), the full-size file a resized copy
//! (`photo-1024x576.jpg`) was made from, and markdown images pointed at library items once
//! the uploads are in the library.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const UPLOADS: &str = "/wp-content/uploads/";

/// How converted bodies name a gallery's images (`![](wp-attachment:202)`) until the
/// importer puts the attachment's file in their place.
pub const ATTACHMENT: &str = "wp-attachment:";

/// The part of an upload's URL after `/wp-content/uploads/` (`2024/04/photo.jpg`), without
/// query or fragment; `None` for any other URL, or one whose path could leave the folder.
pub fn upload_path(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok().filter(|u| matches!(u.scheme(), "http" | "https"))?;
    let (_, rest) = parsed.path().split_once(UPLOADS)?;
    let decoded = percent_decode(rest)?;
    let safe = !decoded.is_empty()
        && decoded.split('/').all(|segment| !segment.is_empty() && segment != "." && segment != "..")
        && !decoded.contains('\\')
        && !decoded.chars().any(char::is_control);
    safe.then_some(decoded)
}

/// The full-size upload a resized copy names (`2024/04/photo-1024x576.jpg` →
/// `2024/04/photo.jpg`, and `-scaled` likewise); any other path as it is.
pub fn full_size(path: &str) -> String {
    let Some((stem, extension)) = path.rsplit_once('.') else { return path.to_string() };
    if let Some(base) = stem.strip_suffix("-scaled") {
        return format!("{base}.{extension}");
    }
    let Some((base, size)) = stem.rsplit_once('-') else { return path.to_string() };
    let sized = size.split_once('x').is_some_and(|(w, h)| {
        !w.is_empty() && !h.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) && h.bytes().all(|b| b.is_ascii_digit())
    });
    if sized && !base.ends_with('/') {
        format!("{base}.{extension}")
    } else {
        path.to_string()
    }
}

/// The upload paths an HTML body names anywhere (`src`, `srcset`, links), each once, in
/// order of first appearance.
pub fn uploads_in_html(html: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(UPLOADS) {
        let after = &rest[at + UPLOADS.len()..];
        let end = after.find(|c: char| c.is_whitespace() || "\"'<>()?#,".contains(c)).unwrap_or(after.len());
        let candidate = format!("https://site{UPLOADS}{}", &after[..end]);
        if let Some(path) = upload_path(&candidate) {
            if !found.contains(&path) {
                found.push(path);
            }
        }
        rest = &after[end..];
    }
    found
}

/// The URL of every image in `markdown`, in order.
pub fn image_urls(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// `![alt](url)`, the alt text escaped.
pub fn image(alt: &str, url: &str) -> String {
    format!("![{}]({url})", escape_alt(alt))
}

/// `markdown` with each image replaced by what `replace(url, alt)` makes of it (`None`
/// leaves it as it is; `Some("")` removes it).
pub fn rewrite_images(markdown: &str, replace: impl Fn(&str, &str) -> Option<String>) -> String {
    let mut replacements: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, String, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if open.is_none() => {
                open = Some((range, dest_url.to_string(), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, alt)) = open.as_mut() {
                    alt.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((range, url, alt)) = open.take() {
                    if let Some(text) = replace(&url, &alt) {
                        replacements.push((range, text));
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = markdown.to_string();
    for (range, text) in replacements.into_iter().rev() {
        out.replace_range(range, &text);
    }
    out
}

/// Alt text as markdown link text: the characters that would end or open it escaped.
fn escape_alt(alt: &str) -> String {
    let mut out = String::with_capacity(alt.len());
    for c in alt.chars() {
        if matches!(c, '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `%XX` escapes decoded; `None` when they do not make UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_told_by_their_path_and_cannot_leave_the_folder() {
        let base = "https://films.example/wp-content/uploads/";
        assert_eq!(upload_path(&format!("{base}2024/04/photo.jpg?w=300")).as_deref(), Some("2024/04/photo.jpg"));
        assert_eq!(upload_path(&format!("{base}2024/04/a%20b.jpg")).as_deref(), Some("2024/04/a b.jpg"));
        // Dot segments are resolved as a browser would: this one stays in the folder.
        assert_eq!(upload_path(&format!("{base}2024/%2e%2e/secret.jpg")).as_deref(), Some("secret.jpg"));
        assert_eq!(upload_path("https://films.example/blog/wp-content/uploads/x.png").as_deref(), Some("x.png"));
        for other in [
            "https://films.example/images/photo.jpg",
            "ftp://films.example/wp-content/uploads/x.jpg",
            "https://films.example/wp-content/uploads/%2e%2e/%2e%2e/etc/passwd",
            "https://films.example/wp-content/uploads/2024/%2E%2E%2Fsecret",
            "https://films.example/wp-content/uploads/a/%2Fb.jpg",
            "https://films.example/wp-content/uploads/",
            "media:12",
        ] {
            assert_eq!(upload_path(other), None, "{other}");
        }
    }

    #[test]
    fn uploads_are_found_wherever_a_body_names_them() {
        let html = r#"<img src="https://s.example/wp-content/uploads/2024/04/a-300x200.jpg" srcset="https://s.example/wp-content/uploads/2024/04/a-300x200.jpg 300w, https://s.example/wp-content/uploads/2024/04/a.jpg 1200w"><a href='/wp-content/uploads/b.png?x=1'>b</a> /wp-content/uploads/../etc"#;
        assert_eq!(uploads_in_html(html), ["2024/04/a-300x200.jpg", "2024/04/a.jpg", "b.png"]);
    }

    #[test]
    fn resized_copies_lead_to_the_full_size_file() {
        assert_eq!(full_size("2024/04/photo-1024x576.jpg"), "2024/04/photo.jpg");
        assert_eq!(full_size("2024/04/photo-scaled.jpg"), "2024/04/photo.jpg");
        assert_eq!(full_size("2024/04/photo-final.jpg"), "2024/04/photo-final.jpg");
        assert_eq!(full_size("2024/04/photo-1024x.jpg"), "2024/04/photo-1024x.jpg");
        assert_eq!(full_size("2024/04/photo.jpg"), "2024/04/photo.jpg");
    }

    #[test]
    fn known_images_point_at_the_library_and_the_rest_stays() {
        let markdown = "Intro ![The *lighthouse*](https://a.example/l.jpg \"t\") and [![x](https://a.example/s.png)](https://a.example) and ![kept](https://b.example/k.jpg)";
        let point_at_library = |markdown: &str, library: fn(&str) -> Option<i64>| {
            rewrite_images(markdown, |url, alt| library(url).map(|id| image(alt, &format!("media:{id}"))))
        };
        let library = |url: &str| match url {
            "https://a.example/l.jpg" => Some(7),
            "https://a.example/s.png" => Some(8),
            _ => None,
        };
        assert_eq!(
            point_at_library(markdown, library),
            "Intro ![The lighthouse](media:7) and [![x](media:8)](https://a.example) and ![kept](https://b.example/k.jpg)"
        );
        assert_eq!(
            image_urls(markdown),
            ["https://a.example/l.jpg", "https://a.example/s.png", "https://b.example/k.jpg"]
        );
        assert_eq!(point_at_library("![a] b](u)", |_| Some(1)), "![a] b](u)");
        assert_eq!(point_at_library("![a \\] b](u)", |_| Some(1)), "![a \\] b](media:1)");
    }
}
