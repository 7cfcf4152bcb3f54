//! The server's reading of `multipart/form-data` bodies, with `multer`, part by part as they
//! arrive, within the body limit, a per-part limit and the read timeout: file parts kept as bytes
//! and checked against the `encoding`'s `contentType`; every other part read like a form field (or
//! as JSON, when the part says it is JSON) and checked against the schema.

use super::body::{ParsedParts, RawBody, BODY_READ_TIMEOUT};
use super::multipart::{FileField, FilePart, Multipart, MultipartPlan, FIELD_PART_LIMIT};
use super::server::{Incoming, Rejection};
use crate::{Path, Schema, Value, Violations};
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use futures_util::StreamExt;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::DeserializeOwned;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why streaming a multipart body stopped before its end.
enum Stop {
    /// Nothing was sent.
    Empty,
    /// A refusal that answers at once (a size, the framing of the HTTP body).
    Refused(Rejection),
    /// The parts' own syntax is broken.
    Malformed,
}

impl Incoming {
    /// Reads a `multipart/form-data` body part by part as it arrives, within the body limit (a
    /// file part may use all of it, another part [`FIELD_PART_LIMIT`]) and the read timeout: a part
    /// over its limit is refused (413) before the rest of the body is read. `None` when the body is
    /// refused; otherwise the body, whose parts [`Incoming::multipart`] then types.
    pub(super) async fn stream_multipart(&mut self, media: usize, plan: &'static MultipartPlan) -> Option<RawBody> {
        let body = self.body.take()?;
        if axum::body::HttpBody::is_end_stream(&body) {
            return Some(RawBody::multipart(media, Bytes::new(), None));
        }
        let content_type = self.parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let Ok(boundary) = multer::parse_boundary(content_type) else {
            // Nothing was read: the body is drained after the answer.
            self.body = Some(body);
            let mut violations = Violations::new();
            violations.push(&Path::Root, "multipart", "the multipart body's `Content-Type` has no boundary");
            return Some(RawBody::multipart(media, Bytes::new(), Some(Err(violations))));
        };
        let mut kept = plan.keep_bytes.then(Vec::new);
        let mut received = 0u64;
        let stream = Limited::new(body, self.body_limit).into_data_stream().inspect(|chunk| {
            if let Ok(chunk) = chunk {
                received += chunk.len() as u64;
                if let Some(kept) = kept.as_mut() {
                    kept.extend_from_slice(chunk);
                }
            }
        });
        let limit = self.body_limit;
        let read = tokio::time::timeout(BODY_READ_TIMEOUT, read_parts(stream, boundary, plan, limit)).await;
        let stop = match read {
            Ok(Ok(parsed)) => {
                return Some(RawBody::multipart(media, kept.map(Bytes::from).unwrap_or_default(), Some(parsed)))
            }
            Ok(Err(err)) => match stop(err, limit) {
                // The parser found no parts in nothing.
                Stop::Malformed if received == 0 => Stop::Empty,
                stop => stop,
            },
            Err(_) => Stop::Refused(Rejection::Timeout),
        };
        // The body was given up before its end (unless nothing at all came): the connection cannot
        // carry another request.
        self.abandoned_body = !matches!(stop, Stop::Empty);
        match stop {
            Stop::Empty => Some(RawBody::multipart(media, Bytes::new(), None)),
            Stop::Refused(rejection) => {
                self.refusal = Some(rejection);
                None
            }
            Stop::Malformed => {
                let mut violations = Violations::new();
                violations.push(&Path::Root, "multipart", "the multipart body is malformed");
                let kept = kept.map(Bytes::from).unwrap_or_default();
                Some(RawBody::multipart(media, kept, Some(Err(violations))))
            }
        }
    }

    /// Types the fields of a multipart body read by [`Incoming::admit_body`] as `T` and hands over
    /// its file parts; `None` when the body is missing or broke its schema (the violations are
    /// recorded with the parameters').
    pub fn multipart<T: Schema + DeserializeOwned>(&mut self, body: &mut RawBody) -> Option<Multipart<T>> {
        if body.is_empty() {
            return self.missing();
        }
        let parsed = body.take_parts().unwrap_or_else(|| {
            let mut violations = Violations::new();
            violations.push(&Path::Root, "multipart", "the body was not read as multipart");
            Err(violations)
        });
        let (value, files) = match parsed {
            Ok(parsed) => parsed,
            Err(mut violations) => {
                self.violations.append(&mut violations);
                return None;
            }
        };
        match crate::from_value_in::<T>(&value, crate::Direction::Request) {
            Ok(fields) => Some(Multipart { fields, files }),
            Err(mut violations) => {
                self.violations.append(&mut violations);
                None
            }
        }
    }
}

/// Parses the parts of a multipart body from `stream` as they arrive (compiled once: it is generic
/// over the stream only, never over the body's type).
async fn read_parts(
    stream: impl futures_util::Stream<Item = Result<Bytes, BoxError>> + Send,
    boundary: String,
    plan: &MultipartPlan,
    body_limit: usize,
) -> Result<ParsedParts, multer::Error> {
    let mut limits = multer::SizeLimit::new().whole_stream(body_limit as u64).per_field(FIELD_PART_LIMIT);
    for file in plan.files {
        limits = limits.for_field(file.name, body_limit as u64);
    }
    let mut parts =
        multer::Multipart::with_constraints(stream, boundary, multer::Constraints::new().size_limit(limits));
    let mut violations = Violations::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut json: Vec<(String, Value)> = Vec::new();
    let mut files: Vec<FilePart> = Vec::new();
    while let Some(field) = parts.next_field().await? {
        let Some(name) = field.name().map(str::to_string) else {
            violations.push(&Path::Root, "multipart", "a part has no name");
            // Its content is read past all the same, within the limits.
            field.bytes().await?;
            continue;
        };
        let file_name = field.file_name().map(str::to_string);
        let media_type = field.content_type().map(|m| m.essence_str().to_string());
        let data = field.bytes().await?;
        if plan.files.iter().any(|f| f.name == name) {
            texts.push((name.clone(), file_name.clone().unwrap_or_default()));
            files.push(FilePart { name, file_name, media_type, bytes: data });
        } else if media_type.as_deref().map_or(is_object(plan.shape, &name), super::media::is_json) {
            // A part of an object property without a `Content-Type` is JSON: OpenAPI's default
            // `contentType` for an object property is `application/json`.
            match serde_json::from_slice::<Value>(&data) {
                Ok(value) => json.push((name, value)),
                Err(_) => violations.push(&Path::Root.key(&name), "json", "the part is not valid JSON"),
            }
        } else {
            match String::from_utf8(data.into()) {
                Ok(text) => texts.push((name, text)),
                Err(_) => violations.push(&Path::Root.key(&name), "text", "the part is not UTF-8 text"),
            }
        }
    }
    check_files(plan.files, &files, &mut violations);
    let mut value = crate::form::read_pairs(texts, plan.shape, &[], &mut violations);
    if let Value::Object(object) = &mut value {
        object.extend(json);
    }
    Ok(if violations.is_empty() { Ok((value, files)) } else { Err(violations) })
}

/// Whether the property `name` of a multipart body of this shape can only be an object.
fn is_object(shape: &crate::form::FormShape, name: &str) -> bool {
    shape.property(name).kinds == crate::form::FormShape::OBJECT
}

/// How a parser error stops the read of a body limited to `body_limit` bytes.
fn stop(err: multer::Error, body_limit: usize) -> Stop {
    match err {
        multer::Error::FieldSizeExceeded { limit, .. } => Stop::Refused(Rejection::PartTooLarge(limit)),
        multer::Error::StreamSizeExceeded { .. } => Stop::Refused(Rejection::TooLarge(body_limit)),
        multer::Error::StreamReadFailed(err) if err.downcast_ref::<LengthLimitError>().is_some() => {
            Stop::Refused(Rejection::TooLarge(body_limit))
        }
        multer::Error::StreamReadFailed(_) => Stop::Refused(Rejection::Malformed),
        _ => Stop::Malformed,
    }
}

/// Each file part has a media type its property's `encoding` declares.
fn check_files(fields: &[FileField], files: &[FilePart], out: &mut Violations) {
    for field in fields.iter().filter(|f| !f.media.is_empty()) {
        let at = Path::Root.key(field.name);
        for (i, part) in files.iter().filter(|f| f.name == field.name).enumerate() {
            let media = part.media_type.as_deref().unwrap_or("application/octet-stream");
            if !field.media.iter().any(|declared| matches(declared, media)) {
                let item = at.index(i);
                let place = if field.many { &item } else { &at };
                out.push(place, "contentType", format!("the part must be {}", field.media.join(", ")));
            }
        }
    }
}

/// `media` (an essence) is `declared` (an essence too) or within its range.
fn matches(declared: &str, media: &str) -> bool {
    if declared == "*/*" || declared.eq_ignore_ascii_case(media) {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(kind) => media.split('/').next().is_some_and(|k| k.eq_ignore_ascii_case(kind)),
        None => false,
    }
}
