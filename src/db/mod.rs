//! Database access: all SQL lives here.
//!
//! - [`DbConn`], one connection to either backend, and its [`pool`];
//! - [`Db`] ([`handle`]), the handle that runs SQL off the async workers;
//! - [`tx`], the one way a write transaction begins, commits and is retried;
//! - [`migrate`], [`backup`], [`replica`] and [`group_commit`], each one job;
//! - one module per table group, of plain synchronous functions on `&mut DbConn` that
//!   return `QueryResult`, so several of them compose inside one transaction.

pub mod articles;
pub mod audit;
pub mod cast_members;
pub mod catalogue;
pub mod changes;
pub mod comments;
pub mod credits;
pub mod imports;
pub mod login_failures;
pub mod media;
pub mod media_jobs;
pub mod movies;
pub mod previews;
pub mod redirects;
pub mod revisions;
pub mod schema;
pub mod search;
pub mod sections;
pub mod sessions;
pub mod settings;
pub mod slugs;
pub mod tags;
pub mod tokens;
pub mod users;
pub mod webhook_deliveries;
pub mod webhooks;

mod backup;
mod group_commit;
mod handle;
mod migrate;
mod pool;
pub mod replica;
mod sql;
pub mod tx;

use diesel::{PgConnection, SqliteConnection};

pub use backup::backup_sqlite;
pub use handle::Db;
pub use migrate::{migrate, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
pub use pool::{connect, ping, Manager, Pool, PooledConn};
pub(crate) use sql::first_for_update;
pub use sql::{columns, contains_pattern, escape_like, lower, now};

/// One connection to either backend. Queries written with diesel's DSL run on both; the few
/// that cannot (multi-row inserts, upserts) match on the variant.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which backend a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}
