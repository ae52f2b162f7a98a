//! Login throttling: after too many failed attempts for one account or from one client
//! within a window, further attempts are refused with 429 until the window ends.
//!
//! Only failures count, so people who type their password right are never slowed down.
//! State is per process; behind a load balancer each node throttles on its own, which
//! bounds guessing to (nodes × limit) per window.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct FailureLimiter {
    max_failures: u32,
    window: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

#[derive(Clone, Copy)]
struct Entry {
    failures: u32,
    since: Instant,
}

/// Past this many keys, expired entries are swept on the next failure.
const SWEEP_AT: usize = 10_000;

impl FailureLimiter {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        FailureLimiter { max_failures, window, entries: Mutex::new(HashMap::new()) }
    }

    /// `Err(seconds to wait)` while `key` is locked out.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match entries.get(key) {
            Some(e) if e.failures >= self.max_failures && e.since.elapsed() < self.window => {
                Err((self.window - e.since.elapsed()).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, key: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= SWEEP_AT {
            let window = self.window;
            entries.retain(|_, e| e.since.elapsed() < window);
        }
        let now = Instant::now();
        let entry = entries.entry(key.to_string()).or_insert(Entry { failures: 0, since: now });
        if entry.since.elapsed() >= self.window {
            *entry = Entry { failures: 0, since: now };
        }
        entry.failures += 1;
    }

    pub fn clear(&self, key: &str) {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_unlocks_after_the_window() {
        let limiter = FailureLimiter::new(3, Duration::from_millis(50));
        for _ in 0..3 {
            assert!(limiter.check("a").is_ok());
            limiter.record_failure("a");
        }
        assert!(limiter.check("a").unwrap_err() >= 1);
        assert!(limiter.check("b").is_ok(), "keys are independent");
        std::thread::sleep(Duration::from_millis(60));
        assert!(limiter.check("a").is_ok());
    }

    #[test]
    fn success_clears() {
        let limiter = FailureLimiter::new(2, Duration::from_secs(60));
        limiter.record_failure("a");
        limiter.clear("a");
        limiter.record_failure("a");
        assert!(limiter.check("a").is_ok());
    }
}
