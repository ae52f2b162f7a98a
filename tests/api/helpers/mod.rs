#![allow(dead_code)]
//! The test harness, one file per kind of helper (all re-exported here):
//! - `app`: the application under test (`spawn_app`, `spawn_app_with`, `TestApp`, `TestDb`,
//!   `test_env`, `captured_logs`, `settled`);
//! - `requests`: sends and reads (`authed`, `send`, `json`, `assert_problem`, `get_json`,
//!   `patch_if_match`, `invalid_fields`, `redacted`, `texts`, `ids`, `audit_log`, ...);
//! - `fixtures`: what tests make through the API, each asserting success (`create_user`,
//!   `login_as`, `api_token`, `create_movie`, `create_article`, `publish`, ...).

mod app;
mod fixtures;
mod requests;

pub use app::*;
pub use fixtures::*;
pub use requests::*;
