//! Emails: parsing any text never panics; what parses is trimmed, lower-cased, one `@`, and
//! parses again to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marquee::domain::Email;

fuzz_target!(|text: &str| {
    if let Ok(email) = Email::parse(text) {
        let s = email.as_str();
        assert_eq!(s.matches('@').count(), 1, "{s:?}");
        assert_eq!(s, s.trim().to_lowercase());
        assert_eq!(Email::parse(s).as_ref().map(Email::as_str), Ok(s));
    }
});
