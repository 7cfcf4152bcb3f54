//! What generated code and the caller hand the client: the table of one operation, the
//! credentials it holds, and the hooks that see each attempt (a signer, an observer).

use crate::vocabulary::CredentialSource;
use http::{HeaderMap, Method, Uri};
use std::fmt;
use std::time::Duration;

/// What the generated code tells the client about one operation.
#[derive(Debug)]
pub struct Operation {
    /// The `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template (`/v1/{project_id}/instances/batch-delete`).
    pub path: &'static str,
    /// The accepted credentials: alternatives in the spec's order, each a list of (security
    /// scheme name, where its credential travels). Empty: none needed.
    pub security: &'static [&'static [(&'static str, CredentialSource)]],
    /// `{}` is among the alternatives: the call may go without credentials.
    pub anonymous: bool,
}

/// A credential the client holds for one security scheme.
#[derive(Clone)]
pub enum Secret {
    /// An API key (header, query or cookie) or a bearer token.
    Token(String),
    /// HTTP basic credentials.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials never reach a log through `Debug`.
        f.write_str(match self {
            Secret::Token(_) => "Token(..)",
            Secret::Basic { .. } => "Basic(..)",
        })
    }
}

/// The request as it will be sent, for a signing hook: it may add headers.
#[derive(Debug)]
pub struct Signable<'a> {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The method.
    pub method: &'a Method,
    /// The full URI, query included.
    pub uri: &'a Uri,
    /// Every header the request carries so far (credentials and defaults included).
    pub headers: &'a mut HeaderMap,
    /// The body's bytes (empty without a body).
    pub body: &'a [u8],
}

/// A hook that signs each request (AK/SK schemes): called on every attempt, after the credentials
/// and default headers are set, just before the request is sent.
pub trait Sign: Send + Sync {
    /// Adds what the signature needs to `request`, or refuses it.
    fn sign(&self, request: &mut Signable<'_>) -> Result<(), String>;

    /// True when the signature is the credential of the security scheme `scheme` (an AK/SK
    /// scheme declared as an `Authorization` API key): an alternative needing it is then
    /// satisfied without a token. None by default.
    fn provides(&self, scheme: &str) -> bool {
        let _ = scheme;
        false
    }
}

/// One attempt of a call, for [`Observe`].
#[derive(Clone, Copy, Debug)]
pub struct Attempt<'a> {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The method.
    pub method: &'a Method,
    /// The full URI.
    pub uri: &'a Uri,
    /// 1 for the first try.
    pub number: u32,
}

/// Hooks before and after each attempt, for tracing and metrics. Both do nothing by default.
pub trait Observe: Send + Sync {
    /// Before an attempt is sent.
    fn before(&self, attempt: &Attempt<'_>) {
        let _ = attempt;
    }

    /// After an attempt: the status, or `None` when it failed (connection, timeout), and how long
    /// it took.
    fn after(&self, attempt: &Attempt<'_>, status: Option<u16>, elapsed: Duration) {
        let _ = (attempt, status, elapsed);
    }
}
