//! The pipeline on images made here: types told from bytes, bombs refused from the header,
//! EXIF orientation applied and every metadata chunk gone, variants at the right sizes.

use super::fixtures::{avif, avif_bomb, bomb_png, jpeg, png_with_alpha, rotated_jpeg_with_gps};
use super::*;

#[test]
fn types_are_told_from_bytes_and_others_refused_saying_why() {
    assert_eq!(
        probe(&jpeg(40, 30), 10_000).unwrap(),
        Probe { kind: Kind::Jpeg, width: 40, height: 30, avif_alpha: false }
    );
    let cases: [(&[u8], &str); 5] = [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "SVG"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "HTML"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\0\0\0\x18ftypavis\0\0\0\0avisavif", "animated AVIF"),
        (b"just some text", "JPEG, PNG, WebP, GIF or AVIF"),
    ];
    for (bytes, named) in cases {
        let Err(Refused::Type(why)) = probe(bytes, 1000) else { panic!("{named} accepted") };
        assert!(why.contains(named), "{why}");
    }
    assert!(matches!(probe(&jpeg(40, 30)[..20], 1000), Err(Refused::Broken(_))), "a truncated header");
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // 900 million pixels declared, in a few dozen bytes (a few hundred for AVIF).
    let too_large = Refused::TooLarge { width: 30_000, height: 30_000, max_pixels: 50_000_000 };
    assert_eq!(probe(&bomb_png(30_000, 30_000), 50_000_000).unwrap_err(), too_large);
    assert_eq!(probe(&avif_bomb(30_000, 30_000), 50_000_000).unwrap_err(), too_large);
}

#[test]
fn an_avif_upload_is_decoded_upright_and_kept_as_a_jpeg_or_png() {
    let still = avif(96, 64, false);
    let probed = probe(&still, 1_000_000).unwrap();
    assert_eq!((probed.kind, probed.width, probed.height, probed.original_kind()), (Kind::Avif, 96, 64, Kind::Jpeg));
    let made = process(&still, &Settings::default()).unwrap();
    assert_eq!((made.width, made.height, made.has_alpha), (96, 64, false));
    assert!(made.original.starts_with(b"\xFF\xD8\xFF"), "a JPEG original");
    let clear = avif(96, 64, true);
    assert_eq!(probe(&clear, 1_000_000).unwrap().original_kind(), Kind::Png);
    let made = process(&clear, &Settings::default()).unwrap();
    assert!(made.has_alpha && made.original.starts_with(b"\x89PNG"), "a PNG original keeps the transparency");
    let cut = &still[..still.len() / 2];
    assert!(matches!(process(cut, &Settings::default()), Err(Refused::Broken(_))), "a damaged AVIF");
}

#[test]
fn the_original_is_upright_and_has_no_metadata() {
    let upload = rotated_jpeg_with_gps(64, 40);
    assert!(upload.windows(4).any(|w| w == b"Exif"), "the upload has EXIF");
    let probed = probe(&upload, 1_000_000).unwrap();
    assert_eq!((probed.width, probed.height), (64, 40));
    assert_eq!(probed.displayed(&upload), (40, 64), "turned, from the header alone");
    let made = process(&upload, &Settings::default()).unwrap();
    assert_eq!((made.width, made.height), (40, 64), "turned upright");
    let original = image::load_from_memory(&made.original).unwrap();
    assert_eq!((original.width(), original.height()), (40, 64));
    for marker in [&b"Exif"[..], b"GPS", b"http://ns.adobe.com/xap", b"ICC_PROFILE"] {
        assert!(!made.original.windows(marker.len()).any(|w| w == marker), "{marker:?} left in the original");
    }
    let sizes: Vec<(u32, u32)> = made.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, [(40, 64); 3], "narrower than the smallest width: its own");
    assert!(!made.blurhash.is_empty());
}

#[test]
fn variants_come_at_each_width_up_to_the_original_in_three_formats() {
    let made = process(&jpeg(700, 350), &Settings::default()).unwrap();
    let sizes: Vec<(u32, u32, Format)> = made.variants.iter().map(|v| (v.width, v.height, v.format)).collect();
    assert_eq!(
        sizes,
        [
            (320, 160, Format::Avif),
            (320, 160, Format::WebP),
            (320, 160, Format::Jpeg),
            (640, 320, Format::Avif),
            (640, 320, Format::WebP),
            (640, 320, Format::Jpeg),
        ]
    );
    let webp = &made.variants[4];
    let decoded = image::load_from_memory_with_format(&webp.bytes, ImageFormat::WebP).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (640, 320));
    assert!(made.variants[3].bytes.windows(8).any(|w| w == b"ftypavif"), "an AVIF file");
}

#[test]
fn transparency_makes_the_family_png() {
    let made = process(&png_with_alpha(400, 200), &Settings::default()).unwrap();
    assert!(made.has_alpha);
    let formats: Vec<Format> = made.variants.iter().map(|v| v.format).collect();
    assert_eq!(formats, [Format::Avif, Format::WebP, Format::Png]);
    let variant = image::load_from_memory(&made.variants[2].bytes).unwrap();
    assert!(variant.color().has_alpha());
}

#[test]
fn an_image_narrower_than_every_width_gets_its_own_width() {
    assert_eq!(widths(200), [200]);
    assert_eq!(widths(1920), WIDTHS);
    let made = process(&jpeg(200, 100), &Settings::default()).unwrap();
    let sizes: Vec<(u32, u32)> = made.variants.iter().map(|v| (v.width, v.height)).collect();
    assert_eq!(sizes, [(200, 100); 3]);
}
