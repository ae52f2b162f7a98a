//! Inline elements: line breaks, images, emphasis and links.

use std::borrow::Cow;

use super::{attr, escape_label, escape_url, has_scheme, Converter, Format, Gap, Kind, Open, Tag};

impl<'a> Converter<'a> {
    pub(super) fn line_break(&mut self) {
        match self.caption.as_mut() {
            Some(caption) => caption.text.push(' '),
            None => self.writer.gap(Gap::HardBreak),
        }
    }

    pub(super) fn image(&mut self, attrs: &[(Cow<'a, str>, String)]) {
        // Lazy-loading plugins keep the real address in data-src and a placeholder in src.
        let Some(src) = ["src", "data-src", "data-lazy-src"]
            .iter()
            .filter_map(|key| attr(attrs, key).map(str::trim))
            .find(|src| has_scheme(src, &["http://", "https://"]))
        else {
            return;
        };
        if let Some(caption) = self.caption.as_mut() {
            caption.has_image = true;
        }
        let alt = escape_label(attr(attrs, "alt").unwrap_or(""));
        self.writer.raw(&format!("![{alt}]({})", escape_url(src)));
    }

    pub(super) fn format(&mut self, tag: Tag, format: Format, open: &'static str, close: Cow<'static, str>) {
        let active = self.stack.iter().any(|entry| match entry.kind {
            Kind::Format(open) => open == format,
            Kind::Figcaption => format == Format::Em,
            _ => false,
        });
        if active {
            self.push(tag, Kind::Noop);
            return;
        }
        let inline = Some(self.writer.open_inline(open, close, format != Format::Link));
        self.stack.push(Open { tag, kind: Kind::Format(format), inline, prefix: None });
    }

    pub(super) fn link(&mut self, tag: Tag, attrs: &[(Cow<'a, str>, String)]) {
        match attr(attrs, "href").map(str::trim).filter(|href| has_scheme(href, &["http://", "https://", "mailto:"])) {
            Some(href) => {
                let close = format!("]({})", escape_url(href));
                self.format(tag, Format::Link, "[", Cow::Owned(close));
            }
            None => self.push(tag, Kind::Noop),
        }
    }
}
