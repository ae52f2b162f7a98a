//! Who the client is on the network, for per-client limits (never stored in clear): a
//! [`ClientKey`], an IPv4 address or an IPv6 /64.
//!
//! Behind a load balancer every connection comes from the proxy, so the proxy's
//! `X-Forwarded-For` (or, when it sends none, `Forwarded`) says who it forwarded. Those
//! headers are believed only from peers in `MARQUEE_TRUSTED_PROXIES`: the client is the
//! rightmost hop that is not itself a trusted proxy, so whatever a client writes into the
//! header before it reaches the first trusted proxy changes nothing.

use std::net::{IpAddr, Ipv4Addr};

use actix_web::http::header::HeaderMap;
use actix_web::HttpRequest;
use ipnet::IpNet;

use crate::clients::ClientKey;

/// The caller as the per-client limits count it: the connection's peer, or who a trusted
/// proxy says it forwarded.
pub fn client_key(req: &HttpRequest, trusted: &[IpNet]) -> ClientKey {
    match req.peer_addr() {
        Some(peer) => forwarded_client(peer.ip(), req.headers(), trusted),
        // Only a test harness calls without a socket.
        None => ClientKey::of(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
    }
}

/// The rightmost untrusted hop of the forwarding chain that ends at `peer`; `peer` itself
/// when it is not a trusted proxy or forwarded nobody. A hop that is not an address
/// (`unknown`, an obfuscated name) is a client the trusted proxy that reported it could not
/// name: such clients share a key of their own, never the proxy's.
pub fn forwarded_client(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> ClientKey {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(&canonical(*ip)));
    if !is_trusted(&peer) {
        return ClientKey::of(peer);
    }
    let mut client = canonical(peer);
    for hop in hops(headers).iter().rev() {
        match hop {
            Some(ip) if is_trusted(ip) => client = *ip,
            Some(ip) => return ClientKey::of(*ip),
            None => return ClientKey::Unnamed { via: client },
        }
    }
    ClientKey::of(client)
}

/// The forwarded-for hops in order, client first: `X-Forwarded-For` when present (what
/// nginx, HAProxy and cloud load balancers append to), else the `for=` of `Forwarded`
/// (RFC 7239). Several header lines count as one list.
fn hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let lines = |name: &str| -> Vec<String> {
        headers.get_all(name).filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    };
    let xff = lines("x-forwarded-for");
    if !xff.is_empty() {
        return xff.iter().flat_map(|line| line.split(',')).map(|hop| parse_hop(hop.trim())).collect();
    }
    lines("forwarded")
        .iter()
        .flat_map(|line| line.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim().eq_ignore_ascii_case("for").then(|| parse_hop(value.trim().trim_matches('"')))
            })
        })
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`; `None` otherwise.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse().ok()).map(canonical);
    }
    let (ip, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    ip.parse().ok().map(canonical)
}

/// IPv4 addresses seen through an IPv6 socket (`::ffff:192.0.2.1`) as the IPv4 they are.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    fn ip(s: &str) -> ClientKey {
        ClientKey::of(s.parse().unwrap())
    }

    fn addr(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn trusted_proxies_are_cidrs_or_addresses() {
        let nets = crate::config::parse_networks("10.0.0.0/8, 192.0.2.1,2001:db8::/32").unwrap();
        let shown: Vec<String> = nets.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["10.0.0.0/8", "192.0.2.1/32", "2001:db8::/32"]);
        let err = crate::config::parse_networks("10.0.0.0/8, proxy.internal").unwrap_err();
        assert!(err.contains("MARQUEE_TRUSTED_PROXIES") && err.contains("proxy.internal"), "{err}");
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let spoofed = headers(&[("x-forwarded-for", "203.0.113.9"), ("forwarded", "for=198.51.100.1")]);
        assert_eq!(forwarded_client(addr("192.0.2.7"), &spoofed, &nets(&["10.0.0.0/8"])), ip("192.0.2.7"));
        assert_eq!(forwarded_client(addr("192.0.2.7"), &spoofed, &[]), ip("192.0.2.7"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8", "2001:db8::/32"]);
        // The client wrote a fake first hop; the proxies appended the real one after it.
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.2")]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &chain, &trusted), ip("203.0.113.9"));
        // Several header lines are one list.
        let lines = headers(&[("x-forwarded-for", "6.6.6.6"), ("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &lines, &trusted), ip("203.0.113.9"));
        // Every hop trusted: the first one.
        let inner = headers(&[("x-forwarded-for", "10.1.1.1, 10.0.0.2")]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &inner, &trusted), ip("10.1.1.1"));
        // Nothing forwarded: the peer.
        assert_eq!(forwarded_client(addr("10.0.0.1"), &HeaderMap::new(), &trusted), ip("10.0.0.1"));
        // IPv4 through an IPv6 socket.
        assert_eq!(forwarded_client(addr("::ffff:10.0.0.1"), &chain, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let trusted = nets(&["10.0.0.0/8"]);
        let forwarded = headers(&[("forwarded", r#"for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.3"#)]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &forwarded, &trusted), ip("2001:db8:cafe::17"));
        let with_port = headers(&[("forwarded", "for=192.0.2.60:8080;by=10.0.0.1")]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &with_port, &trusted), ip("192.0.2.60"));
        let both = headers(&[("forwarded", "for=6.6.6.6"), ("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &both, &trusted), ip("203.0.113.9"));
    }

    #[test]
    fn a_hop_that_is_no_address_is_a_client_of_its_own_never_the_proxy() {
        let trusted = nets(&["10.0.0.0/8"]);
        let hidden = headers(&[("forwarded", "for=_hidden, for=10.0.0.5")]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &hidden, &trusted), ClientKey::Unnamed { via: addr("10.0.0.5") });
        for garbage in ["not an address", "unknown"] {
            let garbage = headers(&[("x-forwarded-for", garbage)]);
            let key = forwarded_client(addr("10.0.0.1"), &garbage, &trusted);
            assert_eq!(key, ClientKey::Unnamed { via: addr("10.0.0.1") });
            assert_ne!(key, ip("10.0.0.1"), "not the proxy's own key");
        }
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        let trusted = nets(&["10.0.0.0/8"]);
        let a = headers(&[("x-forwarded-for", "2001:db8:1:2::10")]);
        let b = headers(&[("x-forwarded-for", "2001:db8:1:2:ffff::99")]);
        assert_eq!(forwarded_client(addr("10.0.0.1"), &a, &trusted), forwarded_client(addr("10.0.0.1"), &b, &trusted));
        assert_eq!(forwarded_client(addr("2001:db8:1:2::10"), &HeaderMap::new(), &[]), ip("2001:db8:1:2::77"));
    }
}
