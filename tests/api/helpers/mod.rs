#![allow(dead_code)]
//! The test harness, one file per kind of helper, every one re-exported here so that
//! `use crate::helpers::...` reaches it:
//! - `app`: the application under test — `spawn_app`, `spawn_app_with`, `TestApp`, `TestDb`,
//!   `test_env`, the admin's credentials, `captured_logs`, `settled`;
//! - `requests`: sends and what to read from the answers — `get`, `post_json`, `authed`,
//!   `send_json`, `send`, `get_json`, `patch_if_match`, `fetch`, `get_ok`, `walk`, `json`,
//!   `assert_problem`, `invalid_fields`, `redacted`, `texts`, `ids`, `slugs`, `keys`,
//!   `SUMMARY_FIELDS`, `audit_log`, ...;
//! - `fixtures`: what tests make through the API, each asserting success — `login_as`,
//!   `create_user`, `api_token`, `create_movie`, `create_cast_member`, `create_credit`,
//!   `create_article`, `create_section`, `publish`, `published_article`, `publish_new`,
//!   `lifecycle`, `hidden_articles`, `from_now`;
//! - `binary`: the `marquee` binary run to its end (`run_marquee`, `run_marquee_in`) or
//!   started as a child process with piped output (`spawn_marquee`);
//! - `events`: a reader of the change stream (`Events`);
//! - `receiver`: a webhook receiver on loopback (`Receiver`).
//!
//! Helpers used by one test module stay in it; a helper two modules need moves here. The
//! multi-node harness (`Node`, a PostgreSQL cluster) is `crate::nodes`.

mod app;
mod binary;
mod events;
mod fixtures;
mod receiver;
mod requests;

pub use app::*;
pub use binary::*;
pub use events::*;
pub use fixtures::*;
pub use receiver::*;
pub use requests::*;
