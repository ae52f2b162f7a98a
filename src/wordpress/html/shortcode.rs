//! Recognising WordPress core shortcodes (`[embed]`, `[caption]`, ...) and reading their tags.

use super::entities::decode_entities;

/// Longest shortcode opening tag looked at, in bytes.
const MAX_SHORTCODE_LEN: usize = 2048;

/// A shortcode recognised in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shortcode {
    /// `[embed …]content[/embed]`, with the raw content.
    Embed(String),
    /// `[caption …]`, with its `caption="…"` attribute if any.
    CaptionOpen(Option<String>),
    /// `[/caption]`.
    CaptionClose,
    /// `[gallery ids="…"]`: the attachments it shows, by WordPress id.
    Gallery(Vec<i64>),
    /// Another core shortcode (`[gallery]`, `[video]`, ...): dropped, its inner text kept.
    Dropped,
}

/// WordPress core shortcodes; other bracketed text is left alone, as WordPress does for
/// unregistered names.
const SHORTCODES: [&str; 7] = ["embed", "caption", "wp_caption", "gallery", "playlist", "audio", "video"];

/// A parsed shortcode tag.
pub(super) struct ShortcodeTag<'a> {
    pub(super) name: &'a str,
    pub(super) closing: bool,
    pub(super) self_closing: bool,
    pub(super) caption: Option<String>,
    /// `ids="1,2,3"`, as a gallery names its attachments (at most [`MAX_GALLERY`]).
    pub(super) ids: Vec<i64>,
}

/// The most images one gallery shows.
const MAX_GALLERY: usize = 100;

/// Parses `[name attrs]`, `[name attrs /]` or `[/name]` at the start of `text` for a core
/// shortcode name; returns it and its length in bytes.
pub(super) fn parse_shortcode_tag(text: &str) -> Option<(ShortcodeTag<'_>, usize)> {
    let inner = text.strip_prefix('[')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_len = inner.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
    let name = &inner[..name_len];
    if !SHORTCODES.contains(&name) {
        return None;
    }
    let after_name = &inner[name_len..];
    if !after_name.starts_with([']', ' ', '/', '\t', '\n']) {
        return None;
    }
    // Attributes cannot contain `[` or `]`, which keeps this scan bounded by the next bracket.
    let close = after_name.bytes().take(MAX_SHORTCODE_LEN).position(|b| b == b']' || b == b'[')?;
    if after_name.as_bytes()[close] != b']' {
        return None;
    }
    let attrs = &after_name[..close];
    let self_closing = attrs.trim_end().ends_with('/');
    let tag_len = 1 + usize::from(closing) + name_len + close + 1;
    let caption = shortcode_attr(attrs, "caption");
    let ids = shortcode_attr(attrs, "ids")
        .map(|ids| {
            ids.split(',')
                .filter_map(|id| id.trim().parse::<i64>().ok())
                .filter(|id| *id > 0)
                .take(MAX_GALLERY)
                .collect()
        })
        .unwrap_or_default();
    Some((ShortcodeTag { name, closing, self_closing, caption, ids }, tag_len))
}

/// The value of `name="…"` (or `'…'`) in a shortcode's attribute text.
fn shortcode_attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    while let Some(at) = rest.find(name) {
        let before_ok = rest[..at].chars().next_back().is_none_or(char::is_whitespace);
        let after = rest[at + name.len()..].trim_start();
        if let (true, Some(value)) = (before_ok, after.strip_prefix('=')) {
            let value = value.trim_start();
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let body = &value[1..];
            let end = body.find(quote)?;
            return Some(decode_entities(&body[..end]).into_owned());
        }
        rest = &rest[at + name.len()..];
    }
    None
}
