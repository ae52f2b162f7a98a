//! `marquee export FILE [--media-dir DIR]`: the whole catalogue as JSON (format: `transfer`),
//! and the media library's files.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::{connect, failed, media_files};
use crate::config::Config;
use crate::transfer;

pub fn run(config: &Config, file: &Path, media_dir: Option<&Path>) -> anyhow::Result<()> {
    if file.exists() {
        anyhow::bail!("{} exists already; choose a new file", file.display());
    }
    let mut conn = connect(config)?;
    // Written beside the target and renamed, so a failed export leaves no half file; readable
    // by its owner only: it holds every user's email and every draft.
    let partial = file.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = BufWriter::new(options.open(&partial)?);
    let counts = transfer::export::write(&mut conn, &mut out).map_err(failed)?;
    out.flush()?;
    drop(out);
    std::fs::rename(&partial, file)?;
    println!("exported to {}: {counts}", file.display());
    if let Some(dir) = media_dir {
        let copied = media_files::export(config, &mut conn, dir)?;
        println!("copied to {}: {copied}", dir.display());
    }
    Ok(())
}
