//! Turns closed elements into the [`Export`] model: which element means what in which parent, and
//! how ids, dates, types and statuses are read from their text.

use chrono::NaiveDateTime;

use super::{Author, Comment, CommentApproval, Export, Item, PostStatus, PostType, Term, WP_DATE_FORMAT};

fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> &'a str {
    attributes.iter().find(|(key, _)| key == name).map_or("", |(_, value)| value.as_str())
}

/// A channel-level term being read: `wp:category`, `wp:tag` or `wp:term`.
#[derive(Default)]
struct TermDraft {
    taxonomy: String,
    slug: String,
    name: String,
}

/// Collects closed elements into an [`Export`]; knows which element means what in which parent.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) export: Export,
    item: Option<Item>,
    comment: Option<Comment>,
    author: Option<Author>,
    term: Option<TermDraft>,
    /// `wp:meta_key` and `wp:meta_value` of the `wp:postmeta` being read.
    meta: Option<(String, String)>,
    /// `domain` and `nicename` of the item `<category>` being read.
    item_category: Option<(String, String)>,
    link: Option<String>,
    base_blog_url: Option<String>,
    base_site_url: Option<String>,
}

impl Builder {
    pub(super) fn start(&mut self, parent: Option<&str>, name: &str, attributes: &[(String, String)]) {
        match (parent, name) {
            (Some("channel"), "item") => self.item = Some(Item::default()),
            (Some("channel"), "wp:author") => self.author = Some(Author::default()),
            (Some("channel"), "wp:category") => {
                self.term = Some(TermDraft { taxonomy: "category".to_owned(), ..TermDraft::default() });
            }
            (Some("channel"), "wp:tag") => {
                self.term = Some(TermDraft { taxonomy: "post_tag".to_owned(), ..TermDraft::default() });
            }
            (Some("channel"), "wp:term") => self.term = Some(TermDraft::default()),
            (Some("item"), "wp:comment") => self.comment = Some(Comment::default()),
            (Some("item"), "wp:postmeta") => self.meta = Some((String::new(), String::new())),
            (Some("item"), "category") => {
                let domain = attribute(attributes, "domain").to_owned();
                let nicename = attribute(attributes, "nicename").to_owned();
                self.item_category = Some((domain, nicename));
            }
            _ => {}
        }
    }

    pub(super) fn end(&mut self, parent: Option<&str>, name: &str, text: String) -> Result<(), String> {
        match parent {
            Some("rss") if name == "channel" => self.finish_channel(),
            Some("channel") => self.channel_child(name, text),
            Some("item") => self.item_child(name, text)?,
            Some("wp:comment") => self.comment_child(name, text)?,
            Some("wp:author") => self.author_child(name, text),
            Some("wp:category" | "wp:tag" | "wp:term") => self.term_child(name, text),
            Some("wp:postmeta") => self.meta_child(name, text),
            _ => {}
        }
        Ok(())
    }

    fn finish_channel(&mut self) {
        self.export.base_url =
            self.base_blog_url.take().or_else(|| self.link.take()).or_else(|| self.base_site_url.take());
    }

    fn channel_child(&mut self, name: &str, text: String) {
        match name {
            "title" => self.export.site_title = non_empty(text),
            "link" => self.link = non_empty(text),
            "wp:base_blog_url" => self.base_blog_url = non_empty(text),
            "wp:base_site_url" => self.base_site_url = non_empty(text),
            "item" => self.export.items.extend(self.item.take()),
            "wp:author" => self.export.authors.extend(self.author.take()),
            "wp:category" | "wp:tag" | "wp:term" => self.finish_term(),
            _ => {}
        }
    }

    fn finish_term(&mut self) {
        let Some(draft) = self.term.take() else { return };
        let term = Term { slug: draft.slug, name: draft.name };
        match draft.taxonomy.as_str() {
            "category" => self.export.categories.push(term),
            "post_tag" => self.export.tags.push(term),
            _ => {}
        }
    }

    fn term_child(&mut self, name: &str, text: String) {
        let Some(term) = self.term.as_mut() else { return };
        let value = text.trim().to_owned();
        match name {
            "wp:category_nicename" | "wp:tag_slug" | "wp:term_slug" => term.slug = value,
            "wp:cat_name" | "wp:tag_name" | "wp:term_name" => term.name = value,
            "wp:term_taxonomy" => term.taxonomy = value,
            _ => {}
        }
    }

    fn author_child(&mut self, name: &str, text: String) {
        let Some(author) = self.author.as_mut() else { return };
        let value = text.trim().to_owned();
        match name {
            "wp:author_login" => author.login = value,
            "wp:author_email" => author.email = value,
            "wp:author_display_name" => author.display_name = value,
            _ => {}
        }
    }

    fn item_child(&mut self, name: &str, text: String) -> Result<(), String> {
        match name {
            "wp:comment" => {
                if let (Some(item), Some(comment)) = (self.item.as_mut(), self.comment.take()) {
                    item.comments.push(comment);
                }
                return Ok(());
            }
            "wp:postmeta" => {
                self.finish_meta()?;
                return Ok(());
            }
            "category" => {
                self.finish_item_category(text);
                return Ok(());
            }
            _ => {}
        }
        let Some(item) = self.item.as_mut() else { return Ok(()) };
        match name {
            "title" => item.title = text.trim().to_owned(),
            "dc:creator" => item.author_login = text.trim().to_owned(),
            "content:encoded" => item.content_html = text,
            "excerpt:encoded" => item.excerpt = text,
            "wp:post_id" => item.wp_id = parse_id(name, &text)?,
            "wp:post_name" => item.slug = text.trim().to_owned(),
            "link" => item.link = non_empty(text),
            "wp:post_password" => item.password = non_empty(text),
            "wp:post_type" => item.post_type = post_type(text.trim()),
            "wp:status" => item.status = post_status(text.trim()),
            "wp:post_date" => item.post_date = parse_date(&text),
            "wp:post_date_gmt" => item.post_date_gmt = parse_date(&text),
            "wp:post_modified_gmt" => item.modified_gmt = parse_date(&text),
            "wp:attachment_url" => item.attachment_url = non_empty(text),
            _ => {}
        }
        Ok(())
    }

    fn finish_item_category(&mut self, text: String) {
        let (Some(item), Some((domain, nicename))) = (self.item.as_mut(), self.item_category.take()) else {
            return;
        };
        let term = Term { slug: nicename, name: text.trim().to_owned() };
        match domain.as_str() {
            "category" => item.categories.push(term),
            "post_tag" => item.tags.push(term),
            _ => {}
        }
    }

    fn meta_child(&mut self, name: &str, text: String) {
        let Some((key, value)) = self.meta.as_mut() else { return };
        match name {
            "wp:meta_key" => *key = text.trim().to_owned(),
            "wp:meta_value" => *value = text,
            _ => {}
        }
    }

    fn finish_meta(&mut self) -> Result<(), String> {
        let (Some(item), Some((key, value))) = (self.item.as_mut(), self.meta.take()) else { return Ok(()) };
        match key.as_str() {
            "_thumbnail_id" => item.thumbnail_id = Some(parse_id("_thumbnail_id", &value)?).filter(|&id| id > 0),
            "_wp_attachment_image_alt" => item.attachment_alt = non_empty(value),
            _ => {}
        }
        Ok(())
    }

    fn comment_child(&mut self, name: &str, text: String) -> Result<(), String> {
        let Some(comment) = self.comment.as_mut() else { return Ok(()) };
        match name {
            "wp:comment_id" => comment.wp_id = parse_id(name, &text)?,
            "wp:comment_parent" => comment.parent_wp_id = Some(parse_id(name, &text)?).filter(|&id| id != 0),
            "wp:comment_author" => comment.author = text.trim().to_owned(),
            "wp:comment_author_email" => comment.author_email = text.trim().to_owned(),
            "wp:comment_author_IP" => comment.author_ip = text.trim().to_owned(),
            "wp:comment_date_gmt" => comment.date_gmt = parse_date(&text),
            "wp:comment_content" => comment.content = text,
            "wp:comment_approved" => comment.approved = comment_approval(text.trim()),
            "wp:comment_type" => comment.comment_type = text.trim().to_owned(),
            _ => {}
        }
        Ok(())
    }
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Ids are required to be integers; an empty element counts as 0 (WordPress writes `0` for "none").
fn parse_id(field: &str, text: &str) -> Result<i64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(0);
    }
    trimmed.parse().map_err(|_| format!("{field} is not an integer: {trimmed:?}"))
}

/// `None` for WordPress's "no date" (`0000-00-00 00:00:00`), an empty element, or an unreadable
/// value: a bad date should not sink a whole import.
fn parse_date(text: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(text.trim(), WP_DATE_FORMAT).ok()
}

fn post_type(value: &str) -> PostType {
    match value {
        "post" => PostType::Post,
        "page" => PostType::Page,
        "attachment" => PostType::Attachment,
        other => PostType::Other(other.to_owned()),
    }
}

fn post_status(value: &str) -> PostStatus {
    match value {
        "publish" => PostStatus::Publish,
        "draft" => PostStatus::Draft,
        "pending" => PostStatus::Pending,
        "future" => PostStatus::Future,
        "private" => PostStatus::Private,
        "trash" => PostStatus::Trash,
        other => PostStatus::Other(other.to_owned()),
    }
}

fn comment_approval(value: &str) -> CommentApproval {
    match value {
        "1" => CommentApproval::Approved,
        "0" => CommentApproval::Pending,
        "spam" => CommentApproval::Spam,
        "trash" => CommentApproval::Trash,
        other => CommentApproval::Other(other.to_owned()),
    }
}
