//! Slugs: parsing any text never panics, and whatever parses (or is made from a title) is
//! lowercase letters, digits and single inner hyphens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marquee::domain::Slug;

fn well_formed(s: &str) -> bool {
    !s.is_empty() && s.len() <= 120 && s.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

fuzz_target!(|text: &str| {
    if let Ok(slug) = Slug::parse(text) {
        assert!(well_formed(slug.as_str()), "{:?}", slug);
    }
    if let Some(slug) = Slug::from_text(text) {
        assert!(well_formed(slug.as_str()), "{:?} from {:?}", slug, text);
        assert_eq!(Slug::parse(slug.as_str()).as_ref().map(Slug::as_str), Ok(slug.as_str()));
    }
});
