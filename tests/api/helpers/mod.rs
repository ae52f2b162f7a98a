//! The test harness, one file per kind of helper, every one re-exported here so that
//! `use crate::helpers::...` reaches it:
//! - `app.rs`: the application under test — `spawn_app`, `spawn_app_with(overrides)`,
//!   `TestApp`, `TestDb`, `test_env`, the admin's credentials, `captured_logs`, `settled`;
//! - `requests.rs`: requests and what to read from their answers — the `TestApp` methods
//!   `get`, `post_json`, `authed`, `send_json`, `login`, `sections`, and `send`, `get_json`,
//!   `patch_if_match`, `fetch`, `get_ok`, `walk`, `json`, `assert_problem`,
//!   `invalid_fields`, `redacted`, `texts`, `ids`, `slugs`, `keys`, `SUMMARY_FIELDS`,
//!   `audit_log`, ...;
//! - `fixtures.rs`: what tests make through the API, as `TestApp` methods that assert the
//!   write succeeded — `admin`, `login_as(Role::Editor)`, `create_user(Role::Author)`,
//!   `api_token`, `create_movie`, `create_cast_member`, `create_credit`, `create_article`,
//!   `create_section`, `publish`, `published_article`, `publish_new`, `lifecycle`,
//!   `hidden_articles`; with `Session`, `USER_PASSWORD` and `from_now`;
//! - `media.rs`: the media library — `upload_form`, `upload_ready`, `media_ready`;
//! - `binary.rs`: the `marquee` binary, run to its end (`run_marquee`, `run_marquee_in`) or
//!   started as a child process with piped output (`spawn_marquee`);
//! - `events.rs`: a reader of the change stream (`Events`);
//! - `receiver.rs`: a webhook receiver on loopback (`Receiver`).
//!
//! Each helper is defined once. One that a single test module uses stays in that module;
//! one that two modules need moves here. The multi-node harness (`Node`, a PostgreSQL
//! cluster) is `crate::nodes`.
//!
//! `dead_code` is not allowed here as a whole: a helper no test uses any more shows up.

mod app;
mod binary;
mod events;
mod fixtures;
mod media;
mod receiver;
mod requests;

pub use app::*;
pub use binary::*;
pub use events::*;
pub use fixtures::*;
pub use receiver::*;
pub use requests::*;
