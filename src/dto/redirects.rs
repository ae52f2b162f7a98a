//! Redirects on the wire: the redirect manager's requests and responses, what a path
//! resolves to, and the formats the list is exported in.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{double_option, non_null, rfc3339, utc, Check};
use crate::content::redirects::{RedirectInput, Resolved};
use crate::db::redirects::{Redirect, RedirectChanges};
use crate::domain::addresses::{self, TargetKind, GONE, STATUSES};
use crate::domain::{fields, limits};
use crate::error::ApiError;

/// A redirect from an old address of the site.
#[derive(Debug, Serialize, ToSchema)]
pub struct RedirectResponse {
    pub id: i64,
    /// Normalized: no trailing slash, no query string but WordPress's `?p=ID`/`?page_id=ID`.
    #[schema(example = "/2021/03/13/la-la-land-ending-explained")]
    pub from_path: String,
    /// Where it leads now: a path of the site or an http(s) URL; `null` for 410, or when the
    /// record it names is gone or not public.
    #[schema(example = "/la-la-land-ending-explained")]
    pub to: Option<String>,
    #[schema(minimum = 301, maximum = 410, example = 301)]
    pub status: u16,
    pub note: Option<String>,
    /// `manual`, or the import that recorded it (`wordpress`).
    pub origin: String,
    /// The record it leads to, for a redirect an import recorded: it follows the record's
    /// renames.
    pub target: Option<RedirectTarget>,
    /// How often `/redirects/resolve` answered with it (counted within seconds).
    pub hits: i64,
    #[serde(with = "rfc3339::option")]
    pub last_hit_at: Option<DateTime<Utc>>,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RedirectTarget {
    pub kind: TargetKind,
    pub id: i64,
}

impl RedirectResponse {
    /// `redirect` with `to`, where it leads now.
    pub fn new(redirect: Redirect, to: Option<String>) -> Self {
        RedirectResponse {
            id: redirect.id,
            target: redirect.target().map(|(kind, id)| RedirectTarget { kind, id }),
            from_path: redirect.from_path,
            to,
            status: u16::try_from(redirect.status).unwrap_or(301),
            note: redirect.note,
            origin: redirect.origin,
            hits: redirect.hits,
            last_hit_at: redirect.last_hit_at.map(utc),
            version: redirect.version,
            created_at: utc(redirect.created_at),
            updated_at: utc(redirect.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from_path": "/2021/03/13/la-la-land-ending-explained/", "to": "/la-la-land-ending-explained", "status": 301}))]
pub struct CreateRedirectRequest {
    /// A path of the site (or a URL, which counts by its path).
    #[schema(pattern = r"^(/|/[^/\s]\S*|[hH][tT][tT][pP][sS]?://\S*)$")]
    pub from_path: String,
    /// A path of the site or an http(s) URL; required unless `status` is 410.
    #[schema(pattern = r"^(/|/[^/\s]\S*|[hH][tT][tT][pP][sS]?://\S*)$")]
    pub to: Option<String>,
    /// 301 (the default), 302, 307, 308 or 410.
    #[schema(minimum = 301, maximum = 410)]
    pub status: Option<u16>,
    pub note: Option<String>,
}

impl CreateRedirectRequest {
    pub fn checked(self) -> Result<RedirectInput, ApiError> {
        let mut c = Check::new();
        let status = c.take("status", status(self.status.unwrap_or(301)));
        let from_path = c.take("from_path", addresses::normalize(&self.from_path));
        let to = match (self.to, status == i32::from(GONE)) {
            (None, false) => c.take("to", Err("is required unless status is 410".to_string())),
            (None, true) => None,
            (Some(_), true) => c.take("to", Err("must be null when status is 410".to_string())),
            (Some(to), false) => Some(c.take("to", destination(&to))),
        };
        let note = c.take("note", fields::optional(self.note, limits::REDIRECT_NOTE));
        c.finish(RedirectInput { from_path, to, status, note })
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRedirectRequest {
    #[schema(nullable = false, pattern = r"^(/|/[^/\s]\S*|[hH][tT][tT][pP][sS]?://\S*)$")]
    #[serde(default, deserialize_with = "non_null")]
    pub from_path: Option<String>,
    /// A new destination; `null` only with status 410. A redirect an import recorded leads
    /// to its record until a destination is given.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>, pattern = r"^(/|/[^/\s]\S*|[hH][tT][tT][pP][sS]?://\S*)$")]
    pub to: Option<Option<String>>,
    #[schema(minimum = 301, maximum = 410, nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub status: Option<u16>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub note: Option<Option<String>>,
}

impl UpdateRedirectRequest {
    pub fn checked(self) -> Result<RedirectChanges, ApiError> {
        let mut c = Check::new();
        let changes = RedirectChanges {
            from_path: c.patch("from_path", self.from_path, |p| addresses::normalize(&p)),
            to_url: c.patch("to", self.to, |to| to.as_deref().map(destination).transpose()),
            status: c.patch("status", self.status, status),
            note: c.patch("note", self.note, |n| fields::optional(n, limits::REDIRECT_NOTE)),
        };
        c.finish(changes)
    }
}

fn status(value: u16) -> Result<i32, String> {
    if STATUSES.contains(&value) {
        Ok(i32::from(value))
    } else {
        Err("must be one of 301, 302, 307, 308, 410".into())
    }
}

fn destination(value: &str) -> Result<String, String> {
    if value.chars().count() > limits::URL {
        return Err(format!("must be at most {} characters", limits::URL));
    }
    addresses::destination(value)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RedirectFilter {
    /// Words in `from_path`, `to` or `note`.
    pub q: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResolveQuery {
    /// A path of the site, as a reader asked for it (its query string may stay on).
    #[param(
        example = "/2021/03/13/la-la-land-ending-explained/",
        pattern = r"^(/|/[^/\s]\S*|[hH][tT][tT][pP][sS]?://\S*)$"
    )]
    pub path: String,
}

/// Where a path leads.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResolvedRedirect {
    /// The path asked for, normalized.
    pub path: String,
    /// A path of the site or a URL; `null` with 410.
    pub to: Option<String>,
    #[schema(minimum = 301, maximum = 410, example = 301)]
    pub status: u16,
}

impl ResolvedRedirect {
    pub fn new(path: String, resolved: Resolved) -> Self {
        ResolvedRedirect { path, to: resolved.to, status: resolved.status }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// An nginx `map` block: `map $uri $marquee_redirect { ... }`.
    Nginx,
    /// Netlify's `_redirects` file.
    Netlify,
    /// `from_path,to,status,hits` with a header row.
    Csv,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    pub format: ExportFormat,
}

/// The redirects (each with where it leads now) in an edge's own format. Those that lead
/// nowhere now (a record that is not public) are left out.
pub fn export(format: ExportFormat, rows: &[(Redirect, Option<String>)]) -> String {
    let mut out = String::new();
    match format {
        ExportFormat::Nginx => {
            out.push_str("# Marquee redirects: include this file in the site's server block.\n");
            for (redirect, to) in rows {
                // nginx's `location` sees no query string, and `return` reads `$` as a variable.
                if redirect.from_path.contains('?') || to.as_deref().is_some_and(|to| to.contains('$')) {
                    continue;
                }
                let from = nginx_string(&redirect.from_path);
                let answer = match (redirect.status, to) {
                    (410, _) => "return 410;".to_string(),
                    (status, Some(to)) => format!("return {status} {};", nginx_string(to)),
                    (_, None) => continue,
                };
                out.push_str(&format!("location = {from} {{ {answer} }}\n"));
                if redirect.from_path != "/" {
                    out.push_str(&format!(
                        "location = {} {{ {answer} }}\n",
                        nginx_string(&format!("{}/", redirect.from_path))
                    ));
                }
            }
        }
        ExportFormat::Netlify => {
            for (redirect, to) in rows {
                let (path, query) = match redirect.from_path.split_once('?') {
                    Some((path, query)) => (path, format!(" {query}")),
                    None => (redirect.from_path.as_str(), String::new()),
                };
                let to = match (redirect.status, to) {
                    (410, _) => "/",
                    (_, Some(to)) => to.as_str(),
                    (_, None) => continue,
                };
                out.push_str(&format!("{}{query}  {}  {}\n", netlify_path(path), netlify_path(to), redirect.status));
            }
        }
        ExportFormat::Csv => {
            out.push_str("from_path,to,status,hits,last_hit_at,note\r\n");
            for (redirect, to) in rows {
                let last = redirect.last_hit_at.map(|t| utc(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                let cells = [
                    csv_cell(&redirect.from_path),
                    csv_cell(to.as_deref().unwrap_or("")),
                    redirect.status.to_string(),
                    redirect.hits.to_string(),
                    last.unwrap_or_default(),
                    csv_cell(redirect.note.as_deref().unwrap_or("")),
                ];
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}

/// A quoted nginx string: `"` and `\` escaped.
fn nginx_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A path as a `_redirects` field: whitespace (which would split the line) escaped.
fn netlify_path(text: &str) -> String {
    text.replace(' ', "%20").replace('\t', "%09")
}

/// A CSV cell (RFC 4180): quoted when it must be, and never read as a spreadsheet formula.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}
