//! `marquee import json FILE`: a catalogue written by `marquee export`, into a database
//! with no content yet, read as a stream (see `transfer::load`).

use std::path::Path;

use super::{connect, failed};
use crate::config::Config;
use crate::transfer;

pub fn run(config: &Config, file: &Path) -> anyhow::Result<()> {
    std::fs::metadata(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let mut conn = connect(config)?;
    let counts = transfer::load::catalogue(&mut conn, || std::fs::File::open(file))
        .map_err(|e| anyhow::anyhow!("{}: {:#}", file.display(), failed(e)))?;
    println!("imported {}: {counts}", file.display());
    if counts.of("users") > 0 {
        println!("accounts have no password yet: set one with `marquee users password --email ...`");
    }
    Ok(())
}
