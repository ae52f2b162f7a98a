//! What Marquee keeps about clients on the network: a keyed hash that stands for an address
//! in stored comments, and each client's allowance of comment submissions.

use std::num::NonZeroU32;
use std::time::Duration;

use hmac::Mac;

type Hmac = hmac::Hmac<sha2::Sha256>;

/// Comments a client may submit at once…
const COMMENT_BURST: u32 = 5;
/// …and then one per this long.
const COMMENT_PERIOD: Duration = Duration::from_secs(12);

pub struct Clients {
    /// Key of the hash that stands for a client's address.
    hash_key: Vec<u8>,
    /// Comment submissions per client hash.
    comments: governor::DefaultKeyedRateLimiter<String>,
    /// `MARQUEE_RATE_LIMIT`: off only for benchmarks.
    limited: bool,
}

impl Clients {
    /// `secret` is the JWT secret, from which the hash key is derived.
    pub fn new(secret: &[u8], limited: bool) -> Self {
        let quota = governor::Quota::with_period(COMMENT_PERIOD)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(COMMENT_BURST).expect("a non-zero burst"));
        Clients {
            hash_key: mac(secret, b"marquee client address key v1").to_vec(),
            comments: governor::RateLimiter::keyed(quota),
            limited,
        }
    }

    /// A keyed hash of a client's address: stable enough to link one client's comments for
    /// the flood and duplicate rules, useless for recovering the address.
    pub fn hash(&self, address: &str) -> String {
        mac(&self.hash_key, address.as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Takes one comment submission from the client's allowance; `Err(seconds)` when it is
    /// spent.
    pub fn take_comment(&self, client_hash: &str) -> Result<(), u64> {
        use governor::clock::Clock;
        if !self.limited {
            return Ok(());
        }
        self.comments
            .check_key(&client_hash.to_string())
            .map_err(|not_until| not_until.wait_time_from(self.comments.clock().now()).as_secs().max(1))
    }
}

fn mac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}
