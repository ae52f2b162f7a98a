//! Tests of the HTML → markdown pipeline: shared helpers here, the tests in the submodules.

use super::*;
// The WXR parser, a sibling of this module under `src/wordpress/`.
use super::super::wxr as wordpress;
// Internals that the tests check directly.
use super::entities::decode_entities;
use super::writer::OUTPUT_SLACK;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/wordpress/", $name))
    };
}

fn fixture_article(xml: &str) -> wordpress::Item {
    let export = wordpress::parse(xml).unwrap();
    export.items.into_iter().next().unwrap()
}

fn headings(sections: &[SectionDraft]) -> Vec<(&str, Option<&str>)> {
    sections.iter().map(|s| (s.heading.as_str(), s.subheading.as_deref())).collect()
}

fn media(sections: &[SectionDraft]) -> Vec<(Option<&str>, Option<&str>)> {
    sections.iter().map(|s| (s.media_url.as_deref(), s.media_caption.as_deref())).collect()
}

const YOUTUBE_TRAILER: &str = "https://www.youtube.com/watch?v=Xk3mP9rT2aQ";
const VIMEO_CLIP: &str = "https://vimeo.com/76979871";
const STORM_CAPTION: &str = "The storm sequence, shot in a single take on the Calder rig";

mod fixtures;
mod hostile;
mod markdown;
mod sections;
