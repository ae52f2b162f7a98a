//! Reader comments are plain text: rendered by escaping everything, keeping paragraphs and
//! line breaks, and turning web links into `nofollow` anchors. Linear in the text's length.

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
