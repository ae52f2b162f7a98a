//! The response cache's keys and bounds: query parameters a route does not know, their order
//! and spelled-out defaults share one entry; the cache stays within `MARQUEE_CACHE_MAX_BYTES`
//! by evicting entries one at a time; `/metrics` shows what it did.

use marquee::domain::Role;
use serde_json::json as j;

use crate::helpers::{fetch, get_ok, spawn_app, spawn_app_with, TestApp};

/// One of the cache's figures from `/metrics`.
async fn cache_metric(app: &TestApp, name: &str) -> u64 {
    let text = app.get("/metrics").await.text().await.unwrap();
    let line = text
        .lines()
        .find(|l| l.split_whitespace().next() == Some(&format!("marquee_{name}")))
        .unwrap_or_else(|| panic!("no marquee_{name} in /metrics"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn unknown_query_parameters_order_and_defaults_make_no_new_entries() {
    let app = spawn_app().await;
    let t = app.login_as(Role::Editor).await.token;
    app.published_article(&t, "Junk proof").await;
    app.settled().await;
    let honest = ["/api/v1/articles/junk-proof", "/api/v1/articles?limit=5&tag=endings", "/api/v1/search?q=junk"];
    for path in honest {
        get_ok(&app, path).await;
    }
    let entries = cache_metric(&app, "cache_entries").await;
    let hits = cache_metric(&app, "cache_hits_total").await;
    assert!(entries >= 3, "{entries}");

    let variants = [
        "/api/v1/articles/junk-proof?utm_source=x1",
        "/api/v1/articles/junk-proof?utm_source=x2&fbclid=abc",
        "/api/v1/articles/junk%2Dproof",
        "/api/v1/articles?tag=endings&limit=5",
        "/api/v1/articles?tag=endings&limit=5&cursor=&ref=feed",
        "/api/v1/search?q=junk&limit=20",
        "/api/v1/search?limit=20&q=junk&page=7",
    ];
    for (i, path) in variants.iter().enumerate() {
        let (status, _, body) = fetch(&app, path).await;
        assert_eq!(status, 200, "{path}: {body}");
        assert_eq!(cache_metric(&app, "cache_entries").await, entries, "{path} made an entry");
        assert_eq!(cache_metric(&app, "cache_hits_total").await, hits + i as u64 + 1, "{path} missed");
    }
    // A different page is a different entry.
    get_ok(&app, "/api/v1/articles?limit=4&tag=endings").await;
    assert_eq!(cache_metric(&app, "cache_entries").await, entries + 1);
}

/// Text that compresses about as well as prose does: words picked by a small LCG.
fn prose(seed: u64, chars: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "ending",
        "heptapod",
        "language",
        "time",
        "loop",
        "memory",
        "daughter",
        "ship",
        "signal",
        "choice",
        "future",
        "linguist",
        "circle",
        "translation",
        "grief",
        "arrival",
        "message",
        "weapon",
        "gift",
    ];
    let (mut state, mut out) = (seed, String::with_capacity(chars + 16));
    while out.len() < chars {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        out.push_str(WORDS[(state >> 33) as usize % WORDS.len()]);
        out.push(if (state >> 20) % 13 == 0 { '\n' } else { ' ' });
    }
    out
}

#[tokio::test]
async fn the_cache_stays_within_its_byte_bound_evicting_one_entry_at_a_time() {
    const BOUND: u64 = 1 << 20;
    let app = spawn_app_with(&[("MARQUEE_CACHE_MAX_BYTES", &BOUND.to_string())]).await;
    let t = app.login_as(Role::Editor).await.token;
    let mut slugs = Vec::new();
    for i in 0..24 {
        let article = app.create_article(&t, j!({"title": format!("Long read {i}")})).await;
        let id = article["id"].as_i64().unwrap();
        app.create_section(&t, id, j!({"heading": "All of it", "body": prose(i, 60_000)})).await;
        app.publish(&t, id, None).await;
        slugs.push(article["slug"].as_str().unwrap().to_string());
    }
    for slug in &slugs {
        get_ok(&app, &format!("/api/v1/articles/{slug}")).await;
    }
    let (entries, bytes) = (cache_metric(&app, "cache_entries").await, cache_metric(&app, "cache_bytes").await);
    assert!(bytes <= BOUND, "{bytes} bytes in {entries} entries");
    assert!(cache_metric(&app, "cache_evictions_total").await > 0);
    assert!((2..24).contains(&entries), "some entries stay, not all: {entries}");
    // Whatever was evicted is rebuilt, the same as before.
    let first = get_ok(&app, &format!("/api/v1/articles/{}", slugs[0])).await;
    assert_eq!(first["sections"][0]["heading"], "All of it");
}
