//! The reference server: the generated routers of all four specs, implemented on the embedded
//! in-memory store, behaving as the pages describe.

mod clock;
mod clouddc;
mod codearts;
mod metastudio;
mod roma;
pub mod signing;
mod state;
pub mod store;

use crate::runtime::axum::{
    self, body::Body, extract::Request, http::HeaderValue, middleware::Next, response::Response, Router,
};
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

pub use crate::runtime::http::ServeOptions;
pub use clock::Clock;
use state::State;
pub use state::{Config, DEV_AK, DEV_SK, DEV_TOKEN};

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
    let mut banner = format!("huawei-batch-api reference server listening on http://{}\n", listener.local_addr()?);
    for line in startup_lines(&config) {
        banner.push_str(&line);
        banner.push('\n');
    }
    banner.push_str("press Ctrl-C to stop");
    // Best effort: a supervisor that closed standard output must not stop the server (`println!`
    // would panic).
    let _ = writeln!(std::io::stdout(), "{banner}");
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
