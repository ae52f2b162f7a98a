//! Addresses of the public site: how a path is normalized before it is matched, the statuses
//! a redirect answers with, and the article permalink pattern (`MARQUEE_ARTICLE_PATH`), which
//! both makes an article's address and reads one back.

use chrono::{Datelike, NaiveDateTime};
use regex::Regex;

use super::ArticleKind;

/// The longest path a redirect may start from or lead to: as long as any URL a record keeps.
pub const PATH_MAX: usize = super::limits::URL;

crate::text_enum! {
    /// What a recorded redirect leads to, followed through its renames.
    TargetKind {
        Article => "article",
        Tag => "tag",
        Media => "media",
    }
}

/// The statuses a redirect may answer with: moved (301, 308), found elsewhere for now (302,
/// 307), or gone (410).
pub const STATUSES: [u16; 5] = [301, 302, 307, 308, 410];

/// `410 Gone`: the one status that leads nowhere.
pub const GONE: u16 = 410;

/// A path as redirects are matched: absolute, without fragment, query (but WordPress's
/// `?p=ID` and `?page_id=ID`) or trailing slash, percent-escapes decoded where they make
/// UTF-8. A full URL counts by its path. Errors say why the text is not a path.
pub fn normalize(text: &str) -> Result<String, String> {
    let text = text.trim();
    let text = match text.split_once("://") {
        Some((scheme, rest)) if matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") => {
            rest.find('/').map_or("/", |at| &rest[at..])
        }
        _ => text,
    };
    if !text.starts_with('/') || text.starts_with("//") {
        return Err("must be a path starting with / (or an http(s) URL)".into());
    }
    if text.chars().count() > PATH_MAX {
        return Err(format!("must be at most {PATH_MAX} characters"));
    }
    if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("must not contain spaces or control characters".into());
    }
    let text = text.split('#').next().unwrap_or_default();
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    let mut path = decode(path);
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if let Some(post) = wordpress_id(query) {
        path.push_str(&post);
    }
    Ok(path)
}

/// `?p=ID` or `?page_id=ID` of a query string, as normalized paths keep it.
fn wordpress_id(query: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        let id: u64 = value.parse().ok().filter(|_| value.bytes().all(|b| b.is_ascii_digit()))?;
        matches!(name, "p" | "page_id").then(|| format!("?{name}={id}"))
    })
}

/// `%XX` escapes decoded where the result is UTF-8 and not a separator or control
/// character; everything else as written.
fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%').then(|| path.get(i + 1..i + 3)).flatten();
        match escaped.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
            Some(b) if !matches!(b, b'/' | b'?' | b'#' | b'%') && !b.is_ascii_control() && b != b' ' => {
                out.push(b);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// Where a redirect made by hand leads: a path of the site (normalized) or an http(s) URL
/// (as written).
pub fn destination(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.starts_with('/') && !text.starts_with("//") {
        return normalize(text);
    }
    let url =
        super::HttpUrl::parse(text).map_err(|_| "must be a path starting with / or an http(s) URL".to_string())?;
    Ok(url.into_inner())
}

/// What an article's address is made of.
#[derive(Debug, Clone, Copy)]
pub struct ArticleParts<'a> {
    pub id: i64,
    pub slug: &'a str,
    pub kind: ArticleKind,
    /// The day `{year}`, `{month}` and `{day}` come from (its publication).
    pub date: NaiveDateTime,
}

/// What a path under the article pattern names: a slug, and an id when the pattern has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub slug: Option<String>,
    pub id: Option<i64>,
}

/// `MARQUEE_ARTICLE_PATH`: a path with `{slug}` or `{id}` and optionally `{kind}`, `{year}`,
/// `{month}`, `{day}`.
#[derive(Debug, Clone)]
pub struct ArticlePath {
    pattern: String,
    matcher: Regex,
}

const PLACEHOLDERS: [(&str, &str); 6] = [
    ("{slug}", r"(?P<slug>[^/?]+)"),
    ("{id}", r"(?P<id>[0-9]{1,18})"),
    ("{kind}", r"(?P<kind>[a-z]+)"),
    ("{year}", r"(?P<year>[0-9]{4})"),
    ("{month}", r"(?P<month>[0-9]{2})"),
    ("{day}", r"(?P<day>[0-9]{2})"),
];

impl ArticlePath {
    pub fn parse(pattern: &str) -> Result<Self, String> {
        let pattern = pattern.trim();
        if !pattern.starts_with('/') || !(pattern.contains("{slug}") || pattern.contains("{id}")) {
            return Err(format!("{pattern:?} must start with / and contain {{slug}} or {{id}}"));
        }
        let mut expression = String::from("^");
        let mut rest = pattern.trim_end_matches('/');
        let mut seen = Vec::new();
        while let Some(open) = rest.find('{') {
            expression.push_str(&regex::escape(&rest[..open]));
            let Some((name, group)) = PLACEHOLDERS.iter().find(|(name, _)| rest[open..].starts_with(name)) else {
                return Err(format!("{pattern:?}: unknown placeholder at {:?}", &rest[open..]));
            };
            if seen.contains(name) {
                return Err(format!("{pattern:?}: {name} appears twice"));
            }
            seen.push(*name);
            expression.push_str(group);
            rest = &rest[open + name.len()..];
        }
        if rest.contains('}') {
            return Err(format!("{pattern:?}: unmatched }}"));
        }
        expression.push_str(&regex::escape(rest));
        expression.push('$');
        let matcher = Regex::new(&expression).map_err(|e| format!("{pattern:?}: {e}"))?;
        Ok(ArticlePath { pattern: pattern.to_string(), matcher })
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The article's path.
    pub fn path(&self, article: ArticleParts<'_>) -> String {
        let date = article.date;
        self.pattern
            .replace("{slug}", article.slug)
            .replace("{id}", &article.id.to_string())
            .replace("{kind}", article.kind.as_str())
            .replace("{year}", &format!("{:04}", date.year()))
            .replace("{month}", &format!("{:02}", date.month()))
            .replace("{day}", &format!("{:02}", date.day()))
    }

    /// What a normalized path names, when it has the pattern's shape.
    pub fn read(&self, path: &str) -> Option<Named> {
        let found = self.matcher.captures(path)?;
        Some(Named {
            slug: found.name("slug").map(|m| m.as_str().to_string()),
            id: found.name("id").and_then(|m| m.as_str().parse().ok()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_matched_without_what_does_not_tell_them_apart() {
        for (given, normal) in [
            ("/2013/01/11/markup-image-alignment/", "/2013/01/11/markup-image-alignment"),
            ("https://old.example/2013/01/11/markup/?utm_source=x#top", "/2013/01/11/markup"),
            ("/?p=1177", "/?p=1177"),
            ("/index.php?page_id=2&preview=true", "/index.php?page_id=2"),
            ("/?p=x", "/"),
            ("/caf%C3%A9/", "/café"),
            ("/a%2Fb", "/a%2Fb"),
            ("/", "/"),
        ] {
            assert_eq!(normalize(given).as_deref(), Ok(normal), "{given}");
        }
        for bad in ["", "relative/path", "//evil.example/x", "/with space", "ftp://x/y", "/\u{7}"] {
            assert!(normalize(bad).is_err(), "{bad:?}");
        }
        assert!(normalize(&format!("/{}", "a".repeat(PATH_MAX))).is_err());
    }

    #[test]
    fn destinations_are_paths_or_web_urls() {
        assert_eq!(destination("/new/").as_deref(), Ok("/new"));
        assert_eq!(destination("https://elsewhere.example/x?y=1").as_deref(), Ok("https://elsewhere.example/x?y=1"));
        for bad in ["javascript:alert(1)", "//evil.example", "new", "data:text/html,x"] {
            assert!(destination(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_article_pattern_makes_and_reads_addresses() {
        let dated = ArticlePath::parse("/{year}/{month}/{day}/{slug}/").unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2021, 3, 9).unwrap().and_hms_opt(20, 0, 0).unwrap();
        let parts = ArticleParts { id: 7, slug: "la-la-land", kind: ArticleKind::Review, date };
        assert_eq!(dated.path(parts), "/2021/03/09/la-la-land/");
        let named = dated.read("/2021/03/09/la-la-land").unwrap();
        assert_eq!(named, Named { slug: Some("la-la-land".into()), id: None });
        assert_eq!(dated.read("/2021/3/09/la-la-land"), None);
        assert_eq!(dated.read("/la-la-land"), None);

        let by_id = ArticlePath::parse("/{kind}/{id}-{slug}").unwrap();
        assert_eq!(by_id.path(parts), "/review/7-la-la-land");
        assert_eq!(by_id.read("/review/7-la-la-land"), Some(Named { slug: Some("la-la-land".into()), id: Some(7) }));

        for bad in ["{slug}", "/{year}/", "/{slug}/{slug}", "/{name}/{slug}", "/{slug}}"] {
            assert!(ArticlePath::parse(bad).is_err(), "{bad}");
        }
    }
}
