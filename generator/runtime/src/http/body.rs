//! Request bodies: refused from the head where possible (coding, media type, `Content-Length` over
//! the limit) before a byte is read, then read within the limit and a time bound, with framing
//! errors told apart from size; and a body nobody read drained after the answer, so that the client
//! can read it.

use super::{Incoming, Rejection};
use crate::Schema;
use axum::body::{Body, Bytes};
use axum::http::header::{HeaderMap, CONNECTION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::http::HeaderValue;
use axum::response::Response;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// How long a body may take to arrive once its head has.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// At most this much of a body nobody read is drained after the answer.
pub const DRAIN_LIMIT: u64 = 8 * 1024 * 1024;
/// For at most this long.
const DRAIN_TIME: Duration = Duration::from_secs(10);

impl Incoming {
    /// Reads the body's bytes for an operation that declares a JSON body (empty when there is
    /// none). `None` when it is refused: an unsupported transfer or content coding, a media type
    /// that is not JSON (415); a declared or actual size over the limit (413); broken framing (400);
    /// a body that stalls (408).
    pub async fn body_bytes(&mut self) -> Option<Bytes> {
        let headers = &self.parts.headers;
        if let Err(rejection) = head_check(headers, self.body_limit) {
            self.refusal = Some(rejection);
            return None;
        }
        let body = self.body.take()?;
        let read = tokio::time::timeout(BODY_READ_TIMEOUT, Limited::new(body, self.body_limit).collect()).await;
        let failure = match read {
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
            Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
                Err(Rejection::TooLarge(self.body_limit))
            }
            Ok(Err(_)) => Err(Rejection::Malformed),
            Err(_) => Err(Rejection::Timeout),
        };
        let bytes = match failure {
            Ok(bytes) => bytes,
            Err(rejection) => {
                // Part of the body was read and the rest is abandoned: the connection cannot carry
                // another request.
                self.abandoned_body = true;
                self.refusal = Some(rejection);
                return None;
            }
        };
        if !bytes.is_empty() && !headers.contains_key(CONTENT_TYPE) {
            self.refusal = Some(Rejection::UnsupportedMediaType("the request body must be application/json"));
            return None;
        }
        Some(bytes)
    }

    /// Parses and checks a required JSON body read by [`Incoming::body_bytes`]; `None` when it is
    /// missing or breaks its schema (the violations are recorded with the parameters').
    pub fn json<T: Schema + DeserializeOwned>(&mut self, bytes: &[u8]) -> Option<T> {
        if bytes.is_empty() {
            self.violations.push(&crate::Path::Root, "required", "a request body is required");
            return None;
        }
        self.optional_json(bytes).flatten()
    }

    /// As [`Incoming::json`] for an optional body: `Some(None)` when it is absent.
    pub fn optional_json<T: Schema + DeserializeOwned>(&mut self, bytes: &[u8]) -> Option<Option<T>> {
        if bytes.is_empty() {
            return Some(None);
        }
        match crate::from_slice::<T>(bytes) {
            Ok(value) => Some(Some(value)),
            Err(mut violations) => {
                self.violations.append(&mut violations);
                None
            }
        }
    }
}

/// What the head alone says against the body.
fn head_check(headers: &HeaderMap, limit: usize) -> Result<(), Rejection> {
    // hyper decodes `chunked` only; any other transfer coding would reach the reader still encoded.
    let transfer_codings = headers.get_all(TRANSFER_ENCODING).iter().flat_map(|v| v.as_bytes().split(|b| *b == b','));
    for coding in transfer_codings {
        if !coding.trim_ascii().eq_ignore_ascii_case(b"chunked") {
            return Err(Rejection::UnsupportedMediaType("only the chunked transfer coding is supported"));
        }
    }
    for coding in headers.get_all(CONTENT_ENCODING).iter().flat_map(|v| v.as_bytes().split(|b| *b == b',')) {
        if !coding.trim_ascii().eq_ignore_ascii_case(b"identity") {
            return Err(Rejection::UnsupportedMediaType("content codings (such as gzip) are not supported"));
        }
    }
    if headers.get(CONTENT_TYPE).is_some_and(|v| !is_json(v)) {
        return Err(Rejection::UnsupportedMediaType("the request body must be application/json"));
    }
    if declared_length(headers).is_some_and(|n| n > limit as u64) {
        return Err(Rejection::TooLarge(limit));
    }
    Ok(())
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// `application/json` or `application/*+json`, with any parameters.
pub(crate) fn is_json(value: &HeaderValue) -> bool {
    let Ok(text) = value.to_str() else { return false };
    let essence = text.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// `response`, with a body left unread drained in the background: up to [`DRAIN_LIMIT`] bytes
/// within a time bound. A body longer than that, or of unknown length, gets `Connection: close`
/// on the response, so that the client knows not to reuse the connection.
pub(crate) fn finish_body(body: Option<Body>, headers: &HeaderMap, mut response: Response) -> Response {
    let Some(body) = body else { return response };
    if axum::body::HttpBody::is_end_stream(&body) {
        return response;
    }
    if declared_length(headers).is_none_or(|n| n > DRAIN_LIMIT) {
        response.headers_mut().insert(CONNECTION, HeaderValue::from_static("close"));
    }
    // Without a runtime (a test calling the router by hand) there is no connection to keep.
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(async move {
            let drain = async {
                let mut body = body;
                let mut read = 0u64;
                while let Some(Ok(frame)) = body.frame().await {
                    read += frame.data_ref().map_or(0, |d| d.len() as u64);
                    if read > DRAIN_LIMIT {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(DRAIN_TIME, drain).await;
        });
    }
    response
}
