//! Compressed bodies for cached public responses: gzip and brotli made once, when the body is
//! stored (on the blocking pool), so a cache hit never compresses. Everything else is
//! compressed per response by actix-web's `Compress` middleware, which leaves alone a
//! response that says its encoding already.

use std::io::Write;

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
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, 22);
                writer.write_all(body).expect("writing to memory cannot fail");
            }
            Bytes::from(out.into_boxed_slice())
        }
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
}
