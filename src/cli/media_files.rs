//! `--media-dir DIR` of `marquee export` and `marquee import json`: the library's files copied
//! out of the store into a folder laid out as a file store is (`KEY/original.jpg`,
//! `KEY/640.webp`, `incoming/KEY`), and from such a folder into this instance's store. The
//! names come from the database's items, never from the folder, so nothing else is copied.

use std::path::Path;

use actix_web::web::Bytes;

use crate::config::Config;
use crate::db::{self, DbConn};
use crate::media::store::{MediaStore, StoreError};

/// What a copy did.
pub struct Copied {
    pub files: usize,
    pub bytes: u64,
    /// Files the items name that the source lacked.
    pub missing: Vec<String>,
}

impl std::fmt::Display for Copied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} media files ({} bytes)", self.files, self.bytes)?;
        if !self.missing.is_empty() {
            write!(f, "; {} missing from the source, first {}", self.missing.len(), self.missing[0])?;
        }
        Ok(())
    }
}

/// Copies every item's files from the store into `dir`.
pub fn export(config: &Config, conn: &mut DbConn, dir: &Path) -> anyhow::Result<Copied> {
    let names = db::media::stored_names(conn)?;
    let store = open(config)?;
    // Made even when the library is empty, so `import json --media-dir` finds it.
    std::fs::create_dir_all(dir)?;
    runtime()?.block_on(async {
        let mut copied = Copied { files: 0, bytes: 0, missing: Vec::new() };
        for name in names {
            match store.get(&name).await {
                Ok(bytes) => {
                    write_new(&dir.join(&name), &bytes)?;
                    copied.files += 1;
                    copied.bytes += bytes.len() as u64;
                }
                Err(StoreError::NotFound) => copied.missing.push(name),
                Err(e) => anyhow::bail!("reading {name}: {e}"),
            }
        }
        Ok(copied)
    })
}

/// Copies the files of every item from `dir` into the store.
pub fn import(config: &Config, conn: &mut DbConn, dir: &Path) -> anyhow::Result<Copied> {
    if !dir.is_dir() {
        anyhow::bail!("{} is not a folder", dir.display());
    }
    let names = db::media::stored_names(conn)?;
    let store = open(config)?;
    runtime()?.block_on(async {
        let mut copied = Copied { files: 0, bytes: 0, missing: Vec::new() };
        for name in names {
            let bytes = match std::fs::read(dir.join(&name)) {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    copied.missing.push(name);
                    continue;
                }
                Err(e) => anyhow::bail!("reading {}: {e}", dir.join(&name).display()),
            };
            copied.files += 1;
            copied.bytes += bytes.len() as u64;
            store.put(&name, Bytes::from(bytes)).await.map_err(|e| anyhow::anyhow!("writing {name}: {e}"))?;
        }
        Ok(copied)
    })
}

fn open(config: &Config) -> anyhow::Result<MediaStore> {
    MediaStore::open(&config.media_store).map_err(anyhow::Error::msg)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

/// Writes `bytes` to `path` through a file beside it, so an interrupted copy leaves no half file.
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)?;
    Ok(())
}
