//! One call: the input's parts checked and written (parameters, credentials, body), sent with
//! retries, signing and hooks, and the answer handed back for the generated code to type.

use super::builder::Client;
use super::encode;
use super::error::Error;
use super::hooks::{Attempt, Operation, Secret, Signable};
use crate::http::{CredentialSource, Multipart, ParamLocation, Params};
use crate::params;
use crate::{Path, Schema, Value, Violations};
use base64::Engine as _;
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Uri};
use http_body_util::{BodyExt, Full, Limited};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::{Duration, Instant};

/// The most bytes of an answer a client reads; a longer one is a transport error.
pub const RESPONSE_LIMIT: usize = 64 * 1024 * 1024;

/// A call being put together by a generated client method.
pub struct Call<'a> {
    client: &'a Client,
    operation: &'static Operation,
    path: Vec<(&'static str, String)>,
    /// The query string, without `?`.
    query: String,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Option<(Option<&'static str>, Bytes)>,
    violations: Violations,
    fault: Option<String>,
}

impl<'a> Call<'a> {
    pub(super) fn new(client: &'a Client, operation: &'static Operation) -> Self {
        Call {
            client,
            operation,
            path: Vec::new(),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            violations: Violations::travelling(crate::Direction::Request),
            fault: None,
        }
    }

    fn validating(&self) -> bool {
        self.client.inner.validate_requests
    }

    /// Checks `value`, the JSON of a part of the input, against `T`'s schema at `at`.
    fn check<T: Schema>(&mut self, value: &Value, at: &Path<'_>) {
        if self.validating() {
            T::validate(value, at, &mut self.violations);
        }
    }

    fn serialized<T: Serialize>(&mut self, part: &T) -> Value {
        serde_json::to_value(part).unwrap_or_else(|err| {
            self.fault.get_or_insert_with(|| format!("a part of the input cannot be serialized ({err})"));
            Value::Null
        })
    }

    /// One location's parameters, checked and written as the router reads them back.
    pub fn params<T: Params + Serialize>(&mut self, params: &T) -> &mut Self {
        let value = self.serialized(params);
        self.check::<T>(&value, &Path::Root.key(T::LOCATION.name()));
        for param in T::DECLARED {
            let name = param.name;
            let Some(item) = value.get(name).filter(|v| !v.is_null()) else { continue };
            let escape: &dyn Fn(&str) -> String = match T::LOCATION {
                ParamLocation::Path => &encode::segment,
                ParamLocation::Query if param.allow_reserved => &encode::query_reserved,
                ParamLocation::Query => &encode::query_atom,
                ParamLocation::Header | ParamLocation::Cookie => &|atom| atom.to_string(),
            };
            let Some(pairs) = params::write(T::LOCATION, param, item, escape) else {
                self.refuse(format!("the `{name}` parameter's value cannot be written in its style"));
                continue;
            };
            for (key, text) in pairs {
                match T::LOCATION {
                    ParamLocation::Path => self.path.push((name, text)),
                    ParamLocation::Query => encode::query_escaped(&mut self.query, &key, &text),
                    ParamLocation::Header => match (header_name(name), HeaderValue::from_str(&text)) {
                        (Ok(name), Ok(value)) => {
                            self.headers.append(name, value);
                        }
                        (Err(reason), _) => self.refuse(reason),
                        (_, Err(_)) => self.refuse(format!("the `{name}` header value is not visible ASCII")),
                    },
                    ParamLocation::Cookie => self.cookie(&key, &text, &format!("the `{name}` cookie value")),
                }
            }
        }
        self
    }

    /// Adds the cookie `name=text`; a value holding `;` or a control character would end it and
    /// start another, so it is refused (`what` names it, never echoing it).
    fn cookie(&mut self, name: &str, text: &str, what: &str) {
        if text.bytes().any(|b| b == b';' || b.is_ascii_control()) {
            self.refuse(format!("{what} holds `;` or a control character"));
        } else {
            self.cookies.push(format!("{name}={text}"));
        }
    }

    fn refuse(&mut self, reason: String) {
        self.fault.get_or_insert(reason);
    }

    /// Asks for the response media type `media` (the input's `accept`).
    pub fn accept(&mut self, media: &'static str) -> &mut Self {
        match HeaderValue::from_str(media) {
            Ok(value) => {
                self.headers.insert(http::header::ACCEPT, value);
            }
            Err(_) => self.refuse(format!("the media type `{media}` is no header value")),
        }
        self
    }

    /// A JSON body sent as `media`.
    pub fn json<T: Schema + Serialize>(&mut self, body: &T, media: &'static str) -> &mut Self {
        let bytes = if self.validating() && !T::FAST_PATH {
            let value = self.serialized(body);
            self.check::<T>(&value, &Path::Root);
            serde_json::to_vec(&value)
        } else {
            // The typed checks find on a typed value what the full validator would: no tree.
            if self.validating() {
                body.validate_typed(&Path::Root, &mut self.violations);
            }
            serde_json::to_vec(body)
        };
        match bytes {
            Ok(bytes) => self.body = Some((Some(media), Bytes::from(bytes))),
            Err(err) => self.refuse(format!("the body cannot be serialized ({err})")),
        }
        self
    }

    /// A form body sent as `media` (`delimited`: the properties whose arrays travel joined).
    pub fn form<T: Schema + Serialize>(
        &mut self,
        body: &T,
        media: &'static str,
        delimited: &[(&str, char)],
    ) -> &mut Self {
        let value = self.serialized(body);
        self.check::<T>(&value, &Path::Root);
        self.body = Some((Some(media), Bytes::from(encode::form(&value, delimited))));
        self
    }

    /// An XML body sent as `media`: the value written as `shape` lays it out, its root element
    /// named by the schema's `xml.name`, else `root` (the schema's name).
    #[cfg(feature = "xml")]
    pub fn xml<T: Schema + Serialize>(
        &mut self,
        body: &T,
        media: &'static str,
        shape: &crate::form::FormShape,
        root: &str,
    ) -> &mut Self {
        let value = self.serialized(body);
        self.check::<T>(&value, &Path::Root);
        match crate::xml::write(&value, shape, root) {
            Some(text) => self.body = Some((Some(media), Bytes::from(text))),
            None => self.refuse(
                "the body cannot be written as XML (a property's name is no XML name, or a string holds a control character)"
                    .to_string(),
            ),
        }
        self
    }

    /// Without the `xml` feature a module that writes XML bodies does not compile: its
    /// `rt::require_xml!()` says why. This stand-in keeps that message the only error.
    #[cfg(not(feature = "xml"))]
    #[doc(hidden)]
    pub fn xml<T: Schema + Serialize>(
        &mut self,
        _body: &T,
        _media: &'static str,
        _shape: &crate::form::FormShape,
        _root: &str,
    ) -> &mut Self {
        self.refuse("XML bodies are not written by this build".to_string());
        self
    }

    /// A text body (the schema's string) sent as `media`.
    pub fn text<T: Schema + Serialize>(&mut self, body: &T, media: &'static str) -> &mut Self {
        let value = self.serialized(body);
        self.check::<T>(&value, &Path::Root);
        match value {
            Value::String(text) => self.body = Some((Some(media), Bytes::from(text))),
            _ => self.refuse("a text body must serialize to a string".to_string()),
        }
        self
    }

    /// A body of bytes sent as `media`.
    pub fn bytes(&mut self, body: &Bytes, media: &'static str) -> &mut Self {
        self.body = Some((Some(media), body.clone()));
        self
    }

    /// A `multipart/form-data` body: the fields checked with their file properties holding the
    /// files' names (as the router checks them), then every field and file as a part.
    pub fn multipart<T: Schema + Serialize>(&mut self, body: &Multipart<T>, file_fields: &[(&str, bool)]) -> &mut Self {
        let mut value = self.serialized(&body.fields);
        if let Value::Object(map) = &mut value {
            for (name, many) in file_fields {
                let names = body.files_named(name).map(|f| Value::String(f.file_name.clone().unwrap_or_default()));
                let names: Vec<Value> = names.collect();
                match (many, names.len()) {
                    (_, 0) => map.remove(*name),
                    (true, _) => map.insert(name.to_string(), Value::Array(names)),
                    (false, _) => map.insert(name.to_string(), names.into_iter().next().unwrap_or(Value::Null)),
                };
            }
        }
        self.check::<T>(&value, &Path::Root);
        let names: Vec<&str> = file_fields.iter().map(|(name, _)| *name).collect();
        let (boundary, bytes) = encode::multipart(&value, &names, &body.files);
        // The media type carries the boundary, so it is a header of the call's own.
        match HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}")) {
            Ok(content_type) => {
                self.headers.insert(CONTENT_TYPE, content_type);
                self.body = Some((None, Bytes::from(bytes)));
            }
            Err(_) => self.refuse("the multipart boundary is not a header value".to_string()),
        }
        self
    }

    /// Sends the call (retrying as the client's policy says) and returns the answer; the
    /// generated method then types it by status.
    pub async fn send(mut self) -> Result<Response, Error> {
        let operation = self.operation.id;
        if !self.violations.is_empty() {
            return Err(Error::InvalidRequest { operation, violations: self.violations });
        }
        self.credentials()?;
        if let Some(reason) = self.fault.take() {
            return Err(Error::Encode { operation, reason });
        }
        let inner = &self.client.inner;
        let path =
            encode::fill_path(self.operation.path, &self.path).map_err(|reason| Error::Encode { operation, reason })?;
        let query = &self.query;
        // The path may carry the literal pairs its spec wrote into the path key (`?type=a`).
        let joiner = if path.contains('?') { '&' } else { '?' };
        let text = if query.is_empty() {
            format!("{}{path}", inner.base)
        } else {
            format!("{}{path}{joiner}{query}", inner.base)
        };
        let uri: Uri =
            text.parse().map_err(|_| Error::Encode { operation, reason: "the URL is not one".to_string() })?;
        if cfg!(not(feature = "tls")) && uri.scheme_str() == Some("https") {
            let reason = "`https://` needs the runtime's `tls` feature".to_string();
            return Err(Error::Encode { operation, reason });
        }
        let method = self.operation.method.clone();
        let mut headers = inner.headers.clone();
        for name in self.headers.keys() {
            headers.remove(name);
        }
        for (name, value) in self.headers.drain().filter_map(|(name, value)| Some((name?, value))) {
            headers.append(name, value);
        }
        if !self.cookies.is_empty() {
            let cookies = HeaderValue::from_str(&self.cookies.join("; "))
                .map_err(|_| Error::Encode { operation, reason: "a cookie is not visible ASCII".to_string() })?;
            headers.insert(COOKIE, cookies);
        }
        let body = match self.body.take() {
            Some((media, bytes)) => {
                if let Some(media) = media {
                    let media = HeaderValue::from_str(media).map_err(|_| Error::Encode {
                        operation,
                        reason: "the media type is not a header value".to_string(),
                    })?;
                    headers.insert(CONTENT_TYPE, media);
                }
                bytes
            }
            None => Bytes::new(),
        };
        self.client.send(operation, method, uri, headers, body).await
    }

    /// Puts the credentials of the first alternative the client holds in full on the request.
    fn credentials(&mut self) -> Result<(), Error> {
        let operation = self.operation;
        if operation.security.is_empty() {
            return Ok(());
        }
        let held = &self.client.inner.credentials;
        let secret = |scheme: &str| held.iter().find(|(name, _)| name == scheme).map(|(_, secret)| secret);
        let signed = |scheme: &str| self.client.inner.signer.as_ref().is_some_and(|signer| signer.provides(scheme));
        let chosen = operation
            .security
            .iter()
            .find(|alternative| alternative.iter().all(|(scheme, _)| secret(scheme).is_some() || signed(scheme)));
        let Some(alternative) = chosen else {
            return if operation.anonymous {
                Ok(())
            } else {
                Err(Error::MissingCredentials { operation: operation.id })
            };
        };
        for (scheme, source) in alternative.iter() {
            // A scheme the signer provides is written by it, on every attempt.
            let Some(secret) = secret(scheme) else { continue };
            let text = match (source, secret) {
                (CredentialSource::Basic, Secret::Basic { user, password }) => {
                    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
                }
                (CredentialSource::Basic, Secret::Token(token)) => format!("Basic {token}"),
                (CredentialSource::Bearer, Secret::Token(token)) => format!("Bearer {token}"),
                (CredentialSource::Authorization(name), Secret::Token(token)) => format!("{name} {token}"),
                (_, Secret::Token(token)) => token.clone(),
                (_, Secret::Basic { .. }) => {
                    self.refuse(format!("the scheme `{scheme}` takes a token, not basic credentials"));
                    continue;
                }
            };
            match source {
                CredentialSource::Header(name) => match (header_name(name), HeaderValue::from_str(&text)) {
                    (Ok(name), Ok(mut value)) => {
                        value.set_sensitive(true);
                        self.headers.insert(name, value);
                    }
                    (Err(reason), _) => self.refuse(reason),
                    (_, Err(_)) => self.refuse(format!("the credential of `{scheme}` is not visible ASCII")),
                },
                CredentialSource::Query(name) => {
                    encode::query_escaped(&mut self.query, &encode::query_atom(name), &encode::query_atom(&text))
                }
                CredentialSource::Cookie(name) => self.cookie(name, &text, &format!("the credential of `{scheme}`")),
                CredentialSource::Bearer | CredentialSource::Basic | CredentialSource::Authorization(_) => {
                    match HeaderValue::from_str(&text) {
                        Ok(mut value) => {
                            value.set_sensitive(true);
                            self.headers.insert(AUTHORIZATION, value);
                        }
                        Err(_) => self.refuse(format!("the credential of `{scheme}` is not visible ASCII")),
                    }
                }
            }
        }
        Ok(())
    }
}

/// A header name from the spec (a parameter's or a scheme's), as `http` takes it.
fn header_name(name: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("`{name}` is not a header name"))
}

impl Client {
    /// Starts a call of `operation` (generated code calls this).
    pub fn call(&self, operation: &'static Operation) -> Call<'_> {
        Call::new(self, operation)
    }

    async fn send(
        &self,
        operation: &'static str,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Response, Error> {
        let inner = &self.inner;
        let deadline = inner.deadline.map(|limit| Instant::now() + limit);
        let mut number = 1;
        // The answer before a retry, which stands if the retry cannot be made within the deadline.
        let mut previous: Option<Result<Response, Error>> = None;
        loop {
            // A sleep can overrun the deadline it was meant to fit (a busy machine): no attempt then.
            if deadline.is_some_and(|end| Instant::now() >= end) {
                if let Some(last) = previous.take() {
                    return last;
                }
            }
            let mut headers = headers.clone();
            if let Some(signer) = &inner.signer {
                let mut signable =
                    Signable { operation, method: &method, uri: &uri, headers: &mut headers, body: &body };
                signer.sign(&mut signable).map_err(|reason| Error::Signing { operation, reason })?;
            }
            let mut request = Request::new(Full::new(body.clone()));
            *request.method_mut() = method.clone();
            *request.uri_mut() = uri.clone();
            *request.headers_mut() = headers;
            let attempt = Attempt { operation, method: &method, uri: &uri, number };
            if let Some(observer) = &inner.observer {
                observer.before(&attempt);
            }
            let started = Instant::now();
            let exchange = async {
                let http = inner.http.as_ref().map_err(|reason| (false, reason.clone().into()))?;
                let response = http.request(request).await.map_err(|err| (err.is_connect(), Box::new(err) as _))?;
                let (parts, body) = response.into_parts();
                let bytes = Limited::new(body, RESPONSE_LIMIT).collect().await.map_err(|err| (false, err))?;
                Ok::<_, (bool, Box<dyn std::error::Error + Send + Sync>)>((parts, bytes.to_bytes()))
            };
            // An attempt has the client's timeout, or what is left of the call's deadline.
            let budget =
                deadline.map_or(inner.timeout, |end| inner.timeout.min(end.saturating_duration_since(started)));
            let outcome = tokio::time::timeout(budget, exchange).await;
            let status = match &outcome {
                Ok(Ok((parts, _))) => Some(parts.status.as_u16()),
                _ => None,
            };
            if let Some(observer) = &inner.observer {
                observer.after(&attempt, status, started.elapsed());
            }
            let allowed = inner.retry.allows(&method);
            let (result, delay) = match outcome {
                Ok(Ok((parts, body))) => {
                    let delay = if allowed { inner.retry.delay(number, status, Some(&parts.headers)) } else { None };
                    let (status, validate) = (parts.status.as_u16(), inner.validate_responses);
                    (Ok(Response { operation, status, headers: parts.headers, body, validate }), delay)
                }
                Ok(Err((connect, source))) => {
                    // A connection that was never made carried nothing: safe to retry any method.
                    let delay = if connect || allowed { inner.retry.delay(number, None, None) } else { None };
                    (Err(Error::Transport { operation, source }), delay)
                }
                Err(_) => {
                    // A retry cut short by the call's deadline, not by its own timeout: the earlier
                    // answer stands.
                    if budget < inner.timeout {
                        if let Some(last) = previous.take() {
                            return last;
                        }
                    }
                    let delay = if allowed { inner.retry.delay(number, None, None) } else { None };
                    (Err(Error::Timeout { operation, after: budget }), delay)
                }
            };
            // A retry that could not start before the deadline is not made: the last answer stands.
            let fits = |delay: &Duration| deadline.is_none_or(|end| Instant::now() + *delay < end);
            let Some(delay) = delay.filter(fits) else { return result };
            previous = Some(result);
            tokio::time::sleep(delay).await;
            number += 1;
        }
    }
}

/// An answer, for the generated method to type by its status.
#[derive(Debug)]
pub struct Response {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    body: Bytes,
    validate: bool,
}

impl Response {
    /// The status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn invalid(&self, violations: Violations) -> Error {
        let (operation, status, body) = (self.operation, self.status, self.body.clone());
        Error::InvalidResponse { operation, status, violations, body }
    }

    /// The body read as `T`: with response validation, every violation of its schema; without,
    /// serde's reading only.
    pub fn json<T: Schema + DeserializeOwned>(&self) -> Result<T, Error> {
        if self.validate {
            return crate::from_slice_in::<T>(&self.body, crate::Direction::Response)
                .map_err(|violations| self.invalid(violations));
        }
        self.decode()
    }

    /// The body read as `T` by serde alone: for a type without a schema of its own (`Vec<Pet>`).
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice::<T>(&self.body).map_err(|err| {
            let message = format!("the body does not fit the declared type ({})", crate::category(&err));
            self.invalid(Violations::from(crate::Violation::new(&Path::Root, "type", message)))
        })
    }

    /// The body read as one YAML document of `T`: with response validation, every violation of
    /// its schema; without, serde's reading of the document only.
    #[cfg(feature = "yaml")]
    pub fn yaml<T: Schema + DeserializeOwned>(&self) -> Result<T, Error> {
        if self.validate {
            return crate::from_yaml_slice_in::<T>(&self.body, crate::Direction::Response)
                .map_err(|violations| self.invalid(violations));
        }
        crate::from_yaml_slice_unchecked::<T>(&self.body).map_err(|violations| self.invalid(violations))
    }

    /// Without the `yaml` feature a module whose client reads YAML responses does not compile: its
    /// `rt::require_yaml!()` says why. This stand-in keeps that message the only error.
    #[cfg(not(feature = "yaml"))]
    #[doc(hidden)]
    pub fn yaml<T: Schema + DeserializeOwned>(&self) -> Result<T, Error> {
        let message = "YAML responses are not read by this build";
        Err(self.invalid(Violations::from(crate::Violation::new(&Path::Root, "yaml", message))))
    }

    /// The body read as an XML document of `T`, laid out as `shape` says: with response
    /// validation, every violation of its schema; without, the document's reading only.
    #[cfg(feature = "xml")]
    pub fn xml<T: Schema + DeserializeOwned>(&self, shape: &crate::form::FormShape) -> Result<T, Error> {
        if self.validate {
            return crate::from_xml_slice_in::<T>(&self.body, shape, crate::Direction::Response)
                .map_err(|violations| self.invalid(violations));
        }
        crate::from_xml_slice_unchecked::<T>(&self.body, shape).map_err(|violations| self.invalid(violations))
    }

    /// Without the `xml` feature a module whose client reads XML responses does not compile: its
    /// `rt::require_xml!()` says why. This stand-in keeps that message the only error.
    #[cfg(not(feature = "xml"))]
    #[doc(hidden)]
    pub fn xml<T: Schema + DeserializeOwned>(&self, _shape: &crate::form::FormShape) -> Result<T, Error> {
        let message = "XML responses are not read by this build";
        Err(self.invalid(Violations::from(crate::Violation::new(&Path::Root, "xml", message))))
    }

    /// The body as text (UTF-8).
    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec()).map_err(|_| {
            self.invalid(Violations::from(crate::Violation::new(&Path::Root, "text", "the text body is not UTF-8")))
        })
    }

    /// The body's bytes.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// The header `name`, if sent (as text).
    pub fn header(&self, name: &str) -> Result<Option<String>, Error> {
        match self.headers.get(name) {
            None => Ok(None),
            Some(value) => match value.to_str() {
                Ok(text) => Ok(Some(text.to_string())),
                Err(_) => {
                    let at = Path::Root.key("header");
                    let at = at.key(name);
                    Err(self.invalid(Violations::from(crate::Violation::new(
                        &at,
                        "type",
                        "the header is not visible ASCII",
                    ))))
                }
            },
        }
    }

    /// The header `name`, which the spec says is always sent.
    pub fn required_header(&self, name: &str) -> Result<String, Error> {
        self.header(name)?.ok_or_else(|| {
            let at = Path::Root.key("header");
            let at = at.key(name);
            self.invalid(Violations::from(crate::Violation::new(
                &at,
                "required",
                "a required response header is missing",
            )))
        })
    }

    /// The index in `declared` (the media types the status declares) of the one the answer's
    /// `Content-Type` says it is; without a `Content-Type`, the first.
    pub fn media(&self, declared: &[&str]) -> Option<usize> {
        match self.headers.get(CONTENT_TYPE) {
            None => Some(0),
            Some(value) => crate::http::media::declared_for(value.to_str().ok()?, declared),
        }
    }

    /// The error for an answer whose media type its status does not declare.
    pub fn undeclared_media(&self) -> Error {
        let message = "the response's media type is not one its status declares";
        self.invalid(Violations::from(crate::Violation::new(&Path::Root, "contentType", message)))
    }

    /// The error for a status the operation does not document.
    pub fn undocumented(self) -> Error {
        Error::UndocumentedStatus {
            operation: self.operation,
            status: self.status,
            headers: Box::new(self.headers),
            body: self.body,
        }
    }
}
