//! `marquee export FILE`, `marquee import json FILE` and `marquee users password`.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::{describe, password_from_env_or_prompt};
use crate::auth::password;
use crate::config::Config;
use crate::content::{self, users};
use crate::db::users::UserChanges;
use crate::domain::{Email, Expected};
use crate::startup::open_database;
use crate::transfer::{self, Catalogue};
use crate::webhooks::outbox::Payloads;

/// The largest catalogue file read, so a wrong file cannot take all memory.
const MAX_CATALOGUE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

pub fn export(config: &Config, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        anyhow::bail!("{} exists already; choose a new file", file.display());
    }
    let (db, _) = open_database(config)?;
    let mut conn = db.pool().get()?;
    let catalogue = transfer::export::catalogue(&mut conn).map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
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

pub fn import_json(config: &Config, file: &Path) -> anyhow::Result<()> {
    let size = std::fs::metadata(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?.len();
    if size > MAX_CATALOGUE_BYTES {
        anyhow::bail!("{} is larger than {} bytes", file.display(), MAX_CATALOGUE_BYTES);
    }
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let catalogue: Catalogue = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!("{} is not a catalogue: line {}, column {}: {e}", file.display(), e.line(), e.column())
    })?;
    let (db, _) = open_database(config)?;
    let mut conn = db.pool().get()?;
    transfer::import::catalogue(&mut conn, &catalogue).map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
    println!("imported {}: {}", file.display(), summary(&catalogue));
    if !catalogue.users.is_empty() {
        println!("accounts have no password yet: set one with `marquee users password --email ...`");
    }
    Ok(())
}

fn summary(catalogue: &Catalogue) -> String {
    catalogue.counts().iter().map(|(what, n)| format!("{n} {what}")).collect::<Vec<_>>().join(", ")
}

/// Gives a user a new password (ending their sessions) and enables the account.
pub fn set_password(config: &Config, email: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
    let new = password_from_env_or_prompt()?;
    password::check_policy(&new).map_err(|e| anyhow::anyhow!("password {e}"))?;
    let hash = password::hash(&new)?;
    let (db, _) = open_database(config)?;
    let mut conn = db.pool().get()?;
    let user = crate::db::users::find_by_email(&mut conn, email.as_str())?
        .ok_or_else(|| anyhow::anyhow!("no user has the email {}", email.as_str()))?;
    let changes = UserChanges { password_hash: Some(hash), disabled: Some(false), ..UserChanges::default() };
    content::transaction(&mut conn, &Payloads::new(config), |conn, fx| {
        users::update(conn, fx, user.id, user.id, &Expected::Any, &changes)
    })
    .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
    println!("set the password of {} and enabled the account", email.as_str());
    Ok(())
}
