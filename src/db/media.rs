//! The `media` table (the library's items) and where content uses an item; the work on
//! the store is queued in `media_jobs`.

use chrono::NaiveDateTime;
use diesel::deserialize::{self, FromSql};
use diesel::dsl::{exists, not};
use diesel::prelude::*;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use super::schema::{articles, cast_members, media, movies, section_media, sections, users};
use super::{columns, now, DbConn};
use crate::domain::media::{names, MediaStatus, MediaUse, Variant};

/// An item's variants, stored as JSON text (kept beside the list, so the stored form can be
/// lent to the database).
#[derive(Debug, Clone, Default, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Variants {
    list: Vec<Variant>,
    json: String,
}

impl Variants {
    pub fn new(list: Vec<Variant>) -> Self {
        let json = serde_json::to_string(&list).expect("variants always serialize");
        Variants { list, json }
    }

    pub fn list(&self) -> &[Variant] {
        &self.list
    }

    /// Reads the stored form.
    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        Ok(Variants { list: serde_json::from_str(json)?, json: json.to_string() })
    }
}

impl<DB> FromSql<Text, DB> for Variants
where
    DB: diesel::backend::Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let text = <String as FromSql<Text, DB>>::from_sql(bytes)?;
        Variants::parse(&text).map_err(|e| format!("stored variants are not a JSON list: {e}").into())
    }
}

impl<DB> ToSql<Text, DB> for Variants
where
    DB: diesel::backend::Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        <str as ToSql<Text, DB>>::to_sql(self.json.as_str(), out)
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = media)]
pub struct Media {
    pub id: i64,
    pub key: String,
    pub filename: String,
    pub mime_type: String,
    pub bytes: i64,
    pub width: i32,
    pub height: i32,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub focal_x: i32,
    pub focal_y: i32,
    pub blurhash: Option<String>,
    pub status: MediaStatus,
    pub variants: Variants,
    pub failure: Option<String>,
    pub uploaded_by: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = media)]
pub struct NewMedia {
    pub key: String,
    pub filename: String,
    pub mime_type: String,
    pub bytes: i64,
    pub width: i32,
    pub height: i32,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub status: MediaStatus,
    pub uploaded_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an editor may change; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = media)]
pub struct MediaChanges {
    pub filename: Option<String>,
    pub alt: Option<Option<String>>,
    pub caption: Option<Option<String>>,
    pub credit: Option<Option<String>>,
    pub focal_x: Option<i32>,
    pub focal_y: Option<i32>,
}

#[tracing::instrument(level = "debug", skip_all)]
pub fn insert(conn: &mut DbConn, new: &NewMedia) -> QueryResult<Media> {
    diesel::insert_into(media::table).values(new).returning(columns::<Media>()).get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<Option<Media>> {
    media::table.find(id).select(Media::as_select()).first(conn).optional()
}

pub fn find_for_update(conn: &mut DbConn, id: i64) -> QueryResult<Option<Media>> {
    super::first_for_update!(conn, media::table.find(id).select(Media::as_select()))
}

/// The items with these ids (in no particular order).
pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<Media>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    media::table.filter(media::id.eq_any(ids)).select(Media::as_select()).load(conn)
}

/// Which of `ids` the library has.
pub fn existing_ids(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    media::table.filter(media::id.eq_any(ids)).select(media::id).load(conn)
}

/// The library's list filters.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Words in the file name, alt text or caption.
    pub q: Option<String>,
    pub mime_type: Option<String>,
    /// Only items nothing uses.
    pub unused: bool,
    /// Only this user's uploads.
    pub uploaded_by: Option<i64>,
}

/// A page of the library, newest first, before the id `before`.
#[tracing::instrument(level = "debug", skip_all)]
pub fn list(conn: &mut DbConn, filter: &Filter, before: Option<i64>, limit: i64) -> QueryResult<Vec<Media>> {
    let mut query = media::table.order(media::id.desc()).limit(limit).select(Media::as_select()).into_boxed();
    if let Some(before) = before {
        query = query.filter(media::id.lt(before));
    }
    if let Some(q) = &filter.q {
        let pattern = super::contains_pattern(q);
        query = query.filter(
            super::lower(media::filename)
                .like(pattern.clone())
                .escape('\\')
                .or(super::lower(media::alt.assume_not_null()).like(pattern.clone()).escape('\\'))
                .or(super::lower(media::caption.assume_not_null()).like(pattern).escape('\\')),
        );
    }
    if let Some(mime_type) = &filter.mime_type {
        query = query.filter(media::mime_type.eq(mime_type.clone()));
    }
    if let Some(user) = filter.uploaded_by {
        query = query.filter(media::uploaded_by.eq(user));
    }
    if filter.unused {
        query = query
            .filter(not(exists(articles::table.filter(articles::cover_image_id.eq(media::id.nullable())))))
            .filter(not(exists(sections::table.filter(sections::media_id.eq(media::id.nullable())))))
            .filter(not(exists(section_media::table.filter(section_media::media_id.eq(media::id)))))
            .filter(not(exists(movies::table.filter(movies::poster_id.eq(media::id.nullable())))))
            .filter(not(exists(cast_members::table.filter(cast_members::photo_id.eq(media::id.nullable())))))
            .filter(not(exists(users::table.filter(users::avatar_id.eq(media::id.nullable())))));
    }
    query.load(conn)
}

/// Changes what an editor may change, and the version.
pub fn update(conn: &mut DbConn, id: i64, changes: &MediaChanges) -> QueryResult<Media> {
    diesel::update(media::table.find(id))
        .set((changes, media::version.eq(media::version + 1), media::updated_at.eq(now())))
        .returning(columns::<Media>())
        .get_result(conn)
}

/// What processing made of an upload.
#[derive(Debug, Clone)]
pub struct Made {
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub blurhash: String,
    pub variants: Vec<Variant>,
}

/// Marks every item of `key` still processing ready, with what was made.
pub fn set_ready(conn: &mut DbConn, key: &str, made: &Made) -> QueryResult<Vec<Media>> {
    diesel::update(media::table.filter(media::key.eq(key)).filter(media::status.eq(MediaStatus::Processing)))
        .set((
            media::status.eq(MediaStatus::Ready),
            media::width.eq(made.width),
            media::height.eq(made.height),
            media::bytes.eq(made.bytes),
            media::blurhash.eq(Some(made.blurhash.clone())),
            media::variants.eq(Variants::new(made.variants.clone())),
            media::failure.eq(None::<String>),
            media::version.eq(media::version + 1),
            media::updated_at.eq(now()),
        ))
        .returning(columns::<Media>())
        .get_results(conn)
}

/// Marks an item failed, saying why.
pub fn set_failed(conn: &mut DbConn, id: i64, failure: &str) -> QueryResult<usize> {
    diesel::update(media::table.find(id))
        .set((
            media::status.eq(MediaStatus::Failed),
            media::failure.eq(Some(failure)),
            media::version.eq(media::version + 1),
            media::updated_at.eq(now()),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    diesel::delete(media::table.find(id)).execute(conn)
}

/// Whether any item keeps its files under `key`.
pub fn key_in_use(conn: &mut DbConn, key: &str) -> QueryResult<bool> {
    diesel::select(exists(media::table.filter(media::key.eq(key)))).get_result(conn)
}

/// A ready item with the same upload, whose files can be reused.
pub fn ready_with_key(conn: &mut DbConn, key: &str) -> QueryResult<Option<Media>> {
    media::table
        .filter(media::key.eq(key))
        .filter(media::status.eq(MediaStatus::Ready))
        .select(Media::as_select())
        .first(conn)
        .optional()
}

/// Where content uses an item: `(kind, id)` of each article (cover), section (media or an
/// image in its body), movie (poster), cast member (photo) and user (avatar).
#[tracing::instrument(level = "debug", skip_all)]
pub fn uses(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<(i64, MediaUse, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The rows whose `column` names one of `ids`, as (item, row id).
    macro_rules! naming {
        ($table:ident . $column:ident) => {
            $table::table
                .filter($table::$column.eq_any(ids))
                .select(($table::$column, $table::id))
                .load::<(Option<i64>, i64)>(conn)?
        };
    }
    let in_bodies: Vec<(i64, i64)> = section_media::table
        .filter(section_media::media_id.eq_any(ids))
        .select((section_media::media_id, section_media::section_id))
        .load(conn)?;
    let mut found = Vec::new();
    for (kind, rows) in [
        (MediaUse::Article, naming!(articles.cover_image_id)),
        (MediaUse::Section, naming!(sections.media_id)),
        (MediaUse::Section, in_bodies.into_iter().map(|(m, s)| (Some(m), s)).collect()),
        (MediaUse::Movie, naming!(movies.poster_id)),
        (MediaUse::CastMember, naming!(cast_members.photo_id)),
        (MediaUse::User, naming!(users.avatar_id)),
    ] {
        found.extend(rows.into_iter().filter_map(|(media, id)| media.map(|m| (m, kind, id))));
    }
    found.sort_unstable_by_key(|(media, kind, id)| (*media, kind.as_str(), *id));
    found.dedup();
    Ok(found)
}

/// The sections whose bodies show these items.
pub fn sections_showing(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<i64>> {
    section_media::table.filter(section_media::media_id.eq_any(ids)).select(section_media::section_id).load(conn)
}

/// Every section whose body shows a library item.
pub fn sections_with_images(conn: &mut DbConn) -> QueryResult<Vec<i64>> {
    section_media::table.select(section_media::section_id).distinct().load(conn)
}

/// Records which items a section's body shows (replacing what it showed before).
pub fn set_section_images(conn: &mut DbConn, section_id: i64, ids: &[i64]) -> QueryResult<()> {
    diesel::delete(section_media::table.filter(section_media::section_id.eq(section_id))).execute(conn)?;
    for id in ids {
        diesel::insert_into(section_media::table)
            .values((section_media::section_id.eq(section_id), section_media::media_id.eq(id)))
            .execute(conn)?;
    }
    Ok(())
}

/// The ids of the items of `key` still processing.
pub fn processing_with_key(conn: &mut DbConn, key: &str) -> QueryResult<Vec<i64>> {
    media::table
        .filter(media::key.eq(key))
        .filter(media::status.eq(MediaStatus::Processing))
        .select(media::id)
        .load(conn)
}

/// The store names of every item's files: its original and variants once ready, the waiting
/// upload while processing (a failed item has none).
pub fn stored_names(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    let rows: Vec<(String, String, MediaStatus, Variants)> =
        media::table.select((media::key, media::mime_type, media::status, media::variants)).load(conn)?;
    let mut names: Vec<String> = rows
        .into_iter()
        .flat_map(|(key, mime_type, status, variants)| match status {
            MediaStatus::Ready => std::iter::once(names::original(&mime_type))
                .chain(variants.list().iter().map(Variant::file_name))
                .map(|name| names::file(&key, &name))
                .collect(),
            MediaStatus::Processing => vec![names::incoming(&key)],
            MediaStatus::Failed => Vec::new(),
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    Ok(names)
}
