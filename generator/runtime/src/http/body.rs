//! Request bodies: refused from the head where possible (coding, media type, `Content-Length` over
//! the limit) before a byte is read, then read within the limit and a time bound, with framing
//! errors told apart from size; and a body nobody read drained after the answer, so that the client
//! can read it.

use super::media;
use super::multipart::{FilePart, MultipartPlan};
use super::server::{declared_length, Incoming, Rejection};
use crate::Schema;
use axum::body::Bytes;
use axum::http::header::{HeaderMap, CONTENT_ENCODING, CONTENT_TYPE, TRANSFER_ENCODING};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::task::Poll;
use std::time::Duration;

/// How long a body may take to arrive once its head has.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// A multipart body as it was parsed while it arrived: the JSON its fields read as and the file
/// parts, or every problem found in it.
pub(super) type ParsedParts = Result<(serde_json::Value, Vec<FilePart>), crate::Violations>;

/// A request body as read: the declared media type its `Content-Type` selected (by index in the
/// operation's list; the first for an empty body without one) and its bytes, or, for a multipart
/// body, its parts as they were parsed while it arrived.
#[derive(Debug)]
pub struct RawBody {
    media: usize,
    bytes: Bytes,
    /// A multipart body: `None` when it was empty.
    parts: Option<ParsedParts>,
    empty: bool,
    /// Sent with a `Content-Type`: an empty body of bytes or text is then an empty value, not a
    /// missing body.
    typed: bool,
}

impl RawBody {
    /// The body of an operation that takes none.
    pub(super) fn none() -> Self {
        RawBody { media: 0, bytes: Bytes::new(), parts: None, empty: true, typed: false }
    }

    pub(super) fn multipart(media: usize, bytes: Bytes, parts: Option<ParsedParts>) -> Self {
        RawBody { media, bytes, empty: parts.is_none(), parts, typed: true }
    }

    /// The index of the declared media type the body was sent as.
    pub fn media(&self) -> usize {
        self.media
    }

    /// True when no body was sent (an empty body counts as none).
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// True when no body was sent for a reader to which zero bytes are a value: a form, text or
    /// bytes. Zero bytes sent with a `Content-Type` are then the empty form (the object `{}`, which
    /// the schema's `required` may refuse), the empty string or no bytes; only zero bytes without
    /// one are no body. (To a JSON or multipart reader zero bytes are no document: see
    /// [`RawBody::is_empty`].)
    pub fn is_absent(&self) -> bool {
        self.empty && !self.typed
    }

    /// The body's bytes. A multipart body keeps them only for an operation with credentials (for
    /// the service's `verify_body`); otherwise they are empty, its parts having been parsed as
    /// they arrived.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    pub(super) fn take_parts(&mut self) -> Option<ParsedParts> {
        self.parts.take()
    }
}

impl Incoming {
    /// Reads the body's bytes for an operation whose body may be sent as any of `accepted` (the
    /// spec's media types or ranges, in its order). `None` when it is refused: an unsupported
    /// transfer or content coding, a media type outside `accepted` or a charset other than UTF-8
    /// (415); a declared or actual size over the limit (413); broken framing (400); a body that
    /// stalls (408). `ranges_as_json`: the ranges among `accepted` are read as JSON.
    pub(super) async fn body_bytes(
        &mut self,
        accepted: &'static [&'static str],
        ranges_as_json: bool,
    ) -> Option<RawBody> {
        self.read_body(accepted, ranges_as_json, None).await
    }

    /// [`Incoming::body_bytes`] for an operation that also takes `multipart/form-data`: a body of
    /// that type is parsed part by part as it arrives (see [`MultipartPlan`]), so that a part over
    /// its limit is refused before the rest is read, and its parts are then typed by
    /// [`Incoming::multipart`].
    pub(super) async fn body_parts(
        &mut self,
        accepted: &'static [&'static str],
        ranges_as_json: bool,
        plan: &'static MultipartPlan,
    ) -> Option<RawBody> {
        self.read_body(accepted, ranges_as_json, Some(plan)).await
    }

    async fn read_body(
        &mut self,
        accepted: &'static [&'static str],
        ranges_as_json: bool,
        multipart: Option<&'static MultipartPlan>,
    ) -> Option<RawBody> {
        let headers = &self.parts.headers;
        let selected = match head_check(headers, self.body_limit, accepted, ranges_as_json) {
            Ok(selected) => selected,
            Err(rejection) => {
                self.refusal = Some(rejection);
                return None;
            }
        };
        if let Some(plan) = multipart.filter(|plan| selected == Some(plan.media)) {
            return self.stream_multipart(plan.media, plan).await;
        }
        let body = self.body.take()?;
        let mut collect = std::pin::pin!(Limited::new(body, self.body_limit).collect());
        // A body that came with its head is read without arming a timer; one still arriving is
        // read within the time bound.
        let read = match std::future::poll_fn(|cx| Poll::Ready(collect.as_mut().poll(cx))).await {
            Poll::Ready(read) => Ok(read),
            Poll::Pending => tokio::time::timeout(BODY_READ_TIMEOUT, collect).await,
        };
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
        let media = match selected {
            Some(media) => media,
            None if bytes.is_empty() => 0,
            // Without a `Content-Type`, a body is bytes (RFC 9110, 8.3): read only where the
            // operation takes any media type or bytes.
            None => match media::untyped(accepted) {
                Some(media) => media,
                None => {
                    self.refusal = Some(Rejection::UnsupportedMediaType(media::expected(accepted)));
                    return None;
                }
            },
        };
        Some(RawBody { media, empty: bytes.is_empty(), bytes, parts: None, typed: selected.is_some() })
    }

    /// Records that a required body is missing.
    pub(super) fn missing<T>(&mut self) -> Option<T> {
        self.violations.push(&crate::Path::Root, "required", "a request body is required");
        None
    }

    /// Parses and checks a JSON body read by [`Incoming::admit_body`]; `None` when it is missing
    /// or breaks its schema (the violations are recorded with the parameters').
    pub fn json<T: Schema + DeserializeOwned>(&mut self, body: &RawBody) -> Option<T> {
        if body.is_empty() {
            return self.missing();
        }
        self.checked(crate::from_slice_in::<T>(&body.bytes, crate::Direction::Request))
    }

    /// Reads a YAML body (one document) into the JSON tree it stands for and checks it as
    /// [`Incoming::json`] does (see [`crate::from_yaml_slice_in`]). Zero bytes are no document.
    #[cfg(feature = "yaml")]
    pub fn yaml<T: Schema + DeserializeOwned>(&mut self, body: &RawBody) -> Option<T> {
        if body.is_empty() {
            return self.missing();
        }
        self.checked(crate::from_yaml_slice_in::<T>(&body.bytes, crate::Direction::Request))
    }

    /// Reads an XML body into the JSON tree `shape` says it stands for and checks it as
    /// [`Incoming::json`] does (see [`crate::from_xml_slice_in`]). Zero bytes are no document.
    #[cfg(feature = "xml")]
    pub fn xml<T: Schema + DeserializeOwned>(&mut self, body: &RawBody, shape: &crate::form::FormShape) -> Option<T> {
        if body.is_empty() {
            return self.missing();
        }
        self.checked(crate::from_xml_slice_in::<T>(&body.bytes, shape, crate::Direction::Request))
    }

    /// Without the `xml` feature a module that reads XML bodies does not compile: its
    /// `rt::require_xml!()` says why. This stand-in keeps that message the only error; were it
    /// ever called, it would refuse the body (415).
    #[cfg(not(feature = "xml"))]
    #[doc(hidden)]
    pub fn xml<T: Schema + DeserializeOwned>(&mut self, _body: &RawBody, _shape: &crate::form::FormShape) -> Option<T> {
        self.refusal = Some(Rejection::UnsupportedMediaType("XML bodies are not read by this build".into()));
        None
    }

    /// Without the `yaml` feature a module that reads YAML bodies does not compile: its
    /// `rt::require_yaml!()` says why. This stand-in keeps that message the only error (rather
    /// than one more for a missing method); were it ever called, it would refuse the body (415).
    #[cfg(not(feature = "yaml"))]
    #[doc(hidden)]
    pub fn yaml<T: Schema + DeserializeOwned>(&mut self, _body: &RawBody) -> Option<T> {
        self.refusal = Some(Rejection::UnsupportedMediaType("YAML bodies are not read by this build".into()));
        None
    }

    /// Reads a form body into the JSON `shape` describes (`delimited`: the properties whose
    /// arrays arrive in one delimited value), then checks it as [`Incoming::json`] does. Zero bytes
    /// sent with a `Content-Type` are the empty form.
    pub fn form<T: Schema + DeserializeOwned>(
        &mut self,
        body: &RawBody,
        shape: &crate::form::FormShape,
        delimited: &[(&str, char)],
    ) -> Option<T> {
        if body.is_absent() {
            return self.missing();
        }
        let before = self.violations.len();
        let value = crate::form::read(&body.bytes, shape, delimited, &mut self.violations);
        if self.violations.len() > before {
            return None;
        }
        self.checked(crate::from_value_in::<T>(&value, crate::Direction::Request))
    }

    /// Reads a text body (UTF-8) and checks it against `T`'s schema, a string's. Zero bytes sent
    /// with a `Content-Type` are the empty string.
    pub fn text<T: Schema + DeserializeOwned>(&mut self, body: &RawBody) -> Option<T> {
        if body.is_absent() {
            return self.missing();
        }
        let Ok(text) = std::str::from_utf8(&body.bytes) else {
            self.violations.push(&crate::Path::Root, "text", "the text body is not UTF-8");
            return None;
        };
        self.checked(crate::from_value_in::<T>(&serde_json::Value::String(text.to_string()), crate::Direction::Request))
    }

    /// The bytes of a body of any other media type (within the body limit); zero bytes sent with a
    /// `Content-Type` are an empty value, not a missing body.
    pub fn bytes(&mut self, body: &RawBody) -> Option<Bytes> {
        if body.is_absent() {
            return self.missing();
        }
        Some(body.bytes.clone())
    }

    fn checked<T>(&mut self, read: Result<T, crate::Violations>) -> Option<T> {
        match read {
            Ok(value) => Some(value),
            Err(mut violations) => {
                self.violations.append(&mut violations);
                None
            }
        }
    }
}

/// What the head alone says against the body: the declared media type its `Content-Type` selects
/// (`None` without one).
fn head_check(
    headers: &HeaderMap,
    limit: usize,
    accepted: &'static [&'static str],
    ranges_as_json: bool,
) -> Result<Option<usize>, Rejection> {
    // hyper decodes `chunked` only; any other transfer coding would reach the reader still encoded.
    let transfer_codings = headers.get_all(TRANSFER_ENCODING).iter().flat_map(|v| v.as_bytes().split(|b| *b == b','));
    for coding in transfer_codings {
        if !coding.trim_ascii().eq_ignore_ascii_case(b"chunked") {
            return Err(Rejection::UnsupportedMediaType("only the chunked transfer coding is supported".into()));
        }
    }
    for coding in headers.get_all(CONTENT_ENCODING).iter().flat_map(|v| v.as_bytes().split(|b| *b == b',')) {
        if !coding.trim_ascii().eq_ignore_ascii_case(b"identity") {
            return Err(Rejection::UnsupportedMediaType("content codings (such as gzip) are not supported".into()));
        }
    }
    // One field, or several saying the same: a proxy that reads the last of two that differ
    // would see another body than the one checked here.
    let mut content_types = headers.get_all(CONTENT_TYPE).iter();
    if let Some(first) = content_types.next() {
        if content_types.any(|other| other != first) {
            return Err(Rejection::UnsupportedMediaType(
                "the `Content-Type` header is given more than once, with different values".into(),
            ));
        }
    }
    let selected = match headers.get(CONTENT_TYPE) {
        Some(value) => Some(media::select(value, accepted, ranges_as_json).map_err(Rejection::UnsupportedMediaType)?),
        None => None,
    };
    if declared_length(headers).is_some_and(|n| n > limit as u64) {
        return Err(Rejection::TooLarge(limit));
    }
    Ok(selected)
}
