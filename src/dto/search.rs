//! Full-text search: the query and its hits.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::summaries::ArticleSummary;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to find in titles, excerpts, section headings and bodies, movie titles and cast
    /// names. Any text is safe: quotes, `*`, `(` or `OR` are matched as words.
    #[param(min_length = 1, pattern = r"\S", example = "heptapod language")]
    pub q: String,
}

/// A search hit: the article summary and where it matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// An HTML fragment around the match, the matched words in `<mark>`; everything else
    /// is escaped.
    #[schema(example = "…the <mark>heptapods</mark> write in circles…")]
    pub snippet: String,
}

impl SearchHit {
    /// A hit whose snippet comes from the backend with the match between `\u{1}` and
    /// `\u{2}`.
    pub fn new(article: ArticleSummary, raw_snippet: &str) -> Self {
        SearchHit { article, snippet: snippet_html(raw_snippet) }
    }
}

/// Escapes the snippet text and turns the backends' match markers into `<mark>`.
fn snippet_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '\u{1}' => out.push_str("<mark>"),
            '\u{2}' => out.push_str("</mark>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_escape_everything_but_the_marks() {
        assert_eq!(snippet_html("a \u{1}<b>\u{2} & \"c\""), "a <mark>&lt;b&gt;</mark> &amp; &quot;c&quot;");
    }
}
