//! A small, forgiving HTML tokenizer that also recognises the core shortcodes.

use std::borrow::Cow;

use super::entities::decode_entities;
use super::shortcode::{parse_shortcode_tag, Shortcode};
use super::tag::{classify, Tag};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token<'a> {
    /// Raw text, entities not yet decoded.
    Text(&'a str),
    Start {
        tag: Tag,
        attrs: Vec<(Cow<'a, str>, String)>,
        self_closing: bool,
    },
    End {
        tag: Tag,
    },
    Comment(&'a str),
    Shortcode(Shortcode),
}

/// The value of attribute `name` among a start tag's attributes.
pub(super) fn attr<'t>(attrs: &'t [(Cow<'_, str>, String)], name: &str) -> Option<&'t str> {
    attrs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// A forgiving single-pass HTML tokenizer: never fails, never backtracks more than a bounded
/// distance, and drops a tag or comment left open at the end of input.
pub(super) struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Where the last search for `[/embed]` started and what it found (`None`: not before the end).
    embed_close: Option<(usize, Option<usize>)>,
}

impl<'a> Tokenizer<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Tokenizer { src, pos: 0, embed_close: None }
    }

    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    pub(super) fn next_token(&mut self) -> Option<Token<'a>> {
        while self.pos < self.src.len() {
            let token = match self.bytes()[self.pos] {
                b'<' if self.markup_starts(self.pos) => self.markup(),
                b'[' => self.shortcode().or_else(|| Some(self.text(self.pos + 1))),
                _ => Some(self.text(self.pos)),
            };
            if token.is_some() {
                return token;
            }
        }
        None
    }

    fn markup_starts(&self, at: usize) -> bool {
        let bytes = self.bytes();
        match bytes.get(at + 1) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'!' || *b == b'?' => true,
            Some(b'/') => bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic),
            _ => false,
        }
    }

    /// Text from the current position up to the next markup or shortcode candidate at or after
    /// `scan_from`.
    fn text(&mut self, scan_from: usize) -> Token<'a> {
        let start = self.pos;
        let bytes = self.bytes();
        let mut end = scan_from;
        while end < bytes.len() {
            match bytes[end] {
                b'<' if self.markup_starts(end) => break,
                b'[' => break,
                _ => end += 1,
            }
        }
        self.pos = end;
        Token::Text(&self.src[start..end])
    }

    fn markup(&mut self) -> Option<Token<'a>> {
        let rest = &self.src[self.pos..];
        match rest.as_bytes().get(1..4) {
            Some([b'!', b'-', b'-']) => {
                let after = &rest[4..];
                let (inner, used) = match after.find("-->") {
                    Some(end) => (&after[..end], 4 + end + 3),
                    None => (after, rest.len()),
                };
                self.pos += used;
                Some(Token::Comment(inner))
            }
            _ => match rest.as_bytes()[1] {
                b'!' | b'?' => {
                    // Doctype, CDATA or processing instruction: nothing to show.
                    self.pos += rest.find('>').map_or(rest.len(), |end| end + 1);
                    None
                }
                b'/' => self.end_tag(),
                _ => self.start_tag(),
            },
        }
    }

    fn tag_name(&mut self) -> Cow<'a, str> {
        let bytes = self.bytes();
        let start = self.pos;
        let mut uppercase = false;
        while self.pos < bytes.len() && !matches!(bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
        {
            uppercase |= bytes[self.pos].is_ascii_uppercase();
            self.pos += 1;
        }
        let name = &self.src[start..self.pos];
        if uppercase {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        }
    }

    fn end_tag(&mut self) -> Option<Token<'a>> {
        self.pos += 2;
        let name = self.tag_name();
        let rest = &self.src[self.pos..];
        match rest.find('>') {
            Some(end) => {
                self.pos += end + 1;
                Some(Token::End { tag: classify(&name) })
            }
            None => {
                self.pos = self.src.len();
                None
            }
        }
    }

    fn start_tag(&mut self) -> Option<Token<'a>> {
        self.pos += 1;
        let name = self.tag_name();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            self.skip_spaces();
            match self.bytes().get(self.pos) {
                None => return None,
                Some(b'>') => {
                    self.pos += 1;
                    break;
                }
                Some(b'/') => {
                    self.pos += 1;
                    self_closing = self.bytes().get(self.pos) == Some(&b'>');
                }
                Some(_) => attrs.push(self.attribute()?),
            }
        }
        let tag = classify(&name);
        if tag == Tag::RawText {
            if !self_closing {
                self.skip_raw_text(&name);
            }
            return None;
        }
        Some(Token::Start { tag, attrs, self_closing })
    }

    fn skip_spaces(&mut self) {
        let bytes = self.bytes();
        while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    /// One `name`, `name=value`, `name="value"` or `name='value'`; `None` at end of input.
    fn attribute(&mut self) -> Option<(Cow<'a, str>, String)> {
        let bytes = self.bytes();
        let start = self.pos;
        // The first byte is taken unconditionally so a stray `=` or quote cannot stall the loop.
        self.pos += 1;
        while self.pos < bytes.len()
            && !matches!(bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'=')
        {
            self.pos += 1;
        }
        let raw_name = &self.src[start..self.pos];
        let name = if raw_name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw_name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw_name)
        };
        self.skip_spaces();
        if bytes.get(self.pos) != Some(&b'=') {
            return (self.pos < bytes.len()).then_some((name, String::new()));
        }
        self.pos += 1;
        self.skip_spaces();
        let value = match bytes.get(self.pos)? {
            quote @ (b'"' | b'\'') => {
                let quote = *quote as char;
                let value_start = self.pos + 1;
                let Some(len) = self.src[value_start..].find(quote) else {
                    // An unterminated quote swallows the rest of the input, as in browsers.
                    self.pos = self.src.len();
                    return None;
                };
                self.pos = value_start + len + 1;
                &self.src[value_start..value_start + len]
            }
            _ => {
                let value_start = self.pos;
                while self.pos < bytes.len() && !bytes[self.pos].is_ascii_whitespace() && bytes[self.pos] != b'>' {
                    self.pos += 1;
                }
                &self.src[value_start..self.pos]
            }
        };
        Some((name, decode_entities(value).into_owned()))
    }

    /// Skips to just after `</name…>` (ASCII case-insensitive), or to the end of input.
    fn skip_raw_text(&mut self, name: &str) {
        let bytes = self.bytes();
        let mut at = self.pos;
        while at + 2 + name.len() <= bytes.len() {
            if bytes[at] == b'<'
                && bytes[at + 1] == b'/'
                && bytes[at + 2..at + 2 + name.len()].eq_ignore_ascii_case(name.as_bytes())
            {
                self.pos = self.src[at..].find('>').map_or(self.src.len(), |end| at + end + 1);
                return;
            }
            at += 1;
        }
        self.pos = self.src.len();
    }

    /// A shortcode at the current `[`, or `None` if this `[` is plain text.
    fn shortcode(&mut self) -> Option<Token<'a>> {
        let start = self.pos;
        let rest = &self.src[start..];
        if let Some(inner) = rest.strip_prefix("[[") {
            // `[[name]]` is WordPress's way of writing a literal `[name]`.
            let (_, tag_len) = parse_shortcode_tag(&rest[1..])?;
            if inner.as_bytes().get(tag_len - 1) == Some(&b']') {
                self.pos = start + 1 + tag_len + 1;
                return Some(Token::Text(&self.src[start + 1..start + 1 + tag_len]));
            }
            return None;
        }
        let (tag, tag_len) = parse_shortcode_tag(rest)?;
        self.pos = start + tag_len;
        let shortcode = match (tag.name, tag.closing) {
            ("embed", false) => self.embed_body(tag.self_closing),
            ("caption" | "wp_caption", false) => Shortcode::CaptionOpen(tag.caption),
            ("caption" | "wp_caption", true) => Shortcode::CaptionClose,
            ("gallery", false) if !tag.ids.is_empty() => Shortcode::Gallery(tag.ids),
            _ => Shortcode::Dropped,
        };
        Some(Token::Shortcode(shortcode))
    }

    /// The content of `[embed]…[/embed]`; an `[embed]` without a closing tag embeds nothing.
    fn embed_body(&mut self, self_closing: bool) -> Shortcode {
        if self_closing {
            return Shortcode::Embed(String::new());
        }
        let Some(close) = self.find_embed_close(self.pos) else { return Shortcode::Embed(String::new()) };
        let body = self.src[self.pos..close].to_owned();
        self.pos = close + "[/embed]".len();
        Shortcode::Embed(body)
    }

    /// Next `[/embed]` at or after `from`; remembers the answer so repeated unclosed `[embed]`s
    /// do not rescan the rest of the input each time.
    fn find_embed_close(&mut self, from: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.embed_close {
            match found {
                Some(at) if searched_from <= from && at >= from => return Some(at),
                None if searched_from <= from => return None,
                _ => {}
            }
        }
        let found = self.src[from..].find("[/embed]").map(|at| from + at);
        self.embed_close = Some((from, found));
        found
    }
}
