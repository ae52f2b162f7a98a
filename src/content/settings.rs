//! Site settings kept in the database: the comment moderation rules.

use crate::db::{self, DbConn};
use crate::domain::moderation::ModerationRules;
use crate::error::ApiError;

const MODERATION_KEY: &str = "moderation";

/// The current moderation rules; the defaults (hold everything) until an admin sets them.
/// Stored rules that no longer read are an error, never silently the defaults.
pub fn moderation_rules(conn: &mut DbConn) -> Result<ModerationRules, ApiError> {
    match db::settings::get(conn, MODERATION_KEY)? {
        None => Ok(ModerationRules::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| ApiError::internal(anyhow::anyhow!("the stored moderation rules cannot be read: {e}"))),
    }
}

/// Replaces the moderation rules (already checked).
#[tracing::instrument(level = "debug", skip_all)]
pub fn set_moderation_rules(conn: &mut DbConn, actor: Option<i64>, rules: &ModerationRules) -> Result<(), ApiError> {
    db::settings::put(conn, MODERATION_KEY, &serde_json::to_string(rules).map_err(ApiError::internal)?)?;
    Ok(db::audit::record(conn, actor, "settings.moderation", "settings", None)?)
}
