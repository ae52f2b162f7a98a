//! Decoded frames to RGBA: colour through the yuv crate (every subsampling, range and the
//! usual matrices, 8 to 12 bits), alpha from its own frame, then the image turned upright.

use yuv::{YuvError, YuvPlanarImage, YuvRange, YuvStandardMatrix};

use crate::av1::{Frame, Layout, Plane, Samples};
use crate::{Error, Header, Image};

type Convert<T> = fn(&YuvPlanarImage<T>, &mut [u8], u32, YuvRange, YuvStandardMatrix) -> Result<(), YuvError>;

/// The colour frame as RGBA (opaque), `width` by `height` as the header says.
pub(crate) fn color(frame: &Frame<'_>, width: u32, height: u32) -> Result<Vec<u8>, Error> {
    same_size(frame, width, height)?;
    let mut rgba = vec![0; frame.width() * frame.height() * 4];
    let range = if frame.full_range() { YuvRange::Full } else { YuvRange::Limited };
    match frame.layout()? {
        Layout::Gray => gray(frame, &mut rgba)?,
        layout => yuv(frame, layout, &mut rgba, width * 4, range)?,
    }
    Ok(rgba)
}

/// Writes the alpha frame's luma into `rgba`'s alpha channel.
pub(crate) fn alpha(frame: &Frame<'_>, rgba: &mut [u8], width: u32, height: u32) -> Result<(), Error> {
    same_size(frame, width, height)?;
    let width = frame.width();
    let scale = Scale::of(frame);
    let Plane { samples, stride } = frame.plane(0)?;
    for (y, row) in rgba.chunks_exact_mut(width * 4).enumerate() {
        let pixels = row.chunks_exact_mut(4);
        match &samples {
            Samples::Eight(a) => pixels.zip(&a[y * stride..]).for_each(|(p, &a)| p[3] = scale.to_eight(a.into())),
            Samples::Sixteen(a) => pixels.zip(&a[y * stride..]).for_each(|(p, &a)| p[3] = scale.to_eight(a)),
        }
    }
    Ok(())
}

/// Divides colour by alpha, where the file stores it multiplied.
pub(crate) fn unpremultiply(rgba: &mut [u8]) {
    for pixel in rgba.chunks_exact_mut(4) {
        let alpha = u16::from(pixel[3]);
        if alpha > 0 && alpha < 255 {
            for c in &mut pixel[..3] {
                *c = u8::try_from(((u16::from(*c) * 255 + alpha / 2) / alpha).min(255)).unwrap_or(u8::MAX);
            }
        }
    }
}

/// The image turned by the header's rotation (counter-clockwise), then mirrored.
pub(crate) fn upright(image: Image, header: &Header) -> Image {
    if header.rotation == 0 && header.mirror.is_none() {
        return image;
    }
    let (w, h) = (image.width as usize, image.height as usize);
    let (width, height) = header.displayed();
    let (out_w, out_h) = (width as usize, height as usize);
    let mut rgba = vec![0; image.rgba.len()];
    for (i, pixel) in rgba.chunks_exact_mut(4).enumerate() {
        let (x, y) = (i % out_w, i / out_w);
        // Where this pixel was before the mirror, then before the rotation.
        let (x, y) = match header.mirror {
            Some(0) => (out_w - 1 - x, y),
            Some(_) => (x, out_h - 1 - y),
            None => (x, y),
        };
        let (x, y) = match header.rotation {
            90 => (w - 1 - y, x),
            180 => (w - 1 - x, h - 1 - y),
            270 => (y, h - 1 - x),
            _ => (x, y),
        };
        let from = (y * w + x) * 4;
        pixel.copy_from_slice(&image.rgba[from..from + 4]);
    }
    Image { width, height, rgba }
}

fn same_size(frame: &Frame<'_>, width: u32, height: u32) -> Result<(), Error> {
    let (w, h) = (frame.width(), frame.height());
    if (w, h) == (width as usize, height as usize) {
        Ok(())
    } else {
        Err(Error::Malformed(format!("the AV1 frame is {w}x{h} pixels where the header says {width}x{height}")))
    }
}

/// Luma only: grey, expanded from the frame's range.
fn gray(frame: &Frame<'_>, rgba: &mut [u8]) -> Result<(), Error> {
    let width = frame.width();
    let scale = Scale::of(frame);
    let Plane { samples, stride } = frame.plane(0)?;
    for (y, row) in rgba.chunks_exact_mut(width * 4).enumerate() {
        let pixels = row.chunks_exact_mut(4);
        let grey = |p: &mut [u8], v: u8| p.copy_from_slice(&[v, v, v, u8::MAX]);
        match &samples {
            Samples::Eight(l) => pixels.zip(&l[y * stride..]).for_each(|(p, &l)| grey(p, scale.to_eight(l.into()))),
            Samples::Sixteen(l) => pixels.zip(&l[y * stride..]).for_each(|(p, &l)| grey(p, scale.to_eight(l))),
        }
    }
    Ok(())
}

/// Three planes as `yuv` takes them.
fn planar<T: Copy + std::fmt::Debug>(
    planes: [&[T]; 3],
    strides: (u32, u32, u32),
    width: u32,
    height: u32,
) -> YuvPlanarImage<'_, T> {
    let [y_plane, u_plane, v_plane] = planes;
    YuvPlanarImage {
        y_plane,
        y_stride: strides.0,
        u_plane,
        u_stride: strides.1,
        v_plane,
        v_stride: strides.2,
        width,
        height,
    }
}

fn yuv(frame: &Frame<'_>, layout: Layout, rgba: &mut [u8], rgba_stride: u32, range: YuvRange) -> Result<(), Error> {
    let (width, height) = (frame.width() as u32, frame.height() as u32);
    let failed = |e: YuvError| Error::Malformed(format!("the colours cannot be converted: {e}"));
    let matrix = matrix(frame.matrix_coefficients())?;
    let planes = (frame.plane(0)?, frame.plane(1)?, frame.plane(2)?);
    let strides = (stride(&planes.0)?, stride(&planes.1)?, stride(&planes.2)?);
    match (planes.0.samples, planes.1.samples, planes.2.samples) {
        (Samples::Eight(y_plane), Samples::Eight(u_plane), Samples::Eight(v_plane)) => {
            let image = planar([y_plane, u_plane, v_plane], strides, width, height);
            let convert: Convert<u8> = match (matrix, layout) {
                (None, Layout::Yuv444) => return yuv::gbr_to_rgba(&image, rgba, rgba_stride, range).map_err(failed),
                (None, _) => return Err(unsupported("identity matrix coefficients with subsampled chroma")),
                (_, Layout::Yuv420) => yuv::yuv420_to_rgba,
                (_, Layout::Yuv422) => yuv::yuv422_to_rgba,
                _ => yuv::yuv444_to_rgba,
            };
            convert(&image, rgba, rgba_stride, range, matrix.unwrap_or(YuvStandardMatrix::Bt601)).map_err(failed)
        }
        (Samples::Sixteen(y_plane), Samples::Sixteen(u_plane), Samples::Sixteen(v_plane)) => {
            let image = planar([y_plane, u_plane, v_plane], strides, width, height);
            let matrix = matrix.ok_or_else(|| unsupported("identity matrix coefficients above 8 bits"))?;
            let convert: Convert<u16> = match (frame.bit_depth(), layout) {
                (10, Layout::Yuv420) => yuv::i010_to_rgba,
                (10, Layout::Yuv422) => yuv::i210_to_rgba,
                (10, _) => yuv::i410_to_rgba,
                (12, Layout::Yuv420) => yuv::i012_to_rgba,
                (12, Layout::Yuv422) => yuv::i212_to_rgba,
                (12, _) => yuv::i412_to_rgba,
                (bits, _) => return Err(unsupported(&format!("{bits}-bit samples"))),
            };
            convert(&image, rgba, rgba_stride, range, matrix).map_err(failed)
        }
        _ => Err(unsupported("planes of different bit depths")),
    }
}

/// The YUV to RGB matrix for an H.273 matrix coefficients code; `None` for identity (the
/// planes are G, B and R). Unspecified and unknown codes are taken as BT.601, as libavif does.
fn matrix(code: u32) -> Result<Option<YuvStandardMatrix>, Error> {
    Ok(Some(match code {
        0 => return Ok(None),
        1 => YuvStandardMatrix::Bt709,
        4 => YuvStandardMatrix::Fcc,
        7 => YuvStandardMatrix::Smpte240,
        9 | 10 => YuvStandardMatrix::Bt2020,
        8 | 11 | 14 => return Err(unsupported(&format!("matrix coefficients {code} (YCgCo, SMPTE 2085 or ICtCp)"))),
        _ => YuvStandardMatrix::Bt601,
    }))
}

fn stride(plane: &Plane<'_>) -> Result<u32, Error> {
    u32::try_from(plane.stride).map_err(|_| unsupported("a plane too wide"))
}

/// How a single-channel sample (grey or alpha) maps to 0-255: from the frame's bit depth
/// and range.
#[derive(Clone, Copy)]
struct Scale {
    black: u32,
    span: u32,
}

impl Scale {
    fn of(frame: &Frame<'_>) -> Scale {
        let bits = frame.bit_depth().clamp(8, 16);
        if frame.full_range() {
            Scale { black: 0, span: (1 << bits) - 1 }
        } else {
            Scale { black: 16 << (bits - 8), span: 219 << (bits - 8) }
        }
    }

    fn to_eight(self, sample: u16) -> u8 {
        let v = u32::from(sample).saturating_sub(self.black).min(self.span);
        u8::try_from((v * 255 + self.span / 2) / self.span).unwrap_or(u8::MAX)
    }
}

fn unsupported(what: &str) -> Error {
    Error::Unsupported(what.into())
}
