//! `marquee import wordpress FILE.xml [--pages] [--media-from URL|DIR]`: a WordPress export
//! (WXR), read whole; its uploads brought into the library (`wordpress_media`), then the
//! posts written in one transaction (`content::wordpress`).

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::wordpress_media::{self, MediaFrom};
use super::{connect, failed, write};
use crate::config::Config;
use crate::content::wordpress::{self, Library, Options, Summary};
use crate::wordpress::wxr;

pub fn run(config: &Config, file: &Path, pages: bool, media_from: Option<&MediaFrom>) -> anyhow::Result<()> {
    let size = std::fs::metadata(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?.len();
    if usize::try_from(size).map_or(true, |s| s > wxr::MAX_INPUT_BYTES) {
        anyhow::bail!("{} is larger than the {} bytes an import reads", file.display(), wxr::MAX_INPUT_BYTES);
    }
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    // Read whole before anything is written: a broken file imports nothing.
    let export = wxr::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    // The parsed export holds what the import needs: the file's text can go (a large export
    // peaks at under twice its size rather than three times).
    drop(text);
    let mut conn = connect(config)?;
    // Imported authors cannot log in: a new site gets its first admin here, as at the
    // server's first start.
    if let Some((email, password)) = crate::startup::create_first_admin(&mut conn, config)? {
        println!("\nCreated the first administrator:\n  email:    {email}\n  password: {password}\n");
    }
    let source = wordpress::source_of(&export);
    let library = match media_from {
        Some(from) => {
            let brought = wordpress_media::bring_in(config, &mut conn, &source, &export, from)?;
            println!("media: {} read into the library, {} there from an earlier run", brought.read, brought.known);
            for (path, why) in &brought.failed {
                println!("media not brought in: {path}: {why}");
            }
            brought.library
        }
        None => Library::default(),
    };
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if terminal {
            eprint!("\rimporting posts: {done}/{total}");
            let _ = std::io::stderr().flush();
        }
    };
    let options = Options { pages, article_path: config.article_path.clone(), tag_path: config.tag_path.clone() };
    let summary =
        write(config, &mut conn, |conn, fx| wordpress::import(conn, fx, &export, &options, &library, &mut progress))
            .map_err(failed)?;
    if terminal {
        eprintln!();
    }
    print!("{}", report(&summary));
    Ok(())
}

fn report(s: &Summary) -> String {
    let mut out = format!(
        "articles: {} created, {} updated, {} unchanged ({} sections written)\n\
         comments: {} created, {} updated, {} unchanged\n\
         users: {} created (disabled, without a password, until an admin enables them), {} already here\n",
        s.articles_created,
        s.articles_updated,
        s.articles_unchanged,
        s.sections,
        s.comments_created,
        s.comments_updated,
        s.comments_unchanged,
        s.users_created,
        s.users_matched,
    );
    if s.images_kept > 0 {
        out.push_str(&format!(
            "images: {} still shown from the old site (--media-from URL|DIR brings them into the library)\n",
            s.images_kept
        ));
    }
    if s.protected_as_drafts > 0 {
        out.push_str(&format!(
            "private or password-protected: {} imported as drafts (an import never makes them public)\n",
            s.protected_as_drafts
        ));
    }
    out.push_str(&format!(
        "redirects: {} old addresses (permalinks, ?p=ID, archives, uploads) lead to their new ones\n",
        s.redirects
    ));
    if s.skipped.is_empty() {
        out.push_str("skipped: nothing\n");
    }
    for (reason, count) in &s.skipped {
        out.push_str(&format!("skipped: {count} {reason}\n"));
    }
    out
}
