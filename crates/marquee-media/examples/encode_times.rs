//! The encode time of each variant of a 24-megapixel photo with the pipeline's settings:
//! `encode_times [ROUNDS]` prints one JSON object per width and format, the median of ROUNDS
//! (default 3) encodes, for `bench/media.sh` and the encoder speed settings in
//! `Settings::default`. Resizing is image's own here: only the encoders are timed.

use std::time::Instant;

use image::imageops::FilterType;
use marquee_media::{encode, Format, Settings, WIDTHS};

fn main() {
    let rounds: usize = std::env::args().nth(1).map_or(3, |n| n.parse().expect("ROUNDS is a number"));
    let photo = image::load_from_memory(&marquee_media::fixtures::jpeg(6000, 4000)).expect("the photo decodes");
    let settings = Settings::default();
    for width in WIDTHS {
        let height = 4000 * width / 6000;
        let resized =
            image::DynamicImage::ImageRgb8(photo.resize_exact(width, height, FilterType::Triangle).into_rgb8());
        for format in [Format::Avif, Format::WebP, Format::Jpeg] {
            let mut times: Vec<f64> = (0..rounds)
                .map(|_| {
                    let started = Instant::now();
                    encode(&resized, format, &settings).expect("it encodes");
                    started.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let median = times[times.len() / 2];
            println!(r#"{{"width": {width}, "format": "{}", "encode_ms": {median:.1}}}"#, format.as_str());
        }
    }
}
