//! The HEIF container around the AV1 data. The brands, and the primary image's size and
//! orientation (its `ispe`, `irot` and `imir` properties), are read here by walking the
//! boxes, which costs microseconds and reads no pixel data; the AV1 data of the image and
//! of its alpha channel are taken out by avif-parse.

use std::io::Read;

use avif_parse::AvifData;

use crate::{Error, Header};

/// A box's type and contents.
type Found<'a> = (&'a [u8], &'a [u8]);

/// Whether `bytes` is an AVIF file: its first box is `ftyp` and names the brand `avif` (a
/// still) or `avis` (a sequence, which [`decode`](crate::decode) refuses) as its major or a
/// compatible brand.
pub fn is_avif(bytes: &[u8]) -> bool {
    has_brand(bytes, b"avif") || has_brand(bytes, b"avis")
}

/// Reads the primary image's size and orientation from the header, decoding nothing.
pub fn read_header(bytes: &[u8]) -> Result<Header, Error> {
    if !is_avif(bytes) {
        return Err(malformed("it is not an AVIF file"));
    }
    let meta = find(bytes, b"meta")?.ok_or_else(|| malformed("it has no 'meta' box"))?;
    let meta = full_box_contents(meta)?;
    let primary = primary_item(meta)?;
    let mut size = None;
    let mut header = Header { width: 0, height: 0, rotation: 0, mirror: None };
    for (name, property) in properties_of(meta, primary)? {
        match name {
            b"ispe" => size = Some((be_u32(property, 4)?, be_u32(property, 8)?)),
            b"irot" => header.rotation = u16::from(first_byte(property)? & 3) * 90,
            b"imir" => header.mirror = Some(first_byte(property)? & 1),
            _ => {}
        }
    }
    match size {
        Some((width, height)) if width > 0 && height > 0 => Ok(Header { width, height, ..header }),
        Some(_) => Err(malformed("the image has no pixels")),
        None => Err(malformed("the image has no size ('ispe')")),
    }
}

/// The AV1 data of the primary image and of its alpha channel, refusing sequences and grids.
pub(crate) fn items(bytes: &[u8]) -> Result<AvifData, Error> {
    if has_brand(bytes, b"avis") {
        return Err(Error::Unsupported("it is an animation (an AVIF image sequence)".into()));
    }
    // avif-parse requires `avif` as the major brand, where a still may have it as a compatible
    // brand only: it reads a copy of the first twelve bytes with the major brand set.
    let (start, rest) = bytes.split_at(bytes.len().min(12));
    let mut start = start.to_vec();
    if let (Some(b"ftyp"), Some(major)) = (bytes.get(4..8), start.get_mut(8..12)) {
        if be_u32(bytes, 0)? != 1 {
            major.copy_from_slice(b"avif");
        }
    }
    avif_parse::read_avif(&mut start.as_slice().chain(rest)).map_err(|e| match e {
        avif_parse::Error::Unsupported(what) => Error::Unsupported(what.into()),
        e => malformed(&e.to_string()),
    })
}

fn has_brand(bytes: &[u8], brand: &[u8; 4]) -> bool {
    let Some(Ok((b"ftyp", ftyp))) = boxes(bytes).next() else { return false };
    // The major brand, a minor version, then the compatible brands.
    let major = ftyp.get(..4).into_iter();
    let compatible = ftyp.get(8..).unwrap_or_default().chunks_exact(4);
    major.chain(compatible).any(|b| b == brand)
}

/// The `pitm` box's item id.
fn primary_item(meta: &[u8]) -> Result<u32, Error> {
    let pitm = find(meta, b"pitm")?.ok_or_else(|| malformed("it has no primary image ('pitm')"))?;
    match first_byte(pitm)? {
        0 => be_u16(pitm, 4).map(u32::from),
        _ => be_u32(pitm, 4),
    }
}

/// The properties (type and contents) `ipma` associates with `item`, from `iprp`/`ipco`.
fn properties_of(meta: &[u8], item: u32) -> Result<Vec<Found<'_>>, Error> {
    let iprp = find(meta, b"iprp")?.ok_or_else(|| malformed("it has no properties ('iprp')"))?;
    let ipco = find(iprp, b"ipco")?.ok_or_else(|| malformed("it has no properties ('ipco')"))?;
    let all: Vec<Found<'_>> = boxes(ipco).collect::<Result<_, _>>()?;
    let mut found = Vec::new();
    for ipma in boxes(iprp) {
        let (name, ipma) = ipma?;
        if name == b"ipma" {
            for index in associations(ipma, item)? {
                found.push(*index.checked_sub(1).and_then(|i| all.get(i)).ok_or_else(|| malformed("a bad 'ipma'"))?);
            }
        }
    }
    Ok(found)
}

/// The (1-based) property indices one `ipma` box gives `item`.
fn associations(ipma: &[u8], item: u32) -> Result<Vec<usize>, Error> {
    let (version, wide_indices) = (first_byte(ipma)?, be_u32(ipma, 0)? & 1 == 1);
    let mut at = 8;
    let mut indices = Vec::new();
    for _ in 0..be_u32(ipma, 4)? {
        let id = if version == 0 { be_u16(ipma, at).map(u32::from)? } else { be_u32(ipma, at)? };
        at += if version == 0 { 2 } else { 4 };
        let count = usize::from(*ipma.get(at).ok_or_else(|| malformed("a truncated 'ipma'"))?);
        at += 1;
        for _ in 0..count {
            // The top bit says whether the property is essential.
            let index = if wide_indices {
                usize::from(be_u16(ipma, at)? & 0x7fff)
            } else {
                usize::from(be_u8(ipma, at)? & 0x7f)
            };
            at += if wide_indices { 2 } else { 1 };
            if id == item {
                indices.push(index);
            }
        }
    }
    Ok(indices)
}

/// The contents of the first box called `name` in `bytes`, if there is one.
fn find<'a>(bytes: &'a [u8], name: &[u8; 4]) -> Result<Option<&'a [u8]>, Error> {
    for found in boxes(bytes) {
        let (found, contents) = found?;
        if found == name {
            return Ok(Some(contents));
        }
    }
    Ok(None)
}

/// A full box's contents after its version and flags.
fn full_box_contents(contents: &[u8]) -> Result<&[u8], Error> {
    contents.get(4..).ok_or_else(|| malformed("a truncated box"))
}

/// The boxes one after the other in `bytes`: each one's type and contents. An error ends it.
fn boxes(bytes: &[u8]) -> impl Iterator<Item = Result<Found<'_>, Error>> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let next = split_box(rest);
        rest = next.as_ref().map_or(&[][..], |(_, after)| after);
        Some(next.map(|(found, _)| found))
    })
}

/// The first box of `bytes`, and what follows it.
fn split_box(bytes: &[u8]) -> Result<(Found<'_>, &[u8]), Error> {
    let cut_short = || malformed("a box is cut short");
    let name = bytes.get(4..8).ok_or_else(cut_short)?;
    let (start, size) = match be_u32(bytes, 0)? {
        // To the end of its container.
        0 => (8, bytes.len() as u64),
        1 => (16, be_u64(bytes, 8)?),
        size => (8, u64::from(size)),
    };
    let end = usize::try_from(size).ok().filter(|end| (start..=bytes.len()).contains(end)).ok_or_else(cut_short)?;
    Ok(((name, &bytes[start..end]), &bytes[end..]))
}

fn first_byte(bytes: &[u8]) -> Result<u8, Error> {
    be_u8(bytes, 0)
}

fn be_u8(bytes: &[u8], at: usize) -> Result<u8, Error> {
    be::<1>(bytes, at).map(u8::from_be_bytes)
}

fn be_u16(bytes: &[u8], at: usize) -> Result<u16, Error> {
    be(bytes, at).map(u16::from_be_bytes)
}

fn be_u32(bytes: &[u8], at: usize) -> Result<u32, Error> {
    be(bytes, at).map(u32::from_be_bytes)
}

fn be_u64(bytes: &[u8], at: usize) -> Result<u64, Error> {
    be(bytes, at).map(u64::from_be_bytes)
}

fn be<const N: usize>(bytes: &[u8], at: usize) -> Result<[u8; N], Error> {
    bytes.get(at..).and_then(|b| b.first_chunk::<N>()).copied().ok_or_else(|| malformed("a truncated box"))
}

fn malformed(why: &str) -> Error {
    Error::Malformed(why.into())
}
