//! The reference server: the generated routers of all four specs, implemented on the embedded
//! in-memory store, behaving as the pages describe.

mod clock;
mod clouddc;
mod codearts;
mod metastudio;
mod roma;
pub mod signing;
pub mod store;

use crate::runtime::axum::{
    self, body::Body, extract::Request, http::HeaderValue, middleware::Next, response::Response, Router,
};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use store::{Seed, Store};

use crate::runtime::http::Denied;
pub use crate::runtime::http::ServeOptions;
pub use clock::Clock;

/// How the server behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Accepted `X-Auth-Token` values.
    pub tokens: Vec<String>,
    /// Accepted AK/SK pairs for signed requests.
    pub access_keys: Vec<(String, String)>,
    /// How long a ROMA Connect asset job runs.
    pub job_delay: Duration,
    /// How long a CloudDC instance stays `shutting-down` before it is `terminated`.
    pub termination_delay: Duration,
    /// CloudDC requests allowed per credential per second (then 429).
    pub rate_limit: u32,
    /// The store's initial content.
    pub seed: Seed,
    /// Where the server reads the time (the system's; tests hold a manual one).
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tokens: vec![DEV_TOKEN.to_string()],
            access_keys: vec![(DEV_AK.to_string(), DEV_SK.to_string())],
            job_delay: Duration::from_secs(3),
            termination_delay: Duration::from_secs(5),
            rate_limit: 20,
            seed: Seed::default(),
            clock: Clock::system(),
        }
    }
}

/// The token accepted when none is configured.
pub const DEV_TOKEN: &str = "dev-token";
/// The access key accepted when none is configured.
pub const DEV_AK: &str = "DEVACCESSKEY";
/// Its secret key.
pub const DEV_SK: &str = "dev-secret-key";

/// State shared by the four services.
pub struct State {
    config: Config,
    store: Mutex<Store>,
    ids: AtomicU64,
    id_prefix: u64,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl State {
    fn new(config: Config) -> Self {
        let id_prefix = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        State {
            store: Mutex::new(Store::new(&config.seed)),
            config,
            ids: AtomicU64::new(1),
            id_prefix,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// The store, locked. Critical sections never await.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// True when `token` is configured.
    fn token_ok(&self, token: &str) -> bool {
        self.config.tokens.iter().any(|t| t == token)
    }

    /// The token, when it is configured; else the API's refusal, with its code and message.
    fn accept_token(&self, token: String, code: &'static str, message: &'static str) -> Result<String, Denied> {
        if self.token_ok(&token) {
            Ok(token)
        } else {
            Err(Denied::new(message).with_code(code))
        }
    }

    /// A new 32-hex-digit ID (job IDs and request IDs look like the pages').
    fn new_id(&self) -> String {
        let n = self.ids.fetch_add(1, Ordering::Relaxed);
        format!("{:016x}{:016x}", self.id_prefix, n)
    }

    /// Counts a request of `credential` in its one-second window; false once over the limit.
    fn within_rate_limit(&self, credential: &str) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.config.clock.now();
        let entry = windows.entry(credential.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(1) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.config.rate_limit
    }
}

/// The whole API: the four generated routers on one store, a request ID on every response, request
/// logs, and a 404 in the usual Huawei error shape for unknown paths.
pub fn app(config: Config) -> Router {
    let state = Arc::new(State::new(config));
    Router::new()
        .merge(crate::roma_connect::routes(roma::Service(state.clone())))
        .merge(crate::codearts_deploy::routes(codearts::Service(state.clone())))
        .merge(crate::clouddc::routes(clouddc::Service(state.clone())))
        .merge(crate::metastudio::routes(metastudio::Service(state.clone())))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(state, request_id_and_log))
}

async fn not_found() -> Response {
    let body = serde_json::json!({"error_code": "APIGW.0101", "error_msg": "The API does not exist or has not been published."});
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
    response.headers_mut().insert("content-type", HeaderValue::from_static("application/json"));
    response
}

/// Adds `X-Request-Id` to every response that has none, and logs each request.
async fn request_id_and_log(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    request: Request,
    next: Next,
) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_string());
    let started = Instant::now();
    let mut response = next.run(request).await;
    if !response.headers().contains_key("x-request-id") {
        if let Ok(id) = HeaderValue::from_str(&state.new_id()) {
            response.headers_mut().insert("x-request-id", id);
        }
    }
    tracing::info!(%method, %path, status = response.status().as_u16(), elapsed_us = started.elapsed().as_micros() as u64, "request");
    response
}

/// Serves the API on `listen` until Ctrl-C or SIGTERM, finishing requests in flight (for at most
/// the grace period of [`ServeOptions`]).
pub async fn serve(listen: SocketAddr, config: Config) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("huawei-batch-api reference server listening on http://{}", listener.local_addr()?);
    for line in startup_lines(&config) {
        println!("{line}");
    }
    println!("press Ctrl-C to stop");
    serve_with(listener, config, ServeOptions::default(), shutdown_signal()).await
}

/// What the server tells on startup about its credentials: the tokens, and each access key, with
/// its secret only when it is the built-in development one (public anyway).
pub fn startup_lines(config: &Config) -> Vec<String> {
    let mut lines = vec![format!("accepted tokens (X-Auth-Token): {}", config.tokens.join(", "))];
    for (ak, sk) in &config.access_keys {
        lines.push(if (ak.as_str(), sk.as_str()) == (DEV_AK, DEV_SK) {
            format!("AK/SK for signed MetaStudio requests: {ak} / {sk} (the development default)")
        } else {
            format!("AK for signed MetaStudio requests: {ak} (its secret is not shown)")
        });
    }
    lines
}

/// Serves the API on `listener` with the bounds of `options` until `shutdown` completes.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    config: Config,
    options: ServeOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    crate::runtime::http::serve(listener, app(config), options, shutdown).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
