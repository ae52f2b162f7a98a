//! URLs in content: poster, trailer, photo, cover image and section media.

pub const URL_MAX: usize = 2048;

/// An absolute `http` or `https` URL with a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn parse(raw: &str) -> Result<HttpUrl, String> {
        let s = raw.trim();
        if s.len() > URL_MAX {
            return Err(format!("must be at most {URL_MAX} characters"));
        }
        match url::Url::parse(s) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => {
                Ok(HttpUrl(u.to_string()))
            }
            _ => Err("must be an http or https URL".into()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls() {
        assert!(HttpUrl::parse("https://img.example.com/poster.jpg").is_ok());
        assert!(HttpUrl::parse("http://example.com").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "ftp://x.org/a",
            "//example.com/a",
            "example.com",
            "https://",
            "",
        ] {
            assert!(HttpUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
