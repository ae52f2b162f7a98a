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

/// Where the web links of a plain-text comment are: byte ranges of `http://` and `https://`
/// URLs, without trailing punctuation.
fn links(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("http") {
        let start = from + offset;
        let rest = &text[start..];
        let scheme = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            from = start + 4;
            continue;
        };
        let len = rest.find(|c: char| c.is_whitespace() || "<>\"'`".contains(c)).unwrap_or(rest.len());
        let trimmed = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']']);
        if trimmed.len() > scheme {
            found.push((start, start + trimmed.len()));
        }
        from = start + len.max(1);
    }
    found
}

/// How many links a comment has, for the moderation rules.
pub fn link_count(text: &str) -> usize {
    links(text).len()
}

fn escape_html(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
}

/// A plain-text comment as HTML: everything escaped, paragraphs on blank lines, line breaks
/// kept, and web links made into `rel="nofollow ugc noopener"` anchors.
pub fn comment_to_html(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut html = String::with_capacity(text.len() + 32);
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        html.push_str("<p>");
        let mut at = 0;
        for (start, end) in links(paragraph) {
            escape_html(&paragraph[at..start], &mut html);
            let url = &paragraph[start..end];
            html.push_str("<a href=\"");
            escape_html(url, &mut html);
            html.push_str("\" rel=\"nofollow ugc noopener\">");
            escape_html(url, &mut html);
            html.push_str("</a>");
            at = end;
        }
        escape_html(&paragraph[at..], &mut html);
        html.push_str("</p>");
    }
    html
}

#[cfg(test)]
mod comment_tests {
    use super::*;

    #[test]
    fn comments_are_escaped_and_linked() {
        assert_eq!(
            comment_to_html("<b>Great</b> film & \"ending\".\nSee https://example.com/a?b=1&c=2."),
            "<p>&lt;b&gt;Great&lt;/b&gt; film &amp; &quot;ending&quot;.<br>See <a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">https://example.com/a?b=1&amp;c=2</a>.</p>"
        );
        assert_eq!(comment_to_html("one\n\ntwo"), "<p>one</p><p>two</p>");
    }

    #[test]
    fn hostile_comments_stay_text() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "http://x.y/\"onmouseover=\"alert(1)",
            "https://a.b/<script>",
        ] {
            let html = comment_to_html(hostile);
            assert!(
                !html.contains("<script") && !html.contains("<img") && !html.contains("href=\"javascript"),
                "{html}"
            );
            assert!(!html.contains("\"onmouseover"), "{html}");
        }
    }

    #[test]
    fn links_are_counted() {
        assert_eq!(link_count("a http://x.io b https://y.io/z, c httpx://no http:// nope"), 2);
        assert_eq!(link_count("no links here"), 0);
    }
}
