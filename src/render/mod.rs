//! Rendering written content at write time, so reads do no markdown work: markdown to
//! sanitized HTML with bounded cost (`markdown`), plain-text comments to escaped HTML
//! (`comments`), and the plain text and reading time the search index and summaries use.

pub mod audit;
mod comments;
pub mod images;
mod markdown;

pub use comments::{comment_to_html, link_count};
pub use images::InlineImage;
pub use markdown::{markdown_to_html, markdown_to_html_with, RenderError, MAX_GROWTH, MAX_NESTING};

use pulldown_cmark::{Options, Parser};

/// The words of a markdown text without its markup or raw HTML, for the search index.
pub fn markdown_to_text(markdown: &str) -> String {
    use pulldown_cmark::Event;
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                text.push_str(&t);
                text.push(' ');
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words in a text, counted as runs of alphanumeric characters.
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).count()
}

pub const WORDS_PER_MINUTE: usize = 200;

/// Minutes to read `words`, rounded up; zero only for an empty article.
pub fn reading_time_minutes(words: usize) -> i32 {
    words.div_ceil(WORDS_PER_MINUTE) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup_and_html() {
        let text = markdown_to_text("## The *end*\n\nShe [knew](https://x.y) it. <script>alert(1)</script> `code`");
        assert!(text.contains("The end") && text.contains("knew") && text.contains("code"), "{text}");
        assert!(!text.contains("<script") && !text.contains("https") && !text.contains('*'), "{text}");
    }

    #[test]
    fn reading_time() {
        assert_eq!(word_count("It's the end — isn't it? Yes."), 6);
        assert_eq!(reading_time_minutes(0), 0);
        assert_eq!(reading_time_minutes(1), 1);
        assert_eq!(reading_time_minutes(200), 1);
        assert_eq!(reading_time_minutes(201), 2);
    }
}
