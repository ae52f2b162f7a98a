//! Background work that runs beside the HTTP server.

pub mod invalidator;
pub mod listener;
pub mod scheduler;
pub mod webhooks;
