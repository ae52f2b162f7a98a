//! An independent check of sanitized HTML, for the tests and fuzz targets that try to break
//! the sanitizer: does any tag or attribute let a page run script?

/// Tags that must never come out of the sanitizer.
const FORBIDDEN_TAGS: &[&str] = &["script", "iframe", "style", "svg", "math", "object", "embed", "frame", "base"];

/// The first thing in `html` that could run script, described; `None` when there is none.
/// Reads every start tag with its attributes (quoted or not): a tag on the forbidden list, an
/// event handler (`on…`), a `style` attribute, or an `href`/`src` whose scheme is not http,
/// https or mailto.
pub fn first_unsafe(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let (inside, after) = rest.split_at(end);
        rest = after;
        if inside.starts_with('/') || inside.starts_with('!') {
            continue;
        }
        let name: String = inside.chars().take_while(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
        if FORBIDDEN_TAGS.contains(&name.as_str()) {
            return Some(format!("a <{name}> tag"));
        }
        for (attribute, value) in attributes(&inside[name.len()..]) {
            if attribute.starts_with("on") || attribute == "style" {
                return Some(format!("a {attribute} attribute on <{name}>"));
            }
            if (attribute == "href" || attribute == "src") && !safe_url(&value) {
                return Some(format!("{attribute}={value:?} on <{name}>"));
            }
        }
    }
    None
}

fn safe_url(value: &str) -> bool {
    match value.split_once(':') {
        None => true,
        Some((scheme, _)) if scheme.contains('/') || scheme.contains('?') || scheme.contains('#') => true,
        Some((scheme, _)) => ["http", "https", "mailto"].contains(&scheme.to_ascii_lowercase().as_str()),
    }
}

/// `name=value` pairs of a start tag's inside, lower-cased names, values without quotes.
fn attributes(mut text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_len = text.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(text.len());
        if name_len == 0 {
            return out;
        }
        let name = text[..name_len].to_ascii_lowercase();
        text = text[name_len..].trim_start();
        let value = if let Some(after) = text.strip_prefix('=') {
            let after = after.trim_start();
            let (value, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], &body[(close + 1).min(body.len())..])
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    after.split_at(close)
                }
            };
            text = rest;
            value.to_string()
        } else {
            String::new()
        };
        out.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_runs_script_and_nothing_else() {
        assert_eq!(first_unsafe("<p>~ onload= and javascript: in text</p>"), None);
        assert_eq!(first_unsafe("<img alt=\"x onload=y\" src=\"https://a.b/c.png\">"), None);
        assert_eq!(first_unsafe("<a href=\"/relative\" rel=\"noopener noreferrer\">x</a>"), None);
        assert!(first_unsafe("<img src=x onerror=alert(1)>").is_some());
        assert!(first_unsafe("<a href='JavaScript:alert(1)'>x</a>").is_some());
        assert!(first_unsafe("<p style=\"x\">").is_some());
        assert!(first_unsafe("<svg>").is_some());
    }
}
