//! Small text helpers shared by the pipeline: URL checks, HTML whitespace, tag stripping.

/// `url` trimmed if it is an absolute http(s) URL without whitespace inside.
pub(super) fn http_url(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    (url.len() > scheme_len && !url.contains(char::is_whitespace)).then(|| url.to_owned())
}

/// Whether `url` starts with one of `schemes` (ASCII case-insensitive) and has something after it.
/// Unlike [`http_url`] this allows inner spaces, which [`escape_url`] then encodes.
///
/// [`escape_url`]: super::escape::escape_url
pub(super) fn has_scheme(url: &str, schemes: &[&str]) -> bool {
    schemes.iter().any(|scheme| {
        url.len() > scheme.len() && url.get(..scheme.len()).is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    })
}

/// HTML's whitespace (not U+00A0, which is content).
pub(super) fn is_html_space_byte(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Collapses every whitespace run (including U+00A0) to one space and trims.
pub(super) fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace()).filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Drops anything between `<` and `>` (for shortcode bodies such as `[embed]<a …>url</a>[/embed]`).
pub(super) fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for ch in text.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out
}
