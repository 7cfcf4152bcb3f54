//! `multipart/form-data` bodies (RFC 7578), parsed with `multer` from the body read within its
//! limit: file parts (the schema's `format: binary` properties) kept as bytes with their name and
//! media type, checked against the `encoding`'s `contentType`; every other part read like a form
//! field (or as JSON, when the part says it is JSON) and checked against the schema. In the
//! checked value a file property holds the part's file name (empty without one), so that the
//! schema's `required`, `minItems` and `maxItems` count the files.

use super::{Incoming, RawBody, Rejection};
use crate::form::FormShape;
use crate::{Path, Schema, Value, Violations};
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

/// At most this many bytes in a part that is not a file.
pub const FIELD_PART_LIMIT: u64 = 64 * 1024;

/// A multipart body as the handler receives it: the fields that are not files, typed and
/// validated, and the file parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Multipart<T> {
    /// Every part that is not a file, read as the schema's properties.
    pub fields: T,
    /// The file parts, in the order they arrived.
    pub files: Vec<FilePart>,
}

impl<T> Multipart<T> {
    /// The first file part named `name`.
    pub fn file(&self, name: &str) -> Option<&FilePart> {
        self.files.iter().find(|f| f.name == name)
    }

    /// Every file part named `name`, in order.
    pub fn files_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a FilePart> + 'a {
        self.files.iter().filter(move |f| f.name == name)
    }
}

/// One file part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilePart {
    /// The part's name (the schema's property).
    pub name: String,
    /// The file name the client gave, if any.
    pub file_name: Option<String>,
    /// The part's `Content-Type`, if any.
    pub media_type: Option<String>,
    /// The part's bytes.
    pub bytes: Bytes,
}

/// A property of the body's schema that arrives as file parts.
#[derive(Debug)]
pub struct FileField {
    /// The property's name.
    pub name: &'static str,
    /// An array of files (its parts' pointers are indexed).
    pub many: bool,
    /// The media types or ranges the part may have (the `encoding`'s `contentType`); empty: any.
    pub media: &'static [&'static str],
}

/// How a multipart body is read: the shape of its other fields and its file properties.
#[derive(Debug)]
pub struct MultipartPlan {
    /// The shape guiding how the other parts' text is read.
    pub shape: &'static FormShape,
    /// The properties that are files.
    pub files: &'static [FileField],
}

impl Incoming {
    /// Parses a `multipart/form-data` body read by [`Incoming::body_bytes`] and checks it: the
    /// other fields against `T`'s schema, the files against `plan`. Every problem is recorded as a
    /// violation at the part's pointer (a part over its limit: 413).
    pub async fn multipart<T: Schema + DeserializeOwned>(
        &mut self,
        body: &RawBody,
        plan: &MultipartPlan,
    ) -> Option<Multipart<T>> {
        let (value, files) = self.multipart_parts(body, plan).await?;
        match crate::from_value::<T>(&value) {
            Ok(fields) => Some(Multipart { fields, files }),
            Err(mut violations) => {
                self.violations.append(&mut violations);
                None
            }
        }
    }

    /// The parts of a multipart body: the JSON its fields read as, and the file parts. Not generic,
    /// so that the parser is compiled once rather than once per body type.
    async fn multipart_parts(&mut self, body: &RawBody, plan: &MultipartPlan) -> Option<(Value, Vec<FilePart>)> {
        if body.is_empty() {
            self.violations.push(&Path::Root, "required", "a request body is required");
            return None;
        }
        let content_type = self.parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let Ok(boundary) = multer::parse_boundary(content_type) else {
            self.violations.push(&Path::Root, "multipart", "the multipart body's `Content-Type` has no boundary");
            return None;
        };
        let mut limits = multer::SizeLimit::new().per_field(FIELD_PART_LIMIT);
        for file in plan.files {
            limits = limits.for_field(file.name, self.body_limit as u64);
        }
        let bytes = body.bytes().clone();
        let stream = futures_util::stream::iter([Ok::<Bytes, std::convert::Infallible>(bytes)]);
        let mut parts =
            multer::Multipart::with_constraints(stream, boundary, multer::Constraints::new().size_limit(limits));
        let before = self.violations.len();
        let mut texts: Vec<(String, String)> = Vec::new();
        let mut json: Vec<(String, Value)> = Vec::new();
        let mut files: Vec<FilePart> = Vec::new();
        loop {
            let field = match parts.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(err) => return self.broken(err),
            };
            let Some(name) = field.name().map(str::to_string) else {
                self.violations.push(&Path::Root, "multipart", "a part has no name");
                continue;
            };
            let file_name = field.file_name().map(str::to_string);
            let media_type = field.content_type().map(|m| m.essence_str().to_string());
            let data = match field.bytes().await {
                Ok(data) => data,
                Err(err) => return self.broken(err),
            };
            if plan.files.iter().any(|f| f.name == name) {
                texts.push((name.clone(), file_name.clone().unwrap_or_default()));
                files.push(FilePart { name, file_name, media_type, bytes: data });
            } else if media_type.as_deref().is_some_and(is_json) {
                match serde_json::from_slice::<Value>(&data) {
                    Ok(value) => json.push((name, value)),
                    Err(_) => self.violations.push(&Path::Root.key(&name), "json", "the part is not valid JSON"),
                }
            } else {
                match String::from_utf8(data.to_vec()) {
                    Ok(text) => texts.push((name, text)),
                    Err(_) => self.violations.push(&Path::Root.key(&name), "text", "the part is not UTF-8 text"),
                }
            }
        }
        check_files(plan.files, &files, &mut self.violations);
        let mut value = crate::form::read_pairs(texts, plan.shape, &[], &mut self.violations);
        if let Value::Object(object) = &mut value {
            object.extend(json);
        }
        if self.violations.len() > before {
            return None;
        }
        Some((value, files))
    }

    fn broken<T>(&mut self, err: multer::Error) -> Option<T> {
        match err {
            multer::Error::FieldSizeExceeded { limit, .. } | multer::Error::StreamSizeExceeded { limit } => {
                self.refusal = Some(Rejection::PartTooLarge(limit));
            }
            _ => self.violations.push(&Path::Root, "multipart", "the multipart body is malformed"),
        }
        None
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

/// `media` (an essence) is `declared` or within its range.
fn matches(declared: &str, media: &str) -> bool {
    let declared = declared.split(';').next().unwrap_or("").trim();
    if declared == "*/*" || declared.eq_ignore_ascii_case(media) {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(kind) => media.split('/').next().is_some_and(|k| k.eq_ignore_ascii_case(kind)),
        None => false,
    }
}

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}
