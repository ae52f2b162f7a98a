//! Embeds and captions: Gutenberg embed blocks, `[embed]` and `[caption]` shortcodes, and where
//! an embed goes (the section's media or a link line).

use std::borrow::Cow;

use super::{
    collapse_whitespace, decode_entities, escape_label, escape_url, http_url, strip_tags, Block, Caption, Converter,
    Gap, Mode, Shortcode, Tag, Token,
};

/// A parsed Gutenberg block delimiter comment.
struct BlockComment<'a> {
    closing: bool,
    name: &'a str,
    attrs: &'a str,
    self_closing: bool,
}

fn parse_block_comment(comment: &str) -> Option<BlockComment<'_>> {
    let comment = comment.trim();
    let (closing, rest) = match comment.strip_prefix("/wp:") {
        Some(rest) => (true, rest),
        None => (false, comment.strip_prefix("wp:")?),
    };
    let name_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (name, attrs) = rest.split_at(name_len);
    let attrs = attrs.trim();
    let self_closing = attrs.ends_with('/');
    let attrs = attrs.trim_end_matches('/').trim();
    Some(BlockComment { closing, name: name.trim_end_matches('/'), attrs, self_closing })
}

fn is_embed_block(name: &str) -> bool {
    name == "embed" || name == "core/embed" || name.starts_with("core-embed/")
}

/// The `url` attribute of an embed block's JSON attributes.
fn embed_block_url(attrs: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(attrs).ok()?;
    http_url(value.get("url")?.as_str()?)
}

impl<'a> Converter<'a> {
    pub(super) fn embed_block_token(&mut self, token: Token<'a>) {
        let Mode::Embed { wrapper, caption, in_caption, .. } = &mut self.mode else { return };
        match token {
            Token::Text(raw) if *in_caption > 0 => caption.push_str(&decode_entities(raw)),
            Token::Text(raw) => wrapper.push_str(&decode_entities(raw)),
            Token::Shortcode(Shortcode::Embed(body)) => wrapper.push_str(&body),
            Token::Start { tag: Tag::Figcaption, .. } => *in_caption += 1,
            Token::End { tag: Tag::Figcaption } => *in_caption = in_caption.saturating_sub(1),
            Token::Comment(comment) => {
                if let Some(block) = parse_block_comment(comment) {
                    self.finish_mode();
                    if !block.closing {
                        self.normal(token);
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn comment(&mut self, comment: &str) {
        let Some(block) = parse_block_comment(comment) else { return };
        if block.closing || !is_embed_block(block.name) {
            return;
        }
        let url = embed_block_url(block.attrs);
        if block.self_closing {
            if let Some(url) = url {
                self.media(url, None);
            }
            return;
        }
        self.mode = Mode::Embed { url, wrapper: String::new(), caption: String::new(), in_caption: 0 };
    }

    pub(super) fn shortcode(&mut self, shortcode: Shortcode) {
        match shortcode {
            Shortcode::Embed(body) => {
                if let Some(url) = http_url(&decode_entities(&strip_tags(&body))) {
                    self.media(url, None);
                }
            }
            Shortcode::CaptionOpen(attr) => {
                self.finish_caption();
                self.writer.gap(Gap::Paragraph);
                self.caption = Some(Caption { text: String::new(), attr, has_image: false, media_block: None });
            }
            Shortcode::CaptionClose => self.finish_caption(),
            Shortcode::Gallery(ids) => {
                // Its images, by attachment: the importer finds each one's file and alt text.
                self.writer.gap(Gap::Paragraph);
                let images: Vec<String> =
                    ids.iter().map(|id| format!("![]({}{id})", crate::wordpress::media::ATTACHMENT)).collect();
                self.writer.raw(&images.join("\n"));
                self.writer.gap(Gap::Paragraph);
            }
            Shortcode::Dropped => self.writer.gap(Gap::Space),
        }
    }

    /// An embed: the section's media if it has none yet, otherwise a link line.
    pub(super) fn media(&mut self, url: String, caption: Option<String>) {
        if self.split && !self.section_has_media {
            self.flush_markdown();
            self.section_has_media = true;
            if let Some(open) = self.caption.as_mut() {
                open.media_block = Some(self.blocks.len());
            }
            self.blocks.push(Block::Media { url, caption });
            return;
        }
        self.writer.gap(Gap::Paragraph);
        self.writer.raw(&format!("[{}]({})", escape_label(&url), escape_url(&url)));
        if let Some(caption) = caption {
            self.caption_line(&caption);
        }
        self.writer.gap(Gap::Paragraph);
    }

    /// An italic caption on the line after an image or embed.
    fn caption_line(&mut self, caption: &str) {
        self.writer.gap(Gap::Newline);
        let index = self.writer.open_inline("*", Cow::Borrowed("*"), true);
        self.writer.text(caption);
        self.writer.close_inline(index);
        self.writer.gap(Gap::Paragraph);
    }

    pub(super) fn finish_caption(&mut self) {
        let Some(caption) = self.caption.take() else { return };
        let text = collapse_whitespace(&caption.text);
        let text = if text.is_empty() { collapse_whitespace(caption.attr.as_deref().unwrap_or("")) } else { text };
        if text.is_empty() {
            return;
        }
        // A caption around an embed, or a text-only caption right after one, describes that embed.
        let target = caption.media_block.or_else(|| {
            let last = self.blocks.len().checked_sub(1)?;
            (!caption.has_image && self.writer.is_blank()).then_some(last)
        });
        if let Some(Block::Media { caption: slot @ None, .. }) = target.and_then(|index| self.blocks.get_mut(index)) {
            *slot = Some(text);
            return;
        }
        self.caption_line(&text);
    }
}
