//! `marquee import json FILE [--media-dir DIR]`: a catalogue written by `marquee export`,
//! into a database with no content yet, read as a stream (see `transfer::load`), and the
//! media library's files.

use std::path::Path;

use super::{connect, failed, media_files};
use crate::config::Config;
use crate::transfer;

pub fn run(config: &Config, file: &Path, media_dir: Option<&Path>) -> anyhow::Result<()> {
    std::fs::metadata(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let mut conn = connect(config)?;
    let counts = transfer::load::catalogue(&mut conn, || std::fs::File::open(file))
        .map_err(|e| anyhow::anyhow!("{}: {:#}", file.display(), failed(e)))?;
    println!("imported {}: {counts}", file.display());
    match media_dir {
        Some(dir) => println!("copied from {}: {}", dir.display(), media_files::import(config, &mut conn, dir)?),
        None if counts.of("media") > 0 => {
            println!(
                "the media library's files were not copied: import again with --media-dir DIR into a new database"
            );
        }
        None => {}
    }
    if counts.of("users") > 0 {
        println!("accounts have no password yet: set one with `marquee users password --email ...`");
    }
    Ok(())
}
