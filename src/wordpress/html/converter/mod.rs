//! The [`Converter`]: walks the tokens with an explicit, capped element stack (no recursion) and
//! drives a [`Writer`]. Element handling is in `blocks` and `inline`, embeds and captions in
//! `embeds`.

mod blocks;
mod embeds;
mod inline;

// The submodules take these through `super::` too.
use super::entities::decode_entities;
use super::escape::{escape_label, escape_url};
use super::shortcode::Shortcode;
use super::tag::Tag;
use super::text::{collapse_whitespace, has_scheme, http_url, strip_tags};
use super::tokenizer::{attr, Token, Tokenizer};
use super::writer::{Gap, Prefix, Writer};
use super::Block;

/// Deepest HTML element nesting that is tracked; deeper tags are ignored (their text is kept).
const MAX_DEPTH: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Strong,
    Em,
    Link,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Block,
    Heading,
    List {
        ordered: bool,
        next: u64,
        nested: bool,
    },
    Item,
    Quote,
    Format(Format),
    Figcaption,
    Row {
        cells: usize,
    },
    Cell,
    /// Tracked only so its end tag matches (a format already active, ...).
    Noop,
}

/// An open element on the converter's stack.
struct Open {
    tag: Tag,
    kind: Kind,
    inline: Option<usize>,
    prefix: Option<usize>,
}

/// A text-capturing state that temporarily takes tokens away from the writer.
enum Mode {
    Normal,
    /// An `<h2>` that splits, or its `<h3>` sub-heading: plain text only.
    SplitHeading {
        subheading: bool,
        text: String,
    },
    Pre(String),
    Code(String),
    /// Inside a Gutenberg embed block.
    Embed {
        url: Option<String>,
        wrapper: String,
        caption: String,
        in_caption: usize,
    },
}

/// An open `[caption]` shortcode.
struct Caption {
    text: String,
    attr: Option<String>,
    has_image: bool,
    /// The media block emitted inside this caption, which gets its text.
    media_block: Option<usize>,
}

/// Whether newlines are significant, as WordPress's wpautop makes them. WordPress skips wpautop for
/// block content; classic content written with explicit `<p>` tags is taken as real HTML, where
/// newlines are just whitespace.
fn wants_autop(html: &str) -> bool {
    let bytes = html.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'<' {
            let rest = &bytes[at + 1..];
            if rest.starts_with(b"!-- wp:") {
                return false;
            }
            if let [b'p' | b'P', b'>' | b' ' | b'\t' | b'\n', ..] = rest {
                return false;
            }
        }
        at += 1;
    }
    true
}

/// Walks the tokens and drives the [`Writer`]; in split mode also emits heading and media blocks.
pub(super) struct Converter<'a> {
    tokens: Tokenizer<'a>,
    split: bool,
    writer: Writer,
    stack: Vec<Open>,
    mode: Mode,
    caption: Option<Caption>,
    blocks: Vec<Block>,
    /// The current section already has its media.
    section_has_media: bool,
}

impl<'a> Converter<'a> {
    pub(super) fn new(html: &'a str, split: bool) -> Self {
        let autop = wants_autop(html);
        Converter {
            tokens: Tokenizer::new(html),
            split,
            writer: Writer::new(html.len(), autop),
            stack: Vec::new(),
            mode: Mode::Normal,
            caption: None,
            blocks: Vec::new(),
            section_has_media: false,
        }
    }

    pub(super) fn run(mut self) -> Vec<Block> {
        while let Some(token) = self.tokens.next_token() {
            if self.writer.exhausted {
                break;
            }
            self.token(token);
        }
        self.finish_mode();
        self.pop_to(0);
        self.finish_caption();
        self.flush_markdown();
        self.blocks
    }

    fn token(&mut self, token: Token<'a>) {
        match &mut self.mode {
            Mode::Normal => self.normal(token),
            Mode::SplitHeading { text, .. } => match token {
                Token::Text(raw) => text.push_str(&decode_entities(raw)),
                Token::Start { tag: Tag::Br, .. } => text.push(' '),
                Token::End { tag: Tag::Heading(_) } => self.finish_mode(),
                Token::Start { tag: Tag::Heading(_) | Tag::P, .. } => {
                    self.finish_mode();
                    self.normal(token);
                }
                _ => {}
            },
            Mode::Pre(text) => match token {
                Token::Text(raw) => text.push_str(&decode_entities(raw)),
                Token::Start { tag: Tag::Br, .. } => text.push('\n'),
                Token::End { tag: Tag::Pre } => self.finish_mode(),
                _ => {}
            },
            Mode::Code(text) => match token {
                Token::Text(raw) => text.push_str(&decode_entities(raw)),
                Token::Start { tag: Tag::Br, .. } => text.push(' '),
                Token::End { tag } if tag.is_code() => self.finish_mode(),
                Token::End { tag } | Token::Start { tag, .. } if tag.is_inline() => {}
                Token::End { .. } | Token::Start { .. } => {
                    // An unclosed <code> ends with the block around it.
                    self.finish_mode();
                    self.normal(token);
                }
                _ => {}
            },
            Mode::Embed { .. } => self.embed_block_token(token),
        }
    }

    fn normal(&mut self, token: Token<'a>) {
        match token {
            Token::Text(raw) => self.text(&decode_entities(raw)),
            Token::Start { tag, attrs, self_closing } => {
                self.start(tag, &attrs);
                if self_closing && !tag.is_void() {
                    self.end(tag);
                }
            }
            Token::End { tag } => self.end(tag),
            Token::Comment(comment) => self.comment(comment),
            Token::Shortcode(shortcode) => self.shortcode(shortcode),
        }
    }

    fn text(&mut self, text: &str) {
        match self.caption.as_mut() {
            Some(caption) => caption.text.push_str(text),
            None => self.writer.text(text),
        }
    }

    fn flush_markdown(&mut self) {
        let chunk = self.writer.flush();
        if !chunk.trim().is_empty() {
            self.blocks.push(Block::Markdown(chunk));
        }
    }

    fn finish_mode(&mut self) {
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => {}
            Mode::SplitHeading { subheading, text } => {
                let text = collapse_whitespace(&text);
                if text.is_empty() {
                    return;
                }
                self.flush_markdown();
                if subheading {
                    self.blocks.push(Block::Subheading(text));
                } else {
                    self.section_has_media = false;
                    self.blocks.push(Block::Heading(text));
                }
            }
            Mode::Pre(code) => self.writer.fence(&code),
            Mode::Code(code) => self.writer.code(&code),
            Mode::Embed { url, wrapper, caption, .. } => {
                let caption = Some(collapse_whitespace(&caption)).filter(|text| !text.is_empty());
                if let Some(url) = url.or_else(|| http_url(&wrapper)) {
                    self.media(url, caption);
                }
            }
        }
    }
}
