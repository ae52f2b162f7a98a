//! The `tags` and `article_tags` tables: tags are shared by slug between articles and made
//! the first time an article uses one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::articles::visible;
use super::schema::{article_tags, articles, tags};
use super::DbConn;

/// A tag as articles show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub slug: String,
    pub name: String,
}

/// Tags of several articles as `(article_id, tag)`, in each article's order.
#[tracing::instrument(level = "debug", skip_all)]
pub fn of_articles(conn: &mut DbConn, article_ids: &[i64]) -> QueryResult<Vec<(i64, Tag)>> {
    if article_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, String)> = article_tags::table
        .inner_join(tags::table)
        .filter(article_tags::article_id.eq_any(article_ids))
        .order((article_tags::article_id.asc(), article_tags::position.asc()))
        .select((article_tags::article_id, tags::slug, tags::name))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, slug, name)| (id, Tag { slug, name })).collect())
}

/// The id of the tag with `slug`, creating it when new. Two writers creating the same new
/// tag at once both get the one row: the insert ignores the loser's conflict.
fn id_of(conn: &mut DbConn, tag: &Tag) -> QueryResult<i64> {
    diesel::sql_query("INSERT INTO tags (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING")
        .bind::<Text, _>(&tag.slug)
        .bind::<Text, _>(&tag.name)
        .execute(conn)?;
    tags::table.filter(tags::slug.eq(&tag.slug)).select(tags::id).first(conn)
}

/// Replaces an article's tags, in order.
#[tracing::instrument(level = "debug", skip_all)]
pub fn set_for_article(conn: &mut DbConn, article_id: i64, tag_list: &[Tag]) -> QueryResult<()> {
    diesel::delete(article_tags::table.filter(article_tags::article_id.eq(article_id))).execute(conn)?;
    for (position, tag) in tag_list.iter().enumerate() {
        let tag_id = id_of(conn, tag)?;
        diesel::insert_into(article_tags::table)
            .values((
                article_tags::article_id.eq(article_id),
                article_tags::tag_id.eq(tag_id),
                article_tags::position.eq(position as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Tags used by at least one public article, with how many, by name.
#[tracing::instrument(level = "debug", skip_all)]
pub fn in_use(conn: &mut DbConn, at: NaiveDateTime) -> QueryResult<Vec<(Tag, i64)>> {
    let rows: Vec<(String, String, i64)> = article_tags::table
        .inner_join(tags::table)
        .inner_join(articles::table)
        .filter(visible(at))
        .group_by((tags::id, tags::slug, tags::name))
        .select((tags::slug, tags::name, diesel::dsl::count_star()))
        .order(tags::name.asc())
        .load(conn)?;
    Ok(rows.into_iter().map(|(slug, name, count)| (Tag { slug, name }, count)).collect())
}
