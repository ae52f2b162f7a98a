//! Password hashing with argon2id.
//!
//! Parameters: argon2id v19, 19 MiB of memory, 2 passes, 1 lane (OWASP's recommended
//! minimum, and the argon2 crate's defaults), a 16-byte random salt, stored as a PHC string
//! that carries its own parameters, so they can be raised later without breaking old hashes.
//! Hashing takes tens of milliseconds on purpose: always call these from a blocking thread.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use crate::domain::limits::{PASSWORD_MAX, PASSWORD_MIN};

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Checks the password policy: `PASSWORD_MIN` to `PASSWORD_MAX` characters, no controls.
pub fn check_policy(password: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        return Err(format!("must be at least {PASSWORD_MIN} characters"));
    }
    if len > PASSWORD_MAX {
        return Err(format!("must be at most {PASSWORD_MAX} characters"));
    }
    crate::domain::text::no_controls(password)
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash =
        hasher().hash_password(password.as_bytes()).map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches `stored`. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => {
            // An account without a password (imported) costs what any other login costs.
            verify_dummy(password);
            false
        }
    }
}

/// What the `password_hash` of an account without a password holds (imported accounts,
/// until an admin gives them one): no password verifies against it.
pub const NO_PASSWORD: &str = "!";

/// A hash with the same parameters as real ones, of a password nobody knows: verifying
/// against it costs what a real verification costs. A constant, so it cannot fail to exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$vMULr0a5Uw45QJSR2qC1Pw$awIeDyZATOHpLNzYfhX+XAPDDH1AUeIIo4wJvgTANAw";

/// Spends the same time as a real verification, for logins with an unknown email, so the
/// response time does not tell which emails have accounts.
pub fn verify_dummy(password: &str) {
    // Never true; the point is the work.
    let _ = verify(password, DUMMY_HASH);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "salts differ");
        assert!(verify("correct horse battery", &a));
        assert!(!verify("correct horse battery!", &a));
        assert!(!verify("anything", "not a phc string"));
    }

    #[test]
    fn the_dummy_hash_is_a_real_hash_with_todays_parameters() {
        let parsed = PasswordHash::new(DUMMY_HASH).expect("the dummy hash parses");
        let fresh = hash("anything at all").unwrap();
        let fresh = PasswordHash::new(&fresh).unwrap();
        assert_eq!(parsed.algorithm, fresh.algorithm);
        assert_eq!(parsed.params, fresh.params, "the same cost as a real verification");
        assert!(!verify("", DUMMY_HASH));
    }

    #[test]
    fn policy() {
        assert!(check_policy("short").is_err());
        assert!(check_policy("twelve chars").is_ok());
        assert!(check_policy(&"x".repeat(1025)).is_err());
    }
}
