//! Reading the catalogue out of a database, in one transaction so it is consistent.

use diesel::prelude::*;

use super::records::{
    ArticleRecord, ArticleTagRecord, CastMemberRecord, CommentRecord, CreditRecord, MovieRecord, RelatedRecord,
    RevisionRecord, SectionRecord, TagRecord, UserRecord,
};
use super::{Catalogue, FORMAT, VERSION};
use crate::content::settings;
use crate::db::schema::{
    article_tags, articles, cast_members, comments, credits, movies, related_articles, revisions, sections, tags, users,
};
use crate::db::{self, DbConn};
use crate::error::ApiError;

/// Every record of the catalogue, in id order.
pub fn catalogue(conn: &mut DbConn) -> Result<Catalogue, ApiError> {
    db::write_tx(conn, |conn| {
        Ok(Catalogue {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: db::now(),
            users: users::table.order(users::id).select(UserRecord::as_select()).load(conn)?,
            movies: movies::table.order(movies::id).select(MovieRecord::as_select()).load(conn)?,
            cast_members: cast_members::table
                .order(cast_members::id)
                .select(CastMemberRecord::as_select())
                .load(conn)?,
            credits: credits::table.order(credits::id).select(CreditRecord::as_select()).load(conn)?,
            tags: tags::table.order(tags::id).select(TagRecord::as_select()).load(conn)?,
            articles: articles::table.order(articles::id).select(ArticleRecord::as_select()).load(conn)?,
            article_tags: article_tags::table
                .order((article_tags::article_id, article_tags::position))
                .select(ArticleTagRecord::as_select())
                .load(conn)?,
            related_articles: related_articles::table
                .order((related_articles::article_id, related_articles::position))
                .select(RelatedRecord::as_select())
                .load(conn)?,
            sections: sections::table.order(sections::id).select(SectionRecord::as_select()).load(conn)?,
            revisions: revisions::table.order(revisions::id).select(RevisionRecord::as_select()).load(conn)?,
            comments: comments::table.order(comments::id).select(CommentRecord::as_select()).load(conn)?,
            moderation: settings::moderation_rules(conn)?,
        })
    })
}
