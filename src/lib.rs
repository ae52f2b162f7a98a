//! Marquee: a headless CMS for writing about film.
//!
//! The layers, from the outside in: `routes` (HTTP handlers) → `dto` (wire types) →
//! `domain` (validated values, pure rules) → `db` (all SQL). Cross-cutting: `auth`,
//! `error`, `config`, `openapi`, `telemetry`.

pub mod auth;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod db;
pub mod demo;
pub mod domain;
pub mod dto;
pub mod error;
pub mod extract;
pub mod jobs;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod pagination;
pub mod render;
pub mod routes;
pub mod startup;
pub mod state;
pub mod telemetry;
