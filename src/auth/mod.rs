//! Authentication and authorisation: passwords, access tokens, API tokens, and the
//! extractors that put a checked identity into handler signatures.

pub mod extract;
pub mod jwt;
pub mod password;
pub mod permissions;
pub mod sessions;
pub mod throttle;
pub mod tokens;
