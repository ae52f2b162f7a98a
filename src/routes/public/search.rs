//! Full-text search over published articles.

use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cached_json;
use crate::content::views;
use crate::db;
use crate::dto::public::ArticleSummary;
use crate::error::ApiError;
use crate::pagination::{Page, PageParams};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to find in titles, excerpts, section headings and bodies, movie titles and cast
    /// names. Any text is safe: quotes, `*`, `(` or `OR` are matched as words.
    #[param(min_length = 1, max_length = 200, example = "heptapod language")]
    pub q: Option<String>,
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

/// Published articles ranked by relevance (the first 1 000 matches).
#[utoipa::path(
    tag = "public",
    params(SearchQuery, PageParams),
    responses((status = 200, body = Page<SearchHit>, headers(("ETag"), ("Cache-Control"), ("Surrogate-Key"))))
)]
#[get("/search")]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<SearchQuery>,
    page: web::Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let q = query.q.as_deref().map(str::trim).unwrap_or_default().to_string();
    if q.is_empty() || q.chars().count() > 200 {
        return Err(ApiError::BadRequest("q must be 1 to 200 characters".into()));
    }
    let limit = page.limit()?;
    let offset: i64 = state.cursors.position(&page)?.unwrap_or(0);
    if !(0..db::search::MAX_RESULTS).contains(&offset) {
        return Err(ApiError::BadRequest("invalid cursor".into()));
    }
    let cursors = state.cursors.clone();
    cached_json(&state, &req, move |conn, deps, now| {
        deps.collection("search");
        let hits = db::search::search(conn, &q, offset, limit + 1, now)?;
        let mut page = cursors.page(hits, limit, |_| 0, |h| h);
        let next = offset + page.data.len() as i64;
        page.next_cursor = page.next_cursor.filter(|_| next < db::search::MAX_RESULTS).map(|_| cursors.encode(&next));
        let ids: Vec<i64> = page.data.iter().map(|h| h.id).collect();
        let mut articles = db::articles::find_many(conn, &ids)?;
        articles.sort_by_key(|a| ids.iter().position(|id| *id == a.id));
        let summaries = views::summaries(conn, deps, &articles)?;
        deps.text("next", page.next_cursor.as_deref().unwrap_or(""));
        let data = summaries
            .into_iter()
            .zip(page.data)
            .map(|(article, hit)| SearchHit { article, snippet: snippet_html(&hit.snippet) })
            .collect();
        Ok(Page { data, next_cursor: page.next_cursor })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_escape_everything_but_the_marks() {
        assert_eq!(snippet_html("a \u{1}<b>\u{2} & \"c\""), "a <mark>&lt;b&gt;</mark> &amp; &quot;c&quot;");
    }
}
