//! WordPress's autoembed step: a YouTube or Vimeo URL alone on its line becomes an `[embed]`
//! shortcode before the body is tokenized.

use std::borrow::Cow;

use super::text::http_url;

/// Rewrites each line that is only a YouTube or Vimeo URL (optionally wrapped in `<p>…</p>`) into
/// an `[embed]` shortcode, like WordPress's `WP_Embed::autoembed`.
pub(super) fn autoembed(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let mut line_end = line_start;
        while line_end < bytes.len() && bytes[line_end] != b'\n' {
            line_end += 1;
        }
        if let Some(url) = video_line(&html[line_start..line_end]) {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
            out.push_str(&html[copied..line_start]);
            out.push_str("[embed]");
            out.push_str(url);
            out.push_str("[/embed]");
            copied = line_end;
        }
        line_start = line_end + 1;
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

/// The video URL if `line` is nothing but one (optionally inside `<p>…</p>`).
fn video_line(line: &str) -> Option<&str> {
    let line = line.trim();
    // Cheap rejection first: almost every line starts with something else.
    if !matches!(line.as_bytes().first(), Some(b'h' | b'H' | b'<')) {
        return None;
    }
    let url = strip_paragraph(line).trim();
    is_video_url(url).then_some(url)
}

/// The inside of `<p>…</p>` or `<p class="…">…</p>`, or the input unchanged.
fn strip_paragraph(line: &str) -> &str {
    let Some(rest) = line.strip_prefix("<p") else { return line };
    if !(rest.starts_with('>') || rest.starts_with(' ')) {
        return line;
    }
    match (rest.find('>'), rest.strip_suffix("</p>")) {
        (Some(open_end), Some(inner)) if open_end < inner.len() => &inner[open_end + 1..],
        _ => line,
    }
}

/// A YouTube or Vimeo URL that WordPress would turn into a player.
fn is_video_url(url: &str) -> bool {
    if http_url(url).is_none() || url.contains(['<', '>', '"', '\'']) {
        return false;
    }
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path) = match without_scheme.find(['/', '?', '#']) {
        Some(at) => without_scheme.split_at(at),
        None => (without_scheme, ""),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(&host);
    let path = path.trim_start_matches('/');
    match host {
        "youtube.com" => ["watch", "shorts/", "embed/", "live/", "playlist"].iter().any(|p| path.starts_with(p)),
        "youtu.be" | "vimeo.com" | "player.vimeo.com" => !path.is_empty(),
        _ => false,
    }
}
