//! The old site's addresses kept: each post's permalink (`<link>`) and `?p=ID` form, the
//! category and tag archives and the upload URLs become redirects to what they became here.
//! Each names its record, so it follows later renames; none is recorded where the new
//! address is the old path, and an editor's own redirect from the same path stays.

use super::posts::tag_of;
use super::{Library, Options};
use crate::cache::{Collection, SurrogateKey};
use crate::content::Effects;
use crate::db::articles::Article;
use crate::db::redirects::NewRedirect;
use crate::db::{self, DbConn};
use crate::domain::addresses::{self, TargetKind};
use crate::domain::SlugKind;
use crate::error::ApiError;
use crate::wordpress::wxr::{Export, Item, PostType};

/// What the import records as it goes.
pub struct OldAddresses<'a> {
    options: &'a Options,
    /// The old site's path (`/blog` for `https://example.com/blog`), without a trailing slash.
    base: String,
    recorded: usize,
}

impl<'a> OldAddresses<'a> {
    pub fn new(export: &Export, options: &'a Options) -> Self {
        let base = export
            .base_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        OldAddresses { options, base, recorded: 0 }
    }

    /// A post's permalink and its `?p=ID` (`?page_id=ID` for pages) lead to its article.
    pub fn post(&mut self, conn: &mut DbConn, item: &Item, article: &Article) -> Result<(), ApiError> {
        let new = addresses::normalize(&self.options.article_path.path(article.address())).ok();
        let query = if item.post_type == PostType::Page { "page_id" } else { "p" };
        let short = format!("{}/?{query}={}", self.base, item.wp_id);
        for old in item.link.as_deref().into_iter().chain([short.as_str()]) {
            let Ok(from) = addresses::normalize(old) else { continue };
            if Some(&from) != new.as_ref() {
                self.record(conn, from, TargetKind::Article, article.id)?;
            }
        }
        Ok(())
    }

    /// Category and tag archives lead to the tag each became.
    pub fn archives(&mut self, conn: &mut DbConn, export: &Export) -> Result<(), ApiError> {
        let used = export.items.iter().flat_map(|item| {
            let categories = item.categories.iter().map(|term| ("category", term));
            categories.chain(item.tags.iter().map(|term| ("tag", term)))
        });
        let listed = export.categories.iter().map(|t| ("category", t)).chain(export.tags.iter().map(|t| ("tag", t)));
        let mut seen = std::collections::HashSet::new();
        for (archive, term) in listed.chain(used) {
            if term.slug.is_empty() || !seen.insert((archive, term.slug.as_str())) {
                continue;
            }
            let Some(tag) = tag_of(term) else { continue };
            let Some(id) = db::slugs::current_holder(conn, SlugKind::Tag, &tag.slug)? else { continue };
            let Ok(from) = addresses::normalize(&format!("{}/{archive}/{}", self.base, term.slug)) else { continue };
            if Ok(&from) != addresses::normalize(&self.options.tag_path.replace("{slug}", &tag.slug)).as_ref() {
                self.record(conn, from, TargetKind::Tag, id)?;
            }
        }
        Ok(())
    }

    /// The uploads brought into the library lead to their items' files.
    pub fn uploads(&mut self, conn: &mut DbConn, library: &Library) -> Result<(), ApiError> {
        for (path, id) in library.items() {
            if let Ok(from) = addresses::normalize(&format!("{}/wp-content/uploads/{path}", self.base)) {
                self.record(conn, from, TargetKind::Media, id)?;
            }
        }
        Ok(())
    }

    /// How many redirects were recorded; resolved addresses are stale everywhere.
    pub fn finish(self, fx: &mut Effects) -> usize {
        if self.recorded > 0 {
            fx.stale(SurrogateKey::collection(Collection::Redirects));
        }
        self.recorded
    }

    fn record(&mut self, conn: &mut DbConn, from: String, kind: TargetKind, id: i64) -> Result<(), ApiError> {
        let now = db::now();
        let new = NewRedirect {
            from_path: from,
            to_url: None,
            target_kind: Some(kind),
            target_id: Some(id),
            status: 301,
            note: None,
            origin: "wordpress".into(),
            created_at: now,
            updated_at: now,
        };
        db::redirects::record_import(conn, &new)?;
        self.recorded += 1;
        Ok(())
    }
}
