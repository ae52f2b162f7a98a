//! Parser for WordPress WXR export files (Tools → Export, WXR 1.2).
//!
//! A WXR file is RSS 2.0 with the `wp:`, `content:`, `excerpt:` and `dc:` namespaces. This module
//! reads it with `quick-xml`'s pull reader into plain structs ([`Export`], [`Item`], ...) that the
//! importer maps onto Marquee's own model. Elements are matched by their prefixed names, which is
//! what WordPress always writes; anything not modelled here is skipped. The post bodies are kept as
//! the raw HTML WordPress stored; see the sibling `html` module for turning them into markdown
//! sections.
//!
//! The parser is bounded: it refuses input over [`MAX_INPUT_BYTES`] and element nesting deeper
//! than [`MAX_DEPTH`], and reports every failure with the 1-based line where it was detected.

mod builder;
mod parser;
#[cfg(test)]
mod tests;

use chrono::NaiveDateTime;
use thiserror::Error;

/// Largest export accepted by [`parse`], in bytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// Deepest element nesting accepted by [`parse`]; real exports never go past 5.
pub const MAX_DEPTH: usize = 64;

/// The date format WordPress uses for every `wp:*date*` element.
const WP_DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A whole WXR export: site information, the authors and terms it declares, and every item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Export {
    /// The channel `<title>`.
    pub site_title: Option<String>,
    /// `wp:base_blog_url`, falling back to the channel `<link>`, then `wp:base_site_url`.
    pub base_url: Option<String>,
    /// The `wp:author` entries.
    pub authors: Vec<Author>,
    /// The channel-level `wp:category` entries (and `wp:term` entries of taxonomy `category`).
    pub categories: Vec<Term>,
    /// The channel-level `wp:tag` entries (and `wp:term` entries of taxonomy `post_tag`).
    pub tags: Vec<Term>,
    /// Every `<item>`, in file order: posts, pages, attachments and anything else exported.
    pub items: Vec<Item>,
}

/// A `wp:author` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    /// `wp:author_login`; items refer to their author by this (`dc:creator`).
    pub login: String,
    /// `wp:author_email`.
    pub email: String,
    /// `wp:author_display_name`.
    pub display_name: String,
}

/// A category or tag: its URL slug and its display name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Term {
    /// The slug (`nicename`).
    pub slug: String,
    /// The display name.
    pub name: String,
}

/// `wp:post_type` of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PostType {
    /// `post`.
    #[default]
    Post,
    /// `page`.
    Page,
    /// `attachment` (media library entry).
    Attachment,
    /// Anything else (`nav_menu_item`, `wp_block`, custom post types, ...), as written.
    Other(String),
}

/// `wp:status` of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PostStatus {
    /// `publish`.
    #[default]
    Publish,
    /// `draft`.
    Draft,
    /// `pending` (awaiting review).
    Pending,
    /// `future` (scheduled).
    Future,
    /// `private`.
    Private,
    /// `trash`.
    Trash,
    /// Anything else (`inherit` for attachments, `auto-draft`, ...), as written.
    Other(String),
}

/// One `<item>`: a post, page, attachment or other post type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// `wp:post_id`.
    pub wp_id: i64,
    /// `wp:post_type`.
    pub post_type: PostType,
    /// `wp:status`.
    pub status: PostStatus,
    /// `<title>`, as stored by WordPress (it may still contain HTML entities).
    pub title: String,
    /// `wp:post_name`; empty for drafts that never got a slug.
    pub slug: String,
    /// `<link>`: the item's permalink on the old site.
    pub link: Option<String>,
    /// `wp:post_password`: set when the post is password-protected.
    pub password: Option<String>,
    /// `dc:creator`: the author's login.
    pub author_login: String,
    /// `content:encoded`: the body HTML exactly as stored.
    pub content_html: String,
    /// `excerpt:encoded`.
    pub excerpt: String,
    /// `wp:post_date_gmt`; `None` when WordPress wrote `0000-00-00 00:00:00` (unpublished drafts).
    pub post_date_gmt: Option<NaiveDateTime>,
    /// `wp:post_date`, in the site's local time zone.
    pub post_date: Option<NaiveDateTime>,
    /// `wp:post_modified_gmt`.
    pub modified_gmt: Option<NaiveDateTime>,
    /// `<category domain="category" nicename="slug">Name</category>` entries.
    pub categories: Vec<Term>,
    /// `<category domain="post_tag" nicename="slug">Name</category>` entries.
    pub tags: Vec<Term>,
    /// The `_thumbnail_id` post meta: the `wp_id` of the featured image attachment.
    pub thumbnail_id: Option<i64>,
    /// `wp:attachment_url`, for attachments.
    pub attachment_url: Option<String>,
    /// The `_wp_attachment_image_alt` post meta: an attachment's alt text.
    pub attachment_alt: Option<String>,
    /// The item's `wp:comment` entries, in file order (replies refer to parents by id).
    pub comments: Vec<Comment>,
}

/// `wp:comment_approved` of a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CommentApproval {
    /// `1`.
    Approved,
    /// `0`: held for moderation.
    #[default]
    Pending,
    /// `spam`.
    Spam,
    /// `trash`.
    Trash,
    /// Anything else, as written.
    Other(String),
}

/// One `wp:comment` of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comment {
    /// `wp:comment_id`.
    pub wp_id: i64,
    /// `wp:comment_parent`; `None` for top-level comments (WordPress writes `0`).
    pub parent_wp_id: Option<i64>,
    /// `wp:comment_author`.
    pub author: String,
    /// `wp:comment_author_email`.
    pub author_email: String,
    /// `wp:comment_author_IP`.
    pub author_ip: String,
    /// `wp:comment_date_gmt`.
    pub date_gmt: Option<NaiveDateTime>,
    /// `wp:comment_content`, as stored (plain text with optional inline HTML).
    pub content: String,
    /// `wp:comment_approved`.
    pub approved: CommentApproval,
    /// `wp:comment_type`: `""` or `"comment"` for comments, `"pingback"` / `"trackback"` otherwise.
    pub comment_type: String,
}

/// Why an export could not be read, and the 1-based line where that was detected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line of the byte position where parsing failed.
    pub line: usize,
    /// What went wrong.
    pub message: String,
}

impl Export {
    /// The URL of `item`'s featured image: its `_thumbnail_id` names an attachment item whose
    /// `wp:attachment_url` is returned. `None` if any link of that chain is missing.
    pub fn featured_image_url(&self, item: &Item) -> Option<String> {
        self.attachment(item.thumbnail_id?).and_then(|attachment| attachment.attachment_url.clone())
    }

    /// The attachment (media library entry) with WordPress id `id`.
    pub fn attachment(&self, id: i64) -> Option<&Item> {
        self.items.iter().find(|candidate| candidate.post_type == PostType::Attachment && candidate.wp_id == id)
    }
}

/// Parses a WXR export.
///
/// Fails on malformed XML (unclosed or mismatched elements, unknown entities), on a document that
/// is not a WXR export (no `<rss>` root or no `<channel>`), on non-numeric ids, and on input over
/// [`MAX_INPUT_BYTES`] or nested deeper than [`MAX_DEPTH`].
pub fn parse(xml: &str) -> Result<Export, ParseError> {
    parse_with_limit(xml, MAX_INPUT_BYTES)
}

fn parse_with_limit(xml: &str, max_bytes: usize) -> Result<Export, ParseError> {
    if xml.len() > max_bytes {
        return Err(ParseError {
            line: 1,
            message: format!("export is {} bytes, over the limit of {max_bytes} bytes", xml.len()),
        });
    }
    // A UTF-8 byte order mark carries no newline, so dropping it keeps line numbers right.
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    parser::Parser::new(xml).run()
}
