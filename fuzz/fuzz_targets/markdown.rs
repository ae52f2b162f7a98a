//! Markdown to sanitized HTML: any body renders or is refused, never panics, and what
//! renders has nothing that runs script and stays within its size bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marquee::render::audit::first_unsafe;
use marquee::render::{markdown_to_html, MAX_GROWTH};

fuzz_target!(|text: &str| {
    if text.len() > 100_000 {
        return;
    }
    if let Ok(html) = markdown_to_html(text) {
        if let Some(found) = first_unsafe(&html) {
            panic!("{found} in {html}");
        }
        assert!(html.len() <= text.len() * MAX_GROWTH + 4096);
    }
});
