//! Webhooks as pure rules: the events, a delivery's states, the retry schedule, the
//! signature receivers check, and which addresses a delivery may reach.

use std::net::IpAddr;
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

/// What a webhook can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum Event {
    /// An article became public: published now, or a scheduled one fell due.
    #[serde(rename = "article.published")]
    ArticlePublished,
    /// A public article went back to draft or was archived.
    #[serde(rename = "article.unpublished")]
    ArticleUnpublished,
    /// A public article's content changed (fields, sections, tags, a restored revision).
    #[serde(rename = "article.updated")]
    ArticleUpdated,
    /// A public article was deleted.
    #[serde(rename = "article.deleted")]
    ArticleDeleted,
    /// A reader's comment arrived (in whatever status moderation gave it).
    #[serde(rename = "comment.created")]
    CommentCreated,
    /// A moderator changed a comment's status.
    #[serde(rename = "comment.moderated")]
    CommentModerated,
}

impl Event {
    pub const ALL: [Event; 6] = [
        Event::ArticlePublished,
        Event::ArticleUnpublished,
        Event::ArticleUpdated,
        Event::ArticleDeleted,
        Event::CommentCreated,
        Event::CommentModerated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::ArticlePublished => "article.published",
            Event::ArticleUnpublished => "article.unpublished",
            Event::ArticleUpdated => "article.updated",
            Event::ArticleDeleted => "article.deleted",
            Event::CommentCreated => "comment.created",
            Event::CommentModerated => "comment.moderated",
        }
    }
}

crate::text_enum! {
    /// Where a delivery is: waiting for its next attempt, done, or given up on.
    DeliveryStatus {
        Pending => "pending",
        Delivered => "delivered",
        /// Every attempt failed.
        Failed => "failed",
    }
}

/// Attempts before a delivery is `failed`.
pub const MAX_ATTEMPTS: i32 = 8;

/// How long after failed attempt `attempt` (1-based) the next one is due: `base`, doubling
/// each time, plus up to a quarter more at random (`jitter` in `0.0..1.0`) so receivers that
/// come back are not hit by every sender at once.
pub fn retry_delay(base: Duration, attempt: i32, jitter: f64) -> Duration {
    let doublings = u32::try_from(attempt.clamp(1, 30) - 1).unwrap_or(0);
    let delay = base.saturating_mul(1 << doublings);
    delay + delay.mul_f64(jitter.clamp(0.0, 1.0) / 4.0)
}

/// The `X-Marquee-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

/// Whether a delivery may go to `ip` without `MARQUEE_WEBHOOKS_ALLOW_PRIVATE`: not
/// loopback, private, link-local, unique-local, shared (CGNAT), unspecified, broadcast,
/// documentation or multicast, and no IPv6 form of such an IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || first == 0x0064 && v6.segments()[1] == 0xff9b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialize_as_their_names() {
        for event in Event::ALL {
            assert_eq!(serde_json::to_value(event).unwrap(), event.as_str());
        }
    }

    #[test]
    fn retries_double_from_the_base_with_at_most_a_quarter_more() {
        let base = Duration::from_secs(10);
        assert_eq!(retry_delay(base, 1, 0.0), base);
        assert_eq!(retry_delay(base, 2, 0.0), Duration::from_secs(20));
        assert_eq!(retry_delay(base, 7, 0.0), Duration::from_secs(640));
        assert_eq!(retry_delay(base, 1, 1.0), Duration::from_millis(12_500));
        assert!(retry_delay(base, 1_000, 0.5) > Duration::ZERO, "no overflow");
    }

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_dot_body() {
        // The value Python's hmac module gives for the same key and message.
        let header = signature("whsec_test", 1_700_000_000, b"{\"a\":1}");
        assert_eq!(header, "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
        assert_ne!(header, signature("other", 1_700_000_000, b"{\"a\":1}"));
        assert_ne!(header, signature("whsec_test", 1_700_000_001, b"{\"a\":1}"));
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "224.0.0.1",
            "198.18.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
