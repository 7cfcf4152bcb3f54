//! `multipart/form-data` bodies (RFC 7578) as both sides hold them: the fields typed by the schema
//! and the file parts (the schema's `format: binary` properties) with their name, file name and
//! media type. In the checked value a file property holds the part's file name (empty without
//! one), so that the schema's `required`, `minItems` and `maxItems` count the files. The server
//! reads them in `multipart_read`, the client writes them in `client::encode`.

use crate::form::FormShape;
use bytes::Bytes;

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
    /// The media types or ranges the part may have (the `encoding`'s `contentType`), as
    /// essences without parameters (the generator drops them); empty: any.
    pub media: &'static [&'static str],
}

/// How a multipart body is read: the shape of its other fields and its file properties.
#[derive(Debug)]
pub struct MultipartPlan {
    /// The shape guiding how the other parts' text is read.
    pub shape: &'static FormShape,
    /// The properties that are files.
    pub files: &'static [FileField],
    /// The index of `multipart/form-data` in the operation's declared media types, decided when the
    /// code was generated: a body selected as that type is read part by part.
    pub media: usize,
    /// Keep the body's bytes as well, for the service's `verify_body` (an operation with
    /// credentials); otherwise only the parts are kept.
    pub keep_bytes: bool,
}
