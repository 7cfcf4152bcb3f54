//! Serving a router over HTTP/1.1 with the bounds `axum::serve` does not set: a time limit for each
//! request head (which on a kept-alive connection is also the idle limit, since hyper starts it as
//! soon as it waits for the next request), and a deadline for graceful shutdown, after which
//! connections still open are dropped.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;

/// The bounds of [`serve`].
#[derive(Clone, Copy, Debug)]
pub struct ServeOptions {
    /// How long a client may take to send a request head, and how long a kept-alive connection may
    /// sit idle before the next one (hyper times both with one timer).
    pub header_read_timeout: Duration,
    /// After the shutdown signal: how long requests in flight may take to complete.
    pub shutdown_grace: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { header_read_timeout: Duration::from_secs(10), shutdown_grace: Duration::from_secs(10) }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting, lets requests in
/// flight complete for up to `options.shutdown_grace`, and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(options.header_read_timeout).keep_alive(true);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait a little rather than spin.
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(router.clone()));
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(options.shutdown_grace) => {},
    }
    Ok(())
}
