//! `marquee import json FILE`: a catalogue written by `marquee export`, into a database
//! with no content yet.

use std::path::Path;

use super::export::summary;
use super::{connect, failed};
use crate::config::Config;
use crate::transfer::{self, Catalogue};

/// The largest catalogue file read, so a wrong file cannot take all memory.
const MAX_CATALOGUE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

pub fn run(config: &Config, file: &Path) -> anyhow::Result<()> {
    let size = std::fs::metadata(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?.len();
    if size > MAX_CATALOGUE_BYTES {
        anyhow::bail!("{} is larger than {} bytes", file.display(), MAX_CATALOGUE_BYTES);
    }
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let catalogue: Catalogue = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!("{} is not a catalogue: line {}, column {}: {e}", file.display(), e.line(), e.column())
    })?;
    let mut conn = connect(config)?;
    transfer::load::catalogue(&mut conn, &catalogue).map_err(failed)?;
    println!("imported {}: {}", file.display(), summary(&catalogue));
    if !catalogue.users.is_empty() {
        println!("accounts have no password yet: set one with `marquee users password --email ...`");
    }
    Ok(())
}
