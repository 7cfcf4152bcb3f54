//! Serving a router on an ephemeral local port, so that a test calls a mock of an API through its
//! generated client, with the generated types on both sides.

use std::net::SocketAddr;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A router served on `127.0.0.1` on a port of the system's choice; it stops when dropped.
#[derive(Debug)]
pub struct LocalServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl LocalServer {
    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Its base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Stops accepting, lets requests in flight complete, and waits for the server to end.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.unwrap_or(Ok(())),
            None => Ok(()),
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves `router` on an ephemeral port of `127.0.0.1` (with [`crate::http::serve`]'s bounds)
/// until the returned server is stopped or dropped.
pub async fn serve_local(router: axum::Router) -> std::io::Result<LocalServer> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let address = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let options = crate::http::ServeOptions::default();
    let task = tokio::spawn(crate::http::serve(listener, router, options, async move {
        let _ = stopped.await;
    }));
    Ok(LocalServer { address, stop: Some(stop), task: Some(task) })
}
