//! Opaque secrets: refresh tokens, API tokens and preview tokens, of which only the SHA-256
//! is stored, so a copy of the database lets no one in; and webhook secrets. They carry 256 bits of randomness, so
//! an unsalted fast hash is the right tool (unlike passwords).

use rand::Rng;
use sha2::{Digest, Sha256};

pub const API_TOKEN_PREFIX: &str = "mq_";
/// Characters of an API token kept in clear so people can tell their tokens apart.
const VISIBLE_CHARS: usize = 8;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A random string of `len` base62 characters (about 5.95 bits each).
pub fn random_base62(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len).map(|_| BASE62[rng.random_range(0..BASE62.len())] as char).collect()
}

/// A new secret token with 256 bits of randomness (43 base62 characters).
pub fn new_secret() -> String {
    random_base62(43)
}

/// A new webhook signing secret: `whsec_` and 43 base62 characters. Kept in clear: it
/// signs every delivery.
pub fn new_webhook_secret() -> String {
    format!("whsec_{}", new_secret())
}

/// A new API token: `mq_` and 43 base62 characters.
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", new_secret())
}

/// The visible start of an API token, as shown in token lists.
pub fn visible_prefix(token: &str) -> String {
    token.chars().take(API_TOKEN_PREFIX.len() + VISIBLE_CHARS).collect()
}

/// Hex SHA-256 of a token: what the database stores and looks up.
pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_tokens_look_right() {
        let token = new_api_token();
        assert!(token.starts_with("mq_"));
        assert_eq!(token.len(), 46);
        assert!(token[3..].chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(visible_prefix(&token).len(), 11);
        assert_ne!(new_api_token(), token);
    }

    #[test]
    fn hashes_are_stable_hex() {
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
