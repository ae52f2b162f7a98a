//! The failed-login policy, as pure rules over counts (the counts live in the database, so
//! every node sees every node's attempts):
//!
//! 1. a client with [`CLIENT_FAILURES`] failures in the window is refused (429) on every
//!    account until the window has passed since the failures that put it over;
//! 2. a client with [`PAIR_FAILURES`] failures on one account is refused on that account —
//!    only that client: the owner, logging in from anywhere else, is not locked out;
//! 3. an account with more than [`ATTACK_AFTER`] failures in the window, from anywhere, is
//!    under attack: attempts on it from devices it has not seen log in (no device cookie, see
//!    `devices`, or one that failed [`PAIR_FAILURES`] times itself) take turns, one password
//!    every [`ADMIT_EVERY`] for the whole account however many addresses send them, and the
//!    rest are refused (429) for that long. The owner's own browser or script skips the
//!    queue, so guessing spread over many addresses gets one try a second and the owner
//!    still gets in.
//!
//! Only failures count, so people who type their password right are never slowed by their
//! own attempts; a success clears the client's and the device's failures on that account. An
//! attempt is counted as a failure when it begins and taken back when its password is right,
//! so attempts made at the same moment cannot all slip in under a limit.

use std::time::Duration;

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const CLIENT_FAILURES: i64 = 20;
pub const PAIR_FAILURES: i64 = 5;
pub const ATTACK_AFTER: i64 = 10;
pub const ADMIT_EVERY: Duration = Duration::from_secs(1);

/// What one login attempt counts against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    pub account: String,
    pub client: String,
    pub pair: String,
    /// Attempts let through while the account is under attack.
    pub admitted: String,
    /// The device cookie presented for this account, if a valid one was.
    pub device: Option<String>,
}

impl Keys {
    /// `client` is the keyed hash that stands for the client; `device` the id of a valid
    /// device cookie for `email`.
    pub fn new(email: &str, client: &str, device: Option<&str>) -> Self {
        Keys {
            account: format!("account:{email}"),
            client: format!("client:{client}"),
            pair: format!("pair:{client}:{email}"),
            admitted: format!("admitted:{email}"),
            device: device.map(|d| format!("device:{d}:{email}")),
        }
    }
}

/// Whether an account with `failures` in the window is under attack (rule 3).
pub fn under_attack(failures: i64) -> bool {
    failures > ATTACK_AFTER
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_under_attack_past_the_threshold() {
        assert!(!under_attack(0));
        assert!(!under_attack(ATTACK_AFTER));
        assert!(under_attack(ATTACK_AFTER + 1));
    }

    #[test]
    fn keys_separate_account_client_pair_and_device() {
        let k = Keys::new("a@b.c", "h1", Some("d1"));
        assert_eq!(
            (k.account.as_str(), k.client.as_str(), k.pair.as_str(), k.admitted.as_str()),
            ("account:a@b.c", "client:h1", "pair:h1:a@b.c", "admitted:a@b.c")
        );
        assert_eq!(k.device.as_deref(), Some("device:d1:a@b.c"));
        assert_eq!(Keys::new("a@b.c", "h1", None).device, None);
    }
}
