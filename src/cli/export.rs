//! `marquee export FILE`: the whole catalogue as JSON (format: `transfer`).

use std::io::{BufWriter, Write};
use std::path::Path;

use super::{connect, failed};
use crate::config::Config;
use crate::transfer::{self, Catalogue};

pub fn run(config: &Config, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        anyhow::bail!("{} exists already; choose a new file", file.display());
    }
    let mut conn = connect(config)?;
    let catalogue = transfer::export::catalogue(&mut conn).map_err(failed)?;
    // Written beside the target and renamed, so a failed export leaves no half file.
    let partial = file.with_extension("partial");
    let mut out = BufWriter::new(std::fs::File::create(&partial)?);
    serde_json::to_writer(&mut out, &catalogue)?;
    out.flush()?;
    drop(out);
    std::fs::rename(&partial, file)?;
    println!("exported to {}: {}", file.display(), summary(&catalogue));
    Ok(())
}

/// How many records of each kind, on one line.
pub fn summary(catalogue: &Catalogue) -> String {
    catalogue.counts().iter().map(|(what, n)| format!("{n} {what}")).collect::<Vec<_>>().join(", ")
}
