//! WordPress post bodies → markdown, whole ([`html_to_markdown`]) or split into sections at each
//! `<h2>` ([`split_sections`]).
//!
//! Bodies come in two dialects. Block-editor (Gutenberg) bodies are HTML with `<!-- wp:... -->`
//! block comments; embeds are `wp:embed` blocks. Classic-editor bodies have no `<p>` tags at all:
//! WordPress's `wpautop` makes paragraphs out of blank lines and `<br>`s out of single newlines at
//! display time, and embeds are `[embed]` shortcodes or bare YouTube/Vimeo URLs on a line of their
//! own. Both are handled by one pipeline:
//!
//! 1. `autoembed` rewrites a bare video URL alone on its line into an `[embed]` shortcode, as
//!    WordPress does before rendering.
//! 2. `Tokenizer` is a small, forgiving HTML tokenizer that also recognises the core shortcodes.
//! 3. `Converter` walks the tokens with an explicit, capped element stack (no recursion) and
//!    drives a `Writer` that produces escaped markdown, emitting heading and media blocks when
//!    splitting.
//!
//! Everything is linear in the input, and the output is capped at twice the input plus a constant.

mod autoembed;
mod converter;
mod entities;
mod escape;
mod shortcode;
mod tag;
#[cfg(test)]
mod tests;
mod text;
mod tokenizer;
mod writer;

use autoembed::autoembed;
use converter::Converter;

/// One section of an imported article: a heading, an optional sub-heading, the body as markdown,
/// and the section's main embedded media.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionDraft {
    /// The `<h2>` text (plain text), or the post title for the part before the first `<h2>`.
    pub heading: String,
    /// The text of an `<h3>` that directly follows the `<h2>`.
    pub subheading: Option<String>,
    /// The section body as markdown (trimmed).
    pub markdown: String,
    /// The URL of the section's first embed (YouTube, Vimeo, ...); later embeds stay in `markdown`.
    pub media_url: Option<String>,
    /// The caption of that embed, as plain text.
    pub media_caption: Option<String>,
}

/// Splits a post body into sections at each `<h2>`.
///
/// Content before the first `<h2>` becomes a section headed by `post_title` (when it is not blank);
/// a body without any `<h2>` is one such section; an empty body gives no sections. An `<h3>` right
/// after an `<h2>` becomes the section's sub-heading, and the first embed of a section becomes its
/// `media_url` and `media_caption`.
pub fn split_sections(post_title: &str, html: &str) -> Vec<SectionDraft> {
    let html = autoembed(html);
    let blocks = Converter::new(&html, true).run();
    assemble_sections(post_title.trim(), blocks)
}

/// Converts a post body (or excerpt, or comment) to markdown. Embeds become a markdown link on a
/// line of their own.
pub fn html_to_markdown(html: &str) -> String {
    let html = autoembed(html);
    let blocks = Converter::new(&html, false).run();
    let mut markdown = String::new();
    for block in blocks {
        if let Block::Markdown(chunk) = block {
            append_paragraph(&mut markdown, &chunk);
        }
    }
    markdown
}
/// What the converter hands to [`assemble_sections`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Markdown(String),
    Heading(String),
    Subheading(String),
    Media { url: String, caption: Option<String> },
}

fn assemble_sections(post_title: &str, blocks: Vec<Block>) -> Vec<SectionDraft> {
    let mut sections = Vec::new();
    let mut current: Option<SectionDraft> = None;
    let untitled = || SectionDraft { heading: post_title.to_owned(), ..SectionDraft::default() };
    for block in blocks {
        match block {
            Block::Heading(heading) => {
                sections.extend(current.take());
                current = Some(SectionDraft { heading, ..SectionDraft::default() });
            }
            Block::Subheading(subheading) => {
                if let Some(section) = current.as_mut() {
                    section.subheading = Some(subheading);
                }
            }
            Block::Markdown(chunk) => append_paragraph(&mut current.get_or_insert_with(untitled).markdown, &chunk),
            Block::Media { url, caption } => {
                let section = current.get_or_insert_with(untitled);
                section.media_url = Some(url);
                section.media_caption = caption;
            }
        }
    }
    sections.extend(current);
    sections
}

fn append_paragraph(markdown: &mut String, chunk: &str) {
    let chunk = chunk.trim();
    if chunk.is_empty() {
        return;
    }
    if !markdown.is_empty() {
        markdown.push_str("\n\n");
    }
    markdown.push_str(chunk);
}
