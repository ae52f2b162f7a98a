//! The whole catalogue as one JSON document, to move a site between databases (SQLite to
//! PostgreSQL and back) or keep a portable copy: `marquee export FILE` and
//! `marquee import json FILE`. The media library's records are in it; its files are not
//! (`--media-dir` copies them beside it: see `cli::export`).
//!
//! # Format (version 4)
//!
//! ```text
//! {"format": "marquee-catalogue", "version": 4, "exported_at": "2026-12-01T20:00:00",
//!  "users": [...], "media": [...], "movies": [...], "cast_members": [...], "credits": [...], "tags": [...],
//!  "articles": [...], "article_tags": [...], "related_articles": [...], "sections": [...],
//!  "revisions": [...], "comments": [...], "slug_history": [...],
//!  "redirects": [...], "moderation": {...}}
//! ```
//!
//! Each list holds one object per row, its fields those of [`records`]: ids, versions and
//! times as stored (times UTC without a zone), enums as the API spells them. Never in it:
//! password hashes, API and refresh tokens, preview tokens, webhook secrets, the JWT secret,
//! readers' network addresses; nor what a database derives again (rendered HTML, the search
//! index) or keeps as its own history (change feed, audit log, webhook deliveries). A reader
//! refuses a newer version and any unknown field.
//!
//! Both directions stream: `export` writes a page of rows at a time, `load` checks and
//! writes each record as it reads it (so `format` and `version` come first and the lists in
//! the order above, as `export` writes them). Every record meets the API's field rules
//! (`checks`) before it is written; one that does not stops the import, naming it.

mod checks;
pub mod export;
pub mod load;
pub mod records;
mod rows;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::moderation::ModerationRules;
use records::{
    ArticleRecord, ArticleTagRecord, CastMemberRecord, CommentRecord, CreditRecord, MediaRecord, MovieRecord,
    RedirectRecord, RelatedRecord, RevisionRecord, SectionRecord, SlugHistoryRecord, TagRecord, UserRecord,
};

pub const FORMAT: &str = "marquee-catalogue";
/// Version 2 added `slug_history`, version 3 the media library (`media`, and the `*_id`
/// fields naming its items), version 4 `redirects`; older files are read as having none.
pub const VERSION: u32 = 4;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub format: String,
    pub version: u32,
    pub exported_at: NaiveDateTime,
    pub users: Vec<UserRecord>,
    #[serde(default)]
    pub media: Vec<MediaRecord>,
    pub movies: Vec<MovieRecord>,
    pub cast_members: Vec<CastMemberRecord>,
    pub credits: Vec<CreditRecord>,
    pub tags: Vec<TagRecord>,
    pub articles: Vec<ArticleRecord>,
    pub article_tags: Vec<ArticleTagRecord>,
    pub related_articles: Vec<RelatedRecord>,
    pub sections: Vec<SectionRecord>,
    pub revisions: Vec<RevisionRecord>,
    pub comments: Vec<CommentRecord>,
    #[serde(default)]
    pub slug_history: Vec<SlugHistoryRecord>,
    #[serde(default)]
    pub redirects: Vec<RedirectRecord>,
    pub moderation: ModerationRules,
}

/// How many records of each kind a catalogue holds, in the file's order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts(Vec<(&'static str, usize)>);

impl Counts {
    pub fn add(&mut self, list: &'static str, n: usize) {
        self.0.push((list, n));
    }

    /// How many records `list` had.
    pub fn of(&self, list: &str) -> usize {
        self.0.iter().find(|(l, _)| *l == list).map_or(0, |(_, n)| *n)
    }
}

/// "3 users, 2 movies, 2 cast members, ..." for the command's summary.
impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown: Vec<String> = self.0.iter().map(|(list, n)| format!("{n} {}", list.replace('_', " "))).collect();
        f.write_str(&shown.join(", "))
    }
}
