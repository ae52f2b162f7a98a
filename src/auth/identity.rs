//! An authenticated caller, as every workflow receives it.

use crate::domain::Role;

#[derive(Debug, Clone)]
pub struct Identity {
    pub user_id: i64,
    /// The effective role: the user's for an access token, the token's for an API token.
    pub role: Role,
    /// Set when the caller used an API token.
    pub api_token_id: Option<i64>,
    /// The login session of an access token (its refresh-token family).
    pub session: Option<String>,
}
