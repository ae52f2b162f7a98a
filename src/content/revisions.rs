//! Revisions: snapshots of an article and its sections, taken on each publish and each change
//! to published content.
//!
//! A snapshot is stored in its own versioned shape, independent of the API's types, so the
//! API can rename or add fields without breaking the restore of older revisions. Format 2 is
//! written today; format 1 (the admin response of the first releases, with no `format` key)
//! is still read.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::db::articles::{Article, PageFields};
use crate::db::revisions::Revision;
use crate::db::sections::Section;
use crate::db::{self, DbConn};
use crate::domain::{ArticleKind, ArticleStatus};
use crate::error::ApiError;

/// A decoded snapshot, as rows.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub article: Article,
    /// Tag names, in order.
    pub tags: Vec<String>,
    pub related_ids: Vec<i64>,
    pub sections: Vec<Section>,
}

/// Stores a snapshot of the article as it is now, with its tags, related articles and
/// sections, numbered after the article's last revision.
pub fn record(conn: &mut DbConn, article: &Article, reason: &str, actor: Option<i64>) -> Result<Revision, ApiError> {
    let tags = db::tags::of_articles(conn, &[article.id])?.into_iter().map(|(_, t)| t.name).collect();
    let related_ids = db::articles::related_of(conn, &[article.id])?.into_iter().map(|(_, r)| r).collect();
    let sections = db::sections::of_article(conn, article.id)?;
    let stored = StoredV2::new(article, tags, related_ids, &sections);
    let json = serde_json::to_string(&stored).map_err(ApiError::internal)?;
    Ok(db::revisions::insert(conn, article.id, reason, &json, actor)?)
}

/// Reads a stored snapshot, whichever format wrote it. A snapshot that no format reads is
/// corrupt: a 500 with the cause logged, never a guess.
pub fn decode(revision: &Revision) -> Result<Snapshot, ApiError> {
    let value: serde_json::Value = serde_json::from_str(&revision.snapshot).map_err(ApiError::internal)?;
    let snapshot = match value.get("format").and_then(serde_json::Value::as_u64) {
        None => serde_json::from_value::<StoredV1>(value).map(Snapshot::from),
        Some(2) => serde_json::from_value::<StoredV2>(value).map(Snapshot::from),
        Some(other) => {
            return Err(ApiError::internal(anyhow::anyhow!(
                "revision {} has snapshot format {other}, newer than this build reads",
                revision.id
            )))
        }
    };
    snapshot.map_err(|e| ApiError::internal(anyhow::anyhow!("revision {} cannot be read: {e}", revision.id)))
}

/// Format 2: the article's columns, its tags and related ids, and its sections' columns.
/// Fields added later must be `#[serde(default)]`; an incompatible change is format 3.
#[derive(Debug, Serialize, Deserialize)]
struct StoredV2 {
    format: u32,
    article: StoredArticle,
    tags: Vec<String>,
    related_article_ids: Vec<i64>,
    sections: Vec<StoredSection>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredArticle {
    id: i64,
    slug: String,
    title: String,
    subtitle: Option<String>,
    excerpt: Option<String>,
    kind: ArticleKind,
    movie_id: Option<i64>,
    author_id: i64,
    status: ArticleStatus,
    publish_at: Option<NaiveDateTime>,
    published_at: Option<NaiveDateTime>,
    cover_image_url: Option<String>,
    reading_time_minutes: i32,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    // Added after format 2 was first written: absent in older snapshots.
    #[serde(default)]
    meta_title: Option<String>,
    #[serde(default)]
    meta_description: Option<String>,
    #[serde(default)]
    og_image_url: Option<String>,
    #[serde(default)]
    cover_image_alt: Option<String>,
    #[serde(default)]
    cover_image_caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cover_image_id: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredSection {
    id: i64,
    position: i32,
    heading: String,
    subheading: Option<String>,
    body: String,
    body_html: String,
    media_url: Option<String>,
    media_caption: Option<String>,
    // Added with the media library: absent in older snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    media_id: Option<i64>,
    version: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl StoredV2 {
    fn new(a: &Article, tags: Vec<String>, related_article_ids: Vec<i64>, sections: &[Section]) -> Self {
        StoredV2 {
            format: 2,
            article: StoredArticle {
                id: a.id,
                slug: a.slug.clone(),
                title: a.title.clone(),
                subtitle: a.subtitle.clone(),
                excerpt: a.excerpt.clone(),
                kind: a.kind,
                movie_id: a.movie_id,
                author_id: a.author_id,
                status: a.status,
                publish_at: a.publish_at,
                published_at: a.published_at,
                cover_image_url: a.cover_image_url.clone(),
                reading_time_minutes: a.reading_time_minutes,
                version: a.version,
                created_at: a.created_at,
                updated_at: a.updated_at,
                meta_title: a.page.meta_title.clone(),
                meta_description: a.page.meta_description.clone(),
                og_image_url: a.page.og_image_url.clone(),
                cover_image_alt: a.page.cover_image_alt.clone(),
                cover_image_caption: a.page.cover_image_caption.clone(),
                cover_image_id: a.page.cover_image_id,
            },
            tags,
            related_article_ids,
            sections: sections
                .iter()
                .map(|s| StoredSection {
                    id: s.id,
                    position: s.position,
                    heading: s.heading.clone(),
                    subheading: s.subheading.clone(),
                    body: s.body.clone(),
                    body_html: s.body_html.clone(),
                    media_url: s.media_url.clone(),
                    media_caption: s.media_caption.clone(),
                    media_id: s.media_id,
                    version: s.version,
                    created_at: s.created_at,
                    updated_at: s.updated_at,
                })
                .collect(),
        }
    }
}

impl From<StoredV2> for Snapshot {
    fn from(v: StoredV2) -> Self {
        let a = v.article;
        let article_id = a.id;
        Snapshot {
            article: Article {
                id: a.id,
                slug: a.slug,
                title: a.title,
                subtitle: a.subtitle,
                excerpt: a.excerpt,
                kind: a.kind,
                movie_id: a.movie_id,
                author_id: a.author_id,
                status: a.status,
                publish_at: a.publish_at,
                published_at: a.published_at,
                cover_image_url: a.cover_image_url,
                reading_time_minutes: a.reading_time_minutes,
                version: a.version,
                created_at: a.created_at,
                updated_at: a.updated_at,
                page: PageFields {
                    meta_title: a.meta_title,
                    meta_description: a.meta_description,
                    og_image_url: a.og_image_url,
                    cover_image_alt: a.cover_image_alt,
                    cover_image_caption: a.cover_image_caption,
                    cover_image_id: a.cover_image_id,
                },
            },
            tags: v.tags,
            related_ids: v.related_article_ids,
            sections: v
                .sections
                .into_iter()
                .map(|s| Section {
                    id: s.id,
                    article_id,
                    position: s.position,
                    heading: s.heading,
                    subheading: s.subheading,
                    body: s.body,
                    body_html: s.body_html,
                    media_url: s.media_url,
                    media_caption: s.media_caption,
                    media_id: s.media_id,
                    version: s.version,
                    created_at: s.created_at,
                    updated_at: s.updated_at,
                })
                .collect(),
        }
    }
}

/// Format 1: the admin article and section responses of the first releases, timestamps as
/// RFC 3339 strings. Frozen: it describes data already written.
#[derive(Debug, Deserialize)]
struct StoredV1 {
    article: V1Article,
    sections: Vec<V1Section>,
}

#[derive(Debug, Deserialize)]
struct V1Article {
    id: i64,
    slug: String,
    title: String,
    subtitle: Option<String>,
    excerpt: Option<String>,
    kind: ArticleKind,
    movie_id: Option<i64>,
    author_id: i64,
    #[serde(default)]
    tags: Vec<String>,
    cover_image_url: Option<String>,
    #[serde(default)]
    related_article_ids: Vec<i64>,
    status: ArticleStatus,
    publish_at: Option<DateTime<Utc>>,
    published_at: Option<DateTime<Utc>>,
    reading_time_minutes: i32,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize)]
struct V1Section {
    id: i64,
    position: i32,
    heading: String,
    subheading: Option<String>,
    body: String,
    body_html: String,
    media_url: Option<String>,
    media_caption: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<StoredV1> for Snapshot {
    fn from(v: StoredV1) -> Self {
        let a = v.article;
        let article_id = a.id;
        Snapshot {
            article: Article {
                id: a.id,
                slug: a.slug,
                title: a.title,
                subtitle: a.subtitle,
                excerpt: a.excerpt,
                kind: a.kind,
                movie_id: a.movie_id,
                author_id: a.author_id,
                status: a.status,
                publish_at: a.publish_at.map(|t| t.naive_utc()),
                published_at: a.published_at.map(|t| t.naive_utc()),
                cover_image_url: a.cover_image_url,
                reading_time_minutes: a.reading_time_minutes,
                version: a.version,
                created_at: a.created_at.naive_utc(),
                updated_at: a.updated_at.naive_utc(),
                page: PageFields::default(),
            },
            tags: a.tags,
            related_ids: a.related_article_ids,
            sections: v
                .sections
                .into_iter()
                .map(|s| Section {
                    id: s.id,
                    article_id,
                    position: s.position,
                    heading: s.heading,
                    subheading: s.subheading,
                    body: s.body,
                    body_html: s.body_html,
                    media_url: s.media_url,
                    media_caption: s.media_caption,
                    media_id: None,
                    version: s.version,
                    created_at: s.created_at.naive_utc(),
                    updated_at: s.updated_at.naive_utc(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revision(snapshot: &str) -> Revision {
        Revision {
            id: 1,
            article_id: 7,
            number: 1,
            reason: "publish".into(),
            snapshot: snapshot.into(),
            user_id: None,
            created_at: db::now(),
        }
    }

    const V1: &str = r#"{"article":{"id":7,"slug":"a","title":"A","subtitle":null,"excerpt":"E","kind":"review",
        "movie_id":null,"author_id":1,"tags":["Endings"],"cover_image_url":null,"related_article_ids":[3],
        "status":"published","publish_at":null,"published_at":"2026-11-28T20:00:00Z","reading_time_minutes":1,
        "version":4,"created_at":"2026-11-28T19:00:00Z","updated_at":"2026-11-28T20:00:00Z"},
        "sections":[{"id":9,"article_id":7,"position":1,"heading":"H","subheading":null,"body":"b",
        "body_html":"<p>b</p>","media_url":null,"media_caption":null,"version":2,
        "created_at":"2026-11-28T19:00:00Z","updated_at":"2026-11-28T19:30:00Z"}]}"#;

    #[test]
    fn format_1_snapshots_still_read() {
        let s = decode(&revision(V1)).unwrap();
        assert_eq!((s.article.title.as_str(), s.article.kind), ("A", ArticleKind::Review));
        assert_eq!((s.tags, s.related_ids), (vec!["Endings".to_string()], vec![3]));
        assert_eq!(s.sections[0].heading, "H");
        assert_eq!(s.sections[0].article_id, 7);
    }

    #[test]
    fn format_2_round_trips() {
        let v1 = decode(&revision(V1)).unwrap();
        let stored = StoredV2::new(&v1.article, v1.tags.clone(), v1.related_ids.clone(), &v1.sections);
        let again = decode(&revision(&serde_json::to_string(&stored).unwrap())).unwrap();
        assert_eq!(again.article.published_at, v1.article.published_at);
        assert_eq!(again.sections[0].body_html, "<p>b</p>");
    }

    #[test]
    fn unreadable_snapshots_are_errors() {
        for bad in ["{}", "not json", r#"{"format": 9}"#, r#"{"format": 2, "article": 1}"#] {
            assert!(decode(&revision(bad)).is_err(), "{bad}");
        }
    }
}
