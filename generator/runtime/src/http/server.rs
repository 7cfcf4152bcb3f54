//! The server side of generated routers: the request on its way to a handler (`Incoming`), the
//! refusals and their answers in the spec's error shape, and the responses (`Reply`).

use super::media;
use super::segments::PathSplit;
use crate::params::{Param, ParamLocation, Params};
use crate::vocabulary::{ErrorShape, RejectionPlan};
use crate::{Path, Schema, Violations};
use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{HeaderMap, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body_util::BodyExt;
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

/// The request body limit when the spec sets none (`x-body-limit` on the operation overrides it).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Whether responses are checked against their schemas: on with the `check-responses` feature.
static CHECK_RESPONSES: AtomicBool = AtomicBool::new(cfg!(feature = "check-responses"));

/// Turns response checking on or off for this process. Cargo turns a dev-dependency's features on
/// for every example and bench of a package, so a benchmark measuring production behaviour turns
/// the checks off here.
pub fn set_check_responses(on: bool) {
    CHECK_RESPONSES.store(on, Ordering::Relaxed);
}

fn checking_responses() -> bool {
    CHECK_RESPONSES.load(Ordering::Relaxed)
}

/// Why a request was refused before reaching the handler.
#[derive(Debug)]
pub enum Rejection {
    /// No credential of any accepted kind, or one that cannot be read (the reason).
    Unauthenticated(Cow<'static, str>),
    /// The service's `authenticate` refused the credentials.
    Denied(Denied),
    /// Every violation of the parameters and body.
    Invalid(Violations),
    /// The body is larger than the limit (bytes).
    TooLarge(usize),
    /// A part of a multipart body is larger than its limit (bytes).
    PartTooLarge(u64),
    /// The body's media type or coding is not one the operation reads (the reason).
    UnsupportedMediaType(Cow<'static, str>),
    /// The body's framing is broken or it ended early.
    Malformed,
    /// The body did not arrive within the read timeout.
    Timeout,
    /// The request's `Accept` allows none of the response's media types (the reason).
    NotAcceptable(Cow<'static, str>),
    /// The path exists, the method does not.
    MethodNotAllowed,
    /// No operation has this path.
    NotFound,
}

impl Rejection {
    fn code(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Rejection::Unauthenticated(_) => "REQUEST.UNAUTHENTICATED",
            Rejection::Denied(denied) => {
                return denied.code.clone().unwrap_or(Cow::Borrowed("REQUEST.UNAUTHENTICATED"))
            }
            Rejection::Invalid(_) => "REQUEST.INVALID",
            Rejection::TooLarge(_) | Rejection::PartTooLarge(_) => "REQUEST.TOO_LARGE",
            Rejection::UnsupportedMediaType(_) => "REQUEST.UNSUPPORTED_MEDIA_TYPE",
            Rejection::Malformed => "REQUEST.MALFORMED",
            Rejection::Timeout => "REQUEST.TIMEOUT",
            Rejection::NotAcceptable(_) => "REQUEST.NOT_ACCEPTABLE",
            Rejection::MethodNotAllowed => "REQUEST.METHOD_NOT_ALLOWED",
            Rejection::NotFound => "REQUEST.NOT_FOUND",
        })
    }

    fn message(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Rejection::Unauthenticated(reason) => return reason.clone(),
            Rejection::Denied(denied) => return denied.message.clone(),
            Rejection::Invalid(violations) => {
                return Cow::Owned(format!("the request breaks the API's constraints: {violations}"))
            }
            Rejection::TooLarge(limit) => return Cow::Owned(format!("the request body is larger than {limit} bytes")),
            Rejection::PartTooLarge(limit) => {
                return Cow::Owned(format!("a part of the multipart body is larger than {limit} bytes"))
            }
            Rejection::UnsupportedMediaType(reason) | Rejection::NotAcceptable(reason) => return reason.clone(),
            Rejection::Malformed => "the request body could not be read: its framing is broken or it ended early",
            Rejection::Timeout => "the request body did not arrive in time",
            Rejection::MethodNotAllowed => "the method is not allowed on this path",
            Rejection::NotFound => "no operation has this path",
        })
    }
}

/// A refusal by the service's `authenticate` step: answered with the operation's
/// unauthenticated status in the spec's error shape, with this code and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denied {
    code: Option<Cow<'static, str>>,
    message: Cow<'static, str>,
}

impl Denied {
    /// A refusal with this message (and the runtime's code, `REQUEST.UNAUTHENTICATED`).
    pub fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Denied { code: None, message: message.into() }
    }

    /// The same refusal with the API's own error code (for the error shape's code property).
    pub fn with_code(mut self, code: impl Into<Cow<'static, str>>) -> Self {
        self.code = Some(code.into());
        self
    }
}

/// The response to a refused request: the status the plan assigns, and the error body in the spec's
/// shape. The message lists every violation with its pointer and never the offending values.
pub fn reject(plan: &RejectionPlan, rejection: Rejection) -> Response {
    let status = match rejection {
        Rejection::Unauthenticated(_) | Rejection::Denied(_) => plan.unauthenticated,
        Rejection::Invalid(_) | Rejection::Malformed => plan.invalid,
        Rejection::TooLarge(_) | Rejection::PartTooLarge(_) => plan.too_large,
        Rejection::UnsupportedMediaType(_) => plan.unsupported_media_type,
        Rejection::Timeout => 408,
        Rejection::NotAcceptable(_) => 406,
        Rejection::MethodNotAllowed => 405,
        Rejection::NotFound => 404,
    };
    let shape = match rejection {
        Rejection::Unauthenticated(_) | Rejection::Denied(_) => plan.unauthenticated_shape.unwrap_or(plan.shape),
        _ => plan.shape,
    };
    error_response(status, shape, || (rejection.code(), rejection.message()))
}

/// The answer of an operation its service does not implement: a service trait generated with
/// default stubs (`Config::default_stubs`) answers it from each method it does not override.
/// 501 Not Implemented, in the spec's error shape (`REQUEST.NOT_IMPLEMENTED`).
pub fn not_implemented(shape: ErrorShape, operation: &'static str) -> Response {
    error_response(501, shape, || {
        (
            Cow::Borrowed("REQUEST.NOT_IMPLEMENTED"),
            Cow::Owned(format!("`{operation}` is not implemented by this server")),
        )
    })
}

/// An error answer with `status`, its body in `shape` with the code and message `text` gives;
/// `text` is not called for a shape without a body, so no message is formatted for nothing.
fn error_response(
    status: u16,
    shape: ErrorShape,
    text: impl FnOnce() -> (Cow<'static, str>, Cow<'static, str>),
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    match shape {
        ErrorShape::Json { media_type, within, code: code_key, status: status_key, message: message_key, fixed } => {
            let (code, message) = text();
            let body = error_body(within, [(code_key, &code), (message_key, &message)], status_key, status, fixed);
            // Generated shapes carry a media type's essence (token characters); a shape written by
            // hand that holds anything else is answered as JSON rather than by a panic.
            let media_type = if media_type.bytes().all(|b| b.is_ascii_graphic()) && !media_type.is_empty() {
                HeaderValue::from_static(media_type)
            } else {
                HeaderValue::from_static("application/json")
            };
            (status, [(CONTENT_TYPE, media_type)], body).into_response()
        }
        ErrorShape::Text => (status, text().1.into_owned()).into_response(),
        ErrorShape::Empty => status.into_response(),
    }
}

/// A JSON error object written straight out (no JSON tree to build): the string members, the status
/// as a number, then the fixed members, inside `within` when the spec nests the error.
fn error_body(
    within: Option<&str>,
    strings: [(Option<&str>, &str); 2],
    status_key: Option<&str>,
    status: StatusCode,
    fixed: &str,
) -> Vec<u8> {
    fn string(body: &mut Vec<u8>, text: &str) {
        // Writing a string into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut *body, text);
    }
    let mut body = Vec::with_capacity(64 + strings.iter().map(|(_, text)| text.len()).sum::<usize>());
    if let Some(key) = within {
        body.push(b'{');
        string(&mut body, key);
        body.push(b':');
    }
    body.push(b'{');
    let mut first = true;
    let mut member = |body: &mut Vec<u8>, key: &str| {
        if !std::mem::take(&mut first) {
            body.push(b',');
        }
        string(body, key);
        body.push(b':');
    };
    for (key, text) in strings {
        if let Some(key) = key {
            member(&mut body, key);
            string(&mut body, text);
        }
    }
    if let Some(key) = status_key {
        member(&mut body, key);
        body.extend_from_slice(status.as_str().as_bytes());
    }
    if !fixed.is_empty() {
        if !first {
            body.push(b',');
        }
        body.extend_from_slice(fixed.as_bytes());
    }
    body.push(b'}');
    if within.is_some() {
        body.push(b'}');
    }
    body
}

/// A request on its way to a generated handler: the parts it reads parameters and credentials from,
/// the body, and every problem found so far. Each reader returns `None` exactly when it recorded a
/// problem, so a handler that got every part calls its service and otherwise answers [`refuse`].
/// The checks run in the order of the README's router contract: credentials, then the body's media
/// type and size, then parameters and body together.
///
/// [`refuse`]: Incoming::refuse
pub struct Incoming {
    pub(super) parts: Parts,
    pub(super) body: Option<Body>,
    pub(super) path: Vec<(String, String)>,
    pub(super) plan: &'static RejectionPlan,
    pub(super) operation: &'static str,
    pub(super) violations: Violations,
    /// The path parameters whose segment is not UTF-8 after percent-decoding.
    undecodable_path: Vec<String>,
    pub(super) refusal: Option<Rejection>,
    pub(super) body_limit: usize,
    /// The body was read in part and then given up (over the limit, broken, stalled).
    pub(super) abandoned_body: bool,
}

impl Incoming {
    /// Splits `request` for the operation `operation` (its `operationId`, its axum route when that
    /// has parameters), reading the path parameters axum matched; `plan` answers refusals.
    pub(super) async fn new(
        request: Request,
        plan: &'static RejectionPlan,
        operation: &'static str,
        route: Option<&'static str>,
    ) -> Self {
        use axum::extract::{FromRequestParts, RawPathParams};
        let (mut parts, body) = request.into_parts();
        let (path, undecodable_path) = match RawPathParams::from_request_parts(&mut parts, &()).await {
            Ok(params) => {
                (own_names(params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), route), Vec::new())
            }
            // Only a path segment that is not UTF-8 after percent-decoding gets here.
            Err(_) => path_params_by_segment(route.unwrap_or_default(), parts.uri.path()),
        };
        Incoming {
            parts,
            body: Some(body),
            path,
            undecodable_path,
            plan,
            operation,
            violations: Violations::new(),
            refusal: None,
            body_limit: DEFAULT_BODY_LIMIT,
            abandoned_body: false,
        }
    }

    /// Sets the most bytes the body may have (the operation's `x-body-limit`; by default
    /// [`DEFAULT_BODY_LIMIT`]).
    pub(super) fn limit_body(&mut self, limit: usize) {
        self.body_limit = limit;
    }

    /// What the service's authentication sees of the request.
    pub fn head(&self) -> RequestHead<'_> {
        RequestHead {
            operation: self.operation,
            method: &self.parts.method,
            uri: &self.parts.uri,
            headers: &self.parts.headers,
        }
    }

    /// The answer to a request that did not get all its parts: a body that could not be read
    /// (size, media type, framing) comes first, then every violation of the parameters and body
    /// together.
    pub fn refuse(&mut self) -> Response {
        let rejection = match self.refusal.take() {
            Some(rejection) => rejection,
            None => Rejection::Invalid(std::mem::take(&mut self.violations)),
        };
        self.answer(rejection)
    }

    /// Strips each `(parameter, suffix)`'s literal suffix from the path parameter axum matched as
    /// a whole segment (`{Sid}.json`); false when one does not end with it (or is nothing but
    /// it), which is a path no operation has.
    pub(super) fn strip_path_suffixes(&mut self, suffixes: &[(&str, &str)]) -> bool {
        for (name, suffix) in suffixes {
            // A segment that does not decode is refused as such (400), whatever it ends with.
            if self.undecodable_path.iter().any(|n| n == name) {
                continue;
            }
            let Some((_, value)) = self.path.iter_mut().find(|(n, _)| n == name) else { return false };
            match value.strip_suffix(suffix) {
                Some(rest) if !rest.is_empty() => value.truncate(rest.len()),
                _ => return false,
            }
        }
        true
    }

    /// Splits each path segment of several parameters (see [`PathSplit`]) into its parameters,
    /// read from the segment as sent, so that a parameter's text escaped by the client (`%2D` for
    /// `-`) is never taken for the literal text between two parameters; each is then
    /// percent-decoded. False when a segment does not split, which is a path no operation has.
    pub(super) fn split_path_params(&mut self, splits: &[PathSplit]) -> bool {
        for split in splits {
            let segment = self.parts.uri.path().split('/').nth(split.segment);
            let sent = segment.and_then(|segment| segment.strip_prefix(split.prefix));
            let Some(values) = sent.and_then(|sent| split.split(sent)) else { return false };
            // What axum read of the segment gives way to the split.
            self.path.retain(|(name, _)| name != split.param);
            self.undecodable_path.retain(|name| name != split.param);
            let names = std::iter::once(split.param).chain(split.more.iter().map(|(_, name)| *name));
            for (name, value) in names.zip(values) {
                match percent_encoding::percent_decode_str(value).decode_utf8() {
                    Ok(text) => self.path.push((name.to_string(), text.into_owned())),
                    Err(_) => self.undecodable_path.push(name.to_string()),
                }
            }
        }
        true
    }

    /// The index in `offered` (the response media types of the operation) of the one the
    /// request's `Accept` prefers, or `None` when it allows none (answer [`Incoming::not_acceptable`]).
    pub(super) fn accept(&self, offered: &[&str]) -> Option<usize> {
        media::negotiate(&self.parts.headers, offered)
    }

    /// The 406 answer to a request whose `Accept` allows none of `offered`.
    pub fn not_acceptable(&mut self, offered: &[&str]) -> Response {
        self.answer(Rejection::NotAcceptable(media::not_acceptable(offered)))
    }

    /// The answer to a path no operation has.
    pub fn not_found(&mut self) -> Response {
        self.answer(Rejection::NotFound)
    }

    /// The request's method and path.
    pub(super) fn method_and_path(&self) -> (&str, &str) {
        (self.parts.method.as_str(), self.parts.uri.path())
    }

    /// The answer to credentials the service's authentication refused.
    pub fn deny(&mut self, denied: Denied) -> Response {
        self.answer(Rejection::Denied(denied))
    }

    /// Answers `rejection`; a body left unread is drained (see [`Incoming::finish`]), and one given
    /// up half read closes the connection.
    fn answer(&mut self, rejection: Rejection) -> Response {
        let mut response = reject(self.plan, rejection);
        if self.abandoned_body {
            response.headers_mut().insert(axum::http::header::CONNECTION, HeaderValue::from_static("close"));
        }
        finish_body(self.body.take(), &self.parts.headers, response)
    }

    /// The service's `response`, after which whatever the client still sends of a body nobody
    /// read is drained in the background (bounded), so that the client reads the answer and the
    /// connection stays usable; past the bound the response says `Connection: close`.
    pub fn finish(mut self, response: Response) -> Response {
        finish_body(self.body.take(), &self.parts.headers, response)
    }

    /// Reads the declared parameters of one location into `T`, checking them against their schemas;
    /// violations are reported under `/<location>/<name>`.
    pub fn params<T: Params>(&mut self) -> Option<T> {
        let raw: Vec<(String, String)> = match T::LOCATION {
            ParamLocation::Path => std::mem::take(&mut self.path),
            ParamLocation::Query => query_pairs(&self.parts).collect(),
            ParamLocation::Header => header_pairs(&self.parts.headers, T::DECLARED),
            ParamLocation::Cookie => cookies(&self.parts.headers)
                .map(|(k, v)| (String::from_utf8_lossy(k).into_owned(), String::from_utf8_lossy(v).into_owned()))
                .collect(),
        };
        let at = Path::Root.key(T::LOCATION.name());
        let mut unread = Violations::new();
        if T::LOCATION == ParamLocation::Path {
            for name in std::mem::take(&mut self.undecodable_path) {
                unread.push(&at.key(&name), "text", "the path segment is not UTF-8 after percent-decoding");
            }
        }
        let value = crate::params::read(T::LOCATION, T::DECLARED, &raw, &at, &mut unread);
        let mut found = Violations::new();
        T::validate(&value, &at, &mut found);
        if unread.is_empty() && found.is_empty() {
            return match serde_json::from_value(value) {
                Ok(typed) => Some(typed),
                Err(_) => {
                    let message = "the parameters passed their schemas but do not fit the generated type";
                    self.violations.push(&at, "type", message);
                    None
                }
            };
        }
        // A parameter that is not in its style was left out of `value`: it is reported once, as
        // unreadable, not a second time as missing.
        let is_unread = |pointer: &str| unread.as_slice().iter().any(|v| v.pointer == pointer);
        let found: Vec<_> =
            found.into_vec().into_iter().filter(|v| !(v.keyword == "required" && is_unread(&v.pointer))).collect();
        self.violations.append(&mut unread);
        for violation in found {
            self.violations.push_violation(violation);
        }
        None
    }
}

/// A request handed to a handler that checks nothing: answers the service's `response` and drains
/// the body the operation does not read (see [`Incoming::finish`]).
pub fn finish(request: Request, response: Response) -> Response {
    let (parts, body) = request.into_parts();
    finish_body(Some(body), &parts.headers, response)
}

/// The path parameters axum matched, named as the operation's own route names them: an operation
/// that shares a route with others whose template names its parameters otherwise (Google's
/// `/v1/{parent}:bind` beside `/v1/{name}:cancel`) gets them by position. Unchanged when the names
/// agree, or when axum matched more parameters than the route has (a router nested under a path
/// with parameters of its own).
fn own_names(mut params: Vec<(String, String)>, route: Option<&str>) -> Vec<(String, String)> {
    let Some(route) = route else { return params };
    // No allocation unless a name differs: the names are read from the route twice.
    let names = || route.split('/').filter_map(braced_name);
    if names().count() == params.len() {
        for ((name, _), own) in params.iter_mut().zip(names()) {
            if name != own {
                *name = own.to_string();
            }
        }
    }
    params
}

/// The path parameters of `path`, matched by the axum route `route`, one of whose segments is not
/// UTF-8 after percent-decoding (axum then gives none): each parameter is read from its segment,
/// and those that do not decode are named, to be reported as such rather than as missing.
/// Generated routes hold each parameter at the end of its segment, after literal text if any (a
/// literal suffix is stripped later).
pub(super) fn path_params_by_segment(route: &str, path: &str) -> (Vec<(String, String)>, Vec<String>) {
    let (mut params, mut undecodable) = (Vec::new(), Vec::new());
    for (pattern, segment) in route.split('/').zip(path.split('/')) {
        let Some(name) = braced_name(pattern) else { continue };
        match percent_encoding::percent_decode_str(segment).decode_utf8() {
            Ok(text) => {
                let prefix = &pattern[..pattern.len() - name.len() - 2];
                let value = text.strip_prefix(prefix).unwrap_or(&text);
                params.push((name.to_string(), value.to_string()));
            }
            Err(_) => undecodable.push(name.to_string()),
        }
    }
    (params, undecodable)
}

/// The parameter a generated route's segment ends with: `id` of `{id}` and of `v{id}`.
fn braced_name(segment: &str) -> Option<&str> {
    let (_, name) = segment.strip_suffix('}')?.rsplit_once('{')?;
    Some(name)
}

fn query_pairs(parts: &Parts) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

/// The declared headers of a request, as (name, value) pairs; the others are not copied. Values are
/// read as UTF-8, so that a pattern such as "no Chinese characters" sees them; invalid bytes become
/// U+FFFD.
fn header_pairs(headers: &HeaderMap, declared: &[Param]) -> Vec<(String, String)> {
    declared
        .iter()
        .flat_map(|Param { name, .. }| {
            headers
                .get_all(*name)
                .iter()
                .map(|v| (name.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        })
        .collect()
}

/// The `name=value` pairs of every `Cookie` header (RFC 6265, 5.4), names and values as sent.
pub(crate) fn cookies(headers: &HeaderMap) -> impl Iterator<Item = (&[u8], &[u8])> {
    headers.get_all(axum::http::header::COOKIE).iter().flat_map(|v| v.as_bytes().split(|b| *b == b';')).filter_map(
        |pair| {
            let pair = pair.trim_ascii();
            let at = pair.iter().position(|b| *b == b'=')?;
            Some((pair[..at].trim_ascii(), pair[at + 1..].trim_ascii()))
        },
    )
}

/// A JSON response.
fn json_response<T: Serialize>(status: u16, body: &T) -> Response {
    json_bytes_response(status, serde_json::to_vec(body))
}

/// A JSON response from a body already serialized (not generic, so compiled once).
fn json_bytes_response(status: u16, bytes: serde_json::Result<Vec<u8>>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match bytes {
        Ok(bytes) => (status, [(CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Adds a response header when there is a value for it.
pub fn with_header(mut response: Response, name: &'static str, value: Option<impl AsRef<str>>) -> Response {
    let value = value.and_then(|v| HeaderValue::from_str(v.as_ref()).ok());
    if let (Ok(name), Some(value)) = (HeaderName::from_bytes(name.as_bytes()), value) {
        response.headers_mut().insert(name, value);
    }
    response
}

/// Builds the responses of one operation, named by its `operationId`. With `check-responses`, what
/// a handler answers outside the spec (a body that breaks its schema, a status outside its `4XX`
/// range) panics with that name, so that a test cannot miss it.
#[derive(Clone, Copy, Debug)]
pub struct Reply(pub &'static str);

impl Reply {
    /// A JSON response whose body has a schema.
    pub fn json<T: Schema + Serialize>(self, status: u16, body: &T) -> Response {
        json_bytes_response(status, self.checked_json(status, body))
    }

    /// The JSON text of a body with a schema, checked against it with `check-responses`.
    fn checked_json<T: Schema + Serialize>(self, status: u16, body: &T) -> serde_json::Result<Vec<u8>> {
        let bytes = serde_json::to_vec(body);
        if checking_responses() {
            // Checked from the bytes sent, so `T` is serialized by one serializer only (compile time).
            let value = bytes.as_deref().ok().and_then(|b| serde_json::from_slice(b).ok()).unwrap_or(Value::Null);
            self.check::<T>(status, &value);
        }
        bytes
    }

    /// With `check-responses`, panics when `value` breaks `T`'s schema.
    fn check<T: Schema>(self, status: u16, value: &Value) {
        if let Err(violations) = crate::validate::<T>(value) {
            panic!("{}: the {status} response breaks its schema `{}`: {violations}", self.0, T::NAME);
        }
    }

    /// [`Reply::json`] for a range response (`4XX` is range 4).
    pub fn json_in<T: Schema + Serialize>(self, range: u16, status: u16, body: &T) -> Response {
        self.in_range(range, status).json(status, body)
    }

    /// A JSON response whose body is an inline type without a schema of its own.
    pub fn serialized<T: Serialize>(self, status: u16, body: &T) -> Response {
        json_response(status, body)
    }

    /// A YAML response of the media type `media`: the body's JSON text, which YAML 1.2 reads as
    /// the same value (as the client sends YAML request bodies).
    pub fn yaml<T: Schema + Serialize>(self, status: u16, media: &'static str, body: &T) -> Response {
        match self.checked_json(status, body) {
            Ok(text) => self.bytes(status, media, Bytes::from(text)),
            Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }

    /// An XML response of the media type `media`: the body written as `shape` lays it out, its
    /// root element named by the schema's `xml.name`, else `root` (the schema's name). A body that
    /// cannot be XML (a property's name that is no XML name, a string holding a control
    /// character), or no JSON value, is a 500 (a panic with `check-responses`).
    #[cfg(feature = "xml")]
    pub fn xml<T: Schema + Serialize>(
        self,
        status: u16,
        media: &'static str,
        body: &T,
        shape: &crate::form::FormShape,
        root: &str,
    ) -> Response {
        let Ok(value) = serde_json::to_value(body) else {
            if checking_responses() {
                panic!("{}: the {status} response cannot be written as JSON, so not as XML", self.0);
            }
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        if checking_responses() {
            self.check::<T>(status, &value);
        }
        match crate::xml::write(&value, shape, root) {
            Some(text) => self.bytes(status, media, Bytes::from(text)),
            None if checking_responses() => panic!("{}: the {status} response cannot be written as XML", self.0),
            None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }

    /// Without the `xml` feature a module that writes XML bodies does not compile: its
    /// `rt::require_xml!()` says why. This stand-in keeps that message the only error.
    #[cfg(not(feature = "xml"))]
    #[doc(hidden)]
    pub fn xml<T: Schema + Serialize>(
        self,
        _status: u16,
        _media: &'static str,
        _body: &T,
        _shape: &crate::form::FormShape,
        _root: &str,
    ) -> Response {
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }

    /// A text response of the media type `media` (`text/plain; charset=utf-8`).
    pub fn text(self, status: u16, media: &'static str, body: String) -> Response {
        self.bytes(status, media, Bytes::from(body))
    }

    /// A response of bytes of the media type `media`.
    pub fn bytes(self, status: u16, media: &'static str, body: Bytes) -> Response {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        // A media type the spec wrote that is no header value is sent as bytes.
        let media = HeaderValue::from_str(media).unwrap_or(HeaderValue::from_static("application/octet-stream"));
        (status, [(CONTENT_TYPE, media)], body).into_response()
    }

    /// A response without a body.
    pub fn empty(self, status: u16) -> Response {
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR).into_response()
    }

    /// Checks that the status of a range response (`4XX` is range 4) is in its range, then goes on
    /// building the response.
    pub fn in_range(self, range: u16, status: u16) -> Self {
        if checking_responses() && status / 100 != range {
            panic!("{}: status {status} is not in the {range}XX range its response declares", self.0);
        }
        self
    }
}

/// What the service's authentication sees of a request: the operation and the request head (the
/// body is not read yet).
#[derive(Clone, Copy, Debug)]
pub struct RequestHead<'a> {
    /// The operation's `operationId`.
    pub operation: &'static str,
    /// The method.
    pub method: &'a Method,
    /// The URI as sent (path and query, percent-encoded).
    pub uri: &'a Uri,
    /// Every header.
    pub headers: &'a HeaderMap,
}

/// At most this much of a body nobody read is drained after the answer.
pub const DRAIN_LIMIT: u64 = 8 * 1024 * 1024;
/// For at most this long.
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// The body's length as its `Content-Length` declares it.
pub(super) fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
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

#[cfg(test)]
mod tests {
    use super::{braced_name, own_names, path_params_by_segment, set_check_responses, Reply};
    use crate::{Map, Path, Schema, Value, Violations};

    /// A body whose `n` must not be negative.
    #[derive(serde::Serialize)]
    struct Count {
        n: i64,
    }

    impl Schema for Count {
        const NAME: &'static str = "Count";
        fn validate_object(map: &Map, path: &Path<'_>, out: &mut Violations) {
            if map.get("n").and_then(Value::as_i64).is_some_and(|n| n < 0) {
                out.push(&path.key("n"), "minimum", "must be at least 0");
            }
        }
    }

    async fn sent(response: axum::response::Response) -> (u16, String, String) {
        let media = response.headers().get("content-type").map_or("", |v| v.to_str().unwrap_or("")).to_string();
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, media, String::from_utf8_lossy(&body).into_owned())
    }

    /// YAML and XML replies go out under the declared media type; with response checking, a body
    /// that breaks its schema panics before anything is written. One test, as the checking switch is
    /// the process's.
    #[tokio::test]
    async fn yaml_and_xml_replies_carry_their_media_type_and_are_checked() {
        let reply = Reply("countIt");
        set_check_responses(false);
        let yaml = sent(reply.yaml(200, "application/x-yaml", &Count { n: -1 })).await;
        assert_eq!(yaml, (200, "application/x-yaml".into(), r#"{"n":-1}"#.into()));
        #[cfg(feature = "xml")]
        {
            use crate::form::{shapes, FormShape, XmlNaming};
            static COUNT: FormShape = FormShape {
                kinds: FormShape::OBJECT,
                properties: &[("n", &shapes::INTEGER)],
                xml: Some(&XmlNaming { name: Some("count"), ..XmlNaming::NONE }),
                ..FormShape::ANY
            };
            let xml = sent(reply.xml(201, "text/xml", &Count { n: 2 }, &COUNT, "Count")).await;
            assert_eq!(xml.0, 201);
            assert_eq!(xml.1, "text/xml");
            assert!(xml.2.ends_with("<count><n>2</n></count>"), "{}", xml.2);
            set_check_responses(true);
            let broken = std::panic::catch_unwind(|| reply.xml(200, "text/xml", &Count { n: -1 }, &COUNT, "Count"));
            let message = broken.err().and_then(|p| p.downcast::<String>().ok()).unwrap_or_default();
            assert!(message.contains("countIt: the 200 response breaks its schema `Count`"), "{message}");
            assert!(message.contains("/n: must be at least 0"), "{message}");
        }
        set_check_responses(true);
        let broken = std::panic::catch_unwind(|| reply.yaml(200, "application/yaml", &Count { n: -1 }));
        let message = broken.err().and_then(|p| p.downcast::<String>().ok()).unwrap_or_default();
        assert!(message.contains("countIt: the 200 response breaks its schema `Count`"), "{message}");
        assert!(message.contains("/n: must be at least 0"), "{message}");
        set_check_responses(cfg!(feature = "check-responses"));
    }

    #[test]
    fn a_route_names_its_parameters_after_literal_text_too() {
        assert_eq!(braced_name("{id}"), Some("id"));
        assert_eq!(braced_name("v{id}"), Some("id"));
        assert_eq!(braced_name("f(a={a}"), Some("a"));
        assert_eq!(braced_name("items"), None);
        let params = vec![("name".to_string(), "x".to_string())];
        assert_eq!(own_names(params, Some("/v{version}")), [("version".to_string(), "x".to_string())]);
        let (params, undecodable) = path_params_by_segment("/a/v{version}/{id}", "/a/v2/%FF");
        assert_eq!((params, undecodable), (vec![("version".into(), "2".into())], vec!["id".to_string()]));
    }

    proptest::proptest! {
        /// Any request path against any generated route shape: never a panic, and every value is
        /// read under a name the route braces.
        #[test]
        fn any_path_is_read_by_segment_without_panic(
            path in "(/[a-zé%FF0-9{}(=,]{0,6}){0,4}",
            route in proptest::sample::select(vec!["/{a}", "/x{a}/{b}", "/f(a={a}/{b}/c", "/", "/{a}{"]),
        ) {
            let (params, _) = path_params_by_segment(route, &path);
            for (name, value) in params {
                let braced = format!("{{{name}}}");
                proptest::prop_assert!(route.contains(&braced), "{} {}", name, value);
            }
        }
    }
}
