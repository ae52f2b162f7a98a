//! Writes test images for `bench/media.sh`: `fixtures OUT_DIR` makes `photo-12mp.jpg`
//! (4000 × 3000), `photo-24mp.jpg` (6000 × 4000), eight more, each different, `photo-12mp-N.jpg` (4000 + N × 3000), and
//! `bomb.png` (a 30 000 × 30 000 header: 900 megapixels).

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: fixtures OUT_DIR"));
    std::fs::create_dir_all(&dir).expect("the folder");
    let files = [
        ("photo-12mp.jpg", marquee_media::fixtures::jpeg(4000, 3000)),
        ("photo-24mp.jpg", marquee_media::fixtures::jpeg(6000, 4000)),
        ("bomb.png", marquee_media::fixtures::bomb_png(30_000, 30_000)),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("written");
    }
    for n in 0..8 {
        std::fs::write(dir.join(format!("photo-12mp-{n}.jpg")), marquee_media::fixtures::jpeg(4000 + n, 3000))
            .expect("written");
    }
}
