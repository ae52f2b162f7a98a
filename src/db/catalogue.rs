//! Whole tables in id order, a page at a time, and rows written back one by one with their
//! ids, versions and times: what `marquee export` reads and `marquee import json` writes
//! (the file format is `transfer`'s).

use diesel::prelude::*;

use super::articles::Article;
use super::cast_members::CastMember;
use super::comments::Comment;
use super::credits::Credit;
use super::media::Media;
use super::movies::Movie;
use super::revisions::Revision;
use super::schema::{
    article_tags, articles, cast_members, comments, credits, media, movies, related_articles, revisions, sections,
    tags, users,
};
use super::sections::Section;
use super::users::User;
use super::DbConn;

/// A tag with its id (articles refer to it by id).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tags)]
pub struct TagRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// A tag on an article, at its place in the article's order.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = article_tags)]
pub struct TagLink {
    pub article_id: i64,
    pub tag_id: i64,
    pub position: i32,
}

/// A related article, at its place in the article's order.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = related_articles)]
pub struct RelatedLink {
    pub article_id: i64,
    pub related_id: i64,
    pub position: i32,
}

/// A page of `table`'s rows after the id `after`, in id order: what an export reads, a
/// page at a time so its memory stays bounded.
macro_rules! pages {
    ($($(#[$doc:meta])* $name:ident: $row:ty => $table:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(conn: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<$row>> {
            $table::table
                .filter($table::id.gt(after))
                .order($table::id)
                .limit(limit)
                .select(<$row>::as_select())
                .load(conn)
        }
    )*};
}

pages! {
    users: User => users;
    media: Media => media;
    movies: Movie => movies;
    cast_members: CastMember => cast_members;
    credits: Credit => credits;
    tags: TagRow => tags;
    articles: Article => articles;
    sections: Section => sections;
    revisions: Revision => revisions;
    comments: Comment => comments;
}

/// Tags on articles after `(article_id, position)`, in each article's order.
pub fn article_tags(conn: &mut DbConn, after: (i64, i32), limit: i64) -> QueryResult<Vec<TagLink>> {
    article_tags::table
        .filter(
            article_tags::article_id
                .gt(after.0)
                .or(article_tags::article_id.eq(after.0).and(article_tags::position.gt(after.1))),
        )
        .order((article_tags::article_id, article_tags::position))
        .limit(limit)
        .select(TagLink::as_select())
        .load(conn)
}

/// Related links after `(article_id, position)`, in each article's order.
pub fn related_articles(conn: &mut DbConn, after: (i64, i32), limit: i64) -> QueryResult<Vec<RelatedLink>> {
    related_articles::table
        .filter(
            related_articles::article_id
                .gt(after.0)
                .or(related_articles::article_id.eq(after.0).and(related_articles::position.gt(after.1))),
        )
        .order((related_articles::article_id, related_articles::position))
        .limit(limit)
        .select(RelatedLink::as_select())
        .load(conn)
}

/// Gives imported users the library avatars they had (set once the library is in: the
/// avatars' items name their uploaders).
pub fn set_avatar(conn: &mut DbConn, user_id: i64, avatar_id: i64) -> QueryResult<()> {
    diesel::update(users::table.find(user_id)).set(users::avatar_id.eq(Some(avatar_id))).execute(conn).map(drop)
}

/// Whether the database has no user and no content yet.
pub fn is_empty(conn: &mut DbConn) -> QueryResult<bool> {
    let counts: [i64; 6] = [
        users::table.count().get_result(conn)?,
        media::table.count().get_result(conn)?,
        movies::table.count().get_result(conn)?,
        cast_members::table.count().get_result(conn)?,
        articles::table.count().get_result(conn)?,
        tags::table.count().get_result(conn)?,
    ];
    Ok(counts.iter().all(|n| *n == 0))
}

/// Writes one row with its id (`MultiConnection` takes no multi-row inserts).
macro_rules! inserts {
    ($($name:ident: $row:ty => $table:ident;)*) => {$(
        pub fn $name(conn: &mut DbConn, row: &$row) -> QueryResult<()> {
            diesel::insert_into($table::table).values(row).execute(conn).map(drop)
        }
    )*};
}

inserts! {
    insert_user: User => users;
    insert_media: Media => media;
    insert_movie: Movie => movies;
    insert_cast_member: CastMember => cast_members;
    insert_credit: Credit => credits;
    insert_tag: TagRow => tags;
    insert_article: Article => articles;
    insert_article_tag: TagLink => article_tags;
    insert_related: RelatedLink => related_articles;
    insert_section: Section => sections;
    insert_revision: Revision => revisions;
    insert_comment: Comment => comments;
}

/// The tables whose ids a catalogue carries.
const TABLES_WITH_IDS: [&str; 11] = [
    "users",
    "media",
    "movies",
    "cast_members",
    "credits",
    "tags",
    "articles",
    "sections",
    "revisions",
    "comments",
    "redirects",
];

/// Rows inserted with their ids leave PostgreSQL's identity sequences behind; the next
/// record made must not take an imported id. (SQLite tracks the largest id by itself.)
pub fn move_sequences(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Postgres(pg) = conn {
        for table in TABLES_WITH_IDS {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(pg)?;
        }
    }
    Ok(())
}
