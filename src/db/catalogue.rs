//! Whole tables in id order, and rows written back with their ids, versions and times: what
//! `marquee export` reads and `marquee import json` writes (the file format is `transfer`'s).

use diesel::prelude::*;

use super::articles::Article;
use super::cast_members::CastMember;
use super::comments::Comment;
use super::credits::Credit;
use super::movies::Movie;
use super::revisions::Revision;
use super::schema::{
    article_tags, articles, cast_members, comments, credits, movies, related_articles, revisions, sections, tags, users,
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

/// Every row of each table, in id order (links in each article's order).
pub struct Tables {
    pub users: Vec<User>,
    pub movies: Vec<Movie>,
    pub cast_members: Vec<CastMember>,
    pub credits: Vec<Credit>,
    pub tags: Vec<TagRow>,
    pub articles: Vec<Article>,
    pub article_tags: Vec<TagLink>,
    pub related_articles: Vec<RelatedLink>,
    pub sections: Vec<Section>,
    pub revisions: Vec<Revision>,
    pub comments: Vec<Comment>,
}

/// Reads every table; run it in one transaction for a consistent copy.
pub fn read(conn: &mut DbConn) -> QueryResult<Tables> {
    Ok(Tables {
        users: users::table.order(users::id).select(User::as_select()).load(conn)?,
        movies: movies::table.order(movies::id).select(Movie::as_select()).load(conn)?,
        cast_members: cast_members::table.order(cast_members::id).select(CastMember::as_select()).load(conn)?,
        credits: credits::table.order(credits::id).select(Credit::as_select()).load(conn)?,
        tags: tags::table.order(tags::id).select(TagRow::as_select()).load(conn)?,
        articles: articles::table.order(articles::id).select(Article::as_select()).load(conn)?,
        article_tags: article_tags::table
            .order((article_tags::article_id, article_tags::position))
            .select(TagLink::as_select())
            .load(conn)?,
        related_articles: related_articles::table
            .order((related_articles::article_id, related_articles::position))
            .select(RelatedLink::as_select())
            .load(conn)?,
        sections: sections::table.order(sections::id).select(Section::as_select()).load(conn)?,
        revisions: revisions::table.order(revisions::id).select(Revision::as_select()).load(conn)?,
        comments: comments::table.order(comments::id).select(Comment::as_select()).load(conn)?,
    })
}

/// Whether the database has no user and no content yet.
pub fn is_empty(conn: &mut DbConn) -> QueryResult<bool> {
    let counts: [i64; 5] = [
        users::table.count().get_result(conn)?,
        movies::table.count().get_result(conn)?,
        cast_members::table.count().get_result(conn)?,
        articles::table.count().get_result(conn)?,
        tags::table.count().get_result(conn)?,
    ];
    Ok(counts.iter().all(|n| *n == 0))
}

/// Writes `tables` with their ids, parents before children.
pub fn write(conn: &mut DbConn, tables: &Tables) -> QueryResult<()> {
    /// One insert per row: `MultiConnection` takes no multi-row inserts.
    fn each<T>(
        conn: &mut DbConn,
        rows: &[T],
        insert: impl Fn(&mut DbConn, &T) -> QueryResult<usize>,
    ) -> QueryResult<()> {
        rows.iter().try_for_each(|row| insert(conn, row).map(drop))
    }
    each(conn, &tables.users, |c, r| diesel::insert_into(users::table).values(r).execute(c))?;
    each(conn, &tables.movies, |c, r| diesel::insert_into(movies::table).values(r).execute(c))?;
    each(conn, &tables.cast_members, |c, r| diesel::insert_into(cast_members::table).values(r).execute(c))?;
    each(conn, &tables.credits, |c, r| diesel::insert_into(credits::table).values(r).execute(c))?;
    each(conn, &tables.tags, |c, r| diesel::insert_into(tags::table).values(r).execute(c))?;
    each(conn, &tables.articles, |c, r| diesel::insert_into(articles::table).values(r).execute(c))?;
    each(conn, &tables.article_tags, |c, r| diesel::insert_into(article_tags::table).values(r).execute(c))?;
    each(conn, &tables.related_articles, |c, r| diesel::insert_into(related_articles::table).values(r).execute(c))?;
    each(conn, &tables.sections, |c, r| diesel::insert_into(sections::table).values(r).execute(c))?;
    each(conn, &tables.revisions, |c, r| diesel::insert_into(revisions::table).values(r).execute(c))?;
    each(conn, &tables.comments, |c, r| diesel::insert_into(comments::table).values(r).execute(c))?;
    move_sequences(conn)
}

/// The tables whose ids a catalogue carries.
const TABLES_WITH_IDS: [&str; 9] =
    ["users", "movies", "cast_members", "credits", "tags", "articles", "sections", "revisions", "comments"];

/// Rows inserted with their ids leave PostgreSQL's identity sequences behind; the next
/// record made must not take an imported id. (SQLite tracks the largest id by itself.)
fn move_sequences(conn: &mut DbConn) -> QueryResult<()> {
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
