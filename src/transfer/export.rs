//! Reading the catalogue out of a database, in one transaction so it is consistent.

use super::{Catalogue, FORMAT, VERSION};
use crate::content::settings;
use crate::db::{self, DbConn};
use crate::error::ApiError;

/// Every record of the catalogue, in id order.
pub fn catalogue(conn: &mut DbConn) -> Result<Catalogue, ApiError> {
    db::tx::write(conn, |conn| {
        let t = db::catalogue::read(conn)?;
        Ok(Catalogue {
            format: FORMAT.into(),
            version: VERSION,
            exported_at: db::now(),
            users: t.users.into_iter().map(Into::into).collect(),
            movies: t.movies.into_iter().map(Into::into).collect(),
            cast_members: t.cast_members.into_iter().map(Into::into).collect(),
            credits: t.credits.into_iter().map(Into::into).collect(),
            tags: t.tags.into_iter().map(Into::into).collect(),
            articles: t.articles.into_iter().map(Into::into).collect(),
            article_tags: t.article_tags.into_iter().map(Into::into).collect(),
            related_articles: t.related_articles.into_iter().map(Into::into).collect(),
            sections: t.sections.into_iter().map(Into::into).collect(),
            revisions: t.revisions.into_iter().map(Into::into).collect(),
            comments: t.comments.into_iter().map(Into::into).collect(),
            moderation: settings::moderation_rules(conn)?,
        })
    })
}
