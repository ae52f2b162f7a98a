//! Sending one delivery: a signed JSON `POST` with a time limit, to public addresses only
//! unless private ones are allowed. Names are resolved by [`PublicOnly`], so the check
//! covers the addresses the connection really uses, whatever DNS answers at that moment.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::domain::webhooks::{is_public, signature};

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The receiver's status, when it answered.
    pub status: Option<u16>,
    /// Why the attempt failed, when it did.
    pub error: Option<String>,
    pub duration: Duration,
}

impl Sent {
    pub fn delivered(&self) -> bool {
        self.error.is_none()
    }
}

/// One delivery to send.
pub struct Request<'a> {
    pub url: &'a str,
    pub event: &'a str,
    pub delivery_key: &'a str,
    pub secret: &'a str,
    pub body: &'a str,
}

/// An HTTP client for deliveries; cheap to clone.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    allow_private: bool,
}

impl Sender {
    pub fn new(timeout: Duration, allow_private: bool) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // A redirect could point anywhere, a private address included: a 3xx is a
            // failed attempt like any other non-2xx.
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(public_only(allow_private))
            .user_agent(concat!("Marquee-Webhooks/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Sender { client, allow_private })
    }

    pub async fn send(&self, request: &Request<'_>) -> Sent {
        let started = Instant::now();
        let finish = |status: Option<u16>, error: Option<String>| Sent { status, error, duration: started.elapsed() };
        if private_literal(request.url, self.allow_private) {
            return finish(None, Some("refused: a loopback or private address".into()));
        }
        let timestamp = chrono::Utc::now().timestamp();
        let response = self
            .client
            .post(request.url)
            .header("content-type", "application/json")
            .header("x-marquee-event", request.event)
            .header("x-marquee-delivery", request.delivery_key)
            .header("x-marquee-signature", signature(request.secret, timestamp, request.body.as_bytes()))
            .body(request.body.to_string())
            .send()
            .await;
        match response {
            Ok(r) if r.status().is_success() => finish(Some(r.status().as_u16()), None),
            Ok(r) => finish(Some(r.status().as_u16()), Some(format!("the receiver answered {}", r.status()))),
            Err(e) if e.is_timeout() => finish(None, Some("timed out".into())),
            Err(e) => finish(None, Some(describe(&e))),
        }
    }
}

/// The innermost cause of a request error, which says what went wrong ("connection
/// refused", "resolves only to private addresses").
pub fn describe(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Whether `url` names a loopback or private address literally (which never reaches the
/// resolver), and those are not allowed.
pub fn private_literal(url: &str, allow_private: bool) -> bool {
    let literal = url::Url::parse(url).ok().and_then(|u| match u.host() {
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        _ => None,
    });
    literal.is_some_and(|ip| !allow_private && !is_public(ip))
}

/// A resolver for requests to outside hosts named by users (webhooks, a WordPress site's
/// uploads): the system's, keeping only public addresses unless private ones are allowed.
pub fn public_only(allow_private: bool) -> Arc<PublicOnly> {
    Arc::new(PublicOnly { allow_private })
}

/// Resolves names with the system resolver and keeps only the addresses a delivery may
/// reach.
pub struct PublicOnly {
    allow_private: bool,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| allow_private || is_public(a.ip())).collect();
            if allowed.is_empty() {
                return Err(format!("{} resolves only to loopback or private addresses", name.as_str()).into());
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}
