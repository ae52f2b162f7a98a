//! URLs in content: poster, trailer, photo, cover image and section media.

use super::limits;

/// The form [`HttpUrl::parse`] accepts, as an ECMA-262 / Python regular expression for the
/// OpenAPI document: `http` or `https`, an ASCII host name whose last label starts with a
/// letter (no IP addresses, user names or punycode), an optional port, and a path, query or
/// fragment without whitespace or control characters.
const URL_FORM: &str = r"[Hh][Tt][Tt][Pp][Ss]?://(?:(?![Xx][Nn]--)[A-Za-z0-9-]+\.)*(?![Xx][Nn]--)[A-Za-z][A-Za-z0-9-]*(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?(?:[/?#][^\s\x00-\x1F\x7F-\x9F]*)?";

/// [`URL_FORM`] as a whole-string pattern; an optional field also takes `""` (no URL).
pub fn url_pattern(optional: bool) -> String {
    if optional {
        format!("^(?:{URL_FORM})?$")
    } else {
        format!("^{URL_FORM}$")
    }
}

/// An absolute `http` or `https` URL with a host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl(String);

impl HttpUrl {
    /// Checks `raw` has the form of [`URL_FORM`] and at most [`limits::URL`] characters;
    /// returns it normalised (lower-case scheme and host).
    pub fn parse(raw: &str) -> Result<HttpUrl, String> {
        if raw.chars().count() > limits::URL {
            return Err(format!("must be at most {} characters", limits::URL));
        }
        let refused = || "must be an http or https URL with a host name".to_string();
        let rest = strip_prefix_ignore_case(raw, "https://")
            .or_else(|| strip_prefix_ignore_case(raw, "http://"))
            .ok_or_else(refused)?;
        let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let tail_ok = !tail.chars().any(|c| c.is_whitespace() || c.is_control());
        if !host_name(host) || !port.is_none_or(port_number) || !tail_ok {
            return Err(refused());
        }
        let url = url::Url::parse(raw).map_err(|_| refused())?;
        Ok(HttpUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Dot-separated labels of ASCII letters, digits and `-`, none starting `xn--`, the last
/// starting with a letter.
fn host_name(host: &str) -> bool {
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
    };
    host.split('.').all(label_ok)
        && host.rsplit('.').next().is_some_and(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// One to four digits, or a five-digit number up to 65535.
fn port_number(port: &str) -> bool {
    port.bytes().all(|b| b.is_ascii_digit())
        && match port.len() {
            1..=4 => true,
            5 => port.parse::<u32>().is_ok_and(|n| (10_000..=65_535).contains(&n)),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls() {
        assert!(HttpUrl::parse("https://img.example.com/poster.jpg").is_ok());
        assert!(HttpUrl::parse("http://example.com").is_ok());
        assert!(HttpUrl::parse("HTTP://Localhost:8080/a?b#c").is_ok());
        assert!(HttpUrl::parse("https://example.com:65535").is_ok());
        assert!(HttpUrl::parse("https://a-.b-c.d/%zz").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "ftp://x.org/a",
            "//example.com/a",
            "example.com",
            "https://",
            "",
            " https://example.com",
            "https://1.2.3.4/a",
            "https://user@example.com/",
            "https://xn--nxasmq6b.com/",
            "https://example.com:65536/",
            "https://example.com:/",
            "https://a..b/",
            "https://example.com/a b",
            "https://example.com/\u{85}",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
