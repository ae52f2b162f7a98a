//! AVIF files made at test time, read back: pixels close to what was encoded, alpha kept,
//! the orientation applied, the header read alone, bombs refused before decoding, and no
//! damaged file able to panic or abort.

mod fixtures;

use fixtures::{avif, jpeg, mean_error, photo, png, with_orientation};
use marquee_avif::{decode, is_avif, read_header, Error, Header};

#[test]
fn an_opaque_image_comes_back_close_to_what_was_encoded() {
    let (width, height) = (97, 61);
    let pixels = photo(width, height, false);
    let image = decode(&avif(&pixels, width, height), 1_000_000).unwrap();
    assert_eq!((image.width, image.height), (width, height));
    assert!(image.rgba.chunks_exact(4).all(|p| p[3] == 255), "opaque");
    let (color, _) = mean_error(&pixels, &image.rgba);
    assert!(color < 4.0, "mean colour error {color}");
}

#[test]
fn transparency_comes_back_unpremultiplied() {
    let (width, height) = (80, 50);
    let pixels = photo(width, height, true);
    let image = decode(&avif(&pixels, width, height), 1_000_000).unwrap();
    let (color, alpha) = mean_error(&pixels, &image.rgba);
    assert!(color < 4.0 && alpha < 2.0, "mean error: colour {color}, alpha {alpha}");
}

#[test]
fn the_header_gives_the_encoded_size_without_decoding() {
    let file = avif(&photo(123, 45, false), 123, 45);
    assert!(is_avif(&file));
    let header = read_header(&file).unwrap();
    assert_eq!(header, Header { width: 123, height: 45, rotation: 0, mirror: None });
    assert_eq!(header.displayed(), (123, 45));
}

#[test]
fn rotation_and_mirroring_are_applied() {
    // A white block in the top-left corner, followed through every irot and imir.
    let (width, height) = (64, 32);
    let mut pixels = photo(width, height, false);
    for y in 0..8 {
        for x in 0..8 {
            let at = (y * width as usize + x) * 4;
            pixels[at..at + 3].copy_from_slice(&[255, 255, 255]);
        }
    }
    let file = avif(&pixels, width, height);
    for quarter_turns in 0..4u8 {
        for mirror in [None, Some(0), Some(1)] {
            let oriented = with_orientation(&file, quarter_turns, mirror);
            let header = read_header(&oriented).unwrap();
            assert_eq!((header.rotation, header.mirror), (u16::from(quarter_turns) * 90, mirror));
            let image = decode(&oriented, 1_000_000).unwrap();
            assert_eq!((image.width, image.height), header.displayed());
            assert_eq!(white_corner(&image), corner_after(quarter_turns, mirror), "{quarter_turns} turns, {mirror:?}");
        }
    }
}

/// Which corner the top-left one ends in, turned counter-clockwise then mirrored; corners
/// are (right, bottom).
fn corner_after(quarter_turns: u8, mirror: Option<u8>) -> (bool, bool) {
    let mut corner = (false, false);
    for _ in 0..quarter_turns {
        // Counter-clockwise: top-left to bottom-left to bottom-right to top-right.
        corner = (corner.1, !corner.0);
    }
    match mirror {
        Some(0) => (!corner.0, corner.1),
        Some(_) => (corner.0, !corner.1),
        None => corner,
    }
}

fn white_corner(image: &marquee_avif::Image) -> (bool, bool) {
    let (w, h) = (image.width as usize, image.height as usize);
    let white = |x: usize, y: usize| image.rgba[(y * w + x) * 4..][..3].iter().all(|&c| c > 230);
    let corners = [(false, false), (true, false), (false, true), (true, true)];
    let found: Vec<_> = corners
        .into_iter()
        .filter(|&(right, bottom)| white(if right { w - 3 } else { 2 }, if bottom { h - 3 } else { 2 }))
        .collect();
    assert_eq!(found.len(), 1, "one white corner: {found:?}");
    found[0]
}

#[test]
fn more_pixels_than_allowed_are_refused_from_the_header() {
    let file = avif(&photo(40, 30, false), 40, 30);
    assert!(matches!(decode(&file, 1199), Err(Error::TooLarge { width: 40, height: 30 })));
    assert!(decode(&file, 1200).is_ok());
    // A header claiming 900 million pixels over 1200 pixels of data: refused as too large,
    // which decoding would have found malformed.
    let mut bomb = file.clone();
    let ispe = bomb.windows(4).position(|w| w == b"ispe").unwrap();
    bomb[ispe + 8..ispe + 16].copy_from_slice(&[0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30]);
    assert_eq!(read_header(&bomb).unwrap().displayed(), (30_000, 30_000));
    assert!(matches!(decode(&bomb, 50_000_000), Err(Error::TooLarge { width: 30_000, height: 30_000 })));
}

#[test]
fn damaged_files_are_errors_never_panics_or_aborts() {
    let file = avif(&photo(64, 48, true), 64, 48);
    let mut seed: u32 = 99;
    let mut random = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        seed as usize >> 8
    };
    let mut decoded = 0;
    for i in 0..300 {
        let mut damaged = file.clone();
        for _ in 0..=i % 8 {
            let at = random() % damaged.len();
            damaged[at] ^= 1 << (random() % 8);
        }
        if i % 10 == 0 {
            damaged.truncate(random() % damaged.len());
        }
        let _ = read_header(&damaged);
        if decode(&damaged, 1_000_000).is_ok() {
            decoded += 1;
        }
    }
    assert!(decoded < 300, "some damage is found");
}

#[test]
fn other_files_are_not_avif() {
    let pixels = photo(16, 16, false);
    for (file, named) in [(png(&pixels, 16, 16), "PNG"), (jpeg(&pixels, 16, 16), "JPEG"), (Vec::new(), "nothing")] {
        assert!(!is_avif(&file), "{named}");
        assert!(matches!(read_header(&file), Err(Error::Malformed(_))), "{named}");
        assert!(matches!(decode(&file, 1_000_000), Err(Error::Malformed(_))), "{named}");
    }
}

#[test]
fn avif_as_a_compatible_brand_only_is_decoded() {
    // The encoder writes brands avif (major), mif1 and miaf: made mif1 (major), avif and miaf.
    let mut file = avif(&photo(20, 10, false), 20, 10);
    assert_eq!(&file[8..20], b"avif\0\0\0\0mif1");
    file[8..12].copy_from_slice(b"mif1");
    file[16..20].copy_from_slice(b"avif");
    assert!(is_avif(&file));
    assert_eq!((decode(&file, 1000).unwrap().width), 20);
}

#[test]
fn an_animation_is_avif_but_refused_as_unsupported() {
    let mut file = avif(&photo(20, 10, false), 20, 10);
    file[8..12].copy_from_slice(b"avis");
    assert!(is_avif(&file));
    assert!(matches!(decode(&file, 1000), Err(Error::Unsupported(_))));
}
