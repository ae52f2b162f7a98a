//! WordPress imports: any export file parses or is refused with a line number, and any
//! post body converts to sections within the converter's output bound, never panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marquee::wordpress::{html, wxr};

fuzz_target!(|text: &str| {
    if text.len() > 200_000 {
        return;
    }
    if let Err(e) = wxr::parse(text) {
        assert!(e.line >= 1, "{e}");
    }
    let sections = html::split_sections("A title", text);
    let total: usize = sections.iter().map(|s| s.markdown.len() + s.heading.len()).sum();
    assert!(total <= text.len() * 2 + 4096, "{total} bytes from {}", text.len());
    let markdown = html::html_to_markdown(text);
    assert!(markdown.len() <= text.len() * 2 + 4096);
});
