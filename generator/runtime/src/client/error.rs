//! Why a call did not return one of the operation's documented answers.

use crate::Violations;
use bytes::Bytes;
use http::HeaderMap;
use std::fmt;
use std::time::Duration;

/// The error of a generated client method. Documented statuses (errors among them) are not errors:
/// they are the operation's output variants.
#[derive(Debug)]
pub enum Error {
    /// The input breaks the spec; nothing was sent. Every violation, with its pointer
    /// (`/path/project_id`, `/instance_id_set`), as the server would report it.
    InvalidRequest {
        /// The operation's `operationId`.
        operation: &'static str,
        /// Every violation.
        violations: Violations,
    },
    /// The operation needs credentials and the client holds none of an accepted kind; nothing
    /// was sent.
    MissingCredentials {
        /// The operation's `operationId`.
        operation: &'static str,
    },
    /// The request could not be written (a header value that is not visible ASCII, a base URL
    /// that is not one); nothing was sent.
    Encode {
        /// The operation's `operationId`.
        operation: &'static str,
        /// What could not be written.
        reason: String,
    },
    /// The signing hook refused the request; nothing was sent.
    Signing {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The hook's reason.
        reason: String,
    },
    /// The connection failed, or the answer could not be read.
    Transport {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The underlying error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No answer within the client's timeout.
    Timeout {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The timeout.
        after: Duration,
    },
    /// A status the operation does not document; the answer is kept whole.
    UndocumentedStatus {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The status.
        status: u16,
        /// The response headers (boxed: errors stay small to return).
        headers: Box<HeaderMap>,
        /// The response body.
        body: Bytes,
    },
    /// A documented status whose body or headers do not fit the declared schema (every violation,
    /// when responses are validated; else the reason serde gave, as one violation).
    InvalidResponse {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The status.
        status: u16,
        /// What does not fit.
        violations: Violations,
        /// The response body.
        body: Bytes,
    },
}

impl Error {
    /// The operation the call was of.
    pub fn operation(&self) -> &'static str {
        match self {
            Error::InvalidRequest { operation, .. }
            | Error::MissingCredentials { operation }
            | Error::Encode { operation, .. }
            | Error::Signing { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::UndocumentedStatus { operation, .. }
            | Error::InvalidResponse { operation, .. } => operation,
        }
    }

    /// True when the request never left the client.
    pub fn before_send(&self) -> bool {
        matches!(
            self,
            Error::InvalidRequest { .. }
                | Error::MissingCredentials { .. }
                | Error::Encode { .. }
                | Error::Signing { .. }
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest { operation, violations } => {
                write!(f, "{operation}: the request breaks the API's constraints, not sent: {violations}")
            }
            Error::MissingCredentials { operation } => {
                write!(f, "{operation}: the client holds no credentials this operation accepts, not sent")
            }
            Error::Encode { operation, reason } => write!(f, "{operation}: the request cannot be written: {reason}"),
            Error::Signing { operation, reason } => write!(f, "{operation}: signing refused the request: {reason}"),
            Error::Transport { operation, source } => write!(f, "{operation}: transport error: {source}"),
            Error::Timeout { operation, after } => write!(f, "{operation}: no answer within {after:?}"),
            Error::UndocumentedStatus { operation, status, body, .. } => {
                write!(f, "{operation}: undocumented status {status} ({} bytes of body)", body.len())
            }
            Error::InvalidResponse { operation, status, violations, .. } => {
                write!(f, "{operation}: the {status} answer does not fit the spec: {violations}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(&**source),
            _ => None,
        }
    }
}
