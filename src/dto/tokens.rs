//! API tokens for scripts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{rfc3339, utc, Check};
use crate::content::tokens::TokenInput;
use crate::db::tokens::ApiToken;
use crate::domain::limits;
use crate::domain::{text, Role};
use crate::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTokenResponse {
    pub id: i64,
    pub name: String,
    /// The token's first characters, to tell tokens apart.
    #[schema(example = "mq_4kT9xQ2b")]
    pub prefix: String,
    pub role: Role,
    /// The owner.
    pub user_id: i64,
    #[serde(with = "rfc3339::option")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(with = "rfc3339::option")]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
}

impl From<ApiToken> for ApiTokenResponse {
    fn from(t: ApiToken) -> Self {
        ApiTokenResponse {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            role: t.role,
            user_id: t.user_id,
            expires_at: t.expires_at.map(utc),
            last_used_at: t.last_used_at.map(utc),
            created_at: utc(t.created_at),
        }
    }
}

/// A token just created: the only time its secret is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiToken {
    #[serde(flatten)]
    pub record: ApiTokenResponse,
    /// Send as `Authorization: Bearer <token>`. Shown this once; only its hash is kept.
    #[schema(example = "mq_4kT9xQ2bY7cLm0PzR3sW8vN1dF6gH5jK2aE9uT4iO0q")]
    pub token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    #[schema(example = "comment-moderation-bot", min_length = 1, pattern = r"\S")]
    pub name: String,
    /// At most the owner's role; defaults to it.
    pub role: Option<Role>,
    /// When the token stops working; never, when omitted.
    #[serde(default, with = "rfc3339::option")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Checks a request against the owner's role: a token never outranks its owner.
pub fn token_input(req: CreateTokenRequest, owner_role: Role) -> Result<TokenInput, ApiError> {
    let mut c = Check::new();
    let name = c.take("name", text::bounded(&req.name, 1, limits::DISPLAY_NAME));
    let role = req.role.unwrap_or(owner_role);
    if !owner_role.includes(role) {
        c.fail("role", format!("may not exceed your own role ({owner_role})"));
    }
    if req.expires_at.is_some_and(|t| t <= Utc::now()) {
        c.fail("expires_at", "must be in the future");
    }
    c.finish(TokenInput { name, role, expires_at: req.expires_at })
}
