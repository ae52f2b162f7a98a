//! Importing a WordPress export (`marquee import wordpress FILE.xml`): posts become articles
//! split into sections, categories and tags become tags, authors become disabled author
//! accounts without passwords, comments keep their threads. Everything happens in the
//! caller's one transaction; `import_sources` remembers what each WordPress record became,
//! so running the same import again updates those records (and leaves unchanged ones
//! alone) instead of adding copies.

mod addresses;
mod comments;
mod posts;

use std::collections::{BTreeMap, HashMap};

use sha2::{Digest, Sha256};

use super::Effects;
use crate::db::users::UserChanges;
use crate::db::{self, DbConn};
use crate::domain::addresses::ArticlePath;
use crate::domain::{limits, text, Email, Role};
use crate::error::ApiError;
use crate::wordpress::wxr::{Export, Item, PostStatus, PostType};

/// What to import besides posts, and where things live on the new site.
#[derive(Debug, Clone)]
pub struct Options {
    /// Pages too, as articles.
    pub pages: bool,
    /// `MARQUEE_ARTICLE_PATH`: an old permalink is recorded as a redirect unless the
    /// article's new address is the same path.
    pub article_path: ArticlePath,
    /// `MARQUEE_TAG_PATH`, for category and tag archives.
    pub tag_path: String,
}

/// The site's uploads already brought into the library (`--media-from`): the path of each
/// upload under `wp-content/uploads/`, as posts name it, and the item it became.
#[derive(Debug, Default, Clone)]
pub struct Library {
    items: HashMap<String, i64>,
}

impl Library {
    pub fn new(items: HashMap<String, i64>) -> Self {
        Library { items }
    }

    /// Each upload path and the item it became.
    pub fn items(&self) -> impl Iterator<Item = (&str, i64)> {
        self.items.iter().map(|(path, id)| (path.as_str(), *id))
    }

    /// The item an image URL shows, when its upload is in the library.
    pub fn item_for(&self, url: &str) -> Option<i64> {
        crate::wordpress::media::upload_path(url).and_then(|path| self.items.get(&path).copied())
    }
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub articles_created: usize,
    pub articles_updated: usize,
    pub articles_unchanged: usize,
    pub sections: usize,
    pub comments_created: usize,
    pub comments_updated: usize,
    pub comments_unchanged: usize,
    pub users_created: usize,
    /// Authors who already had an account here (by email).
    pub users_matched: usize,
    /// What was left out, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Images of the site's uploads still shown from the old site (not in the library).
    pub images_kept: usize,
    /// Private and password-protected posts, imported as drafts so they stay unseen.
    pub protected_as_drafts: usize,
    /// Old addresses (permalinks, `?p=ID`, archives, uploads) recorded as redirects.
    pub redirects: usize,
}

impl Summary {
    fn skip(&mut self, reason: impl Into<String>) {
        *self.skipped.entry(reason.into()).or_default() += 1;
    }
}

/// Imports `export`, reporting each post done to `progress` (done, of how many).
#[tracing::instrument(level = "debug", skip_all)]
pub fn import(
    conn: &mut DbConn,
    fx: &mut Effects,
    export: &Export,
    options: &Options,
    library: &Library,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, ApiError> {
    let source = source_of(export);
    let mut summary = Summary::default();
    let authors = authors(conn, &source, export, &mut summary)?;
    let fallback = db::users::first_admin(conn)?;
    let posts: Vec<&Item> = export.items.iter().filter(|item| wanted(item, options, &mut summary)).collect();
    let mut old = addresses::OldAddresses::new(export, options);
    for (done, item) in posts.iter().enumerate() {
        let Some(author) = authors.get(&item.author_login).copied().or(fallback) else {
            summary.skip("post whose author is unknown (and no admin to stand in)");
            continue;
        };
        if let Some(article) = posts::import(conn, fx, &source, export, item, author, library, &mut summary)? {
            comments::import(conn, fx, &source, &article, item, &mut summary)?;
            old.post(conn, item, &article)?;
        }
        progress(done + 1, posts.len());
    }
    old.archives(conn, export)?;
    old.uploads(conn, library)?;
    summary.redirects = old.finish(fx);
    db::audit::record(conn, None, "import.wordpress", "article", None)?;
    Ok(summary)
}

/// What `import_sources` knows the export's site as: its address, or `wordpress`.
pub fn source_of(export: &Export) -> String {
    export.base_url.clone().filter(|u| !u.trim().is_empty()).unwrap_or_else(|| "wordpress".into())
}

/// Whether an item is a post this import takes; counts the others as skipped.
fn wanted(item: &Item, options: &Options, summary: &mut Summary) -> bool {
    let reason = match (&item.post_type, &item.status) {
        (PostType::Attachment, _) => Some("attachment (media library entry)".to_string()),
        (PostType::Page, _) if !options.pages => Some("page (add --pages to import pages)".to_string()),
        (PostType::Other(kind), _) => Some(format!("{kind} (not a post or page)")),
        (_, PostStatus::Trash) => Some("trashed post".to_string()),
        (_, PostStatus::Other(status)) => Some(format!("post with status {status}")),
        _ => None,
    };
    match reason {
        Some(reason) => {
            summary.skip(reason);
            false
        }
        None => true,
    }
}

/// The local user of each author login: an existing account with the same email, or a new
/// author account, disabled and without a password until an admin enables it.
fn authors(
    conn: &mut DbConn,
    source: &str,
    export: &Export,
    summary: &mut Summary,
) -> Result<HashMap<String, i64>, ApiError> {
    let mut map = HashMap::new();
    for author in &export.authors {
        let fallback_email =
            format!("{}@wordpress.invalid", crate::domain::Slug::digest_of("author", &author.login).as_str());
        let email = Email::parse(author.email.trim())
            .or_else(|_| Email::parse(&fallback_email))
            .map_err(|e| ApiError::internal(anyhow::anyhow!("no email for author {}: {e}", author.login)))?;
        let known = match db::imports::source(conn, source, "user", &author.login)? {
            Some((id, _)) => db::users::find(conn, id)?,
            None => None,
        };
        let user = match known {
            Some(user) => user,
            None => match db::users::find_by_email(conn, email.as_str())? {
                Some(user) => {
                    summary.users_matched += 1;
                    user
                }
                None => {
                    let display_name = clean(&author.display_name, limits::DISPLAY_NAME)
                        .filter(|n| text::has_visible(n))
                        .unwrap_or_else(|| author.login.clone());
                    let input = super::users::UserInput {
                        email,
                        display_name,
                        role: Role::Author,
                        password_hash: crate::auth::password::NO_PASSWORD.to_string(),
                    };
                    let user = super::users::create(conn, None, &input)?;
                    summary.users_created += 1;
                    db::users::update(conn, user.id, &UserChanges { disabled: Some(true), ..UserChanges::default() })?
                }
            },
        };
        db::imports::remember(conn, source, "user", &author.login, user.id, "")?;
        map.insert(author.login.clone(), user.id);
    }
    Ok(map)
}

/// `value` without the control characters stored text may not hold, cut to `max`
/// characters, trimmed; `None` when nothing is left.
fn clean(value: &str, max: usize) -> Option<String> {
    let kept: String = value.chars().filter(|c| !text::is_forbidden_control(*c)).take(max).collect();
    let trimmed = kept.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// A stable digest of what a record was imported from.
fn digest(parts: &str) -> String {
    Sha256::digest(parts.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}
