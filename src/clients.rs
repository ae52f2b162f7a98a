//! Who a client on the network is, for every per-client rule (failed logins, comments,
//! change-stream slots): a [`ClientKey`], an IPv4 address or an IPv6 /64, the block one home
//! or one server gets, so that hopping between the addresses of one's own block changes
//! nothing. Also here: the keyed hash that stands for a client in stored comments and the
//! login throttle, and each client's allowance of comment submissions.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::time::Duration;

use hmac::Mac;

type Hmac = hmac::Hmac<sha2::Sha256>;

/// A client as the per-client rules count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    V4(Ipv4Addr),
    /// The first 64 bits of an IPv6 address.
    V6Net(u64),
    /// Someone a trusted proxy forwarded without naming an address (`unknown`, an obfuscated
    /// `Forwarded: for=_hidden`): all such clients of that proxy share one key, never the
    /// proxy's own.
    Unnamed {
        via: IpAddr,
    },
}

impl ClientKey {
    pub fn of(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => ClientKey::V4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey::V4(v4),
                None => ClientKey::V6Net((v6.to_bits() >> 64) as u64),
            },
        }
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientKey::V4(v4) => write!(f, "{v4}"),
            ClientKey::V6Net(net) => write!(f, "{}/64", std::net::Ipv6Addr::from_bits(u128::from(*net) << 64)),
            ClientKey::Unnamed { via } => write!(f, "unnamed-via-{via}"),
        }
    }
}

/// Comments a client may submit at once…
const COMMENT_BURST: u32 = 5;
/// …and then one per this long.
const COMMENT_PERIOD: Duration = Duration::from_secs(12);

pub struct Clients {
    /// Key of the hash that stands for a client's address.
    hash_key: Vec<u8>,
    /// Comment submissions per client.
    comments: governor::DefaultKeyedRateLimiter<ClientKey>,
    /// `MARQUEE_RATE_LIMIT`: off only for benchmarks.
    limited: bool,
}

impl Clients {
    /// `secret` is the JWT secret, from which the hash key is derived.
    pub fn new(secret: &[u8], limited: bool) -> Self {
        Self::with_allowance(secret, limited, COMMENT_BURST, COMMENT_PERIOD)
    }

    fn with_allowance(secret: &[u8], limited: bool, burst: u32, period: Duration) -> Self {
        let quota = governor::Quota::with_period(period)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(burst).expect("a non-zero burst"));
        Clients {
            hash_key: mac(secret, b"marquee client address key v1").to_vec(),
            comments: governor::RateLimiter::keyed(quota),
            limited,
        }
    }

    /// A keyed hash of a client: stable enough to link one client's comments for the flood
    /// and duplicate rules and to count its failed logins, useless for recovering the address.
    pub fn hash(&self, client: &ClientKey) -> String {
        mac(&self.hash_key, client.to_string().as_bytes())[..16].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Takes one comment submission from the client's allowance; `Err(seconds)` when it is
    /// spent.
    pub fn take_comment(&self, client: &ClientKey) -> Result<(), u64> {
        use governor::clock::Clock;
        if !self.limited {
            return Ok(());
        }
        self.comments
            .check_key(client)
            .map_err(|not_until| not_until.wait_time_from(self.comments.clock().now()).as_secs().max(1))
    }

    /// Forgets the clients whose allowance is whole again, so the map holds only those who
    /// commented lately (called every minute by a job).
    pub fn forget_idle(&self) {
        self.comments.retain_recent();
        self.comments.shrink_to_fit();
    }

    /// Clients whose comment allowance is being tracked.
    pub fn tracked(&self) -> usize {
        self.comments.len()
    }
}

fn mac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(ip: &str) -> ClientKey {
        ClientKey::of(ip.parse().unwrap())
    }

    #[test]
    fn one_ipv6_64_is_one_client() {
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("2001:db8:1:2:abcd::9").to_string(), "2001:db8:1:2::/64");
        assert_eq!(key("::ffff:192.0.2.7"), key("192.0.2.7"));
        assert_ne!(key("192.0.2.7"), key("192.0.2.8"));
        let via = "10.0.0.1".parse().unwrap();
        assert_ne!(ClientKey::Unnamed { via }, ClientKey::of(via));
    }

    #[test]
    fn comment_allowances_are_per_client_and_forgotten_when_idle() {
        let clients = Clients::new(b"secret", true);
        for _ in 0..COMMENT_BURST {
            clients.take_comment(&key("2001:db8::1")).unwrap();
        }
        assert!(clients.take_comment(&key("2001:db8::2")).is_err(), "the same /64");
        assert!(clients.take_comment(&key("2001:db8:0:1::1")).is_ok(), "another /64");
        assert_eq!(clients.tracked(), 2);
    }

    #[test]
    fn clients_whose_allowance_is_whole_again_are_forgotten() {
        let clients = Clients::with_allowance(b"secret", true, 2, Duration::from_millis(5));
        for n in 0..100u8 {
            clients.take_comment(&key(&format!("192.0.2.{n}"))).unwrap();
        }
        assert_eq!(clients.tracked(), 100);
        std::thread::sleep(Duration::from_millis(30));
        clients.take_comment(&key("198.51.100.1")).unwrap();
        clients.forget_idle();
        assert_eq!(clients.tracked(), 1, "only the client that commented just now");
    }
}
