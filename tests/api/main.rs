#![allow(clippy::unwrap_used)]
//! The API test suite: one binary, one module per resource and concern. Tests may unwrap:
//! a panic is a failed test with its message.
//!
//! Helpers live in `helpers/`, one file per kind, all reached as `crate::helpers::...`:
//! `app.rs` starts the application under test (`spawn_app`, `spawn_app_with`, `TestApp`,
//! `TestDb`, `test_env`), `requests.rs` sends requests and reads their answers (`authed`,
//! `send`, `json`, `assert_problem`, `get_json`, `invalid_fields`, `audit_log`, ...),
//! `fixtures.rs` makes what tests need through the API (`login_as(Role::Editor)`,
//! `create_movie`, `create_article`, `publish`, ...), `binary.rs` runs the `marquee` binary
//! (`run_marquee`, `spawn_marquee`), `events.rs` reads the change stream and `receiver.rs`
//! receives webhooks. A helper only one test module uses stays in that module; none is
//! imported from another test module. The exception is the multi-node harness, `nodes.rs`
//! and `nodes/` (`Node`, a PostgreSQL cluster), which `webhook_nodes.rs` uses too.

mod admin_app;
mod architecture;
mod articles;
mod auth;
mod authors;
mod browsers;
mod cache_bounds;
mod cast_members;
mod change_stream;
mod changes;
mod cli;
mod comments;
mod concurrency;
mod credits;
mod durability;
mod embeds;
mod errors;
mod hardening;
mod helpers;
mod imports;
mod limits;
mod media;
mod media_uses;
mod migrations;
mod moderation;
mod movies;
mod nodes;
mod openapi;
mod ops;
mod password;
mod properties;
mod public_articles;
mod public_cache;
mod public_catalogue;
mod public_lists;
mod redirects;
mod revisions;
mod search;
mod secrets;
mod sections;
mod session_cookie;
mod slugs;
mod tags;
mod throttle;
mod tokens;
mod transfer;
mod users;
mod webhook_nodes;
mod webhooks;
