//! Users, as administrators manage them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{non_null, rfc3339, utc, Check};
use crate::auth::password;
use crate::content::users::UserInput;
use crate::db::users::{User, UserChanges};
use crate::domain::limits;
use crate::domain::{text, Email, Role};
use crate::error::ApiError;

#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    /// Their author page's slug.
    pub slug: String,
    pub bio: Option<String>,
    pub avatar_url: Option<String>,
    /// A media library item: their picture.
    pub avatar_id: Option<i64>,
    pub role: Role,
    pub disabled: bool,
    pub version: i64,
    #[serde(with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "rfc3339")]
    pub updated_at: DateTime<Utc>,
}

impl From<User> for UserResponse {
    fn from(u: User) -> Self {
        UserResponse {
            slug: u.slug.clone().unwrap_or_else(|| format!("user-{}", u.id)),
            bio: u.bio,
            avatar_url: u.avatar_url,
            avatar_id: u.avatar_id,
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role,
            disabled: u.disabled,
            version: u.version,
            created_at: utc(u.created_at),
            updated_at: utc(u.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "writer@example.com", format = Email)]
    pub email: String,
    #[schema(example = "Ada Writer", min_length = 1, pattern = r"\S")]
    pub display_name: String,
    pub role: Role,
    /// At least 12 characters.
    pub password: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[schema(min_length = 1, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub display_name: Option<String>,
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub role: Option<Role>,
    /// At least 12 characters; ends the user's sessions.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub password: Option<String>,
    /// Disabling ends the user's sessions and stops their API tokens.
    #[schema(nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub disabled: Option<bool>,
    #[serde(flatten)]
    pub profile: ProfileFields,
}

/// The public profile fields, which users also change themselves (`PATCH /auth/me`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFields {
    /// Their author page's address (`/authors/{slug}`); made from the name at creation.
    #[schema(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub slug: Option<String>,
    /// A few lines about them, shown with their articles; `null` clears it.
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<String>)]
    pub bio: Option<Option<String>>,
    /// An http(s) URL of their picture; `null` clears it.
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<String>)]
    pub avatar_url: Option<Option<String>>,
    /// A media library item: their picture, shown as `avatar` (and `avatar_url`); `null`
    /// clears it.
    #[serde(default, deserialize_with = "super::double_option")]
    #[schema(value_type = Option<i64>, minimum = 1)]
    pub avatar_id: Option<Option<i64>>,
}

/// What users change of themselves.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    #[schema(min_length = 1, pattern = r"\S", nullable = false)]
    #[serde(default, deserialize_with = "non_null")]
    pub display_name: Option<String>,
    #[serde(flatten)]
    pub profile: ProfileFields,
}

/// Checks the profile fields into a change.
fn check_profile(c: &mut Check, display_name: Option<String>, p: ProfileFields) -> UserChanges {
    UserChanges {
        display_name: c.patch("display_name", display_name, |n| text::bounded(&n, 1, limits::DISPLAY_NAME)),
        slug: c.patch("slug", p.slug, |s| crate::domain::Slug::parse(&s).map(crate::domain::Slug::into_inner)),
        bio: c.patch("bio", p.bio, |v| super::fields::optional(v, limits::AUTHOR_BIO)),
        avatar_url: c.patch("avatar_url", p.avatar_url, super::fields::url),
        avatar_id: c.patch("avatar_id", p.avatar_id, |v| v.map(super::fields::id).transpose()),
        ..UserChanges::default()
    }
}

impl TryFrom<UpdateProfileRequest> for UserChanges {
    type Error = ApiError;

    fn try_from(r: UpdateProfileRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let changes = check_profile(&mut c, r.display_name, r.profile);
        c.finish(changes)
    }
}

/// A user to create, every field checked; the password is still in clear until hashed off
/// the async workers.
pub struct NewUserInput {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

impl TryFrom<CreateUserRequest> for NewUserInput {
    type Error = ApiError;

    fn try_from(req: CreateUserRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let email = c.take("email", Email::parse(&req.email));
        let display_name = c.take("display_name", text::bounded(&req.display_name, 1, limits::DISPLAY_NAME));
        c.take("password", password::check_policy(&req.password));
        c.finish(NewUserInput { email, display_name, role: req.role, password: req.password })
    }
}

impl NewUserInput {
    /// The input to store, with the password's hash.
    pub fn hashed(self, password_hash: String) -> UserInput {
        UserInput { email: self.email, display_name: self.display_name, role: self.role, password_hash }
    }
}

/// A checked user update; the password is still in clear until hashed off the workers.
pub struct UserUpdate {
    pub profile: UserChanges,
    pub role: Option<Role>,
    pub password: Option<String>,
    pub disabled: Option<bool>,
}

impl TryFrom<UpdateUserRequest> for UserUpdate {
    type Error = ApiError;

    fn try_from(req: UpdateUserRequest) -> Result<Self, ApiError> {
        let mut c = Check::new();
        let profile = check_profile(&mut c, req.display_name, req.profile);
        if let Some(p) = req.password.as_deref() {
            c.take("password", password::check_policy(p));
        }
        c.finish(UserUpdate { profile, role: req.role, password: req.password, disabled: req.disabled })
    }
}

impl UserUpdate {
    /// The change to store, with the new password's hash if there is one.
    pub fn hashed(self, password_hash: Option<String>) -> UserChanges {
        UserChanges { role: self.role, password_hash, disabled: self.disabled, ..self.profile }
    }
}
