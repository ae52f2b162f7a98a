//! Login, refresh and logout.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::users::User;
use crate::domain::Role;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "editor@example.com")]
    pub email: String,
    #[schema(example = "correct horse battery staple")]
    pub password: String,
    /// For browsers: send the refresh token as an `HttpOnly`, `Secure`, `SameSite=Strict`
    /// cookie scoped to `/api/v1/auth` instead of in the body (`refresh_token` is then
    /// `null`), so page scripts never hold it. `POST /auth/refresh` and `POST /auth/logout`
    /// use the cookie when their body names no token.
    #[serde(default)]
    pub session_cookie: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    #[schema(example = "correct horse battery staple")]
    pub current_password: String,
    /// At least 12 characters, as for a new user.
    #[schema(example = "a longer passphrase than before")]
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token; omitted, the session cookie's (see `session_cookie` at login).
    #[serde(default)]
    #[schema(nullable = false)]
    pub refresh_token: Option<String>,
}

/// The signed-in user, as login and `GET /auth/me` show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Their author page's slug.
    pub slug: String,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    /// A media library item: their picture.
    pub avatar_id: Option<i64>,
    /// The ETag of the account, for `If-Match` on `PATCH /auth/me`.
    pub version: i64,
}

impl From<User> for CurrentUser {
    fn from(u: User) -> Self {
        CurrentUser {
            slug: u.slug.clone().unwrap_or_else(|| format!("user-{}", u.id)),
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            bio: u.bio,
            avatar_url: u.avatar_url,
            avatar_id: u.avatar_id,
            version: u.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer ...`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: u64,
    /// Exchange at `POST /auth/refresh` for a new pair; it works once. `null` when it was
    /// sent as the session cookie instead.
    pub refresh_token: Option<String>,
    pub user: CurrentUser,
}
