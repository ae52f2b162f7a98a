//! The [`Writer`]: builds escaped markdown from text and structure calls, with lazy separators,
//! line prefixes for quotes and lists, lazily opened inline markers and an output budget.

use std::borrow::Cow;

use super::escape::{longest_backtick_run, needs_escape, ordered_marker_end, plain_run};
use super::text::{collapse_whitespace, is_html_space_byte};

/// Deepest list/quote nesting that is indented; deeper levels share the last indentation.
const MAX_PREFIX_DEPTH: usize = 8;
/// Output budget on top of twice the input length.
pub(super) const OUTPUT_SLACK: usize = 1024;

/// Pending separator before the next content, strongest wins. Separators are only written once
/// content follows, so none ever dangles at the end of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Gap {
    None,
    Space,
    Nbsp,
    Cell,
    HardBreak,
    Newline,
    Paragraph,
}

/// A line prefix contributed by an open blockquote or list item.
#[derive(Debug, Clone)]
pub(super) enum Prefix {
    /// `emitted`: a line of this quote has been written, so blank lines inside it get `>`.
    Quote {
        emitted: bool,
    },
    Item {
        marker: String,
        emitted: bool,
    },
}

/// An open inline format whose markers are written lazily around content.
#[derive(Debug, Clone)]
struct Inline {
    open: &'static str,
    close: Cow<'static, str>,
    emitted: bool,
    /// Reopen after a paragraph break (emphasis) or not (links, heading markers).
    reopen: bool,
    dead: bool,
}

/// Builds escaped markdown from text and structure calls.
pub(super) struct Writer {
    out: String,
    /// Bytes already handed out by [`Writer::flush`], counted against the budget.
    flushed: usize,
    budget: usize,
    pub(super) exhausted: bool,
    gap: Gap,
    autop: bool,
    /// Nothing (not even the prefix) has been written on the current line.
    at_line_start: bool,
    /// Where the current line's content starts (after its prefix).
    content_start: usize,
    prefixes: Vec<Prefix>,
    inlines: Vec<Inline>,
    inlines_pending: bool,
    /// Open markdown headings and table cells, where line breaks become spaces.
    pub(super) single_line: usize,
}

impl Writer {
    pub(super) fn new(input_len: usize, autop: bool) -> Self {
        Writer {
            out: String::new(),
            flushed: 0,
            budget: input_len.saturating_mul(2).saturating_add(OUTPUT_SLACK),
            exhausted: false,
            gap: Gap::None,
            autop,
            at_line_start: true,
            content_start: 0,
            prefixes: Vec::new(),
            inlines: Vec::new(),
            inlines_pending: false,
            single_line: 0,
        }
    }

    fn push(&mut self, text: &str) {
        if self.exhausted || self.flushed + self.out.len() + text.len() > self.budget {
            self.exhausted = true;
            return;
        }
        self.out.push_str(text);
    }

    pub(super) fn gap(&mut self, gap: Gap) {
        let gap = if gap == Gap::HardBreak && self.single_line > 0 { Gap::Space } else { gap };
        self.gap = self.gap.max(gap);
    }

    fn line_has_content(&self) -> bool {
        !self.at_line_start && self.out.len() > self.content_start
    }

    /// Writes the pending separator, the line prefix and any unopened inline markers, so that
    /// content can follow.
    fn begin_content(&mut self) {
        self.realize_gap();
        if self.at_line_start {
            self.write_prefix(false);
        }
        if self.inlines_pending {
            self.inlines_pending = false;
            for index in 0..self.inlines.len() {
                let inline = &mut self.inlines[index];
                if !inline.emitted && !inline.dead {
                    inline.emitted = true;
                    let open = inline.open;
                    self.push(open);
                }
            }
        }
    }

    fn realize_gap(&mut self) {
        let gap = std::mem::replace(&mut self.gap, Gap::None);
        match gap {
            Gap::None => {}
            Gap::Space | Gap::Nbsp | Gap::Cell if self.line_has_content() => {
                self.push(match gap {
                    Gap::Space => " ",
                    Gap::Nbsp => "\u{a0}",
                    _ => " | ",
                });
            }
            Gap::HardBreak if self.line_has_content() => {
                self.push("\\\n");
                self.at_line_start = true;
            }
            Gap::Newline | Gap::Paragraph if !self.out.is_empty() => {
                self.close_inlines_for_break();
                if !self.at_line_start {
                    self.push("\n");
                }
                if gap == Gap::Paragraph {
                    self.write_prefix(true);
                    self.push("\n");
                }
                self.at_line_start = true;
            }
            _ => {}
        }
    }

    /// The current line prefix: `> ` per quote, the marker or its width in spaces per list item.
    /// A blank line gets the prefix without trailing spaces and without consuming markers.
    fn write_prefix(&mut self, blank: bool) {
        let mut prefix = String::new();
        for item in &mut self.prefixes {
            match item {
                Prefix::Quote { emitted } if blank => {
                    if *emitted {
                        prefix.push_str("> ");
                    }
                }
                Prefix::Quote { emitted } => {
                    prefix.push_str("> ");
                    *emitted = true;
                }
                Prefix::Item { marker, emitted } if *emitted || blank => {
                    prefix.extend(std::iter::repeat_n(' ', if *emitted { marker.len() } else { 0 }));
                }
                Prefix::Item { marker, emitted } => {
                    prefix.push_str(marker);
                    *emitted = true;
                }
            }
        }
        if blank {
            prefix.truncate(prefix.trim_end().len());
        }
        self.push(&prefix);
        if !blank {
            self.at_line_start = false;
            self.content_start = self.out.len();
        }
    }

    fn close_inlines_for_break(&mut self) {
        for index in (0..self.inlines.len()).rev() {
            if !self.inlines[index].emitted {
                continue;
            }
            let close = std::mem::take(&mut self.inlines[index].close);
            self.push(&close);
            let inline = &mut self.inlines[index];
            inline.close = close;
            inline.emitted = false;
            inline.dead |= !inline.reopen;
        }
        self.inlines_pending = self.inlines.iter().any(|inline| !inline.dead);
    }

    pub(super) fn open_inline(&mut self, open: &'static str, close: Cow<'static, str>, reopen: bool) -> usize {
        self.inlines.push(Inline { open, close, emitted: false, reopen, dead: false });
        self.inlines_pending = true;
        self.inlines.len() - 1
    }

    /// Closes the inline at `index` and everything opened after it.
    pub(super) fn close_inline(&mut self, index: usize) {
        while self.inlines.len() > index {
            let Some(inline) = self.inlines.pop() else { break };
            if inline.emitted {
                self.push(&inline.close);
            }
        }
        self.inlines_pending = self.inlines.iter().any(|inline| !inline.emitted && !inline.dead);
    }

    pub(super) fn push_prefix(&mut self, prefix: Prefix) -> Option<usize> {
        if self.prefixes.len() >= MAX_PREFIX_DEPTH {
            return None;
        }
        self.prefixes.push(prefix);
        Some(self.prefixes.len() - 1)
    }

    pub(super) fn pop_prefix(&mut self, index: usize) {
        self.prefixes.truncate(index);
    }

    /// Writes decoded text: collapses whitespace (or applies wpautop's newline rules) and escapes
    /// markdown syntax that the text would otherwise trigger.
    pub(super) fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut at = 0;
        let mut escape_at = None;
        while at < bytes.len() {
            if is_html_space_byte(bytes[at]) {
                let mut newlines = 0;
                while at < bytes.len() && is_html_space_byte(bytes[at]) {
                    newlines += usize::from(bytes[at] == b'\n');
                    at += 1;
                }
                self.gap(match (self.autop, newlines) {
                    (true, 2..) => Gap::Paragraph,
                    (true, 1) => Gap::HardBreak,
                    _ => Gap::Space,
                });
                continue;
            }
            let Some(ch) = text[at..].chars().next() else { break };
            if ch == '\u{a0}' {
                self.gap(Gap::Nbsp);
                at += ch.len_utf8();
                continue;
            }
            self.begin_content();
            if self.exhausted {
                return;
            }
            let rest = &text[at..];
            let at_start = self.out.len() == self.content_start;
            if !at_start {
                let limit = escape_at.filter(|&escape| escape >= at).map_or(rest.len(), |escape| escape - at);
                let plain = plain_run(&rest.as_bytes()[..limit]);
                if plain > 0 {
                    self.push(&rest[..plain]);
                    at += plain;
                    continue;
                }
            }
            if at_start && ch.is_ascii_digit() {
                escape_at = ordered_marker_end(rest).map(|offset| at + offset);
            }
            let prev = self.out[self.content_start..].chars().next_back();
            let next = rest[ch.len_utf8()..].chars().next();
            if escape_at == Some(at) || needs_escape(ch, prev, next, at_start) {
                self.push("\\");
            }
            self.push(&rest[..ch.len_utf8()]);
            at += ch.len_utf8();
        }
    }

    /// Writes markdown syntax (image, link) as content, unescaped.
    pub(super) fn raw(&mut self, markdown: &str) {
        self.begin_content();
        self.push(markdown);
    }

    /// Writes a fenced code block.
    pub(super) fn fence(&mut self, code: &str) {
        let code = code.strip_prefix('\n').unwrap_or(code).trim_end();
        if code.trim().is_empty() {
            return;
        }
        let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
        self.gap(Gap::Paragraph);
        self.realize_gap();
        self.write_prefix(false);
        self.push(&fence);
        for line in code.lines() {
            self.push("\n");
            self.write_prefix(line.is_empty());
            self.push(line);
        }
        self.push("\n");
        self.write_prefix(false);
        self.push(&fence);
        self.gap(Gap::Paragraph);
    }

    /// Writes inline code.
    pub(super) fn code(&mut self, code: &str) {
        let code = collapse_whitespace(code);
        if code.is_empty() {
            return;
        }
        let ticks = "`".repeat(longest_backtick_run(&code) + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
        self.raw(&format!("{ticks}{pad}{code}{pad}{ticks}"));
    }

    /// Hands out what has been written so far and starts a fresh chunk.
    pub(super) fn flush(&mut self) -> String {
        self.close_inlines_for_break();
        for prefix in &mut self.prefixes {
            if let Prefix::Item { emitted, .. } = prefix {
                *emitted = false;
            }
        }
        let out = std::mem::take(&mut self.out);
        self.flushed += out.len();
        self.gap = Gap::None;
        self.at_line_start = true;
        self.content_start = 0;
        out
    }

    pub(super) fn is_blank(&self) -> bool {
        self.out.trim().is_empty()
    }
}
