//! What an item's files are called in the store and in URLs: `{key}/original.{ext}` and
//! `{key}/{width}.{ext}` for each variant made; an upload waits at `incoming/{key}`.

use super::original_extension;

/// Where an upload waits for processing (never served).
pub fn incoming(key: &str) -> String {
    format!("incoming/{key}")
}

/// The stored original's file name.
pub fn original(mime_type: &str) -> String {
    format!("original.{}", original_extension(mime_type).unwrap_or("bin"))
}

/// A file of an item's folder.
pub fn file(key: &str, name: &str) -> String {
    format!("{key}/{name}")
}

/// The URL a file is read at: under `base` (`MARQUEE_MEDIA_PUBLIC_URL`, or `/media`).
pub fn url(base: &str, key: &str, name: &str) -> String {
    format!("{base}/{key}/{name}")
}
