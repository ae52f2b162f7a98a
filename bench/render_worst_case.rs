//! The slowest and largest section bodies the renderer accepts, timed in a release build:
//! `cargo run --release --example render_worst_case`. Each body is at the 100 000-character
//! limit; refused ones say why.

use std::time::Instant;

use marquee::render::{markdown_to_html, MAX_NESTING};

fn fill(unit: &str) -> String {
    unit.repeat(100_000 / unit.len())
}

fn main() {
    let deep = "> ".repeat(MAX_NESTING - 1);
    let cases: Vec<(&str, String)> = vec![
        ("blockquotes at the limit, one line each", fill(&format!("{deep}x\n\n"))),
        ("nested lists at the limit", fill(&((0..16).map(|i| " ".repeat(i * 2) + "- x\n").collect::<String>() + "\n"))),
        (
            "nested divs at the limit",
            fill(&("<div>".repeat(MAX_NESTING - 1) + "x" + &"</div>".repeat(MAX_NESTING - 1) + "\n\n")),
        ),
        ("links", fill("[a](b) ")),
        ("emphasis", fill("*a* ")),
        ("autolinks", fill("<http://a.b> ")),
        ("wide table", "|a".repeat(25_000) + "\n" + &"|-".repeat(24_999)),
        ("49 000 nested blockquotes", "> ".repeat(49_000) + "x"),
        ("16 000 nested divs", "<div>".repeat(16_000) + "x"),
        ("33 000 nested links", "<a>".repeat(33_000)),
    ];
    println!("| body | chars | render ms | HTML / markdown |");
    println!("|---|---:|---:|---:|");
    for (name, body) in cases {
        let started = Instant::now();
        let result = markdown_to_html(&body);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok(html) => {
                println!("| {name} | {} | {ms:.1} | {:.2} |", body.len(), html.len() as f64 / body.len() as f64);
            }
            Err(e) => println!("| {name} | {} | {ms:.1} | refused: {e} |", body.len()),
        }
    }
}
