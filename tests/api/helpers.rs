#![allow(dead_code)]
//! The test harness: the real application on port 0 with a fresh database per test —
//! a temporary SQLite file, or, when `TEST_DATABASE_URL` is set, a new PostgreSQL database
//! that is dropped when the test ends.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use diesel::{Connection, PgConnection, RunQueryDsl};
use marquee::config::Config;
use marquee::startup::Application;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::Value;

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

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("request sent")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path).json(body).send().await.expect("request sent")
    }
}

/// Reads a JSON body, failing the test with the body text when it is not JSON.
pub async fn json(response: Response) -> Value {
    let text = response.text().await.expect("body read");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// Asserts a problem+json response with `status`, returning its body.
pub async fn assert_problem(response: Response, status: u16) -> Value {
    let actual = response.status();
    let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
    let body = json(response).await;
    assert_eq!(actual, StatusCode::from_u16(status).unwrap(), "body: {body}");
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    assert_eq!(body["status"], status);
    assert!(body["type"].as_str().is_some_and(|t| t.starts_with("urn:marquee:problem:")), "{body}");
    assert!(body["title"].is_string() && body["detail"].is_string(), "{body}");
    body
}

/// A signed-in user of a test.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub email: String,
    pub password: String,
    pub token: String,
    pub refresh_token: String,
}

pub const USER_PASSWORD: &str = "a-password-for-tests";

impl TestApp {
    /// A request with `Authorization: Bearer <token>`.
    pub fn authed(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.request(method, path).bearer_auth(token)
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post_json("/api/v1/auth/login", &serde_json::json!({"email": email, "password": password})).await
    }

    async fn session(&self, email: &str, password: &str) -> Session {
        let response = self.login(email, password).await;
        assert_eq!(response.status(), 200, "login as {email}");
        let body = json(response).await;
        Session {
            user_id: body["user"]["id"].as_i64().unwrap(),
            email: email.to_string(),
            password: password.to_string(),
            token: body["access_token"].as_str().unwrap().to_string(),
            refresh_token: body["refresh_token"].as_str().unwrap().to_string(),
        }
    }

    /// The administrator the app was started with.
    pub async fn admin(&self) -> Session {
        self.session(ADMIN_EMAIL, ADMIN_PASSWORD).await
    }

    /// Creates a user with `role` (as the admin) and returns its id and email.
    pub async fn create_user(&self, role: &str) -> (i64, String) {
        let admin = self.admin().await;
        let email = format!("{role}-{}@marquee.test", uuid::Uuid::new_v4().simple());
        let response = self
            .authed(Method::POST, "/api/v1/admin/users", &admin.token)
            .json(&serde_json::json!({"email": email, "display_name": format!("A {role}"), "role": role, "password": USER_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        (json(response).await["id"].as_i64().unwrap(), email)
    }

    /// Signs in a new user with `role` (`admin` is the seeded admin).
    pub async fn login_as(&self, role: &str) -> Session {
        if role == "admin" {
            return self.admin().await;
        }
        let (_, email) = self.create_user(role).await;
        self.session(&email, USER_PASSWORD).await
    }

    /// Creates an API token as `session` and returns the token.
    pub async fn api_token(&self, session: &Session, body: Value) -> String {
        let response =
            self.authed(Method::POST, "/api/v1/admin/tokens", &session.token).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 201);
        json(response).await["token"].as_str().unwrap().to_string()
    }
}

/// Content helpers: each asserts success and returns the JSON body.
impl TestApp {
    pub async fn send_json(&self, method: Method, path: &str, token: &str, body: &Value) -> Response {
        self.authed(method, path, token).json(body).send().await.expect("request sent")
    }

    async fn created(&self, path: &str, token: &str, body: Value) -> Value {
        let response = self.send_json(Method::POST, path, token, &body).await;
        let status = response.status();
        let json = json(response).await;
        assert_eq!(status, 201, "POST {path}: {json}");
        json
    }

    pub async fn create_movie(&self, token: &str, body: Value) -> Value {
        self.created("/api/v1/admin/movies", token, body).await
    }

    pub async fn create_cast_member(&self, token: &str, body: Value) -> Value {
        self.created("/api/v1/admin/cast-members", token, body).await
    }

    pub async fn create_credit(&self, token: &str, movie_id: i64, body: Value) -> Value {
        self.created(&format!("/api/v1/admin/movies/{movie_id}/credits"), token, body).await
    }

    pub async fn create_article(&self, token: &str, body: Value) -> Value {
        self.created("/api/v1/admin/articles", token, body).await
    }

    pub async fn create_section(&self, token: &str, article_id: i64, body: Value) -> Value {
        self.created(&format!("/api/v1/admin/articles/{article_id}/sections"), token, body).await
    }

    /// Publishes now (or at `publish_at`), returning the article.
    pub async fn publish(&self, token: &str, article_id: i64, publish_at: Option<&str>) -> Value {
        let path = format!("/api/v1/admin/articles/{article_id}/publish");
        let request = self.authed(Method::POST, &path, token);
        let request = match publish_at {
            Some(at) => request.json(&serde_json::json!({ "publish_at": at })),
            None => request,
        };
        let response = request.send().await.unwrap();
        let status = response.status();
        let body = json(response).await;
        assert_eq!(status, 200, "publish: {body}");
        body
    }

    /// The article's sections as (id, position, heading).
    pub async fn sections(&self, token: &str, article_id: i64) -> Vec<(i64, i64, String)> {
        let path = format!("/api/v1/admin/articles/{article_id}/sections");
        let body = json(self.authed(Method::GET, &path, token).send().await.unwrap()).await;
        body["data"]
            .as_array()
            .unwrap_or_else(|| panic!("sections: {body}"))
            .iter()
            .map(|s| {
                (s["id"].as_i64().unwrap(), s["position"].as_i64().unwrap(), s["heading"].as_str().unwrap().to_string())
            })
            .collect()
    }

    /// A published article with a movie, a director, two actors and three sections.
    pub async fn published_article(&self, token: &str, title: &str) -> Value {
        let movie = self
            .create_movie(token, serde_json::json!({"title": format!("{title} (the film)"), "release_year": 2016}))
            .await;
        let movie_id = movie["id"].as_i64().unwrap();
        for (name, role, character) in [
            ("Ada Director", "director", None),
            ("Bo Lead", "actor", Some("Hero")),
            ("Cy Second", "actor", Some("Friend")),
        ] {
            let person = self.create_cast_member(token, serde_json::json!({ "name": name })).await;
            let mut credit = serde_json::json!({"cast_member_id": person["id"], "role": role});
            if let Some(c) = character {
                credit["character"] = c.into();
            }
            self.create_credit(token, movie_id, credit).await;
        }
        let article = self
            .create_article(
                token,
                serde_json::json!({
                    "title": title,
                    "excerpt": "What happens at the end.",
                    "movie_id": movie_id,
                    "tags": ["Endings"],
                    "sections": [
                        {"heading": "The setup", "body": "It begins."},
                        {"heading": "The twist", "subheading": "Who knew?", "body": "Nobody *knew*."},
                        {"heading": "The end", "body": "It ends."}
                    ]
                }),
            )
            .await;
        self.publish(token, article["id"].as_i64().unwrap(), None).await
    }
}
