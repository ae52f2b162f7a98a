//! Hostile input: deep nesting, huge inputs and output amplification stay fast and bounded.

use super::*;
/// Runs `f`, named for the reader. The cost bound itself is measured by the `wordpress` fuzz target
/// and not by the clock here: a wall-clock limit in a unit test fails whenever the machine
/// is busy (it did, beside a benchmark) and proves nothing when it is idle. These tests pin
/// what the hostile input turns into: flattened, truncated, bounded in size.
fn named<T>(_what: &str, f: impl FnOnce() -> T) -> T {
    f()
}

#[test]
fn hostile_deep_nesting_is_flattened() {
    let html = format!("{}deep{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
    assert_eq!(named("50 000 nested divs", || html_to_markdown(&html)), "deep");
    let sections = named("50 000 nested divs, split", || split_sections("T", &html));
    assert_eq!(sections.len(), 1);

    let lists = format!("{}x{}", "<ul><li><blockquote>".repeat(20_000), "</blockquote></li></ul>".repeat(20_000));
    let markdown = named("nested lists and quotes", || html_to_markdown(&lists));
    assert!(markdown.ends_with('x') && markdown.len() < 200, "{markdown:?}");
}

#[test]
fn hostile_ten_megabytes_of_bold() {
    let unclosed = "<b>".repeat(10 * 1024 * 1024 / 3);
    assert_eq!(named("10 MB of <b>", || html_to_markdown(&unclosed)), "");

    // Closed pairs cost three tokens each; 4 MB keeps unoptimised test builds well inside the limit.
    let closed = "<b>x</b>".repeat(4 * 1024 * 1024 / 8);
    let markdown = named("4 MB of <b>x</b>", || html_to_markdown(&closed));
    assert!(markdown.starts_with("**x****x**") && markdown.len() <= closed.len() * 2 + OUTPUT_SLACK);
}

#[test]
fn output_is_bounded() {
    let inputs = [
        format!("<ol start=\"999999999999999\">{}", "<li>".repeat(100_000)),
        format!("{}{}", "<blockquote>".repeat(8), "<p>y".repeat(100_000)),
        format!("<a href=\"https://example.com/{}\">{}", "x".repeat(5_000), "<p>a</p>".repeat(10_000)),
        format!("<b><i>{}", "<p>x".repeat(100_000)),
        "*_`[]".repeat(100_000),
        "[embed]".repeat(100_000),
        format!("{}{}", "<a b='".repeat(50_000), "[caption]".repeat(50_000)),
    ];
    for input in &inputs {
        let markdown = named("amplifying input", || html_to_markdown(input));
        assert!(markdown.len() <= input.len() * 2 + OUTPUT_SLACK, "{} -> {}", input.len(), markdown.len());
        let total: usize = split_sections("T", input).iter().map(|s| s.markdown.len()).sum();
        assert!(total <= input.len() * 2 + OUTPUT_SLACK);
    }
}
