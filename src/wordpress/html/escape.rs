//! Markdown escaping: link labels and destinations, code fences, and the rules for when a
//! character of plain text needs a backslash.

use super::text::collapse_whitespace;

/// Escapes link labels and image alt text, where only brackets, backslashes and backticks matter
/// to the link syntax, plus emphasis markers so a label cannot open emphasis.
pub(super) fn escape_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in collapse_whitespace(text).chars() {
        if matches!(ch, '[' | ']' | '\\' | '`' | '*' | '_') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Makes a URL safe as a markdown link destination.
pub(super) fn escape_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for ch in url.chars() {
        match ch {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            _ => out.push(ch),
        }
    }
    out
}

/// Longest run of backticks in `text`, to pick a fence that cannot be closed from inside.
pub(super) fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Length of the leading run of ASCII characters that never need escaping away from a line start.
pub(super) fn plain_run(bytes: &[u8]) -> usize {
    let mut len = 0;
    while len < bytes.len() && is_plain_byte(bytes[len]) {
        len += 1;
    }
    len
}

fn is_plain_byte(byte: u8) -> bool {
    byte.is_ascii_graphic() && !matches!(byte, b'\\' | b'`' | b'[' | b']' | b'*' | b'_' | b'<' | b'&')
}

/// Whether `ch` must be backslash-escaped to stay literal, given its neighbours.
pub(super) fn needs_escape(ch: char, prev: Option<char>, next: Option<char>, at_line_start: bool) -> bool {
    let next_is_space = next.is_none_or(char::is_whitespace);
    match ch {
        '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
        '`' | '[' | ']' => true,
        // A lone `*` between spaces is not emphasis; at line start `* ` is a list marker.
        '*' => at_line_start || !(prev.is_none_or(char::is_whitespace) && next_is_space),
        // `_` inside a word never opens emphasis.
        '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
        '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
        '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
        '#' | '>' => at_line_start,
        '-' | '+' | '=' => at_line_start && (next_is_space || next == Some(ch)),
        '~' => at_line_start && next == Some('~'),
        _ => false,
    }
}

/// For text starting with digits: the offset of a `.`/`)` that would make it an ordered list item.
pub(super) fn ordered_marker_end(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let after = &text.as_bytes()[digits..];
    match after {
        [b'.' | b')'] => Some(digits),
        [b'.' | b')', next, ..] if next.is_ascii_whitespace() => Some(digits),
        _ => None,
    }
}
