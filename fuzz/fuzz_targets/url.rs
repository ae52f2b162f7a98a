//! URLs in content: parsing any text never panics, and what parses is http(s).
#![no_main]

use libfuzzer_sys::fuzz_target;
use marquee::domain::HttpUrl;

fuzz_target!(|text: &str| {
    if let Ok(url) = HttpUrl::parse(text) {
        let s = url.as_str().to_ascii_lowercase();
        assert!(s.starts_with("http://") || s.starts_with("https://"), "{s:?}");
    }
});
