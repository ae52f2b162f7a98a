//! Marquee: a headless CMS for writing about film.
//!
//! The layers, each importing only those below it: `routes` (HTTP handlers, with `extract`
//! for what they ask of a request) → `dto` (wire types) → `content` (workflows and public
//! views, plain values in and out) → `domain` (validated values, pure rules) and `db` (all
//! SQL). Across them: `auth`, `cache`, `jobs`, `error`, `config`, `openapi`, `render`,
//! `telemetry`. `tests/api/architecture.rs` checks the direction and that nothing cycles.

pub mod auth;
pub mod cache;
pub mod cli;
pub mod clients;
pub mod compression;
pub mod config;
pub mod content;
pub mod db;
pub mod demo;
pub mod domain;
pub mod dto;
pub mod error;
pub mod extract;
pub mod feed;
pub mod jobs;
pub mod media;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod pagination;
pub mod parse_errors;
pub mod render;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod transfer;
pub mod webhooks;
pub mod wordpress;
