//! The AV1 decoder: rav1d's dav1d-compatible API behind a safe one, the crate's only
//! `unsafe` code.
//!
//! Every decode uses two threads and a frame delay of two, whatever the machine. On one
//! thread rav1d decodes inside the `extern "C"` call, where a panic on a corrupt stream
//! aborts the whole process; with frame threading corrupt data comes back as an error
//! code, and the picture is polled for while `EAGAIN` says it is not ready. Logging is off.

use std::io::ErrorKind;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr::{self, NonNull};

use rav1d::include::dav1d::data::Dav1dData;
use rav1d::include::dav1d::dav1d::{Dav1dContext, Dav1dLogger, Dav1dSettings};
use rav1d::include::dav1d::headers::{
    Dav1dSequenceHeader, DAV1D_PIXEL_LAYOUT_I400, DAV1D_PIXEL_LAYOUT_I420, DAV1D_PIXEL_LAYOUT_I422,
    DAV1D_PIXEL_LAYOUT_I444,
};
use rav1d::include::dav1d::picture::Dav1dPicture;
use rav1d::src::lib::{
    dav1d_close, dav1d_data_create, dav1d_data_unref, dav1d_default_settings, dav1d_get_picture, dav1d_open,
    dav1d_picture_unref, dav1d_send_data,
};

use crate::Error;

/// How many times the picture is asked for. After the first `EAGAIN` rav1d waits for the
/// frame threads before answering, so a valid still needs two or three.
const POLLS: usize = 16;

/// How a frame's chroma is subsampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Luma only.
    Gray,
    Yuv420,
    Yuv422,
    Yuv444,
}

/// One plane's samples: 8 bits, or 10 and 12 bits in 16.
pub(crate) enum Samples<'a> {
    Eight(&'a [u8]),
    Sixteen(&'a [u16]),
}

/// One plane of a frame; a row starts every `stride` samples.
pub(crate) struct Plane<'a> {
    pub samples: Samples<'a>,
    pub stride: usize,
}

/// Decodes one item's AV1 data (a single frame) and hands the frame to `read`. No frame
/// larger than `frame_size_limit` pixels is decoded.
pub(crate) fn decode<T>(
    av1: &[u8],
    frame_size_limit: u32,
    read: impl FnOnce(&Frame<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let context = Context::open(frame_size_limit)?;
    let frame = context.frame(av1)?;
    read(&frame)
}

/// An open decoder.
struct Context(Option<Dav1dContext>);

impl Context {
    fn open(frame_size_limit: u32) -> Result<Context, Error> {
        let mut settings = MaybeUninit::<Dav1dSettings>::uninit();
        // SAFETY: `dav1d_default_settings` writes a whole `Dav1dSettings` to the pointer.
        let mut settings = unsafe {
            dav1d_default_settings(NonNull::from(&mut settings).cast());
            settings.assume_init()
        };
        settings.n_threads = 2;
        settings.max_frame_delay = 2;
        settings.frame_size_limit = frame_size_limit;
        // SAFETY: a logger without a callback is never called.
        settings.logger = unsafe { Dav1dLogger::new(None, None) };
        let mut context = None;
        // SAFETY: both pointers are to live locals; rav1d reads the settings and writes the
        // context.
        let opened = unsafe { dav1d_open(Some(NonNull::from(&mut context)), Some(NonNull::from(&mut settings))) };
        check(opened.0).map_err(decode_error)?;
        Ok(Context(context))
    }

    /// Sends `av1` and takes out the first picture it makes.
    fn frame(&self, av1: &[u8]) -> Result<Frame<'_>, Error> {
        let mut data = Data::copy_of(av1)?;
        for _ in 0..POLLS {
            if data.0.sz > 0 {
                // SAFETY: the context is open and `data` is a live `Dav1dData` from
                // `dav1d_data_create`, which rav1d consumes from.
                let sent = unsafe { dav1d_send_data(self.0, Some(NonNull::from(&mut data.0))) };
                check(sent.0).or_else(ready_later)?;
            }
            let mut picture = Frame { picture: Dav1dPicture::default(), context: PhantomData };
            // SAFETY: the context is open and the pointer is to a live picture, which rav1d
            // overwrites (an empty picture when there is none).
            let got = unsafe { dav1d_get_picture(self.0, Some(NonNull::from(&mut picture.picture))) };
            match check(got.0) {
                Ok(()) => return Ok(picture),
                Err(code) if would_block(code) => continue,
                Err(code) => return Err(decode_error(code)),
            }
        }
        Err(Error::Malformed("the AV1 data makes no picture".into()))
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        // SAFETY: the context is from `dav1d_open` and closed once; it sets it to `None`.
        unsafe { dav1d_close(Some(NonNull::from(&mut self.0))) }
    }
}

/// AV1 data handed to rav1d (a copy, in rav1d's reference-counted buffer).
struct Data(Dav1dData);

impl Data {
    fn copy_of(bytes: &[u8]) -> Result<Data, Error> {
        let mut data = Dav1dData::default();
        // SAFETY: the pointer is to a live `Dav1dData`; rav1d gives a buffer of `bytes.len()`
        // bytes, or null.
        let buffer = unsafe { dav1d_data_create(Some(NonNull::from(&mut data)), bytes.len()) };
        if buffer.is_null() {
            return Err(Error::Malformed("the image has no AV1 data".into()));
        }
        // SAFETY: `buffer` has room for `bytes.len()` bytes and is not `bytes`.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), buffer, bytes.len()) };
        Ok(Data(data))
    }
}

impl Drop for Data {
    fn drop(&mut self) {
        // SAFETY: `self.0` is from `dav1d_data_create` (maybe consumed, which unref allows).
        unsafe { dav1d_data_unref(Some(NonNull::from(&mut self.0))) }
    }
}

/// A decoded frame, which cannot outlive its decoder.
pub(crate) struct Frame<'a> {
    picture: Dav1dPicture,
    context: PhantomData<&'a Context>,
}

impl Frame<'_> {
    pub fn width(&self) -> usize {
        usize::try_from(self.picture.p.w).unwrap_or(0)
    }

    pub fn height(&self) -> usize {
        usize::try_from(self.picture.p.h).unwrap_or(0)
    }

    /// 8, 10 or 12.
    pub fn bit_depth(&self) -> u32 {
        u32::try_from(self.picture.p.bpc).unwrap_or(0)
    }

    pub fn layout(&self) -> Result<Layout, Error> {
        match self.picture.p.layout {
            DAV1D_PIXEL_LAYOUT_I400 => Ok(Layout::Gray),
            DAV1D_PIXEL_LAYOUT_I420 => Ok(Layout::Yuv420),
            DAV1D_PIXEL_LAYOUT_I422 => Ok(Layout::Yuv422),
            DAV1D_PIXEL_LAYOUT_I444 => Ok(Layout::Yuv444),
            _ => Err(Error::Unsupported("an unknown chroma layout".into())),
        }
    }

    /// Whether samples use the full range (else 16-235 and 16-240 at 8 bits).
    pub fn full_range(&self) -> bool {
        self.sequence().is_some_and(|s| s.color_range != 0)
    }

    /// The matrix coefficients code (ITU-T H.273) from the sequence header; 2 (unspecified)
    /// when there is none.
    pub fn matrix_coefficients(&self) -> u32 {
        self.sequence().map_or(2, |s| s.mtrx)
    }

    fn sequence(&self) -> Option<&Dav1dSequenceHeader> {
        // SAFETY: `seq_hdr` points into the sequence header the picture holds a reference to
        // (`seq_hdr_ref`) until it is unreferenced on drop.
        self.picture.seq_hdr.map(|header| unsafe { header.as_ref() })
    }

    /// Plane 0 (luma or alpha), 1 (Cb) or 2 (Cr).
    pub fn plane(&self, index: usize) -> Result<Plane<'_>, Error> {
        let unsupported = || Error::Unsupported("a picture layout rav1d does not make".into());
        let (width, height) = self.plane_size(index)?;
        let bytes_per_sample = if self.bit_depth() > 8 { 2 } else { 1 };
        let data = self.picture.data.get(index).copied().flatten().ok_or_else(unsupported)?.as_ptr();
        let stride = usize::try_from(self.picture.stride[usize::from(index > 0)]).map_err(|_| unsupported())?;
        let aligned = (data as usize).is_multiple_of(bytes_per_sample) && stride.is_multiple_of(bytes_per_sample);
        if width == 0 || height == 0 || !aligned || stride / bytes_per_sample < width {
            return Err(unsupported());
        }
        let stride = stride / bytes_per_sample;
        // Only what the plane's rows hold: the last may end at its last sample.
        let len = stride * (height - 1) + width;
        // SAFETY: rav1d's picture buffer holds `height` rows of `stride` samples of
        // `bytes_per_sample` bytes, each at least `width` long, initialised (rav1d's allocator
        // zeroes new buffers), aligned (checked above) and kept alive, unwritten, by the
        // reference the picture holds until it is dropped.
        let samples = unsafe {
            if bytes_per_sample == 1 {
                Samples::Eight(std::slice::from_raw_parts(data.cast::<u8>(), len))
            } else {
                Samples::Sixteen(std::slice::from_raw_parts(data.cast::<u16>(), len))
            }
        };
        Ok(Plane { samples, stride })
    }

    fn plane_size(&self, index: usize) -> Result<(usize, usize), Error> {
        let (w, h) = (self.width(), self.height());
        match (index, self.layout()?) {
            (0, _) | (1 | 2, Layout::Yuv444) => Ok((w, h)),
            (1 | 2, Layout::Yuv420) => Ok((w.div_ceil(2), h.div_ceil(2))),
            (1 | 2, Layout::Yuv422) => Ok((w.div_ceil(2), h)),
            _ => Err(Error::Unsupported("a plane the picture does not have".into())),
        }
    }
}

impl Drop for Frame<'_> {
    fn drop(&mut self) {
        // SAFETY: the picture is from `dav1d_get_picture` (or empty), unreferenced once.
        unsafe { dav1d_picture_unref(Some(NonNull::from(&mut self.picture))) }
    }
}

/// A rav1d result: 0, or a negated `errno` value.
fn check(result: i32) -> Result<(), i32> {
    match result {
        0 => Ok(()),
        code => Err(code),
    }
}

/// Whether `code` is `EAGAIN`.
fn would_block(code: i32) -> bool {
    std::io::Error::from_raw_os_error(-code).kind() == ErrorKind::WouldBlock
}

/// Lets `EAGAIN` from sending through: a picture is to be taken out first.
fn ready_later(code: i32) -> Result<(), Error> {
    if would_block(code) {
        Ok(())
    } else {
        Err(decode_error(code))
    }
}

fn decode_error(code: i32) -> Error {
    Error::Malformed(format!("the AV1 data cannot be decoded ({})", std::io::Error::from_raw_os_error(-code)))
}
