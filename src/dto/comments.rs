//! Reader comments: what readers send and see, and what moderators work with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{double_option, rfc3339, utc, Check};
use crate::content::comments::CommentInput;
use crate::db::comments::Comment;
use crate::domain::limits;
use crate::domain::{text, CommentStatus, Email};
use crate::error::ApiError;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"author_name": "Ann", "author_email": "ann@example.com", "body": "So Hannah was never born?"}))]
pub struct CreateCommentRequest {
    #[schema(min_length = 1, pattern = r"\S")]
    pub author_name: String,
    /// Never shown publicly.
    #[schema(format = Email)]
    pub author_email: String,
    /// Plain text; links become `nofollow` anchors in `body_html`.
    #[schema(min_length = 1, pattern = r"\S")]
    pub body: String,
    /// Reply to this approved comment of the same article.
    pub parent_id: Option<i64>,
    /// Leave out, or empty.
    pub website: Option<String>,
}

impl TryFrom<CreateCommentRequest> for CommentInput {
    type Error = ApiError;

    fn try_from(r: CreateCommentRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let author_name = c.take("author_name", text::bounded(&r.author_name, 1, limits::COMMENT_AUTHOR));
        let author_email = c.take("author_email", Email::parse(&r.author_email));
        let body = c.take("body", text::bounded(&r.body, 1, limits::COMMENT_BODY));
        let honeypot = r.website.as_deref().is_some_and(|w| !w.trim().is_empty());
        c.finish(CommentInput { author_name, author_email, body, parent_id: r.parent_id, honeypot })
    }
}

/// The answer to a submission: accepted for moderation.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentAccepted {
    pub id: i64,
    /// `approved` when it shows at once, else `pending`.
    pub status: CommentStatus,
}

/// A comment as readers see it: no email, address, status or moderation detail.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicComment {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub body_html: String,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}

impl From<Comment> for PublicComment {
    fn from(c: Comment) -> Self {
        PublicComment {
            id: c.id,
            parent_id: c.parent_id,
            author_name: c.author_name,
            body: c.body,
            body_html: c.body_html,
            created_at: utc(c.created_at),
        }
    }
}

/// A comment as moderators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminComment {
    pub id: i64,
    pub article_id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub author_email: String,
    pub body: String,
    pub body_html: String,
    pub status: CommentStatus,
    /// The rule that decided the status on arrival: `auto_approved`, `hold_all`,
    /// `first_time`, `hold_word`, `too_many_links`, `block_word` or `honeypot`.
    pub moderation_reason: String,
    pub moderation_note: Option<String>,
    pub user_agent: Option<String>,
    pub moderated_by: Option<i64>,
    #[serde(with = "rfc3339::option")]
    pub moderated_at: Option<DateTime<Utc>>,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<Comment> for AdminComment {
    fn from(c: Comment) -> Self {
        AdminComment {
            id: c.id,
            article_id: c.article_id,
            parent_id: c.parent_id,
            author_name: c.author_name,
            author_email: c.author_email,
            body: c.body,
            body_html: c.body_html,
            status: c.status,
            moderation_reason: c.moderation_reason,
            moderation_note: c.moderation_note,
            user_agent: c.user_agent,
            moderated_by: c.moderated_by,
            moderated_at: c.moderated_at.map(utc),
            version: c.version,
            created_at: utc(c.created_at),
            updated_at: utc(c.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCommentRequest {
    pub status: CommentStatus,
    /// For other moderators; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub moderation_note: Option<Option<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkModerateRequest {
    /// 1 to 500 comment ids.
    pub ids: Vec<i64>,
    pub status: CommentStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkModerateResponse {
    /// Comments whose status changed.
    pub updated: i64,
}

/// Filters of the moderation queue.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CommentFilter {
    pub status: Option<CommentStatus>,
    pub article_id: Option<i64>,
    /// Text in the body, name or email.
    pub q: Option<String>,
}
