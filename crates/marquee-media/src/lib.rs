//! Marquee's image work, bounded before it starts: [`probe`] tells an upload's type from its
//! bytes and its size from its header alone (a decompression bomb costs microseconds and no
//! memory); [`process`] decodes it, turns it upright (EXIF orientation, or an AVIF's
//! rotation and mirroring), and encodes a stored original without any metadata, a blurhash
//! placeholder and the variants of [`WIDTHS`] in AVIF, WebP and the original's family (JPEG,
//! or PNG when it has transparency). An AVIF upload's stored original is a JPEG (a PNG when
//! it has an alpha item): browsers without AVIF get the original too.
//!
//! Every function is non-generic on purpose (see Cargo.toml).

use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::avif::AvifEncoder;
use image::codecs::gif::GifEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};

/// The widths variants are made at, never wider than the original (see [`widths`]).
pub const WIDTHS: [u32; 5] = [320, 640, 960, 1280, 1920];

/// What an upload is, from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Gif,
    WebP,
    Avif,
}

impl Kind {
    pub fn mime_type(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Gif => "image/gif",
            Kind::WebP => "image/webp",
            Kind::Avif => "image/avif",
        }
    }

    /// The usual extension of a file of this kind.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Gif => "gif",
            Kind::WebP => "webp",
            Kind::Avif => "avif",
        }
    }
}

/// The formats variants are encoded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Avif,
    WebP,
    Jpeg,
    Png,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Avif => "avif",
            Format::WebP => "webp",
            Format::Jpeg => "jpeg",
            Format::Png => "png",
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Avif => "image/avif",
            Format::WebP => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// Why an upload is refused, for a message that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not an image type that is accepted (`why` names what it looks like).
    Type(String),
    /// More pixels than allowed, read from the header.
    TooLarge { width: u32, height: u32, max_pixels: u64 },
    /// It claims to be an image but cannot be read.
    Broken(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Type(why) => f.write_str(why),
            Refused::TooLarge { width, height, max_pixels } => {
                write!(f, "the image is {width}x{height} pixels; at most {max_pixels} pixels are accepted")
            }
            Refused::Broken(why) => write!(f, "the image cannot be read: {why}"),
        }
    }
}

/// An upload as its header describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub kind: Kind,
    /// As stored in the file (before any EXIF rotation).
    pub width: u32,
    pub height: u32,
    /// Whether an AVIF has an alpha item (other kinds: `false`; their transparency is told
    /// from their pixels).
    pub avif_alpha: bool,
}

impl Probe {
    /// The kind of the stored original: the upload's own, but for AVIF, JPEG (PNG with an
    /// alpha item).
    pub fn original_kind(&self) -> Kind {
        match self.kind {
            Kind::Avif if self.avif_alpha => Kind::Png,
            Kind::Avif => Kind::Jpeg,
            other => other,
        }
    }

    /// The size as displayed: turned by the file's EXIF orientation (an AVIF's rotation),
    /// read from its header.
    pub fn displayed(&self, bytes: &[u8]) -> (u32, u32) {
        if self.kind == Kind::Avif {
            return marquee_avif::read_header(bytes).map_or((self.width, self.height), |h| h.displayed());
        }
        use image::metadata::Orientation::{Rotate270, Rotate270FlipH, Rotate90, Rotate90FlipH};
        let orientation = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .ok()
            .and_then(|r| r.into_decoder().ok())
            .and_then(|mut d| d.orientation().ok());
        match orientation {
            Some(Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH) => (self.height, self.width),
            _ => (self.width, self.height),
        }
    }
}

/// Tells an upload's type from its first bytes (never its name or declared type) and its
/// size from its header, decoding nothing.
pub fn probe(bytes: &[u8], max_pixels: u64) -> Result<Probe, Refused> {
    let kind = sniff(bytes)?;
    let format = match kind {
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Png => ImageFormat::Png,
        Kind::Gif => ImageFormat::Gif,
        Kind::WebP => ImageFormat::WebP,
        Kind::Avif => return probe_avif(bytes, max_pixels),
    };
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| Refused::Broken(e.to_string()))?;
    if width == 0 || height == 0 {
        return Err(Refused::Broken("it has no pixels".into()));
    }
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(Refused::TooLarge { width, height, max_pixels });
    }
    Ok(Probe { kind, width, height, avif_alpha: false })
}

/// An AVIF's size and alpha from its container; an image sequence is refused.
fn probe_avif(bytes: &[u8], max_pixels: u64) -> Result<Probe, Refused> {
    if bytes.get(8..12) == Some(b"avis") {
        return Err(Refused::Type("animated AVIF is not accepted: upload a still image".into()));
    }
    let header = marquee_avif::read_header(bytes).map_err(avif_refusal)?;
    let (width, height) = (header.width, header.height);
    if width == 0 || height == 0 {
        return Err(Refused::Broken("it has no pixels".into()));
    }
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(Refused::TooLarge { width, height, max_pixels });
    }
    let avif_alpha = marquee_avif::has_alpha(bytes).map_err(avif_refusal)?;
    Ok(Probe { kind: Kind::Avif, width, height, avif_alpha })
}

fn avif_refusal(e: marquee_avif::Error) -> Refused {
    match e {
        marquee_avif::Error::Unsupported(what) => Refused::Type(format!("this AVIF file is not accepted: {what}")),
        other => Refused::Broken(other.to_string()),
    }
}

fn sniff(bytes: &[u8]) -> Result<Kind, Refused> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\xFF\xD8\xFF") {
        return Ok(Kind::Jpeg);
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Ok(Kind::Gif);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Kind::WebP);
    }
    if marquee_avif::is_avif(bytes) {
        return Ok(Kind::Avif);
    }
    Err(Refused::Type(describe_refused(bytes)))
}

/// What a refused file looks like, for the message.
fn describe_refused(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let text = head.trim_start_matches('\u{feff}').trim_start();
    let is_iso_media = bytes.len() >= 12 && &bytes[4..8] == b"ftyp";
    if text.starts_with("<svg") || (text.starts_with("<?xml") && text.contains("<svg")) {
        return "SVG is not accepted: it is a document that can carry script, not a picture of pixels".into();
    }
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.starts_with("<?xml") {
        return "this is an HTML or XML document, not an image".into();
    }
    if bytes.starts_with(b"%PDF") {
        return "this is a PDF document, not an image".into();
    }
    if is_iso_media {
        return "this is a video or HEIC/ISO media file; upload a JPEG, PNG, WebP, GIF or AVIF".into();
    }
    "not an accepted image: JPEG, PNG, WebP, GIF or AVIF, told from the file's own bytes".into()
}

/// A file made by [`process`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Everything made from one upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// As displayed: EXIF orientation applied.
    pub width: u32,
    pub height: u32,
    /// The original, upright, in its own type, with no metadata at all.
    pub original: Vec<u8>,
    pub blurhash: String,
    /// Whether the image has transparent pixels (its variants' family is then PNG).
    pub has_alpha: bool,
    pub variants: Vec<Encoded>,
}

/// How an upload is decoded and encoded.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub max_pixels: u64,
    /// AVIF encoder speed for variants up to [`Settings::avif_fast_above`] pixels, 1 (slow,
    /// small) to 10 (fast), and above it.
    pub avif_speed: u8,
    pub avif_fast_speed: u8,
    pub avif_fast_above: u64,
    pub avif_quality: u8,
    pub webp_quality: f32,
    pub jpeg_quality: u8,
}

impl Default for Settings {
    /// Chosen by measurement (bench/README.md): a 24-megapixel photo's whole set stays under
    /// ten seconds of CPU on two cores. Without rav1e's assembly (the `asm` feature) AVIF
    /// costs three times as much, so the cheap speed starts at a smaller size.
    fn default() -> Self {
        Settings {
            max_pixels: 50_000_000,
            avif_speed: 8,
            avif_fast_speed: 10,
            avif_fast_above: if cfg!(feature = "asm") { 1_500_000 } else { 300_000 },
            avif_quality: 65,
            webp_quality: 78.0,
            jpeg_quality: 80,
        }
    }
}

/// Decodes an upload (after [`probe`] accepted it) and makes its original, placeholder and
/// variants. Memory: the decoded image, one resized copy at a time and the encoded files.
pub fn process(bytes: &[u8], settings: &Settings) -> Result<Processed, Refused> {
    let probed = probe(bytes, settings.max_pixels)?;
    let image = decode(bytes, probed, settings.max_pixels)?;
    let (width, height) = (image.width(), image.height());
    let has_alpha = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let image = if has_alpha {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let original = encode_original(&image, probed.original_kind(), settings)?;
    let blurhash = placeholder(&image)?;
    let family = if has_alpha { Format::Png } else { Format::Jpeg };
    let mut variants = Vec::new();
    for target in widths(width) {
        let target_height = ((u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width)).max(1);
        let resized = resize(&image, target, u32::try_from(target_height).unwrap_or(u32::MAX))?;
        for format in [Format::Avif, Format::WebP, family] {
            let bytes = encode(&resized, format, settings)?;
            variants.push(Encoded { width: resized.width(), height: resized.height(), format, bytes });
        }
    }
    Ok(Processed { width, height, original, blurhash, has_alpha, variants })
}

/// The widths of an image's variants: those of [`WIDTHS`] it reaches, or its own width when
/// it is narrower than all of them (so every image has its modern formats).
pub fn widths(width: u32) -> Vec<u32> {
    let reached: Vec<u32> = WIDTHS.into_iter().filter(|w| *w <= width).collect();
    if reached.is_empty() {
        vec![width]
    } else {
        reached
    }
}

/// Decodes with the pixel bound enforced before any pixel buffer exists, and turns the
/// image upright. An animated GIF or WebP gives its first frame.
fn decode(bytes: &[u8], probed: Probe, max_pixels: u64) -> Result<DynamicImage, Refused> {
    if probed.kind == Kind::Avif {
        let decoded = marquee_avif::decode(bytes, max_pixels).map_err(|e| match e {
            marquee_avif::Error::TooLarge { width, height } => Refused::TooLarge { width, height, max_pixels },
            other => avif_refusal(other),
        })?;
        let image = image::RgbaImage::from_raw(decoded.width, decoded.height, decoded.rgba)
            .ok_or_else(|| Refused::Broken("the AVIF decoder gave a short image".into()))?;
        return Ok(DynamicImage::ImageRgba8(image));
    }
    let broken = |e: image::ImageError| Refused::Broken(e.to_string());
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| Refused::Broken(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(probed.width);
    limits.max_image_height = Some(probed.height);
    limits.max_alloc = Some(max_pixels.saturating_mul(4).saturating_add(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(Refused::TooLarge { width: w, height: h, max_pixels });
    }
    let orientation = decoder.orientation().map_err(broken)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(broken)?;
    image.apply_orientation(orientation);
    Ok(image)
}

fn resize(image: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, Refused> {
    let mut resized = DynamicImage::new(width, height, image.color());
    Resizer::new()
        .resize(image, &mut resized, &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)))
        .map_err(|e| Refused::Broken(e.to_string()))?;
    Ok(resized)
}

/// A blurhash of a small copy: 4x3 components, what front-ends paint while the image loads.
fn placeholder(image: &DynamicImage) -> Result<String, Refused> {
    let small = image.thumbnail(32, 32).to_rgba8();
    blurhash::encode(4, 3, small.width(), small.height(), small.as_raw()).map_err(|e| Refused::Broken(e.to_string()))
}

/// The stored original: the upright pixels in the upload's own type, written afresh, so no
/// EXIF (GPS included), XMP, IPTC, comment or other chunk of the upload survives.
fn encode_original(image: &DynamicImage, kind: Kind, settings: &Settings) -> Result<Vec<u8>, Refused> {
    let failed = |e: String| Refused::Broken(format!("the original could not be written: {e}"));
    match kind {
        Kind::Jpeg => encode(image, Format::Jpeg, &Settings { jpeg_quality: 92, ..*settings }),
        Kind::Png => encode(image, Format::Png, settings),
        Kind::WebP => encode(image, Format::WebP, &Settings { webp_quality: 90.0, ..*settings }),
        Kind::Gif => {
            let mut out = Vec::new();
            GifEncoder::new(&mut out)
                .encode(image.to_rgba8().as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgba8)
                .map_err(|e| failed(e.to_string()))?;
            Ok(out)
        }
        Kind::Avif => encode(image, Format::Avif, settings),
    }
}

/// One encoded file of `image` (RGB8, or RGBA8 when it has transparency).
pub fn encode(image: &DynamicImage, format: Format, settings: &Settings) -> Result<Vec<u8>, Refused> {
    let failed = |e: String| Refused::Broken(format!("{} encoding failed: {e}", format.as_str()));
    let (w, h) = (image.width(), image.height());
    let mut out = Vec::new();
    match format {
        Format::Avif => {
            let speed = if u64::from(w) * u64::from(h) > settings.avif_fast_above {
                settings.avif_fast_speed
            } else {
                settings.avif_speed
            };
            AvifEncoder::new_with_speed_quality(&mut out, speed, settings.avif_quality)
                .write_image(image.as_bytes(), w, h, image.color().into())
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::WebP => {
            let mut config = webp::WebPConfig::new().map_err(|()| failed("no configuration".into()))?;
            config.lossless = 0;
            config.quality = settings.webp_quality;
            config.method = 4;
            let encoder = match image {
                DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba.as_raw(), w, h),
                _ => webp::Encoder::from_rgb(image.as_bytes(), w, h),
            };
            let encoded = encoder.encode_advanced(&config).map_err(|e| failed(format!("{e:?}")))?;
            out.extend_from_slice(&encoded);
        }
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            let width = u16::try_from(w).map_err(|_| failed("too wide for JPEG".into()))?;
            let height = u16::try_from(h).map_err(|_| failed("too tall for JPEG".into()))?;
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, settings.jpeg_quality);
            encoder.set_progressive(true);
            encoder.set_optimized_huffman_tables(true);
            encoder
                .encode(rgb.as_raw(), width, height, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| failed(e.to_string()))?;
        }
        Format::Png => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Fast, PngFilter::Adaptive)
                .write_image(image.as_bytes(), w, h, image.color().into())
                .map_err(|e| failed(e.to_string()))?;
        }
    }
    Ok(out)
}

#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
#[cfg(test)]
mod tests;
