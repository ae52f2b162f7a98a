#![allow(clippy::unwrap_used)]
//! The API test suite: one binary, one module per resource and concern (see `helpers` for
//! the harness). Tests may unwrap: a panic is a failed test with its message.

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
mod errors;
mod hardening;
mod helpers;
mod imports;
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
mod revisions;
mod search;
mod secrets;
mod sections;
mod session_cookie;
mod tags;
mod throttle;
mod tokens;
mod transfer;
mod users;
mod webhook_nodes;
mod webhooks;
