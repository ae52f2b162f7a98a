//! Authentication and authorisation primitives: passwords, access tokens (JWT), opaque
//! tokens, the failed-login limiter and the roles table as pure rules. The extractors that
//! apply them to requests are in `extract`; the workflows that store sessions are in
//! `content::sessions`.

pub mod devices;
pub mod identity;
pub mod jwt;
pub mod password;
pub mod permissions;
pub mod throttle;
pub mod tokens;

pub use identity::Identity;
