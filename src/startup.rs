//! Builds the application: database, first-start bootstrap, and the HTTP server.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpResponse};
use anyhow::Context;
use base64::Engine;
use rand::RngCore;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::password;
use crate::config::{Config, DatabaseUrl};
use crate::content::{self, users::UserInput};
use crate::db::{self, Backend, Db, DbConn};
use crate::domain::{Email, Role};
use crate::error;
use crate::state::AppState;
use crate::telemetry;

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    /// Binds the listener, opens and migrates the database, creates the first admin and the
    /// JWT secret when missing, and builds the server (not yet running). The port comes
    /// first: when it is taken, the start stops before anything is written.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.bind).with_context(|| format!("cannot listen on {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let (db, boot) = tokio::task::spawn_blocking({
            let config = config.clone();
            move || open_and_bootstrap(&config)
        })
        .await??;
        if let Some((email, password)) = &boot.generated_admin {
            // Shown once, on the terminal only: the log never carries a password.
            println!(
                "\nCreated the first administrator:\n  email:    {email}\n  password: {password}\nChange it after logging in.\n"
            );
        }

        let workers = config.workers;
        let state = web::Data::new(AppState::new(db, config, &boot.jwt_secret)?);
        state.refresh_next_due().await?;
        let spec = web::Bytes::from(crate::openapi::document_json()?);

        let server = serve(listener, workers, state.clone(), spec)?;
        tracing::info!(port, "listening");
        Ok(Application { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state, for tests and background jobs.
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// Serves until SIGTERM or Ctrl-C, then stops gracefully: no new connection is
    /// accepted, live change streams end, requests in flight finish within
    /// `MARQUEE_SHUTDOWN_GRACE_SECONDS` (then their connections are closed), and the
    /// background jobs stop.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let state = self.state;
        let mut jobs = vec![
            tokio::spawn(crate::jobs::scheduler::run(state.clone(), state.config.scheduler_interval)),
            tokio::spawn(crate::jobs::invalidator::run(state.clone(), Duration::from_secs(1))),
            tokio::spawn(crate::jobs::webhooks::run(state.clone())),
            tokio::spawn(crate::jobs::media::run(state.clone())),
            tokio::spawn(crate::jobs::forget_idle_clients(state.clone(), Duration::from_secs(60))),
            tokio::spawn(crate::jobs::redirect_hits::run(state.clone(), Duration::from_secs(2))),
        ];
        if let DatabaseUrl::Postgres(url) = &state.config.database_url {
            jobs.push(tokio::spawn(crate::jobs::listener::run(state.clone(), url.clone())));
        }
        if state.db.replica().is_some() {
            jobs.push(tokio::spawn(crate::jobs::invalidator::watch_replica(state.clone(), Duration::from_secs(1))));
        }
        let handle = self.server.handle();
        let stopping = state.stopping.clone();
        let on_signal = tokio::spawn(async move {
            stop_signal().await;
            tracing::info!("stopping: finishing requests in flight");
            stopping.cancel();
            handle.stop(true).await;
        });
        let result = self.server.await;
        state.stopping.cancel();
        on_signal.abort();
        for job in jobs {
            job.abort();
        }
        tracing::info!("stopped");
        result
    }
}

/// SIGTERM (what service managers and container runtimes send) or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// The HTTP/1 server around [`app`]: actix-web's own `HttpServer` with one addition, a
/// handler for `Expect: 100-continue` that refuses a body announced larger than the API
/// accepts with a 413 problem, instead of inviting the client to send it.
fn serve(
    listener: TcpListener,
    workers: Option<usize>,
    state: web::Data<AppState>,
    spec: web::Bytes,
) -> std::io::Result<Server> {
    use actix_http::HttpService;
    use actix_service::map_config;
    use actix_web::dev::{fn_service, AppConfig};

    // Database work takes a thread only with a connection permit (see `db::Db`), so a
    // worker never needs more blocking threads than connections, and a few for password
    // hashing. Left at its default (256 a worker), tokio's pool kept growing threads under
    // load, each holding on to its allocator's memory.
    let blocking_threads = state.config.db_pool_size as usize + 2;
    let mut builder = actix_server::Server::build()
        .worker_max_blocking_threads(blocking_threads)
        // Signals are handled in `run_until_stopped`, which ends the live streams first.
        .disable_signals()
        .shutdown_timeout(state.config.shutdown_grace.as_secs());
    if let Some(workers) = workers {
        builder = builder.workers(workers);
    }
    let addr = listener.local_addr()?;
    let upload_limit = usize::try_from(state.config.media_max_bytes).unwrap_or(usize::MAX);
    builder
        .listen("marquee", listener, move || {
            let factory = actix_service::IntoServiceFactory::into_factory(app(state.clone(), spec.clone()));
            crate::parse_errors::tcp(
                HttpService::build()
                    .local_addr(addr)
                    .expect(fn_service(move |req| crate::middleware::expect_continue(req, upload_limit)))
                    .finish(map_config(factory, |()| AppConfig::default())),
            )
        })
        .map(actix_server::ServerBuilder::run)
}

/// The OpenAPI document, as committed.
async fn serve_spec(spec: web::Bytes) -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").insert_header(("cache-control", "no-cache")).body(spec)
}

/// The actix application: middleware, documented routes, docs, and problem+json fallbacks.
pub fn app(
    state: web::Data<AppState>,
    spec: web::Bytes,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let origins = state.config.cors_origins.clone();
    let document: serde_json::Value = serde_json::from_slice(&spec).unwrap_or_default();
    let known = web::Data::new(crate::middleware::KnownRoutes::from_spec(&document));
    App::new()
        .app_data(state)
        .app_data(known)
        .app_data(web::PathConfig::default().error_handler(error::path_error))
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .wrap(from_fn(crate::middleware::conditional_get))
        .wrap(from_fn(crate::middleware::screen_request))
        .wrap(from_fn(crate::middleware::head_as_get))
        .wrap(from_fn(crate::middleware::problems))
        .wrap(actix_web::middleware::Compress::default())
        .wrap(from_fn(crate::middleware::security_headers))
        .wrap(from_fn(telemetry::observe))
        // The spec and docs come first: the public `/api/v1` scope would otherwise claim the path.
        .route("/api/v1/openapi.json", web::get().to(move || serve_spec(spec.clone())))
        .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json")))
        .into_utoipa_app()
        .configure(|cfg| crate::routes::configure(cfg, &origins))
        .into_app()
        .configure(crate::routes::admin_app::configure)
        .route(
            "/docs",
            web::get()
                .to(|| async { HttpResponse::PermanentRedirect().insert_header(("Location", "/docs/")).finish() }),
        )
        .default_service(web::to(crate::middleware::unrouted))
}

/// Connects and applies pending migrations (under the start-up lock); returns the database
/// and the names of the migrations applied.
pub fn open_database(config: &Config) -> anyhow::Result<(Db, Vec<String>)> {
    let db = connect(config)?;
    let mut conn = db.pool().get().context("cannot take a database connection")?;
    let applied = db::tx::startup(&mut conn, |conn| db::migrate(conn).map_err(anyhow::Error::msg))?;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "applied migrations");
    }
    drop(conn);
    Ok((db, applied))
}

fn connect(config: &Config) -> anyhow::Result<Db> {
    let backend = match config.database_url {
        DatabaseUrl::Sqlite(_) => Backend::Sqlite,
        DatabaseUrl::Postgres(_) => Backend::Postgres,
    };
    let pool = db::connect(&config.database_url, config.db_pool_size).map_err(anyhow::Error::msg)?;
    let db = Db::new(pool, backend);
    Ok(match &config.read_database_url {
        Some(url) => db.with_replica(db::replica::Replica::open(url, config.db_pool_size)),
        None => db,
    })
}

/// What the first start decided.
struct Boot {
    jwt_secret: Vec<u8>,
    /// The email and password of an administrator just created with a generated password.
    generated_admin: Option<(String, String)>,
}

/// Migrations and first-start duties in one hold of the start-up lock, so several nodes
/// started at once on an empty database create one admin and one JWT secret between them.
fn open_and_bootstrap(config: &Config) -> anyhow::Result<(Db, Boot)> {
    let db = connect(config)?;
    let mut conn = db.pool().get().context("cannot take a database connection")?;
    let boot = db::tx::startup(&mut conn, |conn| {
        let applied = db::migrate(conn).map_err(anyhow::Error::msg)?;
        if !applied.is_empty() {
            tracing::info!(count = applied.len(), "applied migrations");
        }
        let generated_admin = create_first_admin(conn, config)?;
        let named = content::users::backfill_slugs(conn).map_err(|e| anyhow::anyhow!("{e}"))?;
        let rendered =
            content::media::adopt_base(conn, &config.media_public_url).map_err(|e| anyhow::anyhow!("{e}"))?;
        if rendered > 0 {
            tracing::info!(count = rendered, "rendered sections again with the new MARQUEE_MEDIA_PUBLIC_URL");
        }
        if named > 0 {
            tracing::info!(count = named, "gave existing users their author slugs");
        }
        let jwt_secret = match &config.jwt_secret {
            Some(secret) => secret.expose().as_bytes().to_vec(),
            None => db::settings::get_or_insert_with(conn, "jwt_secret", || random_token(48))?.into_bytes(),
        };
        Ok(Boot { jwt_secret, generated_admin })
    })?;
    drop(conn);
    Ok((db, boot))
}

/// Creates the first administrator when the database has no user (see `docs/api.md`): the one
/// configured, or `admin@localhost` with a generated password, which is returned to be
/// shown once.
pub fn create_first_admin(conn: &mut DbConn, config: &Config) -> anyhow::Result<Option<(String, String)>> {
    if db::users::count(conn)? > 0 {
        return Ok(None);
    }
    let (email, password, generated) = match &config.admin {
        Some(seed) => (seed.email.clone(), seed.password.expose().to_string(), false),
        None => ("admin@localhost".to_string(), random_token(18), true),
    };
    let input = UserInput {
        email: Email::parse(&email).map_err(|e| anyhow::anyhow!("MARQUEE_ADMIN_EMAIL {e}"))?,
        display_name: "Administrator".into(),
        role: Role::Admin,
        password_hash: password::hash(&password)?,
    };
    let created = content::users::create_first_admin(conn, &input).map_err(|e| anyhow::anyhow!("{e}"))?;
    if created.is_none() {
        return Ok(None);
    }
    tracing::info!("created the first administrator");
    Ok(generated.then_some((email, password)))
}

/// `bytes` random bytes, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}
