//! Authentication and authorisation: passwords, access tokens, API tokens, and the
//! extractors that put a checked identity into handler signatures.

pub mod password;
