//! Markdown to safe HTML, and reading time. Runs when content is written, so reads do no
//! markdown work.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Options, Parser};

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // Only web and mail links; `javascript:`, `data:` and friends are dropped.
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .add_tags(["figure", "figcaption"]);
        b
    })
}

/// Renders CommonMark (with tables, strikethrough, footnotes) and sanitizes the result:
/// no script or style, no event handlers, no dangerous URLs, whatever raw HTML the markdown
/// carried.
pub fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    sanitizer().clean(&unsafe_html).to_string()
}

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
    text
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
    fn renders_markdown() {
        let html = markdown_to_html("## When they met\n\nIt was *raining*.\n\n- one\n- two");
        assert!(html.contains("<h2>When they met</h2>"), "{html}");
        assert!(html.contains("<em>raining</em>") && html.contains("<li>one</li>"), "{html}");
    }

    #[test]
    fn hostile_content_never_survives() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div onclick=\"steal()\">hi</div>",
            "<style>body{display:none}</style>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<svg><script>alert(1)</script></svg>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
        ];
        for markdown in cases {
            let html = markdown_to_html(markdown).to_lowercase();
            for forbidden in
                ["<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "data:text", "style="]
            {
                assert!(!html.contains(forbidden), "{markdown:?} rendered {html:?}");
            }
        }
    }

    #[test]
    fn links_are_kept_with_a_safe_rel() {
        let html = markdown_to_html("[trailer](https://example.com/t)");
        assert!(html.contains("href=\"https://example.com/t\""), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }

    #[test]
    fn plain_text_drops_markup_and_html() {
        let text = markdown_to_text("## The *end*\n\nShe [knew](https://x.y) it. <script>alert(1)</script> `code`");
        assert!(text.contains("The end") && text.contains("knew") && text.contains("code"), "{text}");
        assert!(!text.contains("script") && !text.contains("https") && !text.contains('*'), "{text}");
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
