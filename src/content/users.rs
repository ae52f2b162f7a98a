//! Users: accounts for the editorial team. The API, `marquee users create` and the first
//! start all create users here, with the same checks and the same audit row. Passwords
//! arrive already hashed: hashing is slow on purpose and happens before the transaction.

use super::{choose_slug, ensure_slug_free, ensure_version, inserted, slug_renamed, Effects};
use crate::cache::SurrogateKey;
use crate::db::users::{NewUser, User, UserChanges};
use crate::db::{self, DbConn};
use crate::domain::{ChangeAction, ChangeKind, Email, Expected, Role, SlugKind};
use crate::error::ApiError;

/// A checked new user.
#[derive(Debug, Clone)]
pub struct UserInput {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
}

/// Creates a user; 409 when the email is taken. `actor` is the admin who did it, `None`
/// from the command line or the first start.
#[tracing::instrument(level = "debug", skip_all, fields(role = %input.role))]
pub fn create(conn: &mut DbConn, actor: Option<i64>, input: &UserInput) -> Result<User, ApiError> {
    if db::users::find_by_email(conn, input.email.as_str())?.is_some() {
        return Err(ApiError::Conflict("a user with this email already exists".into()));
    }
    let slug = choose_slug(conn, SlugKind::Author, None, &input.display_name)?;
    let now = db::now();
    let new = NewUser {
        email: input.email.as_str(),
        display_name: &input.display_name,
        role: input.role,
        password_hash: &input.password_hash,
        slug: &slug,
        created_at: now,
        updated_at: now,
    };
    let user = inserted(db::users::insert(conn, &new), false)?;
    db::audit::record(conn, actor, "user.create", "user", Some(user.id))?;
    Ok(user)
}

/// Gives a slug, made from the display name, to every user who has none (those created
/// before profiles had slugs). Run at start-up under the start-up lock.
pub fn backfill_slugs(conn: &mut DbConn) -> Result<usize, ApiError> {
    let missing = db::users::without_slug(conn)?;
    for (id, display_name) in &missing {
        let slug = choose_slug(conn, SlugKind::Author, None, display_name)?;
        db::users::set_slug(conn, *id, &slug)?;
    }
    Ok(missing.len())
}

/// Creates the first administrator, if and only if there is no user yet. Run under the
/// start-up lock, so several nodes starting at once create exactly one.
pub fn create_first_admin(conn: &mut DbConn, input: &UserInput) -> Result<Option<User>, ApiError> {
    if db::users::count(conn)? > 0 {
        return Ok(None);
    }
    create(conn, None, input).map(Some)
}

fn ensure_another_admin(conn: &mut DbConn, id: i64) -> Result<(), ApiError> {
    if db::users::other_enabled_admins(conn, id)? == 0 {
        return Err(ApiError::Conflict("this is the last enabled admin; make another admin first".into()));
    }
    Ok(())
}

/// Changes a user's name, role, password or `disabled` flag. A new role, password or
/// `disabled` ends the user's sessions at once; a new password or `disabled` revokes their
/// API tokens too (a password is changed when an account may have been taken over, and a
/// token made by whoever took it must not outlive the change). The last enabled admin
/// cannot be demoted or disabled (409). A new name changes the byline of their public
/// articles.
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn update(
    conn: &mut DbConn,
    fx: &mut Effects,
    actor: i64,
    id: i64,
    expected: &Expected,
    changes: &UserChanges,
) -> Result<User, ApiError> {
    let user = db::users::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, user.version)?;
    let stays_admin = changes.role.unwrap_or(user.role) == Role::Admin && !changes.disabled.unwrap_or(user.disabled);
    if user.role == Role::Admin && !stays_admin {
        ensure_another_admin(conn, id)?;
    }
    let current_slug = user.slug.clone().unwrap_or_default();
    ensure_slug_free(conn, SlugKind::Author, id, changes.slug.as_deref(), &current_slug)?;
    if let Some(avatar) = changes.avatar_id {
        super::media::check_item(conn, avatar, "avatar_id")?;
    }
    let updated = db::users::update(conn, id, changes)?;
    slug_renamed(conn, SlugKind::Author, id, &current_slug, updated.slug.as_deref().unwrap_or_default())?;
    if changes.password_hash.is_some() || changes.disabled == Some(true) {
        db::tokens::revoke_all_of(conn, id)?;
    }
    let profile_changed = (&updated.display_name, &updated.slug, &updated.bio, &updated.avatar_url, updated.avatar_id)
        != (&user.display_name, &user.slug, &user.bio, &user.avatar_url, user.avatar_id);
    if profile_changed {
        // The byline of every public article of theirs, and their author page.
        for (article_id, slug) in db::articles::visible_slugs_by_author(conn, id, db::now())? {
            fx.changed(ChangeKind::Article, article_id, &slug, ChangeAction::Upsert);
        }
        fx.stale(SurrogateKey::author(id));
    }
    db::audit::record(conn, Some(actor), "user.update", "user", Some(id))?;
    Ok(updated)
}

/// Deletes a user who wrote no article (409 otherwise: disable them instead).
#[tracing::instrument(level = "debug", skip_all, fields(id = id))]
pub fn delete(conn: &mut DbConn, actor: i64, id: i64, expected: &Expected) -> Result<(), ApiError> {
    let user = db::users::find_for_update(conn, id)?.ok_or_else(ApiError::not_found)?;
    ensure_version(expected, user.version)?;
    if user.role == Role::Admin && !user.disabled {
        ensure_another_admin(conn, id)?;
    }
    if db::users::has_articles(conn, id)? {
        return Err(ApiError::Conflict("the user has written articles; disable the account instead".into()));
    }
    db::users::delete(conn, id)?;
    Ok(db::audit::record(conn, Some(actor), "user.delete", "user", Some(id))?)
}
