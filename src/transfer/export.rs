//! Writing the catalogue out of a database as JSON, from one snapshot so it is consistent
//! (writers carry on meanwhile), a page of rows at a time so memory stays bounded whatever
//! the catalogue's size. The
//! document is the one `Catalogue` describes, field for field, in its order.

use std::io::Write;

use serde::Serialize;

use super::records::{
    ArticleRecord, ArticleTagRecord, CastMemberRecord, CommentRecord, CreditRecord, MediaRecord, MovieRecord,
    RedirectRecord, RelatedRecord, RevisionRecord, SectionRecord, SlugHistoryRecord, TagRecord, UserRecord,
};
use super::{Counts, FORMAT, VERSION};
use crate::content::settings;
use crate::db::{self, catalogue, DbConn};
use crate::error::ApiError;

/// Rows read per query.
const PAGE: i64 = 1000;

/// Writes every record of the catalogue to `out`, in id order; returns how many of each.
pub fn write(conn: &mut DbConn, out: &mut impl Write) -> Result<Counts, ApiError> {
    db::tx::snapshot(conn, |conn| {
        let mut doc = Document { out: &mut *out, counts: Counts::default() };
        doc.raw("{")?;
        doc.field("format", &FORMAT)?;
        doc.field("version", &VERSION)?;
        doc.field("exported_at", &db::now())?;
        doc.list::<_, UserRecord, _>("users", conn, |c, after| catalogue::users(c, after, PAGE), |r| r.id)?;
        doc.list::<_, MediaRecord, _>("media", conn, |c, after| catalogue::media(c, after, PAGE), |r| r.id)?;
        doc.list::<_, MovieRecord, _>("movies", conn, |c, after| catalogue::movies(c, after, PAGE), |r| r.id)?;
        doc.list::<_, CastMemberRecord, _>("cast_members", conn, |c, a| catalogue::cast_members(c, a, PAGE), |r| r.id)?;
        doc.list::<_, CreditRecord, _>("credits", conn, |c, after| catalogue::credits(c, after, PAGE), |r| r.id)?;
        doc.list::<_, TagRecord, _>("tags", conn, |c, after| catalogue::tags(c, after, PAGE), |r| r.id)?;
        doc.list::<_, ArticleRecord, _>("articles", conn, |c, after| catalogue::articles(c, after, PAGE), |r| r.id)?;
        doc.list::<_, ArticleTagRecord, _>(
            "article_tags",
            conn,
            |c, after| catalogue::article_tags(c, after, PAGE),
            |r| (r.article_id, r.position),
        )?;
        doc.list::<_, RelatedRecord, _>(
            "related_articles",
            conn,
            |c, after| catalogue::related_articles(c, after, PAGE),
            |r| (r.article_id, r.position),
        )?;
        doc.list::<_, SectionRecord, _>("sections", conn, |c, after| catalogue::sections(c, after, PAGE), |r| r.id)?;
        doc.list::<_, RevisionRecord, _>("revisions", conn, |c, after| catalogue::revisions(c, after, PAGE), |r| r.id)?;
        doc.list::<_, CommentRecord, _>("comments", conn, |c, after| catalogue::comments(c, after, PAGE), |r| r.id)?;
        doc.list::<_, SlugHistoryRecord, _>(
            "slug_history",
            conn,
            |c, after: Option<(crate::domain::SlugKind, String)>| db::slugs::page(c, after, PAGE),
            |r| Some((r.kind, r.slug.clone())),
        )?;
        doc.list::<_, RedirectRecord, _>("redirects", conn, |c, after| db::redirects::after(c, after, PAGE), |r| r.id)?;
        let rules = settings::moderation_rules(conn)?;
        doc.raw("\"moderation\":")?;
        serde_json::to_writer(&mut *doc.out, &rules).map_err(ApiError::internal)?;
        doc.raw("}")?;
        Ok(doc.counts)
    })
}

/// The document being written, and what is in it so far.
struct Document<'a, W: Write> {
    out: &'a mut W,
    counts: Counts,
}

impl<W: Write> Document<'_, W> {
    fn raw(&mut self, text: &str) -> Result<(), ApiError> {
        self.out.write_all(text.as_bytes()).map_err(ApiError::internal)
    }

    fn field(&mut self, name: &str, value: &impl Serialize) -> Result<(), ApiError> {
        self.raw(&format!("\"{name}\":"))?;
        serde_json::to_writer(&mut *self.out, value).map_err(ApiError::internal)?;
        self.raw(",")
    }

    /// `"name":[...],` with every row `page` reads, a page at a time after the last `key`.
    fn list<Row, Record, K: Default + Clone>(
        &mut self,
        name: &'static str,
        conn: &mut DbConn,
        page: impl Fn(&mut DbConn, K) -> diesel::QueryResult<Vec<Row>>,
        key: impl Fn(&Record) -> K,
    ) -> Result<(), ApiError>
    where
        Record: From<Row> + Serialize,
    {
        self.raw(&format!("\"{name}\":["))?;
        let (mut after, mut written) = (K::default(), 0usize);
        loop {
            let rows = page(conn, after.clone())?;
            let full = rows.len() as i64 == PAGE;
            for row in rows {
                let record = Record::from(row);
                if written > 0 {
                    self.raw(",")?;
                }
                serde_json::to_writer(&mut *self.out, &record).map_err(ApiError::internal)?;
                after = key(&record);
                written += 1;
            }
            if !full {
                break;
            }
        }
        self.counts.add(name, written);
        self.raw("],")
    }
}
