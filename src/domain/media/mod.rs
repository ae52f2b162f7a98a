//! The media library's closed vocabularies and its one rule of shape: which files an item
//! has, and what they are called in the store and in URLs.

use serde::{Deserialize, Serialize};

pub mod names;

crate::text_enum! {
    /// Where an upload's processing stands.
    MediaStatus {
        Processing => "processing",
        Ready => "ready",
        Failed => "failed",
    }
}

crate::text_enum! {
    /// The format of a variant.
    VariantFormat {
        Avif => "avif",
        Webp => "webp",
        Jpeg => "jpeg",
        Png => "png",
    }
}

crate::text_enum! {
    /// What kind of record uses a library item.
    MediaUse {
        /// As its cover image.
        Article => "article",
        /// As its media, or in its body.
        Section => "section",
        /// As its poster.
        Movie => "movie",
        /// As their photo.
        CastMember => "cast_member",
        /// As their avatar.
        User => "user",
    }
}

impl VariantFormat {
    /// The file extension in the store and in URLs.
    pub fn extension(self) -> &'static str {
        match self {
            VariantFormat::Avif => "avif",
            VariantFormat::Webp => "webp",
            VariantFormat::Jpeg => "jpg",
            VariantFormat::Png => "png",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            VariantFormat::Avif => "image/avif",
            VariantFormat::Webp => "image/webp",
            VariantFormat::Jpeg => "image/jpeg",
            VariantFormat::Png => "image/png",
        }
    }

    pub fn from_extension(ext: &str) -> Option<Self> {
        VariantFormat::ALL.iter().copied().find(|f| f.extension() == ext)
    }
}

/// One variant as stored in the media row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: VariantFormat,
    pub bytes: u64,
}

impl Variant {
    /// Its file name in the item's folder: `640.webp`.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.width, self.format.extension())
    }
}

/// A media key: the first 128 bits of the upload's SHA-256, in lowercase hex.
pub fn is_key(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The extension of the stored original of an upload of `mime_type`.
pub fn original_extension(mime_type: &str) -> Option<&'static str> {
    match mime_type {
        "image/jpeg" => Some("jpg"),
        "image/png" => Some("png"),
        "image/gif" => Some("gif"),
        "image/webp" => Some("webp"),
        _ => None,
    }
}

/// The MIME type of a file of the store, from its name: `original.jpg`, `640.webp`.
pub fn mime_type_of(file: &str) -> Option<&'static str> {
    let (_, ext) = file.rsplit_once('.')?;
    match ext {
        "jpg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        "avif" => Some("image/avif"),
        _ => None,
    }
}

/// A focal point in thousandths, as stored, from a fraction `0..=1`.
pub fn thousandths(fraction: f64) -> Option<i32> {
    (0.0..=1.0).contains(&fraction).then(|| (fraction * 1000.0).round() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_32_lowercase_hex_digits() {
        assert!(is_key("0123456789abcdef0123456789abcdef"));
        for bad in ["", "0123456789ABCDEF0123456789abcdef", "../../etc/passwd", &"a".repeat(33)] {
            assert!(!is_key(bad), "{bad}");
        }
    }

    #[test]
    fn file_names_and_types() {
        let v = Variant { width: 640, height: 427, format: VariantFormat::Jpeg, bytes: 1 };
        assert_eq!(v.file_name(), "640.jpg");
        assert_eq!(mime_type_of("640.avif"), Some("image/avif"));
        assert_eq!(mime_type_of("original.gif"), Some("image/gif"));
        assert_eq!(mime_type_of("original.svg"), None);
        assert_eq!(thousandths(0.25), Some(250));
        assert_eq!(thousandths(1.5), None);
    }
}
