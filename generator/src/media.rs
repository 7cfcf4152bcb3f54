//! Media types as a spec declares them: which reader a body of each gets. The one home of the "is
//! this JSON" rule on the generator's side (the runtime matches a request's `Content-Type` against
//! the declared types at run time).

/// How a body of a declared media type is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json`, any `+json` type, `text/json`, and `*/*` with a schema that describes
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/*`.
    Multipart,
    /// `text/*`.
    Text,
    /// YAML with a schema of a structured value, when the generator reads YAML
    /// ([`crate::Options::yaml_bodies`]; see [`request_kind`]).
    Yaml,
    /// XML with a schema of a structured value, when the generator reads XML
    /// ([`crate::Options::xml_bodies`]; see [`request_kind`]).
    Xml,
    /// Everything else: bytes.
    Binary,
}

/// True for a media range as `content` keys are written: `type/subtype`, either part `*`, with
/// optional parameters (`text/plain; charset=utf-8`).
pub fn is_media_range(key: &str) -> bool {
    let essence = key.split(';').next().unwrap_or("").trim();
    let token = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+*".contains(&b));
    matches!(essence.split_once('/'), Some((kind, sub)) if token(kind) && token(sub))
}

/// The media type's `type/subtype`, lower case, without parameters.
pub fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// What a media type's schema says of the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaHint {
    /// No schema.
    Absent,
    /// A `format: binary` string.
    Binary,
    /// A schema of a value that is no string: an object, an array, a number or a boolean (by its
    /// `type`, or its `properties` or `items` without one).
    Structured,
    /// Any other schema.
    Described,
}

/// The reader of a body declared as `media` with a schema of this kind: a `format: binary` string
/// makes `text/*` bytes, and only a schema that is not bytes makes `*/*` JSON.
pub fn classify(media: &str, schema: SchemaHint) -> MediaKind {
    let essence = essence(media);
    let (kind, subtype) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match (kind, subtype) {
        _ if openapi_forge_runtime::codegen::is_json_media(&essence) => MediaKind::Json,
        ("application", "x-www-form-urlencoded") => MediaKind::Form,
        ("multipart", _) => MediaKind::Multipart,
        ("text", _) if schema != SchemaHint::Binary => MediaKind::Text,
        // Springdoc and others write `*/*` for JSON; a schema that is not bytes says it is.
        ("*", "*") if matches!(schema, SchemaHint::Described | SchemaHint::Structured) => MediaKind::Json,
        _ => MediaKind::Binary,
    }
}

/// The reader of a request body declared as `media`: as [`classify`] says, except for a schema of
/// a value that is no string (see [`SchemaHint::Structured`]) under a text type. Such text can only
/// be that value written as JSON, which is what clients built from the spec send (go-swagger's
/// `text/plain` beside `application/json`), so it is read as JSON; read as text it could never pass
/// its schema. YAML is read as YAML when `readers.yaml` says so, XML as XML when `readers.xml`
/// does; otherwise they are handed over as bytes, and their schema is not checked
/// ([`is_unparsed`]; the generator warns). A response's text stays text, which the handler writes.
pub fn request_kind(media: &str, schema: SchemaHint, readers: Readers) -> MediaKind {
    match response_kind(media, schema, readers) {
        kind @ (MediaKind::Yaml | MediaKind::Xml) => kind,
        _ if schema == SchemaHint::Structured && is_unparsed(media) => MediaKind::Binary,
        MediaKind::Text if schema == SchemaHint::Structured => MediaKind::Json,
        kind => kind,
    }
}

/// The reader of a response body declared as `media`: as [`classify`] says, except that YAML and
/// XML of a structured value are typed when `readers` says so (the router writes them, the client
/// reads them), as request bodies are ([`request_kind`]). A response's text stays text, which the
/// handler writes.
pub fn response_kind(media: &str, schema: SchemaHint, readers: Readers) -> MediaKind {
    match classify(media, schema) {
        _ if schema == SchemaHint::Structured && readers.yaml && is_yaml(media) => MediaKind::Yaml,
        _ if schema == SchemaHint::Structured && readers.xml && is_xml(media) => MediaKind::Xml,
        kind => kind,
    }
}

/// Whether a media type is a structured format no reader parses: XML or YAML (see
/// [`openapi_forge_runtime::codegen::is_unparsed_structured_media`]).
pub fn is_unparsed(media: &str) -> bool {
    openapi_forge_runtime::codegen::is_unparsed_structured_media(&essence(media))
}

/// The structured formats beside JSON whose bodies are read (see [`crate::Options::yaml_bodies`]
/// and [`crate::Options::xml_bodies`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readers {
    /// YAML bodies are read.
    pub yaml: bool,
    /// XML bodies are read (and written by the client).
    pub xml: bool,
}

/// Whether a media type names XML (see [`openapi_forge_runtime::codegen::is_xml_media`]).
pub fn is_xml(media: &str) -> bool {
    openapi_forge_runtime::codegen::is_xml_media(&essence(media))
}

/// Whether a media type names YAML (see
/// [`openapi_forge_runtime::codegen::is_yaml_media`]).
pub fn is_yaml(media: &str) -> bool {
    openapi_forge_runtime::codegen::is_yaml_media(&essence(media))
}

/// The `Content-Type` a client sends for a body declared as `media` and read as `kind`: the
/// declared type itself, or for a range (`*/*`, `application/*`) the plainest type within it that
/// its reader takes.
pub fn sent_as(media: &str, kind: MediaKind) -> String {
    let essence = essence(media);
    if !essence.contains('*') {
        return media.trim().to_string();
    }
    let plain = match kind {
        MediaKind::Json => "application/json",
        MediaKind::Yaml => "application/yaml",
        MediaKind::Xml => "application/xml",
        MediaKind::Text => "text/plain; charset=utf-8",
        MediaKind::Form => "application/x-www-form-urlencoded",
        MediaKind::Multipart => "multipart/form-data",
        MediaKind::Binary => "application/octet-stream",
    };
    plain.to_string()
}

/// The variant naming a body of this media type in a choice between several (`Json`, `Form`,
/// `MergePatchJson`, `ImagePng`).
pub fn variant_base(media: &str) -> String {
    let essence = essence(media);
    match essence.as_str() {
        "application/json" => return "Json".to_string(),
        "application/x-www-form-urlencoded" => return "Form".to_string(),
        "multipart/form-data" => return "Multipart".to_string(),
        "text/plain" => return "Text".to_string(),
        "application/octet-stream" => return "Bytes".to_string(),
        "*/*" => return "Any".to_string(),
        _ => {}
    }
    match essence.split_once('/') {
        Some(("application", subtype)) => subtype.to_string(),
        Some((kind, "*")) => format!("any {kind}"),
        Some((kind, subtype)) => format!("{kind} {subtype}"),
        None => essence.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_media_types_specs_declare() {
        use SchemaHint::{Absent, Binary, Described, Structured};
        assert_eq!(classify("application/json; charset=utf-8", Described), MediaKind::Json);
        assert_eq!(classify("application/merge-patch+json", Absent), MediaKind::Json);
        assert_eq!(classify("text/json", Described), MediaKind::Json);
        assert_eq!(classify("*/*", Structured), MediaKind::Json);
        let none = Readers { yaml: false, xml: false };
        let both = Readers { yaml: true, xml: true };
        assert_eq!(request_kind("text/plain", Structured, none), MediaKind::Json);
        assert_eq!(request_kind("text/plain", Described, none), MediaKind::Text);
        // XML and YAML not read: text that is not JSON, handed over as bytes rather than misread.
        assert_eq!(request_kind("text/xml", Structured, none), MediaKind::Binary);
        assert_eq!(request_kind("application/atom+xml", Structured, none), MediaKind::Binary);
        assert_eq!(request_kind("text/xml", Described, none), MediaKind::Text);
        assert_eq!(request_kind("text/x-yaml", Structured, none), MediaKind::Binary);
        assert_eq!(request_kind("application/apply-patch+yaml", Structured, none), MediaKind::Binary);
        assert_eq!(request_kind("Application/YAML; charset=utf-8", Structured, none), MediaKind::Binary);
        assert_eq!(request_kind("text/yaml", Described, none), MediaKind::Text);
        // Read when asked; without a structured schema each is what it was.
        assert_eq!(request_kind("application/apply-patch+yaml", Structured, both), MediaKind::Yaml);
        assert_eq!(request_kind("Text/X-YAML; charset=utf-8", Structured, both), MediaKind::Yaml);
        assert_eq!(request_kind("application/xml", Structured, both), MediaKind::Xml);
        assert_eq!(request_kind("Text/XML; charset=utf-8", Structured, both), MediaKind::Xml);
        assert_eq!(request_kind("application/atom+xml", Structured, both), MediaKind::Xml);
        assert_eq!(request_kind("text/xml", Described, both), MediaKind::Text);
        assert_eq!(request_kind("text/yaml", Described, both), MediaKind::Text);
        assert_eq!(request_kind("application/yaml", Absent, both), MediaKind::Binary);
        assert_eq!(request_kind("application/xml", Absent, both), MediaKind::Binary);
        assert!(!is_unparsed("application/json") && !is_unparsed("text/plain") && !is_unparsed("application/xmlish"));
        assert_eq!(classify("text/plain", Structured), MediaKind::Text);
        assert_eq!(classify("Text/JSON; charset=utf-8", Absent), MediaKind::Json);
        assert_eq!(classify("Application/X-WWW-Form-Urlencoded", Described), MediaKind::Form);
        assert_eq!(classify("multipart/form-data", Described), MediaKind::Multipart);
        assert_eq!(classify("text/csv", Absent), MediaKind::Text);
        assert_eq!(classify("text/plain", Binary), MediaKind::Binary);
        assert_eq!(classify("*/*", Described), MediaKind::Json);
        assert_eq!(classify("*/*", Absent), MediaKind::Binary);
        assert_eq!(classify("*/*", Binary), MediaKind::Binary);
        assert_eq!(classify("image/*", Described), MediaKind::Binary);
        assert_eq!(classify("application/apply-patch+yaml", Described), MediaKind::Binary);
        assert_eq!(sent_as("*/*", MediaKind::Json), "application/json");
        assert_eq!(sent_as("application/merge-patch+json", MediaKind::Json), "application/merge-patch+json");
    }
}
