//! The `marquee` binary itself, for the tests of its commands and of a server in its own
//! process. It always runs with nothing but the variables a test gives it (and `PATH`), with
//! no terminal on stdin, away from the checkout: `.env` is read from the working directory
//! and its parents, and a developer's own must not change what a test sees.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// Runs `marquee ARGS` to its end in a new empty directory and returns its status and
/// what it printed.
pub fn run_marquee(env: &[(&str, &str)], args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    run_marquee_in(dir.path(), env, args)
}

/// `marquee ARGS` on the database at `database_url` and its media folder (as a test app on
/// it has them), quiet but for warnings, with `settings` besides.
pub fn run_marquee_on(database_url: &str, settings: &[(&str, &str)], args: &[&str]) -> Output {
    let store = format!("file://{}", super::media_dir(database_url).display());
    let mut env = vec![("DATABASE_URL", database_url), ("RUST_LOG", "warn"), ("MARQUEE_MEDIA_STORE", &store)];
    env.extend_from_slice(settings);
    run_marquee(&env, args)
}

/// `run_marquee` in `dir`, for a test that puts files there first (an `.env`).
pub fn run_marquee_in(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    command(dir, env, args).output().expect("the binary runs")
}

/// Starts `marquee ARGS` with its stdout and stderr piped, for a test that needs the
/// process running (a server) or its pipes in hand; the test waits for it or kills it.
/// It runs in the system's temporary directory, which outlives it.
pub fn spawn_marquee(env: &[(&str, &str)], args: &[&str]) -> Child {
    command(&std::env::temp_dir(), env, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

fn command(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marquee"));
    command
        .current_dir(dir)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    command
}
