//! `https://` through the client (feature `tls`): a rustls server with a self-signed certificate
//! for `localhost`, trusted with `root_certificate`; without it the handshake fails and the call
//! is a transport error, never a plain-text fallback.
#![cfg(feature = "tls")]

use openapi_forge_runtime::client::{Client, Error, Operation, RetryPolicy};
use std::sync::Arc;

static HELLO: Operation = Operation {
    id: "Hello",
    method: openapi_forge_runtime::axum::http::Method::GET,
    path: "/hello/all",
    security: &[],
    anonymous: true,
};

/// Serves `GET /hello/...` over TLS on an ephemeral port; returns the port and the certificate.
async fn tls_server() -> (u16, Vec<u8>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert = certified.cert.der().to_vec();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone().into()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let router = openapi_forge_runtime::axum::Router::new()
        .route("/hello/{name}", openapi_forge_runtime::axum::routing::get(|| async { "secure hello" }));
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            let (acceptor, router) = (acceptor.clone(), router.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else { return };
                let service = hyper_util::service::TowerToHyperService::new(router);
                let io = hyper_util::rt::TokioIo::new(tls);
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(io, service).await;
            });
        }
    });
    (port, cert)
}

#[tokio::test]
async fn https_with_a_trusted_certificate_and_refused_without() {
    let (port, cert) = tls_server().await;
    let url = format!("https://localhost:{port}");
    let trusted = Client::builder(&url).root_certificate(cert).unwrap().build();
    let answer = trusted.call(&HELLO).send().await.unwrap();
    assert_eq!((answer.status(), answer.text().unwrap().as_str()), (200, "secure hello"));
    let untrusted = Client::builder(&url).retry(RetryPolicy::none()).build();
    let answer = untrusted.call(&HELLO).send().await;
    assert!(matches!(answer, Err(Error::Transport { .. })), "{answer:?}");
    assert!(Client::builder(&url).root_certificate(b"not a certificate".to_vec()).is_err());
}
