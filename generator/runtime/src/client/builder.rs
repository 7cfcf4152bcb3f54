//! The client itself: its connection pool, base URL, credentials and options, and the builder
//! that sets them.

use super::hooks::{Observe, Secret, Sign};
use super::retry::RetryPolicy;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use http_body_util::Full;
use hyper_util::client::legacy::connect::HttpConnector;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The shared, cheaply cloned core of every generated client: connection pool, base URL,
/// credentials and options.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// The connector: plain TCP, and with the `tls` feature rustls over it for `https://`.
#[cfg(not(feature = "tls"))]
type Connector = HttpConnector;
#[cfg(feature = "tls")]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

pub(super) struct Inner {
    pub(super) base: String,
    pub(super) http: Result<hyper_util::client::legacy::Client<Connector, Full<Bytes>>, String>,
    pub(super) timeout: Duration,
    pub(super) deadline: Option<Duration>,
    pub(super) headers: HeaderMap,
    pub(super) credentials: Vec<(String, Secret)>,
    pub(super) validate_requests: bool,
    pub(super) validate_responses: bool,
    pub(super) retry: RetryPolicy,
    pub(super) signer: Option<Arc<dyn Sign>>,
    pub(super) observer: Option<Arc<dyn Observe>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base)
            .field("timeout", &self.inner.timeout)
            .field("credentials", &self.inner.credentials.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client of the API at `base_url` (`http://127.0.0.1:8080`, or a server URL of the spec)
    /// with the default options.
    pub fn new(base_url: impl Into<String>) -> Client {
        Client::builder(base_url).build()
    }

    /// A builder for a client of the API at `base_url`.
    pub fn builder(base_url: impl Into<String>) -> Builder {
        Builder {
            base: base_url.into(),
            timeout: Duration::from_secs(30),
            deadline: None,
            headers: HeaderMap::new(),
            credentials: Vec::new(),
            validate_requests: true,
            validate_responses: false,
            retry: RetryPolicy::default(),
            signer: None,
            observer: None,
            roots: Vec::new(),
        }
    }

    /// The base URL calls are made against.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }
}

/// Options of a [`Client`].
pub struct Builder {
    base: String,
    timeout: Duration,
    deadline: Option<Duration>,
    headers: HeaderMap,
    credentials: Vec<(String, Secret)>,
    validate_requests: bool,
    validate_responses: bool,
    retry: RetryPolicy,
    signer: Option<Arc<dyn Sign>>,
    observer: Option<Arc<dyn Observe>>,
    /// Certificates (DER) trusted beside Mozilla's roots.
    roots: Vec<Vec<u8>>,
}

impl Builder {
    /// How long one attempt may take, connection and whole answer included (30 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a whole call may take, every attempt and every wait between them included (none by
    /// default: only each attempt's [`Builder::timeout`]). A retry that cannot start before it is
    /// not made, and the last answer or error is returned.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// A header sent with every request (`User-Agent`, a tenant header); an operation's own
    /// parameters and credentials take precedence.
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The API key or bearer token for the security scheme `scheme` (its name under
    /// `components.securitySchemes`).
    pub fn token(mut self, scheme: &str, token: impl Into<String>) -> Self {
        self.credentials.push((scheme.to_string(), Secret::Token(token.into())));
        self
    }

    /// HTTP basic credentials for the security scheme `scheme`.
    pub fn basic(mut self, scheme: &str, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.push((scheme.to_string(), Secret::Basic { user: user.into(), password: password.into() }));
        self
    }

    /// Checks every input against the spec before sending it (on by default): an invalid input
    /// never reaches the wire.
    pub fn validate_requests(mut self, on: bool) -> Self {
        self.validate_requests = on;
        self
    }

    /// Checks every documented answer's body against its schema, reporting every violation (off by
    /// default: the body is then only read into its type).
    pub fn validate_responses(mut self, on: bool) -> Self {
        self.validate_responses = on;
        self
    }

    /// The retry policy ([`RetryPolicy::default`] unless set).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A hook that signs every request.
    pub fn signer(mut self, signer: impl Sign + 'static) -> Self {
        self.signer = Some(Arc::new(signer));
        self
    }

    /// Hooks before and after every attempt.
    pub fn observer(mut self, observer: impl Observe + 'static) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// Trusts the certificate `der` (DER-encoded) for `https://`, beside Mozilla's roots (a
    /// private CA, a test server's self-signed certificate); an error when it cannot be read.
    /// With the `tls` feature only.
    #[cfg(feature = "tls")]
    pub fn root_certificate(mut self, der: impl Into<Vec<u8>>) -> Result<Self, String> {
        let der = rustls::pki_types::CertificateDer::from(der.into());
        rustls::RootCertStore::empty().add(der.clone()).map_err(|err| format!("the root certificate: {err}"))?;
        self.roots.push(der.to_vec());
        Ok(self)
    }

    /// The client.
    pub fn build(self) -> Client {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        // A TLS setup that fails (it cannot with the roots checked above) fails each call, with
        // the reason, rather than the build.
        let http = connect(connector, &self.roots).map(|connector| {
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_idle_timeout(Duration::from_secs(30))
                .build(connector)
        });
        Client {
            inner: Arc::new(Inner {
                base: self.base.trim_end_matches('/').to_string(),
                http,
                timeout: self.timeout,
                deadline: self.deadline,
                headers: self.headers,
                credentials: self.credentials,
                validate_requests: self.validate_requests,
                validate_responses: self.validate_responses,
                retry: self.retry,
                signer: self.signer,
                observer: self.observer,
            }),
        }
    }
}

#[cfg(not(feature = "tls"))]
fn connect(connector: HttpConnector, _roots: &[Vec<u8>]) -> Result<Connector, String> {
    Ok(connector)
}

/// rustls (ring) over `connector`, trusting Mozilla's roots and `roots`.
#[cfg(feature = "tls")]
fn connect(mut connector: HttpConnector, roots: &[Vec<u8>]) -> Result<Connector, String> {
    connector.enforce_http(false);
    let mut store = rustls::RootCertStore::empty();
    store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for der in roots {
        let der = rustls::pki_types::CertificateDer::from(der.clone());
        store.add(der).map_err(|err| format!("a root certificate: {err}"))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| format!("TLS cannot be set up: {err}"))?
        .with_root_certificates(store)
        .with_no_client_auth();
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_or_http()
        .enable_http1()
        .wrap_connector(connector))
}

/// `base` with the `{name}` variables of a spec's server URL replaced (`vars` first, then each
/// variable's default).
pub fn server_url(template: &str, defaults: &[(&str, &str)], vars: &[(&str, &str)]) -> String {
    let mut url = template.to_string();
    for (name, default) in defaults {
        let value = vars.iter().find(|(n, _)| n == name).map_or(*default, |(_, v)| *v);
        url = url.replace(&format!("{{{name}}}"), value);
    }
    url
}

/// Without the `tls` feature only: the workspace builds the runtime with it.
#[cfg(all(test, not(feature = "tls")))]
mod tests {
    use super::*;
    use crate::client::{Error, Operation};
    use http::Method;

    /// Without the `tls` feature, `https://` is refused before anything is sent, never downgraded
    /// to plain text. (The workspace builds the runtime with `tls`; CI also tests it alone.)
    #[tokio::test]
    async fn https_without_tls_is_refused_not_sent() {
        static PING: Operation =
            Operation { id: "Ping", method: Method::GET, path: "/ping", security: &[], anonymous: true };
        let client = Client::new("https://127.0.0.1:1");
        let answer = client.call(&PING).send().await;
        assert!(matches!(&answer, Err(Error::Encode { reason, .. }) if reason.contains("tls")), "{answer:?}");
    }
}
