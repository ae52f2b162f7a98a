//! `marquee tokens create`.

use super::{connect, failed, write};
use crate::config::Config;
use crate::content::tokens;
use crate::db;
use crate::domain::{Email, Role};
use crate::dto::tokens::{token_input, CreateTokenRequest};

pub fn create(config: &Config, email: &str, name: &str, role: Option<Role>) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
    let mut conn = connect(config)?;
    let owner = db::users::find_by_email(&mut conn, email.as_str())?
        .ok_or_else(|| anyhow::anyhow!("no user has the email {}", email.as_str()))?;
    let request = CreateTokenRequest { name: name.to_string(), role, expires_at: None };
    let input = token_input(request, owner.role).map_err(failed)?;
    let (_, token) = write(config, &mut conn, |conn, _| tokens::create(conn, owner.id, &input)).map_err(failed)?;
    println!("{token}");
    Ok(())
}
