//! `marquee users create` and `marquee users password`.

use super::{connect, failed, write};
use crate::auth::password;
use crate::config::Config;
use crate::content::users;
use crate::db::users::UserChanges;
use crate::domain::{Email, Expected, Role};

pub fn create(config: &Config, email: &str, role: Role, display_name: Option<&str>) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
    let password = password_from_env_or_prompt()?;
    password::check_policy(&password).map_err(|e| anyhow::anyhow!("password {e}"))?;
    let display_name =
        display_name.map_or_else(|| email.as_str().split('@').next().unwrap_or("").to_string(), str::to_string);
    let input = users::UserInput { email, display_name, role, password_hash: password::hash(&password)? };
    let mut conn = connect(config)?;
    let user = write(config, &mut conn, |conn, _| users::create(conn, None, &input)).map_err(failed)?;
    println!("created user {} ({}, {})", user.id, user.email, user.role);
    Ok(())
}

/// Gives a user a new password (ending their sessions) and enables the account.
pub fn set_password(config: &Config, email: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
    let new = password_from_env_or_prompt()?;
    password::check_policy(&new).map_err(|e| anyhow::anyhow!("password {e}"))?;
    let hash = password::hash(&new)?;
    let mut conn = connect(config)?;
    let user = crate::db::users::find_by_email(&mut conn, email.as_str())?
        .ok_or_else(|| anyhow::anyhow!("no user has the email {}", email.as_str()))?;
    let changes = UserChanges { password_hash: Some(hash), disabled: Some(false), ..UserChanges::default() };
    write(config, &mut conn, |conn, fx| users::update(conn, fx, user.id, user.id, &Expected::Any, &changes))
        .map_err(failed)?;
    println!("set the password of {} and enabled the account", email.as_str());
    Ok(())
}

/// A password from `MARQUEE_PASSWORD`, or asked for on the terminal.
fn password_from_env_or_prompt() -> anyhow::Result<String> {
    match std::env::var("MARQUEE_PASSWORD") {
        Ok(p) => Ok(p),
        Err(_) => rpassword::prompt_password("Password: ").map_err(|e| {
            anyhow::anyhow!("no password given: set MARQUEE_PASSWORD, or run this on a terminal to be asked ({e})")
        }),
    }
}
