//! Properties checked over generated input (proptest, in the normal suite): whatever a writer
//! puts in markdown, the stored HTML has no script, event handler or `javascript:` URL, and
//! stays within its size bound; a cursor survives the round trip and any tampering with one
//! is refused; the spec's text patterns accept exactly what the server does. Longer fuzzing
//! of the same parsers: `fuzz/README.md`.

use marquee::pagination::CursorCodec;
use marquee::render::audit::first_unsafe;
use marquee::render::{markdown_to_html, MAX_GROWTH};
use proptest::prelude::*;

/// Markdown made of the pieces an attacker would reach for, in any order and nesting.
fn hostile_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_string()),
        Just("<a href=\"jav&#x09;ascript:alert(1)\">x</a>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("[x](JAVASCRIPT:alert(1))".to_string()),
        Just("![x](javascript:alert(1))".to_string()),
        Just("<svg onload=alert(1)>".to_string()),
        Just("<div style=\"x\" onclick=\"y\">".to_string()),
        Just("<iframe src=//evil>".to_string()),
        Just("<style>*{}</style>".to_string()),
        Just("<math><mi xlink:href=\"javascript:1\">".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("\n\n".to_string()),
        Just("*".to_string()),
        Just("`".to_string()),
        Just("<".to_string()),
        Just("\"".to_string()),
        "[a-zA-Z0-9 :/=.<>\"'()&#;]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn sanitized_html_never_carries_script(markdown in hostile_markdown()) {
        if let Ok(html) = markdown_to_html(&markdown) {
            prop_assert_eq!(first_unsafe(&html), None, "in {}", html);
            prop_assert!(html.len() <= markdown.len() * MAX_GROWTH + 4096);
        }
    }

    #[test]
    fn any_text_renders_or_is_refused_but_never_panics(markdown in "\\PC{0,400}") {
        let _ = markdown_to_html(&markdown);
    }

    #[test]
    fn cursors_round_trip(published in any::<i64>(), id in any::<i64>()) {
        let codec = CursorCodec::new(b"a secret of some length for the tests");
        let cursor = codec.encode(&(published, id));
        prop_assert_eq!(codec.decode::<(i64, i64)>(&cursor).unwrap(), (published, id));
    }

    #[test]
    fn a_tampered_cursor_is_refused(id in any::<i64>(), at in any::<prop::sample::Index>(), with in any::<char>()) {
        let codec = CursorCodec::new(b"a secret of some length for the tests");
        let cursor = codec.encode(&(1_i64, id));
        let mut chars: Vec<char> = cursor.chars().collect();
        let i = at.index(chars.len());
        prop_assume!(chars[i] != with);
        chars[i] = with;
        let tampered: String = chars.into_iter().collect();
        prop_assert!(codec.decode::<(i64, i64)>(&tampered).is_err(), "{} accepted", tampered);
    }
}

/// Characters where the text rules have edges: controls kept and refused, ASCII and
/// Unicode whitespace, separators that are controls, letters.
fn edgy_text() -> impl Strategy<Value = String> {
    let c = prop::sample::select(vec![
        'a', 'Z', 'é', '0', ' ', '\t', '\n', '\r', '\u{0}', '\u{1}', '\u{b}', '\u{c}', '\u{1c}', '\u{1f}', '\u{7f}',
        '\u{85}', '\u{9f}', '\u{a0}', '\u{2028}', '\u{3000}', '\u{200b}', '\u{feff}', '🎬',
    ]);
    prop::collection::vec(c, 0..8).prop_map(|cs| cs.into_iter().collect())
}

fn spec_property(schema: &str, field: &str) -> (regex::Regex, usize) {
    let spec: serde_json::Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let property = &spec["components"]["schemas"][schema]["properties"][field];
    let pattern = regex::Regex::new(property["pattern"].as_str().unwrap()).unwrap();
    (pattern, usize::try_from(property["maxLength"].as_u64().unwrap()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, .. ProptestConfig::default() })]

    /// The spec's pattern and length for a required text field accept exactly what the
    /// server does.
    #[test]
    fn required_text_in_the_spec_is_the_servers_rule(text in edgy_text()) {
        let (pattern, max) = spec_property("CreateMovieRequest", "title");
        let spec_says = pattern.is_match(&text) && text.chars().count() <= max;
        prop_assert_eq!(spec_says, marquee::domain::text::bounded(&text, 1, max).is_ok(), "{:?}", text);
    }

    /// The same for an optional one (blank is no value).
    #[test]
    fn optional_text_in_the_spec_is_the_servers_rule(text in edgy_text()) {
        let (pattern, max) = spec_property("CreateMovieRequest", "synopsis");
        let spec_says = pattern.is_match(&text) && text.chars().count() <= max;
        prop_assert_eq!(spec_says, marquee::domain::text::optional(Some(&text), max).is_ok(), "{:?}", text);
    }
}
