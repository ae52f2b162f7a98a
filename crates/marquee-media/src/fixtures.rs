//! Images made for tests (this crate's and Marquee's API tests, with the `fixtures`
//! feature): plain JPEGs, a JPEG a camera would make (turned by EXIF, with a GPS position),
//! a PNG with transparency, AVIF stills, and a decompression bomb.

use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageEncoder};

use crate::{encode, Format, Settings};

/// A JPEG of `width` x `height` with a gradient.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    encode(&DynamicImage::ImageRgb8(image), Format::Jpeg, &Settings::default()).expect("a JPEG encodes")
}

/// A PNG of `width` x `height` whose left half is transparent.
pub fn png_with_alpha(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, _| {
        image::Rgba([200, 10, 10, if x < width / 2 { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(image.as_raw(), width, height, image::ExtendedColorType::Rgba8)
        .expect("a PNG encodes");
    png
}

/// An AVIF still of `width` x `height` with a gradient; with `alpha`, its left half is
/// transparent.
pub fn avif(width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, if alpha && x < width / 2 { 0 } else { 255 }])
    });
    let image = if alpha {
        DynamicImage::ImageRgba8(image)
    } else {
        DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(image).into_rgb8())
    };
    encode(&image, Format::Avif, &Settings::default()).expect("an AVIF encodes")
}

/// An AVIF still whose header (its `ispe` box) claims `width` x `height`: a decompression
/// bomb in a few hundred bytes.
pub fn avif_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = avif(16, 16, false);
    let at = bytes.windows(4).position(|w| w == b"ispe").expect("an ispe box") + 8;
    bytes[at..at + 4].copy_from_slice(&width.to_be_bytes());
    bytes[at + 4..at + 8].copy_from_slice(&height.to_be_bytes());
    bytes
}

/// An EXIF APP1 segment (big-endian TIFF) with Orientation `orientation` and a GPS latitude.
pub fn exif_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    // IFD0: Orientation, GPS IFD pointer.
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    let gps_ifd = 8 + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1]);
    tiff.extend_from_slice(&(gps_ifd as u32).to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    // GPS IFD: latitude ref N, latitude 48/1 51/1 24/1.
    let rationals = gps_ifd + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend_from_slice(&[0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0x00, 0x02, 0, 5, 0, 0, 0, 3]);
    tiff.extend_from_slice(&(rationals as u32).to_be_bytes());
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for n in [48u32, 51, 24] {
        tiff.extend_from_slice(&n.to_be_bytes());
        tiff.extend_from_slice(&1u32.to_be_bytes());
    }
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&u16::try_from(2 + 6 + tiff.len()).unwrap().to_be_bytes());
    segment.extend_from_slice(b"Exif\0\0");
    segment.extend_from_slice(&tiff);
    segment
}

/// A JPEG whose EXIF says it must be turned 90° clockwise (orientation 6), with a GPS position.
pub fn rotated_jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let plain = jpeg(width, height);
    let mut out = plain[..2].to_vec();
    out.extend(exif_segment(6));
    out.extend_from_slice(&plain[2..]);
    out
}

/// CRC-32 (PNG's), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG whose header declares `width` x `height` 1-bit pixels, with a token of data.
pub fn bomb_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let body = [kind, data].concat();
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let ihdr = [width.to_be_bytes(), height.to_be_bytes()].concat();
    chunk(b"IHDR", &[ihdr.as_slice(), &[1, 0, 0, 0, 0]].concat());
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    png
}
