//! Private PostgreSQL servers for the tests that restart or replicate one, which the shared
//! test server must not see: a primary made with `initdb` on a free loopback port, and
//! streaming replicas of it made with `pg_basebackup -R`, all removed when dropped.
//!
//! They run when the suite runs on PostgreSQL (`TEST_DATABASE_URL`), and need its server
//! programs (Debian's `postgresql` package; `PG_BIN` names
//! another directory). Without them the tests that use them pass after saying why, unless
//! `MARQUEE_TEST_CLUSTERS=required`, which `.ci/run` sets.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The superuser the clusters are made with (trust authentication, loopback only).
const SUPERUSER: &str = "marquee";

pub struct Cluster {
    /// Holds `data/` and the server's log; removed on drop.
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
}

impl Cluster {
    /// A new primary, started; `None` (after saying so) where the server programs are not
    /// installed and the clusters are not required.
    pub fn primary() -> Option<Cluster> {
        if std::env::var("TEST_DATABASE_URL").map_or(true, |url| url.is_empty()) {
            return None; // These tests are about PostgreSQL; on SQLite there is nothing to run.
        }
        let Some(bin) = server_programs() else {
            assert!(
                std::env::var("MARQUEE_TEST_CLUSTERS").as_deref() != Ok("required"),
                "MARQUEE_TEST_CLUSTERS=required but PostgreSQL's server programs (initdb) are not installed"
            );
            eprintln!("skipped: PostgreSQL's server programs (initdb) are not installed; set PG_BIN");
            return None;
        };
        let cluster = Cluster::empty(bin);
        cluster.as_owner(
            &cluster.program("initdb"),
            &["-D", &cluster.data(), "-U", SUPERUSER, "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C"],
        );
        cluster.configure("wal_level = replica\nmax_wal_senders = 4\nfsync = off\n");
        cluster.start();
        Some(cluster)
    }

    /// A hot standby streaming from this primary (`pg_basebackup -R`), started.
    pub fn replica(&self) -> Cluster {
        let replica = Cluster::empty(self.bin.clone());
        replica.as_owner(
            &replica.program("pg_basebackup"),
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                SUPERUSER,
                "-D",
                &replica.data(),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast",
                "--no-sync",
            ],
        );
        // The copy carries the primary's settings; these come later in the file, so they win.
        // Every statement logged, so tests can see which reads it served.
        replica.configure("hot_standby = on\nlog_statement = 'all'\n");
        replica.start();
        replica
    }

    pub fn url(&self) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/postgres", self.port)
    }

    pub fn start(&self) {
        let log = self.dir.join("server.log");
        self.as_owner(
            &self.program("pg_ctl"),
            &["-D", &self.data(), "-l", &log.to_string_lossy(), "-w", "-t", "60", "start"],
        );
    }

    /// A fast shutdown: connected sessions are ended, as by a service manager.
    pub fn stop(&self) {
        self.as_owner(&self.program("pg_ctl"), &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    /// What the server logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    fn empty(bin: PathBuf) -> Cluster {
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "marquee-pg-{}-{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cluster = Cluster { dir, bin, port };
        if running_as_root() {
            // PostgreSQL refuses to run as root: the server and its files belong to postgres.
            run(Command::new("chown").args(["postgres:postgres", &cluster.dir.to_string_lossy()]));
        }
        cluster
    }

    fn data(&self) -> String {
        self.dir.join("data").to_string_lossy().into_owned()
    }

    fn program(&self, name: &str) -> String {
        self.bin.join(name).to_string_lossy().into_owned()
    }

    /// Appends settings to `postgresql.conf`, with this cluster's port and socket directory.
    fn configure(&self, settings: &str) {
        use std::io::Write;
        let mut conf = std::fs::OpenOptions::new().append(true).open(self.dir.join("data/postgresql.conf")).unwrap();
        write!(
            conf,
            "\nport = {}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n{settings}",
            self.port,
            self.dir.display()
        )
        .unwrap();
    }

    fn as_owner(&self, program: &str, args: &[&str]) {
        run(owner_command(program).args(args).current_dir(&self.dir));
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = owner_command(&self.program("pg_ctl")).args(["-D", &self.data(), "-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `program` run as the owner of the clusters' files: postgres when the tests run as root.
fn owner_command(program: &str) -> Command {
    if running_as_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--", program]);
        command
    } else {
        Command::new(program)
    }
}

fn run(command: &mut Command) {
    let out = command.output().unwrap_or_else(|e| panic!("{command:?} did not start: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// `PG_BIN`, or the newest `/usr/lib/postgresql/*/bin` with `initdb` in it.
fn server_programs() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| Path::new(&bin.join("initdb")).exists())
        .collect();
    versions.sort_by_key(|bin| {
        bin.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok())
    });
    versions.pop()
}
