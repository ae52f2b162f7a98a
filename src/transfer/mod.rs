//! The whole catalogue as one JSON document, to move a site between databases (SQLite to
//! PostgreSQL and back) or keep a portable copy: `marquee export FILE` and
//! `marquee import json FILE`.
//!
//! # Format (version 1)
//!
//! ```text
//! {"format": "marquee-catalogue", "version": 1, "exported_at": "2026-12-01T20:00:00",
//!  "users": [...], "movies": [...], "cast_members": [...], "credits": [...], "tags": [...],
//!  "articles": [...], "article_tags": [...], "related_articles": [...], "sections": [...],
//!  "revisions": [...], "comments": [...], "moderation": {...}}
//! ```
//!
//! Each list holds one object per row, its fields those of [`records`]: ids, versions and
//! times as stored (times UTC without a zone), enums as the API spells them. Never in it:
//! password hashes, API and refresh tokens, preview tokens, webhook secrets, the JWT secret,
//! readers' network addresses; nor what a database derives again (rendered HTML, the search
//! index) or keeps as its own history (change feed, audit log, webhook deliveries). A reader
//! refuses a newer version and any unknown field.

pub mod export;
pub mod load;
pub mod records;
mod rows;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::domain::moderation::ModerationRules;
use records::{
    ArticleRecord, ArticleTagRecord, CastMemberRecord, CommentRecord, CreditRecord, MovieRecord, RelatedRecord,
    RevisionRecord, SectionRecord, TagRecord, UserRecord,
};

pub const FORMAT: &str = "marquee-catalogue";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub format: String,
    pub version: u32,
    pub exported_at: NaiveDateTime,
    pub users: Vec<UserRecord>,
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
    pub moderation: ModerationRules,
}

impl Catalogue {
    /// How many records of each kind, for the command's summary.
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("users", self.users.len()),
            ("movies", self.movies.len()),
            ("cast members", self.cast_members.len()),
            ("credits", self.credits.len()),
            ("tags", self.tags.len()),
            ("articles", self.articles.len()),
            ("article tags", self.article_tags.len()),
            ("related links", self.related_articles.len()),
            ("sections", self.sections.len()),
            ("revisions", self.revisions.len()),
            ("comments", self.comments.len()),
        ]
    }
}
