//! The cache's rules: purges, the due-time gate, the byte bound, single flights.
use super::*;

fn key(text: &str) -> SurrogateKey {
    SurrogateKey::parse(text).unwrap()
}

fn cached(body: &str, keys: &[&str]) -> Arc<Cached> {
    let keys = keys.iter().map(|k| key(k)).collect();
    let body = Bytes::from(body.to_string());
    let compressed = crate::compression::Compressed::of(&body);
    Arc::new(Cached::new(body, HeaderValue::from_static("\"x\""), keys, compressed).unwrap())
}

fn ready(bytes: u64) -> PublicCache {
    let cache = PublicCache::new(bytes).unwrap();
    cache.set_next_due(NOTHING_DUE);
    cache
}

#[test]
fn purges_exactly_the_responses_with_the_key() {
    let cache = ready(1 << 20);
    let t = cache.ticket();
    cache.put(t, "/a".into(), cached("a", &["article-1", "movie-3"]));
    cache.put(t, "/b".into(), cached("b", &["article-2"]));
    cache.purge(&[key("movie-3")]);
    assert!(cache.get("/a").is_none());
    assert!(cache.get("/b").is_some());
}

#[test]
fn a_response_read_before_a_purge_is_not_stored() {
    let cache = ready(1 << 20);
    let t = cache.ticket();
    cache.purge(&[key("article-1")]);
    cache.put(t, "/a".into(), cached("stale", &["article-1"]));
    assert!(cache.get("/a").is_none());
}

#[test]
fn nothing_is_stored_until_the_due_time_is_known() {
    let cache = PublicCache::new(1 << 20).unwrap();
    cache.put(cache.ticket(), "/a".into(), cached("a", &[]));
    assert!(cache.get("/a").is_none());
}

#[test]
fn everything_goes_when_a_scheduled_article_falls_due() {
    let cache = ready(1 << 20);
    cache.put(cache.ticket(), "/a".into(), cached("a", &[]));
    cache.set_next_due(PublicCache::now_ms() - 1);
    assert!(cache.get("/a").is_none());
    assert!(cache.is_empty());
    cache.put(cache.ticket(), "/a".into(), cached("a", &[]));
    assert!(cache.is_empty(), "not stored until the next due time is known");
}

#[test]
fn it_stays_within_its_bytes_and_forgets_what_it_evicts() {
    let cache = ready(200_000);
    let body = "x".repeat(10_000);
    for i in 0..200 {
        cache.put(cache.ticket(), format!("/junk/{i}"), cached(&body, &[&format!("article-{i}")]));
    }
    let (entries, bytes) = cache.size();
    assert!(bytes <= 200_000, "{bytes} bytes in {entries} entries");
    assert!(entries < 200);
    let indexed = cache.index.lock().unwrap().values().map(HashMap::len).sum::<usize>();
    assert_eq!(u64::try_from(indexed).unwrap(), entries, "the index holds only what the cache does");
}

#[test]
fn a_replaced_entry_does_not_unregister_its_successor() {
    let cache = ready(1 << 20);
    cache.put(cache.ticket(), "/a".into(), cached("old", &["article-1"]));
    cache.put(cache.ticket(), "/a".into(), cached("new", &["article-1"]));
    cache.size();
    cache.purge(&[key("article-1")]);
    assert!(cache.get("/a").is_none(), "the newer entry is still found by its key");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_who_miss_together_wait_for_one_build_but_not_across_a_purge() {
    let cache = Arc::new(ready(1 << 20));
    let builds = Arc::new(AtomicU64::new(0));
    let read = |cache: Arc<PublicCache>, builds: Arc<AtomicU64>| async move {
        cache
            .get_or_build(CacheKey::new("/a"), || async move {
                builds.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(50)).await;
                Ok::<_, ()>(cached("a", &["article-1"]))
            })
            .await
    };
    let readers: Vec<_> = (0..16).map(|_| tokio::spawn(read(cache.clone(), builds.clone()))).collect();
    for reader in readers {
        assert!(reader.await.unwrap().is_ok());
    }
    assert_eq!(builds.load(Ordering::SeqCst), 1);

    // A purge while a build runs: later readers do not take its (stale) result.
    cache.purge(&[key("article-1")]);
    let early = tokio::spawn(read(cache.clone(), builds.clone()));
    tokio::time::sleep(Duration::from_millis(10)).await;
    cache.purge(&[key("article-1")]);
    let late = tokio::spawn(read(cache.clone(), builds.clone()));
    assert!(early.await.unwrap().is_ok() && late.await.unwrap().is_ok());
    assert_eq!(builds.load(Ordering::SeqCst), 3);
    assert!(cache.flights.lock().unwrap().is_empty(), "every flight landed");
}

#[test]
fn stored_bodies_carry_their_compressed_forms() {
    let entry = cached(&"word ".repeat(400), &[]);
    let (gzip, used) = entry.encoded(Encoding::Gzip);
    assert_eq!(used, Encoding::Gzip);
    assert!(gzip.len() < entry.body.len());
    assert_eq!(entry.encoded(Encoding::Brotli).1, Encoding::Brotli);
    let small = cached("tiny", &[]);
    assert_eq!(small.encoded(Encoding::Gzip).1, Encoding::Identity);
}
