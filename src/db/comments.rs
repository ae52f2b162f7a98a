//! The `comments` table.

use diesel::prelude::*;

use super::schema::comments;
use super::DbConn;
use crate::domain::CommentStatus;

/// Approved comments of an article: the count the public sees.
pub fn approved_count(conn: &mut DbConn, article_id: i64) -> QueryResult<i64> {
    comments::table
        .filter(comments::article_id.eq(article_id))
        .filter(comments::status.eq(CommentStatus::Approved))
        .count()
        .get_result(conn)
}
