//! The application under test: the real server on port 0 with a fresh database per test —
//! a temporary SQLite file, or, when `TEST_DATABASE_URL` is set, a new PostgreSQL database
//! that is dropped when the test ends — the settings it starts with, and what it logged.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use diesel::{Connection, PgConnection, RunQueryDsl};
use marquee::config::Config;
use marquee::startup::Application;
use reqwest::{Method, RequestBuilder};

pub const ADMIN_EMAIL: &str = "admin@marquee.test";
pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";
pub const JWT_SECRET: &str = "test-secret-that-is-at-least-32-bytes-long";

/// Everything the server logged during this test process, for tests that check what the
/// logs must never contain.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(|| Arc::new(Mutex::new(Vec::new())))
}

struct BufferWriter;

impl Write for BufferWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        log_buffer().lock().unwrap().extend_from_slice(buf);
        if std::env::var_os("TEST_LOG").is_some() {
            std::io::stdout().write_all(buf)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_logs() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug,h2=off,hyper=off,reqwest=off,actix_server=warn"))
            .with_ansi(false)
            .with_writer(|| BufferWriter)
            .try_init();
    });
}

/// A database made for one test and removed after it.
pub enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDb {
    /// Creates the database and returns it with the URL the application should use.
    pub fn create() -> (TestDb, String) {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("marquee_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = PgConnection::establish(&admin_url).expect("TEST_DATABASE_URL must accept connections");
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut conn).expect("create test database");
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&name);
                (TestDb::Postgres { admin_url, name }, url.to_string())
            }
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("marquee.db").display());
                (TestDb::Sqlite(dir), url)
            }
        }
    }

    /// A SQLite database whatever the suite runs on.
    pub fn sqlite() -> (TestDb, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}", dir.path().join("marquee.db").display());
        (TestDb::Sqlite(dir), url)
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, TestDb::Postgres { .. })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            if let Ok(mut conn) = PgConnection::establish(admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn);
            }
            let _ = std::fs::remove_dir_all(postgres_media_dir(name));
        }
    }
}

/// The media folder of a test's PostgreSQL database (a SQLite database keeps its own beside
/// it, in its temporary folder): removed with the database.
fn postgres_media_dir(database: &str) -> std::path::PathBuf {
    std::env::temp_dir().join("marquee-test-media").join(database)
}

/// The folder the media library of the app on `database_url` keeps its files in.
pub fn media_dir(database_url: &str) -> std::path::PathBuf {
    match database_url.strip_prefix("sqlite://") {
        Some(file) => std::path::Path::new(file).parent().expect("the database is in a folder").join("media"),
        None => {
            let url = url::Url::parse(database_url).expect("a database URL");
            postgres_media_dir(url.path().trim_start_matches('/'))
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database_url: String,
    pub db: TestDb,
    /// The server's own state, for tests that must reach behind the API (its pool).
    pub state: actix_web::web::Data<marquee::state::AppState>,
}

/// The settings every test app starts with; `overrides` adds or replaces variables.
pub fn test_env(database_url: &str, overrides: &[(&str, &str)]) -> HashMap<String, String> {
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", database_url),
        ("MARQUEE_BIND", "127.0.0.1:0"),
        ("MARQUEE_JWT_SECRET", JWT_SECRET),
        ("MARQUEE_ADMIN_EMAIL", ADMIN_EMAIL),
        ("MARQUEE_ADMIN_PASSWORD", ADMIN_PASSWORD),
        ("MARQUEE_WORKERS", "2"),
        ("MARQUEE_DB_POOL_SIZE", "4"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in overrides {
        vars.insert(k.to_string(), v.to_string());
    }
    // The media folder of the database the app really uses (an override may name another):
    // beside a SQLite file by default, under the temporary directory for PostgreSQL.
    let database = vars["DATABASE_URL"].clone();
    if !database.starts_with("sqlite://") && !vars.contains_key("MARQUEE_MEDIA_STORE") {
        vars.insert("MARQUEE_MEDIA_STORE".into(), format!("file://{}", media_dir(&database).display()));
    }
    vars
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts the application with extra environment settings.
pub async fn spawn_app_with(overrides: &[(&str, &str)]) -> TestApp {
    init_logs();
    let (db, database_url) = TestDb::create();
    let vars = test_env(&database_url, overrides);
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration is valid");
    let app = Application::build(config).await.expect("the application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    tokio::spawn(app.run_until_stopped());
    if db.is_postgres() {
        // Started when its notification connection is up. Else a short test could end while
        // that connection is still logging in: the test's thread, blocked dropping the
        // database, would hold that login half-done until PostgreSQL times it out (60 s).
        for _ in 0..1000 {
            if state.metrics.listening() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    TestApp { address, client, database_url, db, state }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Waits until the server's change follower has handled every feed row written so far,
    /// for tests that count cache entries right after writing.
    pub async fn settled(&self) {
        let last = self.state.db.run(|conn| Ok(marquee::db::changes::last_id(conn)?)).await.unwrap();
        for _ in 0..500 {
            if self.state.feed.position() >= last {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the change follower never reached row {last}");
    }
}
