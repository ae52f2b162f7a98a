//! Start and end tags: dispatch, block elements (paragraphs, headings, lists, quotes, tables) and
//! closing what the element stack holds.

use std::borrow::Cow;

use super::{attr, Block, Converter, Format, Gap, Kind, Mode, Open, Prefix, Tag, MAX_DEPTH};

impl<'a> Converter<'a> {
    pub(super) fn start(&mut self, tag: Tag, attrs: &[(Cow<'a, str>, String)]) {
        match tag {
            Tag::Br => self.line_break(),
            Tag::Img => self.image(attrs),
            Tag::Hr => {
                self.close_paragraph();
                self.writer.gap(Gap::Paragraph);
                self.writer.raw("---");
                self.writer.gap(Gap::Paragraph);
            }
            Tag::Pre => {
                self.close_paragraph();
                self.mode = Mode::Pre(String::new());
            }
            Tag::Code | Tag::Kbd | Tag::Samp | Tag::Tt => self.mode = Mode::Code(String::new()),
            Tag::Void | Tag::RawText | Tag::Other => {}
            _ if self.stack.len() >= MAX_DEPTH => {}
            Tag::P => {
                self.close_paragraph();
                self.writer.gap(Gap::Paragraph);
                self.push(tag, Kind::Paragraph);
            }
            Tag::Ul | Tag::Ol => self.list(tag, attrs),
            Tag::Li => self.item(tag),
            Tag::Blockquote => {
                self.close_paragraph();
                self.writer.gap(Gap::Paragraph);
                let prefix = self.writer.push_prefix(Prefix::Quote { emitted: false });
                self.stack.push(Open { tag, kind: Kind::Quote, inline: None, prefix });
            }
            Tag::Strong | Tag::B => self.format(tag, Format::Strong, "**", Cow::Borrowed("**")),
            Tag::Em | Tag::I => self.format(tag, Format::Em, "*", Cow::Borrowed("*")),
            Tag::A => self.link(tag, attrs),
            Tag::Figcaption => {
                self.writer.gap(Gap::Newline);
                self.format(tag, Format::Em, "*", Cow::Borrowed("*"));
                if let Some(open) = self.stack.last_mut() {
                    open.kind = Kind::Figcaption;
                }
            }
            Tag::Tr => {
                // Rows are lines of one paragraph, so they need hard breaks to stay apart.
                self.writer.gap(Gap::HardBreak);
                self.push(tag, Kind::Row { cells: 0 });
            }
            Tag::Td | Tag::Th => self.cell(tag),
            Tag::Heading(level) => self.heading(tag, usize::from(level)),
            Tag::Block(_) | Tag::Figure | Tag::Table | Tag::Caption => {
                self.close_paragraph();
                self.writer.gap(Gap::Paragraph);
                self.push(tag, Kind::Block);
            }
        }
    }

    pub(super) fn push(&mut self, tag: Tag, kind: Kind) {
        self.stack.push(Open { tag, kind, inline: None, prefix: None });
    }

    fn heading(&mut self, tag: Tag, level: usize) {
        self.close_paragraph();
        if self.split && self.caption.is_none() && self.can_split() {
            let after_heading = matches!(self.blocks.last(), Some(Block::Heading(_))) && self.writer.is_blank();
            if level == 2 || (level == 3 && after_heading) {
                self.mode = Mode::SplitHeading { subheading: level == 3, text: String::new() };
                return;
            }
        }
        self.writer.gap(Gap::Paragraph);
        const MARKERS: &str = "###### ";
        let marker = &MARKERS[6 - level.min(6)..];
        let inline = Some(self.writer.open_inline(marker, Cow::Borrowed(""), false));
        self.writer.single_line += 1;
        self.stack.push(Open { tag, kind: Kind::Heading, inline, prefix: None });
    }

    /// Headings split sections only outside lists, quotes, tables and figures.
    fn can_split(&self) -> bool {
        self.stack.iter().all(|open| match open.kind {
            Kind::Paragraph | Kind::Format(_) | Kind::Noop => true,
            Kind::Block => matches!(open.tag, Tag::Block(_)),
            _ => false,
        })
    }

    fn list(&mut self, tag: Tag, attrs: &[(Cow<'a, str>, String)]) {
        self.close_paragraph();
        let nested = self.stack.iter().any(|open| open.kind == Kind::Item);
        self.writer.gap(if nested { Gap::Newline } else { Gap::Paragraph });
        let ordered = tag == Tag::Ol;
        let next = attr(attrs, "start").and_then(|start| start.trim().parse().ok()).unwrap_or(1);
        self.push(tag, Kind::List { ordered, next, nested });
    }

    fn item(&mut self, tag: Tag) {
        let list = self.stack.iter().rposition(|open| matches!(open.kind, Kind::List { .. }));
        let open_item = self.stack.iter().rposition(|open| open.kind == Kind::Item);
        if let Some(item) = open_item.filter(|&item| list.is_none_or(|list| item > list)) {
            self.pop_to(item);
        }
        let marker = match list.map(|index| &mut self.stack[index].kind) {
            Some(Kind::List { ordered: true, next, .. }) => {
                let marker = format!("{next}. ");
                *next = next.saturating_add(1);
                marker
            }
            _ => "- ".to_owned(),
        };
        self.writer.gap(Gap::Newline);
        let prefix = self.writer.push_prefix(Prefix::Item { marker, emitted: false });
        self.stack.push(Open { tag, kind: Kind::Item, inline: None, prefix });
    }

    fn cell(&mut self, tag: Tag) {
        if let Some(Kind::Row { cells }) =
            self.stack.iter_mut().rev().find(|open| matches!(open.kind, Kind::Row { .. })).map(|open| &mut open.kind)
        {
            if *cells > 0 {
                self.writer.gap(Gap::Cell);
            }
            *cells += 1;
        }
        self.writer.single_line += 1;
        self.push(tag, Kind::Cell);
    }

    /// Closes an open `<p>` that a block element implicitly ends.
    fn close_paragraph(&mut self) {
        for index in (0..self.stack.len()).rev() {
            match self.stack[index].kind {
                Kind::Paragraph => return self.pop_to(index),
                Kind::Format(_) | Kind::Noop | Kind::Figcaption => continue,
                _ => return,
            }
        }
    }

    pub(super) fn end(&mut self, tag: Tag) {
        match tag {
            Tag::Br => return self.line_break(),
            Tag::Other | Tag::Void => return,
            _ => {}
        }
        match self.stack.iter().rposition(|open| open.tag == tag) {
            Some(index) => self.pop_to(index),
            // A stray </p> still ends a paragraph in browsers.
            None if tag == Tag::P => self.writer.gap(Gap::Paragraph),
            None => {}
        }
    }

    /// Closes the element at `index` and everything opened inside it.
    pub(super) fn pop_to(&mut self, index: usize) {
        while self.stack.len() > index {
            let Some(open) = self.stack.pop() else { break };
            self.close(open);
        }
    }

    fn close(&mut self, open: Open) {
        if let Some(inline) = open.inline {
            self.writer.close_inline(inline);
        }
        if let Some(prefix) = open.prefix {
            self.writer.pop_prefix(prefix);
        }
        match open.kind {
            Kind::Paragraph | Kind::Block | Kind::Quote | Kind::Figcaption => self.writer.gap(Gap::Paragraph),
            Kind::List { nested, .. } => self.writer.gap(if nested { Gap::Newline } else { Gap::Paragraph }),
            Kind::Heading => {
                self.writer.single_line = self.writer.single_line.saturating_sub(1);
                self.writer.gap(Gap::Paragraph);
            }
            Kind::Cell => self.writer.single_line = self.writer.single_line.saturating_sub(1),
            Kind::Item => self.writer.gap(Gap::Newline),
            Kind::Row { .. } => self.writer.gap(Gap::HardBreak),
            Kind::Format(_) | Kind::Noop => {}
        }
    }
}
