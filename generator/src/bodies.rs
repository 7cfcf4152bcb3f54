//! Request bodies: each declared media type gets its reader (JSON, form, text, bytes), and an
//! operation that declares several gets a choice enum telling the handler which one was sent.

use crate::codes::Code;
use crate::diagnostics::{child_pointer, Diagnostic};
use crate::ir::{
    AcceptIr, BodyMedia, BodyReader, Check, FileField, FormShapeRef, JsonType, RequestBody, ResponseBody, ResponseIr,
    ResponseMedia, Ty,
};
use crate::lower::Lowerer;
use crate::media::{
    classify, is_media_range, request_kind, response_kind, variant_base, MediaKind, Readers, SchemaHint,
};
use crate::names::{type_name, Scope};
use crate::resolve::component_name;
use crate::schema_view::{resolve, SchemaRef, SchemaView};
use openapiv3::{MediaType, OpenAPI, Operation, Parameter, QueryStyle, ReferenceOr};

/// The name of an XML body's root element when its schema's `xml` gives none: the name of the
/// component the schema refers to, else `body`.
fn xml_root(content: &MediaType) -> String {
    match &content.schema {
        Some(ReferenceOr::Reference { reference }) => {
            component_name(reference, "schemas").unwrap_or_else(|| "body".into())
        }
        _ => "body".into(),
    }
}

/// The request body of `op` (whose type names start with `base`, at `pointer`), when it declares
/// one with a media type the routes read.
pub fn lower_body<'d>(
    lowerer: &mut Lowerer<'d>,
    doc: &'d OpenAPI,
    op: &'d Operation,
    base: &str,
    pointer: &str,
) -> Option<RequestBody> {
    let body = match op.request_body.as_ref()? {
        ReferenceOr::Item(body) => body,
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, "requestBodies")?;
            match doc.components.as_ref()?.request_bodies.get(&name)? {
                ReferenceOr::Item(body) => body,
                ReferenceOr::Reference { .. } => return None,
            }
        }
    };
    let content_pointer = format!("{pointer}/requestBody/content");
    let mut read: Vec<(&'d String, &'d MediaType, MediaKind)> = Vec::new();
    // Keys that are not media types were warned about by `check`; no request carries them.
    for (media, content) in body.content.iter().filter(|(media, _)| is_media_range(media)) {
        let hint = schema_hint(doc, content);
        let readers = Readers { yaml: lowerer.yaml_bodies, xml: lowerer.xml_bodies };
        let kind = request_kind(media, hint, readers);
        if hint == SchemaHint::Structured && kind == MediaKind::Binary && crate::media::is_unparsed(media) {
            lowerer.diags.push(
                Diagnostic::warning(Code::UnreadBody,
                    child_pointer(&content_pointer, media),
                    format!("`{media}` bodies are not parsed: the handler gets the bytes as sent, unchecked against the schema"),
                )
                .with_hint(if crate::media::is_yaml(media) {
                    "generate with `yaml_bodies` (the default) to read it, or check the body in the handler"
                } else {
                    "generate with `xml_bodies` (the default) to read it, or check the body in the handler"
                }),
            );
        }
        match kind {
            MediaKind::Multipart if crate::media::essence(media) != "multipart/form-data" => lowerer.diags.push(
                Diagnostic::warning(Code::UnreadBody,
                    child_pointer(&content_pointer, media),
                    format!("`{media}` bodies are not read (only `multipart/form-data` is); the route refuses them with 415"),
                )
                .with_hint("the operation's other media types are read"),
            ),
            kind => read.push((media, content, kind)),
        }
    }
    if read.is_empty() {
        lowerer.diags.push(Diagnostic::warning(
            Code::UnreadBody,
            format!("{pointer}/requestBody"),
            "the request body declares no media type the routes read; the route does not read the body",
        ));
        return None;
    }
    let several = read.len() > 1;
    let choice = several.then(|| lowerer.claim_name(&format!("{base}Body")));
    let mut variants = Scope::default();
    let media = read
        .into_iter()
        .map(|(media, content, kind)| {
            let variant = variants.claim(&type_name(&variant_base(media)));
            let hint = if several { format!("{base}{variant}Body") } else { format!("{base}Body") };
            let at = child_pointer(&child_pointer(&content_pointer, media), "schema");
            let doc_line = format!("The `{media}` request body of `{base}`.");
            let typed = |lowerer: &mut Lowerer<'d>| {
                let schema = content.schema.as_ref()?;
                let (ty, check) = lowerer.lower_schema(SchemaRef::from(schema), &hint, &at);
                Some(lowerer.named(ty, check, &hint, doc_line.clone()))
            };
            let reader = match kind {
                MediaKind::Json => BodyReader::Json(typed(lowerer).unwrap_or(Ty::Json)),
                MediaKind::Yaml => BodyReader::Yaml(typed(lowerer).unwrap_or(Ty::Json)),
                MediaKind::Xml => BodyReader::Xml {
                    ty: typed(lowerer).unwrap_or(Ty::Json),
                    // Filled in by `forms::shapes` once every type is lowered.
                    shape: FormShapeRef::Inline(Default::default()),
                    root: xml_root(content),
                },
                MediaKind::Form => BodyReader::Form {
                    ty: typed(lowerer).unwrap_or(Ty::Json),
                    // Filled in by `forms::shapes` once every type is lowered.
                    shape: FormShapeRef::Inline(Default::default()),
                    delimited: delimited(content),
                },
                MediaKind::Text => BodyReader::Text(typed(lowerer).unwrap_or_else(|| {
                    let text = Check { ty: Some(JsonType::String), ..Check::default() };
                    lowerer.named(Ty::String, text, &hint, doc_line.clone())
                })),
                MediaKind::Multipart => BodyReader::Multipart {
                    ty: typed(lowerer).unwrap_or(Ty::Json),
                    // Filled in by `forms::shapes` once every type is lowered.
                    shape: FormShapeRef::Inline(Default::default()),
                    files: file_fields(doc, content),
                },
                MediaKind::Binary => BodyReader::Bytes,
            };
            let sent_as = crate::media::sent_as(media, kind);
            BodyMedia { media_type: media.clone(), sent_as, variant, reader }
        })
        .collect();
    let limit = op.extensions.get("x-body-limit").and_then(serde_json::Value::as_u64);
    Some(RequestBody { required: body.required, limit, media, choice })
}

/// The properties whose `encoding` puts an array in one value, with its delimiter.
fn delimited(content: &MediaType) -> Vec<(String, char)> {
    content
        .encoding
        .iter()
        .filter_map(|(name, encoding)| {
            let delimiter = match encoding.style {
                Some(QueryStyle::SpaceDelimited) => ' ',
                Some(QueryStyle::PipeDelimited) => '|',
                Some(QueryStyle::DeepObject) => return None,
                Some(QueryStyle::Form) | None if !encoding.explode => ',',
                _ => return None,
            };
            Some((name.clone(), delimiter))
        })
        .collect()
}

/// The properties of a multipart body's schema (through references and `allOf`/`anyOf`/`oneOf`)
/// that are files, with the media types their `encoding` allows.
fn file_fields(doc: &OpenAPI, content: &MediaType) -> Vec<FileField> {
    let mut out: Vec<FileField> = Vec::new();
    let Some(schema) = content.schema.as_ref().and_then(|s| resolve(doc, SchemaRef::from(s))) else { return out };
    let mut pending = vec![schema];
    let mut seen = 0;
    while let Some(schema) = pending.pop() {
        seen += 1;
        if seen > 64 {
            break;
        }
        let view = SchemaView::of(schema);
        for (name, property) in &view.properties {
            let Some(property) = resolve(doc, *property) else { continue };
            let property = SchemaView::of(property);
            let many = match (property.ty, property.items.and_then(|i| resolve(doc, i))) {
                (Some("array"), Some(items)) if is_binary(&SchemaView::of(items)) => true,
                _ if is_binary(&property) => false,
                _ => continue,
            };
            if out.iter().any(|f| f.name == *name) {
                continue;
            }
            let media = content
                .encoding
                .get(*name)
                .and_then(|e| e.content_type.as_deref())
                // Parameters never decide a part's match: the runtime compares essences, so they
                // are dropped here once rather than split off per part and request.
                .map(|list| list.split(',').map(essence).filter(|m| !m.is_empty()).collect())
                .unwrap_or_default();
            out.push(FileField { name: name.to_string(), many, media });
        }
        let branches = view.all_of.iter().chain(&view.any_of).chain(&view.one_of);
        pending.extend(branches.filter_map(|b| resolve(doc, *b)));
    }
    out
}

/// A media type or range without its parameters (`text/plain; charset=utf-8` → `text/plain`).
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn is_binary(view: &SchemaView<'_>) -> bool {
    view.ty == Some("string") && view.format == Some("binary")
}

/// The parameter a position holds, through a component reference.
pub fn resolve_parameter<'d>(doc: &'d OpenAPI, param: &'d ReferenceOr<Parameter>) -> Option<&'d Parameter> {
    match param {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, "parameters")?;
            match doc.components.as_ref()?.parameters.get(&name)? {
                ReferenceOr::Item(p) => Some(p),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// The response a position holds, through a component reference.
pub fn resolve_response<'d>(
    doc: &'d OpenAPI,
    response: &'d openapiv3::ReferenceOr<openapiv3::Response>,
) -> Option<&'d openapiv3::Response> {
    match response {
        openapiv3::ReferenceOr::Item(r) => Some(r),
        openapiv3::ReferenceOr::Reference { reference } => {
            let name = component_name(reference, "responses")?;
            match doc.components.as_ref()?.responses.get(&name)? {
                openapiv3::ReferenceOr::Item(r) => Some(r),
                openapiv3::ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// The body of a response (at `at`, its inline types named from `hint`, `label` naming it in doc
/// comments): the one media type its `content` declares, or a choice of several
/// (`GetPetOkBody::Json(..)`, `::Xml(..)`).
pub fn response_body<'d>(
    lowerer: &mut Lowerer<'d>,
    doc: &'d OpenAPI,
    content: &'d indexmap::IndexMap<String, MediaType>,
    hint: &str,
    label: &str,
    at: &str,
) -> Option<ResponseBody> {
    let declared: Vec<(&'d String, &'d MediaType)> =
        content.iter().filter(|(media, _)| is_media_range(media)).collect();
    match declared.as_slice() {
        [] => None,
        [(media, content)] => Some(response_media(lowerer, doc, media, content, hint, label, at)),
        several => {
            let type_name = lowerer.claim_name(&format!("{hint}_body"));
            let mut variants = Scope::default();
            let media = several
                .iter()
                .map(|(media, content)| {
                    let variant = variants.claim(&crate::names::type_name(&variant_base(media)));
                    let hint = format!("{hint}{variant}");
                    let body = response_media(lowerer, doc, media, content, &hint, label, at);
                    ResponseMedia { variant, media_type: media.to_string(), body }
                })
                .collect();
            Some(ResponseBody::Choice { type_name, media })
        }
    }
}

/// The body of one response media type: JSON of its schema's type, text or bytes.
fn response_media<'d>(
    lowerer: &mut Lowerer<'d>,
    doc: &'d OpenAPI,
    media: &str,
    content: &'d MediaType,
    hint: &str,
    label: &str,
    at: &str,
) -> ResponseBody {
    let readers = Readers { yaml: lowerer.yaml_bodies, xml: lowerer.xml_bodies };
    let kind = response_kind(media, schema_hint(doc, content), readers);
    let schema_at = child_pointer(&child_pointer(&format!("{at}/content"), media), "schema");
    if kind == MediaKind::Json {
        return ResponseBody::Json(match &content.schema {
            Some(schema) => lowerer.lower_schema(SchemaRef::from(schema), hint, &schema_at).0,
            None => Ty::Json,
        });
    }
    // YAML and XML are only told apart from bytes when their schema is structured, so there is one.
    if let (MediaKind::Yaml | MediaKind::Xml, Some(schema)) = (kind, &content.schema) {
        // A type with a schema of its own, which the client checks and the XML shape is built from.
        let (ty, check) = lowerer.lower_schema(SchemaRef::from(schema), hint, &schema_at);
        let ty = lowerer.named(ty, check, hint, format!("The `{media}` body of {label}."));
        let media = crate::media::sent_as(media, kind);
        return match kind {
            MediaKind::Yaml => ResponseBody::Yaml { ty, media },
            // Filled in by `forms::shapes` once every type is lowered.
            _ => ResponseBody::Xml {
                ty,
                shape: FormShapeRef::Inline(Default::default()),
                root: xml_root(content),
                media,
            },
        };
    }
    // A range (`image/*`) is no `Content-Type`: the generic type of its kind is sent.
    let concrete = !media.contains('*');
    match kind {
        MediaKind::Text if concrete && media.to_ascii_lowercase().contains("charset") => {
            ResponseBody::Text(media.to_string())
        }
        MediaKind::Text if concrete => ResponseBody::Text(format!("{media}; charset=utf-8")),
        MediaKind::Text => ResponseBody::Text("text/plain; charset=utf-8".to_string()),
        _ if concrete => ResponseBody::Bytes(media.to_string()),
        _ => ResponseBody::Bytes("application/octet-stream".to_string()),
    }
}

/// The media types an operation's request may ask for with `Accept`: those of every response that
/// declares several, in order of first appearance; `None` when no response does.
pub fn accept(lowerer: &mut Lowerer<'_>, responses: &[ResponseIr], base: &str) -> Option<AcceptIr> {
    let mut media: Vec<(String, String)> = Vec::new();
    let mut variants = Scope::default();
    for response in responses {
        let Some(ResponseBody::Choice { media: choices, .. }) = &response.body else { continue };
        for choice in choices {
            if !media.iter().any(|(_, m)| *m == choice.media_type) {
                media.push((variants.claim(&choice.variant), choice.media_type.clone()));
            }
        }
    }
    (!media.is_empty()).then(|| AcceptIr { type_name: lowerer.claim_name(&format!("{base}Accept")), media })
}

/// The first media type of `content` read as JSON.
pub fn json_content<'c>(
    doc: &OpenAPI,
    content: &'c indexmap::IndexMap<String, MediaType>,
) -> Option<(&'c String, &'c MediaType)> {
    content
        .iter()
        .filter(|(media, _)| is_media_range(media))
        .find(|(media, content)| classify(media, schema_hint(doc, content)) == MediaKind::Json)
}

/// What the media type's schema says: none, bytes (a `format: binary` string, also through
/// references), or something else.
fn schema_hint(doc: &OpenAPI, content: &MediaType) -> SchemaHint {
    let Some(schema) = content.schema.as_ref() else { return SchemaHint::Absent };
    let Some(schema) = resolve(doc, SchemaRef::from(schema)) else { return SchemaHint::Described };
    let view = SchemaView::of(schema);
    match view.ty {
        _ if is_binary(&view) => SchemaHint::Binary,
        Some("string") => SchemaHint::Described,
        Some(_) => SchemaHint::Structured,
        None if !view.properties.is_empty() || view.items.is_some() => SchemaHint::Structured,
        None => SchemaHint::Described,
    }
}
