//! Compressed bodies for cached public responses: gzip and brotli made once, when the body is
//! stored, so a cache hit never compresses. Everything else is compressed per response by
//! actix-web's `Compress` middleware, which leaves alone a response that says its encoding
//! already.
//!
//! Bodies to be stored are compressed on a [`Compressor`]'s own threads, never on the blocking
//! pool: each encoder allocates and zeroes about a megabyte of tables, and a thread's allocator
//! keeps what it freed for that thread's next use, so compressing on each of the pool's
//! threads made each of them keep its own (some 300 MiB of resident memory under a long-tail
//! load). Two threads keep two sets, and the database connection is free while they work.

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::http::header::HeaderValue;
use actix_web::web::Bytes;

/// Bodies smaller than this go out as they are: compressing them saves nothing.
pub const MIN_BYTES: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    pub fn header(self) -> Option<HeaderValue> {
        match self {
            Encoding::Brotli => Some(HeaderValue::from_static("br")),
            Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
            Encoding::Identity => None,
        }
    }
}

/// The best encoding `Accept-Encoding` allows: brotli, then gzip, else none. An encoding with
/// `q=0` is refused.
pub fn preferred(accept_encoding: Option<&str>) -> Encoding {
    let accepted = |name: &str| {
        accept_encoding.into_iter().flat_map(|v| v.split(',')).any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let token = parts.next().unwrap_or("");
            let refused = parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0)));
            (token.eq_ignore_ascii_case(name) || token == "*") && !refused
        })
    };
    if accepted("br") {
        Encoding::Brotli
    } else if accepted("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Brotli's quality 5: smaller than gzip's 6 and about as fast, where 9 would cost a long
/// article's cache miss tens of milliseconds.
const BROTLI_QUALITY: u32 = 5;

/// The smallest brotli window that holds all of a body of `len` bytes (a window of 2^bits
/// holds 2^bits - 16), between 2^17 and brotli's default, 2^22. A larger window compresses
/// the body no better, and the encoder allocates (and zeroes) a ring buffer of twice the
/// window: at 2^22 that is 8 MiB for every cached body, which each blocking thread's
/// allocator then keeps. Below 2^17 brotli switches to a slower hasher with larger tables.
fn brotli_window_bits(len: usize) -> u32 {
    (usize::BITS - (len + 15).leading_zeros()).clamp(17, 22)
}

/// `body` in `encoding`, compressed harder than per-response compression would afford,
/// since this happens once per cached body.
pub fn compress(body: &[u8], encoding: Encoding) -> Bytes {
    match encoding {
        Encoding::Identity => Bytes::copy_from_slice(body),
        Encoding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::new(6));
            encoder.write_all(body).expect("writing to memory cannot fail");
            Bytes::from(encoder.finish().expect("writing to memory cannot fail").into_boxed_slice())
        }
        Encoding::Brotli => {
            let mut out = Vec::with_capacity(body.len() / 3);
            {
                let window = brotli_window_bits(body.len());
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, window);
                writer.write_all(body).expect("writing to memory cannot fail");
            }
            Bytes::from(out.into_boxed_slice())
        }
    }
}

/// A body's compressed forms.
#[derive(Debug)]
pub struct Compressed {
    pub gzip: Bytes,
    pub brotli: Bytes,
}

impl Compressed {
    /// Both forms of `body`, here and now; `None` when it is too small to be worth it.
    pub fn of(body: &[u8]) -> Option<Compressed> {
        (body.len() >= MIN_BYTES)
            .then(|| Compressed { gzip: compress(body, Encoding::Gzip), brotli: compress(body, Encoding::Brotli) })
    }
}

type Job = (Bytes, tokio::sync::oneshot::Sender<Option<Compressed>>);

/// Threads that compress bodies for the cache (see the module's comment). They end when the
/// `Compressor` is dropped.
pub struct Compressor {
    jobs: tokio::sync::mpsc::Sender<Job>,
}

impl Compressor {
    pub const THREADS: usize = 2;

    pub fn start() -> std::io::Result<Compressor> {
        // A few bodies per thread waiting: more readers wait their turn on the channel.
        let (jobs, queue) = tokio::sync::mpsc::channel::<Job>(4 * Self::THREADS);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..Self::THREADS {
            let queue = queue.clone();
            std::thread::Builder::new().name(format!("compress-{n}")).spawn(move || loop {
                let job = queue.lock().unwrap_or_else(PoisonError::into_inner).blocking_recv();
                let Some((body, reply)) = job else { return };
                // The reader may have gone; the work is then simply not used.
                let _ = reply.send(Compressed::of(&body));
            })?;
        }
        Ok(Compressor { jobs })
    }

    /// `body`'s compressed forms, made on the compressor's threads.
    pub async fn compress(&self, body: Bytes) -> Option<Compressed> {
        if body.len() < MIN_BYTES {
            return None;
        }
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.jobs.send((body, reply)).await.ok()?;
        answer.await.ok().flatten()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn negotiation_prefers_brotli_then_gzip_and_respects_q_zero() {
        assert_eq!(preferred(None), Encoding::Identity);
        assert_eq!(preferred(Some("gzip, deflate, br")), Encoding::Brotli);
        assert_eq!(preferred(Some("gzip")), Encoding::Gzip);
        assert_eq!(preferred(Some("br;q=0, gzip;q=0.5")), Encoding::Gzip);
        assert_eq!(preferred(Some("identity")), Encoding::Identity);
        assert_eq!(preferred(Some("*")), Encoding::Brotli);
    }

    #[test]
    fn compressed_bodies_decompress_to_the_original() {
        let body = "an explainer, ".repeat(500);
        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(&compress(body.as_bytes(), Encoding::Gzip)[..])
            .read_to_string(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, body);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&compress(body.as_bytes(), Encoding::Brotli)[..], 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, body);
    }

    #[tokio::test]
    async fn the_compressor_threads_make_both_forms_of_bodies_worth_compressing() {
        let compressor = Compressor::start().unwrap();
        let body = Bytes::from("a film, explained. ".repeat(200));
        let both = compressor.compress(body.clone()).await.expect("a 3.8 kB body is compressed");
        let mut gunzipped = Vec::new();
        flate2::read::GzDecoder::new(&both.gzip[..]).read_to_end(&mut gunzipped).unwrap();
        let mut unbrotlied = Vec::new();
        brotli::Decompressor::new(&both.brotli[..], 4096).read_to_end(&mut unbrotlied).unwrap();
        assert_eq!((gunzipped, unbrotlied), (body.to_vec(), body.to_vec()));
        assert!(compressor.compress(Bytes::from_static(b"{}")).await.is_none(), "too small to be worth it");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn readers_compressing_at_once_each_get_their_own_body_back() {
        let compressor = Arc::new(Compressor::start().unwrap());
        let barrier = Arc::new(tokio::sync::Barrier::new(32));
        let tasks: Vec<_> = (0..32)
            .map(|n| {
                let (compressor, barrier) = (compressor.clone(), barrier.clone());
                tokio::spawn(async move {
                    let body = Bytes::from(format!("reader {n} explains the ending. ").repeat(40 + n));
                    barrier.wait().await;
                    let both = compressor.compress(body.clone()).await.expect("compressed");
                    let mut gunzipped = Vec::new();
                    flate2::read::GzDecoder::new(&both.gzip[..]).read_to_end(&mut gunzipped).unwrap();
                    let mut unbrotlied = Vec::new();
                    brotli::Decompressor::new(&both.brotli[..], 4096).read_to_end(&mut unbrotlied).unwrap();
                    (gunzipped == body, unbrotlied == body)
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), (true, true), "a reader got another body's forms");
        }
    }

    #[test]
    fn the_brotli_window_is_the_smallest_that_holds_the_body() {
        let cases = [(0, 17), (20_000, 17), (131_056, 17), (131_057, 18), (1 << 21, 22)];
        for (len, bits) in cases {
            assert_eq!(brotli_window_bits(len), bits, "{len} bytes");
        }
        assert_eq!(brotli_window_bits(50 << 20), 22);
        // Bodies at the edges of their windows decompress whole.
        let words: Vec<String> = (0..60_000).map(|i| format!("{} ", i * 7919 % 100_003)).collect();
        let text = words.concat();
        for len in [1008, 131_056, 131_057, 300_000] {
            let body = &text.as_bytes()[..len];
            let mut out = Vec::new();
            brotli::Decompressor::new(&compress(body, Encoding::Brotli)[..], 4096).read_to_end(&mut out).unwrap();
            assert_eq!(out, body, "{len} bytes");
        }
    }
}
