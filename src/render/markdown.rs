//! Markdown to safe HTML, with bounded cost.
//!
//! The sanitizer (ammonia, over html5ever) takes time quadratic in how deeply elements nest:
//! 49 000 nested blockquotes within the body limit took 3.6 s to clean here, and raw HTML can
//! be made to grow tenfold. So a body whose markdown and raw HTML together nest deeper than
//! [`MAX_NESTING`], or whose HTML would grow past [`MAX_GROWTH`] times its size, is refused
//! with a message for the writer; everything else renders in linear time.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, Event, Options, Parser};

/// How deep blocks, inline markup and raw HTML elements may nest, together.
pub const MAX_NESTING: usize = 32;
/// How many times its markdown's size a body's HTML may be (plus a small constant).
pub const MAX_GROWTH: usize = 10;

/// Why a body was not rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    #[error("nests more than {MAX_NESTING} levels deep (quotes, lists, emphasis or HTML elements inside each other)")]
    TooDeep,
    #[error("would render to more than {MAX_GROWTH} times its size in HTML")]
    TooLarge,
}

const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH).union(Options::ENABLE_FOOTNOTES);

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // Only web and mail links; `javascript:`, `data:` and friends are dropped.
        b.url_schemes(HashSet::from(["http", "https", "mailto"]))
            .link_rel(Some("noopener noreferrer nofollow"))
            .add_tags(["figure", "figcaption"])
            .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                // Library images' sources only (see `images`); any other `srcset` goes.
                ("img", "srcset") => super::images::is_library_srcset(value).then(|| value.into()),
                ("img", "loading") => matches!(value, "lazy" | "eager").then(|| value.into()),
                ("img", "decoding") => matches!(value, "async" | "sync" | "auto").then(|| value.into()),
                _ => Some(value.into()),
            });
        b
    })
}

/// Renders CommonMark (with tables, strikethrough, footnotes) and sanitizes the result: no
/// script or style, no event handlers, no dangerous URLs, whatever raw HTML it carried.
pub fn markdown_to_html(markdown: &str) -> Result<String, RenderError> {
    markdown_to_html_with(markdown, &|_| None)
}

/// [`markdown_to_html`], with library images (`![alt](media:12)`) made from what `images`
/// says of each item (see `images`).
pub fn markdown_to_html_with(
    markdown: &str,
    images: &dyn Fn(i64) -> Option<super::images::InlineImage>,
) -> Result<String, RenderError> {
    let mut depth = Nesting::default();
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    let events = Parser::new_ext(markdown, OPTIONS).take_while(|event| {
        depth.observe(event);
        depth.deepest <= MAX_NESTING
    });
    html::push_html(&mut unsafe_html, super::images::replace(events, images));
    if depth.deepest > MAX_NESTING {
        return Err(RenderError::TooDeep);
    }
    let limit = markdown.len().saturating_mul(MAX_GROWTH) + 4096;
    if unsafe_html.len() > limit {
        return Err(RenderError::TooLarge);
    }
    let clean = sanitizer().clean(&unsafe_html).to_string();
    if clean.len() > limit {
        return Err(RenderError::TooLarge);
    }
    Ok(clean)
}

/// Tracks how deep the elements of a rendering nest: markdown containers from the parser's
/// start and end events, raw HTML elements from the tags in its HTML.
#[derive(Debug, Default)]
struct Nesting {
    markdown: usize,
    html: usize,
    deepest: usize,
}

impl Nesting {
    fn observe(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(_) => self.markdown += 1,
            Event::End(_) => self.markdown = self.markdown.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => self.html_tags(html),
            _ => {}
        }
        self.deepest = self.deepest.max(self.markdown + self.html);
    }

    /// Opening tags deepen, closing ones rise; void elements, self-closing tags, comments and
    /// elements whose end tag is optional (a run of `<p>`s does not nest) leave it.
    fn html_tags(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while let Some(offset) = html[i..].find('<') {
            i += offset + 1;
            let closing = bytes.get(i) == Some(&b'/');
            let start = if closing { i + 1 } else { i };
            let end = start + bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            if end == start || !bytes[start].is_ascii_alphabetic() {
                continue;
            }
            let name = html[start..end].to_ascii_lowercase();
            let rest = &html[end..];
            let self_closing = rest.find('>').is_some_and(|gt| rest[..gt].ends_with('/'));
            if self_closing || VOID_OR_OPTIONAL_END.contains(&name.as_str()) {
                continue;
            }
            if closing {
                self.html = self.html.saturating_sub(1);
            } else {
                self.html += 1;
                self.deepest = self.deepest.max(self.markdown + self.html);
            }
        }
    }
}

const VOID_OR_OPTIONAL_END: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li",
    "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rt", "rp", "colgroup", "caption",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn render(markdown: &str) -> String {
        markdown_to_html(markdown).unwrap_or_else(|e| panic!("{markdown:?}: {e}"))
    }

    #[test]
    fn renders_markdown() {
        let html = render("## When they met\n\nIt was *raining*.\n\n- one\n- two");
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
            let html = render(markdown).to_lowercase();
            for forbidden in
                ["<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "data:text", "style="]
            {
                assert!(!html.contains(forbidden), "{markdown:?} rendered {html:?}");
            }
        }
    }

    #[test]
    fn library_images_become_responsive_imgs_and_others_keep_no_srcset() {
        let key = "0123456789abcdef0123456789abcdef";
        let image = super::super::images::InlineImage {
            src: format!("/media/{key}/640.jpg"),
            srcset: format!("/media/{key}/320.jpg 320w, /media/{key}/640.jpg 640w"),
            width: 640,
            height: 360,
            alt: Some("The heptapods' ship".into()),
        };
        let lookup = move |id: i64| (id == 12).then(|| image.clone());
        let html =
            markdown_to_html_with("![](media:12) and ![Louise](media:12) and ![gone](media:13)", &lookup).unwrap();
        assert!(html.contains(&format!("src=\"/media/{key}/640.jpg\"")), "{html}");
        assert!(html.contains(&format!("srcset=\"/media/{key}/320.jpg 320w, /media/{key}/640.jpg 640w\"")), "{html}");
        assert!(html.contains("alt=\"The heptapods' ship\"") && html.contains("alt=\"Louise\""), "{html}");
        assert!(html.contains("width=\"640\"") && html.contains("loading=\"lazy\""), "{html}");
        assert!(html.contains("gone") && !html.contains("media:13"), "an unknown item leaves its alt text: {html}");
        let raw = render(
            "<img src=\"https://x.example/a.jpg\" srcset=\"https://tracker.example/p.gif 1x\" loading=\"lazy\">",
        );
        assert!(!raw.contains("srcset") && raw.contains("loading"), "{raw}");
    }

    #[test]
    fn links_are_kept_with_a_safe_rel() {
        let html = render("[trailer](https://example.com/t)");
        assert!(html.contains("href=\"https://example.com/t\""), "{html}");
        assert!(html.contains("noopener"), "{html}");
    }

    #[test]
    fn deep_nesting_is_refused_and_ordinary_nesting_is_not() {
        for deep in [
            "> ".repeat(49_000) + "x",
            "> - ".repeat(25_000) + "x",
            "<div>".repeat(16_000) + "x",
            "<a>".repeat(33_000),
            "> ".repeat(MAX_NESTING) + "x",
            "<div>".repeat(20) + "\n\n" + &"> ".repeat(20) + "x",
        ] {
            assert_eq!(markdown_to_html(&deep), Err(RenderError::TooDeep), "{}", &deep[..40.min(deep.len())]);
        }
        render(&("> ".repeat(8) + "- *a **b** [c](https://x.y)*"));
        render(&"<p>unclosed paragraphs\n".repeat(500));
        render(&"<div><div><p>closed</p></div></div>\n\n".repeat(500));
        render(&("- x\n".repeat(5_000)));
    }

    #[test]
    fn output_stays_within_its_bound() {
        for body in ["[a](b) ".repeat(14_000), "*a* ".repeat(25_000), "|a".repeat(25_000) + "\n" + &"|-".repeat(25_000)]
        {
            match markdown_to_html(&body) {
                Ok(html) => assert!(html.len() <= body.len() * MAX_GROWTH + 4096),
                Err(e) => assert_eq!(e, RenderError::TooLarge),
            }
        }
    }
}
