//! The failed-login policy, as pure rules over failure counts (the counts live in the
//! database, so every node sees every node's failures):
//!
//! 1. a client address with [`CLIENT_FAILURES`] failures in the window is refused (429) on
//!    every account until the window has passed since the failures that put it over;
//! 2. a client with [`PAIR_FAILURES`] failures on one account is refused on that account —
//!    only that client: the owner, logging in from anywhere else, is not locked out;
//! 3. an account with more than [`SLOW_AFTER`] failures in the window, from anywhere, makes
//!    each further attempt on it wait before the password is checked, 100 ms doubling with
//!    each failure up to [`MAX_DELAY`]: guessing spread over many addresses slows down, and a
//!    correct password still logs in, at most that much later.
//!
//! Only failures count, so people who type their password right are never slowed by their
//! own attempts; a success clears the client's failures on that account. An attempt is
//! counted as a failure when it begins and taken back when its password is right, so
//! attempts made at the same moment cannot all slip in under a limit.

use std::time::Duration;

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const CLIENT_FAILURES: i64 = 20;
pub const PAIR_FAILURES: i64 = 5;
pub const SLOW_AFTER: i64 = 10;
pub const MAX_DELAY: Duration = Duration::from_secs(2);

/// What one login attempt counts against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    pub account: String,
    pub client: String,
    pub pair: String,
}

impl Keys {
    /// `client` is the keyed hash that stands for the client's address.
    pub fn new(email: &str, client: &str) -> Self {
        Keys {
            account: format!("account:{email}"),
            client: format!("client:{client}"),
            pair: format!("pair:{client}:{email}"),
        }
    }
}

/// The wait before checking a password on an account with `failures` in the window.
pub fn delay_for(failures: i64) -> Duration {
    if failures <= SLOW_AFTER {
        return Duration::ZERO;
    }
    let doublings = u32::try_from(failures - SLOW_AFTER - 1).unwrap_or(u32::MAX).min(16);
    (Duration::from_millis(100) * 2u32.pow(doublings)).min(MAX_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_the_threshold_double_and_are_capped() {
        assert_eq!(delay_for(0), Duration::ZERO);
        assert_eq!(delay_for(SLOW_AFTER), Duration::ZERO);
        assert_eq!(delay_for(SLOW_AFTER + 1), Duration::from_millis(100));
        assert_eq!(delay_for(SLOW_AFTER + 2), Duration::from_millis(200));
        assert_eq!(delay_for(SLOW_AFTER + 50), MAX_DELAY);
        assert_eq!(delay_for(i64::MAX), MAX_DELAY);
    }

    #[test]
    fn keys_separate_account_client_and_pair() {
        let k = Keys::new("a@b.c", "h1");
        assert_eq!(
            (k.account.as_str(), k.client.as_str(), k.pair.as_str()),
            ("account:a@b.c", "client:h1", "pair:h1:a@b.c")
        );
    }
}
