//! AVIF stills, in pure Rust. [`is_avif`] tells an AVIF file from its first box,
//! [`read_header`] reads its size and orientation from the container alone (no pixel is
//! decoded, whatever the size claimed), and [`decode`] turns it into upright RGBA, refusing
//! more than a given number of pixels before any decoding starts.
//!
//! The container is read by avif-parse, the AV1 data decoded by rav1d (dav1d ported to
//! Rust) and converted to RGB by yuv. Grids (images tiled from several items) and
//! animations are refused as unsupported.

#![deny(unsafe_code)]

#[allow(unsafe_code)]
mod av1;
mod container;
mod pixels;

pub use container::{is_avif, read_header};

/// What an AVIF file's header says, read without decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// As stored (before `rotation` and `mirror`).
    pub width: u32,
    pub height: u32,
    /// Degrees counter-clockwise, applied first: 0, 90, 180 or 270.
    pub rotation: u16,
    /// Applied after the rotation: `Some(0)` flips left↔right, `Some(1)` top↔bottom.
    pub mirror: Option<u8>,
}

impl Header {
    /// The width and height as displayed (swapped by a rotation of 90 or 270).
    pub fn displayed(&self) -> (u32, u32) {
        if self.rotation % 180 == 90 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// A decoded image: RGBA, 8 bits a channel, alpha not premultiplied, rows top to bottom.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Image {{ {}x{}, {} bytes }}", self.width, self.height, self.rgba.len())
    }
}

/// Why an AVIF file cannot be read.
#[derive(Debug)]
pub enum Error {
    /// Not an AVIF file, or a damaged one.
    Malformed(String),
    /// A valid file this crate does not decode (a grid, an animation, an unusual colour
    /// format).
    Unsupported(String),
    /// More pixels than allowed, read from the header.
    TooLarge { width: u32, height: u32 },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Malformed(why) => write!(f, "the AVIF file cannot be read: {why}"),
            Error::Unsupported(what) => write!(f, "this AVIF file cannot be decoded: {what}"),
            Error::TooLarge { width, height } => write!(f, "the AVIF image is {width}x{height} pixels, too many"),
        }
    }
}

impl std::error::Error for Error {}

/// Whether the file has an alpha (transparency) item, read from the container alone.
pub fn has_alpha(bytes: &[u8]) -> Result<bool, Error> {
    Ok(container::items(bytes)?.alpha_item.is_some())
}

/// Decodes an AVIF still into upright RGBA: its rotation and mirroring applied, alpha (if
/// any) un-premultiplied. An image of more than `max_pixels` is refused from its header,
/// before any decoding.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<Image, Error> {
    let header = read_header(bytes)?;
    let (width, height) = (header.width, header.height);
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(Error::TooLarge { width, height });
    }
    let items = container::items(bytes)?;
    // The decoder's own bound, should the AV1 data claim more pixels than the header.
    let frame_size_limit = u32::try_from(max_pixels).unwrap_or(u32::MAX);
    let mut rgba = av1::decode(&items.primary_item, frame_size_limit, |frame| pixels::color(frame, width, height))?;
    if let Some(alpha) = &items.alpha_item {
        av1::decode(alpha, frame_size_limit, |frame| pixels::alpha(frame, &mut rgba, width, height))?;
        if items.premultiplied_alpha {
            pixels::unpremultiply(&mut rgba);
        }
    }
    Ok(pixels::upright(Image { width, height, rgba }, &header))
}
