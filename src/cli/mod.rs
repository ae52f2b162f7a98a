//! The command line: `marquee [serve]`, `migrate`, `openapi`, `users create|password`,
//! `tokens create`, `demo`, `backup`, `export`, `import json|wordpress`.

mod export;
mod import_json;
mod import_wordpress;
mod media_files;
mod tokens;
mod users;
mod wordpress_media;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::content;
use crate::domain::Role;
use crate::error::ApiError;
use crate::startup::{open_database, Application};
use crate::webhooks::outbox::Payloads;
use crate::{db, telemetry};

#[derive(Debug, Parser)]
#[command(name = "marquee", version, about = "A headless CMS for writing about film")]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Manage users.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Manage API tokens.
    Tokens {
        #[command(subcommand)]
        command: TokensCommand,
    },
    /// Load a small demo catalogue: a movie, its cast, a published explainer, comments.
    Demo,
    /// Write a consistent copy of the SQLite database to FILE, even while the server runs.
    Backup {
        /// Where to write the copy; must not exist yet.
        file: std::path::PathBuf,
    },
    /// Write the whole catalogue to FILE as JSON (no passwords, tokens or secrets).
    Export {
        /// Where to write it; must not exist yet.
        file: std::path::PathBuf,
        /// Copy the media library's files into this folder too.
        #[arg(long)]
        media_dir: Option<std::path::PathBuf>,
    },
    /// Import content into this database.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// A catalogue written by `marquee export`, into a database with no content yet.
    Json {
        file: std::path::PathBuf,
        /// Copy the media library's files from this folder (written by `export --media-dir`).
        #[arg(long)]
        media_dir: Option<std::path::PathBuf>,
    },
    /// A WordPress export (WXR, from Tools → Export); running it again updates what it made.
    Wordpress {
        file: std::path::PathBuf,
        /// Import pages too (as articles), not only posts.
        #[arg(long)]
        pages: bool,
        /// Bring the site's uploads into the media library, from the old site's address
        /// (where /wp-content/uploads/ is) or a copy of its wp-content/uploads folder.
        #[arg(long, value_name = "URL|DIR")]
        media_from: Option<wordpress_media::MediaFrom>,
    },
}

#[derive(Debug, Subcommand)]
enum TokensCommand {
    /// Create an API token for a user and print it (shown this once).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// At most the user's role; defaults to it.
        #[arg(long)]
        role: Option<Role>,
    },
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Create a user; the password comes from MARQUEE_PASSWORD or is asked for.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: Role,
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Give a user a new password (from MARQUEE_PASSWORD, or asked for) and enable the
    /// account; their sessions end.
    Password {
        #[arg(long)]
        email: String,
    },
}

impl clap::ValueEnum for Role {
    fn value_variants<'a>() -> &'a [Self] {
        Role::ALL
    }
    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

/// Parses the command line, loads the configuration and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        return print_openapi();
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("marquee: configuration error: {message}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let result = match cli.command {
        None | Some(Command::Serve) => serve(config),
        Some(Command::Migrate) => open_database(&config).map(|(_, applied)| match applied.len() {
            0 => println!("migrations are up to date"),
            n => println!("applied {n} migrations"),
        }),
        Some(Command::Users { command: UsersCommand::Create { email, role, display_name } }) => {
            users::create(&config, &email, role, display_name.as_deref())
        }
        Some(Command::Tokens { command: TokensCommand::Create { email, name, role } }) => {
            tokens::create(&config, &email, &name, role)
        }
        Some(Command::Users { command: UsersCommand::Password { email } }) => users::set_password(&config, &email),
        Some(Command::Demo) => load_demo(&config),
        Some(Command::Export { file, media_dir }) => export::run(&config, &file, media_dir.as_deref()),
        Some(Command::Import { command: ImportCommand::Json { file, media_dir } }) => {
            import_json::run(&config, &file, media_dir.as_deref())
        }
        Some(Command::Import { command: ImportCommand::Wordpress { file, pages, media_from } }) => {
            import_wordpress::run(&config, &file, pages, media_from.as_ref())
        }
        Some(Command::Backup { file }) => backup(&config, &file),
        Some(Command::Openapi) => unreachable!("handled before configuration is read"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marquee: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the spec; a reader that stops early (`marquee openapi | head`) is not an error.
fn print_openapi() -> ExitCode {
    use std::io::Write;
    let written = crate::openapi::document_json()
        .map_err(std::io::Error::other)
        .and_then(|json| std::io::stdout().lock().write_all(json.as_bytes()));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("marquee: cannot print the OpenAPI document: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(config).await?;
        app.run_until_stopped().await?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// An API error as one line for the terminal, with each invalid field.
fn failed(e: ApiError) -> anyhow::Error {
    match e {
        ApiError::Validation(errors) => anyhow::anyhow!(
            "{}",
            errors.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("; ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

/// A connection to the configured database, migrated first.
fn connect(config: &Config) -> anyhow::Result<db::PooledConn> {
    let (db, _) = open_database(config)?;
    Ok(db.pool().get()?)
}

/// Runs a workflow in its own transaction, as the API would (see `content::transaction`).
fn write<T>(
    config: &Config,
    conn: &mut db::DbConn,
    f: impl FnMut(&mut db::DbConn, &mut content::Effects) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    content::transaction(conn, &Payloads::new(config), f)
}

fn load_demo(config: &Config) -> anyhow::Result<()> {
    let mut conn = connect(config)?;
    // The server creates the first admin; so does this, when run first.
    if let Some((email, password)) = crate::startup::create_first_admin(&mut conn, config)? {
        println!("\nCreated the first administrator:\n  email:    {email}\n  password: {password}\n");
    }
    match write(config, &mut conn, crate::demo::load).map_err(failed)? {
        Some(slug) => println!("loaded the demo: GET /api/v1/articles/{slug}"),
        None => println!("the demo is loaded already"),
    }
    Ok(())
}

fn backup(config: &Config, file: &std::path::Path) -> anyhow::Result<()> {
    if file.exists() {
        anyhow::bail!("{} exists already; choose a new file", file.display());
    }
    let mut conn = connect(config)?;
    db::backup_sqlite(&mut conn, &file.to_string_lossy())?;
    println!("wrote {}", file.display());
    Ok(())
}
