//! The rejection plan of an operation: which declared status answers each kind of refused request,
//! and the error body, built to the spec's own error schema so that a client generated from the
//! same spec can read it.

use crate::bodies;
use crate::codes::Code;
use crate::diagnostics::Diagnostic;
use crate::ir::{ErrorShape, Limit, Rejections};
use crate::lower::Lowerer;
use crate::media::essence;
use crate::schema_view::{SchemaRef, SchemaView};
use openapiv3::{AdditionalProperties, OpenAPI, Operation, ReferenceOr, Response, StatusCode};
use serde_json::Value;

/// Properties that take the error code, as the specs seen name them, first preferred.
const CODE: &[&str] = &["error_code", "code", "errorCode", "error"];
/// Properties that take the HTTP status, when their type is a number.
const STATUS: &[&str] = &["status", "statusCode", "status_code", "httpStatus", "http_status", "code"];
/// Properties that take the message listing the violations.
const MESSAGE: &[&str] =
    &["error_msg", "message", "msg", "error_message", "errorMessage", "detail", "error_description", "title"];
/// Properties that may hold the error object itself (`{"error": {"code": .., "message": ..}}`).
const WRAPPER: &[&str] = &["error", "errors", "fault"];

/// Words in a 400 or 403 response's description that say it answers failed authentication.
const AUTHENTICATION_WORDS: &[&str] =
    &["authenticat", "credential", "unauthori", "token", "signature", "api key", "apikey", "login"];

/// Which declared status answers each kind of refused request, and the error body.
pub fn rejections(lowerer: &mut Lowerer<'_>, op: &Operation, pointer: &str) -> Rejections {
    let doc = lowerer.doc;
    let declared = |code: u16| op.responses.responses.contains_key(&StatusCode::Code(code));
    let pick = |preferred: &[u16], fallback: u16| -> u16 {
        preferred.iter().copied().find(|c| declared(*c)).unwrap_or(fallback)
    };
    let invalid = pick(&[400, 422], 400);
    // The first of these that describes a body: one without `content` leaves the body open, and
    // the violations are worth sending (Kubernetes documents its 401 so, and no 400).
    let codes = [invalid, 401, 400, 403, 413, 415].map(|c| (c.to_string(), StatusCode::Code(c)));
    let candidates = codes.iter().map(|(status, code)| (status.as_str(), op.responses.responses.get(code))).chain([
        ("4XX", op.responses.responses.get(&StatusCode::Range(4))),
        ("default", op.responses.default.as_ref()),
    ]);
    let shape = match first_with_body(doc, candidates) {
        Some((status, response)) => error_shape(lowerer, response, &format!("{pointer}/responses/{status}")),
        None => plain_json("application/json".to_string()),
    };
    let unauthenticated = unauthenticated(doc, op);
    // The unauthenticated status's own body, when its response describes one.
    let own = (unauthenticated != invalid).then(|| {
        let code = StatusCode::Code(unauthenticated);
        first_with_body(doc, [(unauthenticated.to_string().as_str(), op.responses.responses.get(&code))])
            .map(|(status, response)| error_shape(lowerer, response, &format!("{pointer}/responses/{status}")))
    });
    let unauthenticated_shape = own.flatten().filter(|own| *own != shape);
    Rejections {
        unauthenticated,
        invalid,
        too_large: pick(&[413, 400], 413),
        unsupported_media_type: pick(&[415, 400], 415),
        shape,
        unauthenticated_shape,
    }
}

/// The body of the 501 a default stub answers: the shape of the response documenting it (`501`,
/// `5XX`, `default`) when that describes a body, else the rejections' shape.
pub fn unimplemented(lowerer: &mut Lowerer<'_>, op: &Operation, pointer: &str, rejected: &ErrorShape) -> ErrorShape {
    let doc = lowerer.doc;
    let candidates = [
        ("501", op.responses.responses.get(&StatusCode::Code(501))),
        ("5XX", op.responses.responses.get(&StatusCode::Range(5))),
        ("default", op.responses.default.as_ref()),
    ];
    match first_with_body(doc, candidates) {
        Some((status, response)) => error_shape(lowerer, response, &format!("{pointer}/responses/{status}")),
        None => rejected.clone(),
    }
}

/// The first of the declared responses `candidates` (status key, response) that describes a body:
/// one without `content` leaves the body open.
fn first_with_body<'d, 's>(
    doc: &'d OpenAPI,
    candidates: impl IntoIterator<Item = (&'s str, Option<&'d ReferenceOr<Response>>)>,
) -> Option<(&'s str, &'d Response)> {
    candidates
        .into_iter()
        .filter_map(|(status, r)| Some((status, bodies::resolve_response(doc, r?)?)))
        .find(|(_, response)| !response.content.is_empty())
}

/// Missing or refused credentials: 401, unless the spec leaves it out and documents a 400 or 403
/// for failed authentication (the Huawei pages document 400 for "Authentication is not performed
/// or fails"). A 400 for bad input alone does not answer missing credentials.
fn unauthenticated(doc: &OpenAPI, op: &Operation) -> u16 {
    let speaks_of_authentication = |code: u16| {
        op.responses.responses.get(&StatusCode::Code(code)).and_then(|r| bodies::resolve_response(doc, r)).is_some_and(
            |r| {
                let description = r.description.to_ascii_lowercase();
                AUTHENTICATION_WORDS.iter().any(|word| description.contains(word))
            },
        )
    };
    if op.responses.responses.contains_key(&StatusCode::Code(401)) {
        401
    } else {
        [400, 403].into_iter().find(|c| speaks_of_authentication(*c)).unwrap_or(401)
    }
}

/// An error body for a spec that describes none (or no schema for it): `{"message": ..}`.
fn plain_json(media_type: String) -> ErrorShape {
    ErrorShape::Json {
        media_type,
        within: None,
        code: None,
        status: None,
        message: Some("message".to_string()),
        fixed: String::new(),
    }
}

/// The error body of `response` (at `at`): its media type, and the properties of its schema that
/// take the code, the status and the message; the others it requires get fixed values.
fn error_shape(lowerer: &mut Lowerer<'_>, response: &Response, at: &str) -> ErrorShape {
    let doc = lowerer.doc;
    // The response describes a body (see `rejections`); one that is not JSON gets the message as text.
    let Some((media, content)) = bodies::json_content(doc, &response.content) else { return ErrorShape::Text };
    let essence = essence(media);
    // A range (`application/*`) is no media type to answer with.
    let media_type = if essence.contains('*') { "application/json".to_string() } else { essence };
    // A schema many operations share is reported once, at the first of them.
    let schema_key = match &content.schema {
        Some(ReferenceOr::Reference { reference }) => reference.clone(),
        _ => at.to_string(),
    };
    let Some(schema) = content.schema.as_ref().and_then(|s| crate::schema_view::resolve(doc, SchemaRef::from(s)))
    else {
        return plain_json(media_type);
    };
    let outer = Object::of(doc, SchemaView::of(schema));
    let mut target = outer.clone();
    let mut within = None;
    if !target.has_slot(doc) {
        // The error object may sit under a wrapper property, the only one the outer object requires.
        let wrapped = WRAPPER.iter().find_map(|name| {
            let inner = outer.property(name)?;
            let inner = Object::of(doc, SchemaView::of(crate::schema_view::resolve(doc, inner)?));
            let others_required = outer.required.iter().any(|r| r != name);
            (inner.has_slot(doc) && !others_required).then(|| (name.to_string(), inner))
        });
        if let Some((name, inner)) = wrapped {
            within = Some(name);
            target = inner;
        }
    }
    let code = target.slot(doc, CODE, Kind::String);
    let status = target.slot(doc, STATUS, Kind::Number).filter(|s| Some(s) != code.as_ref());
    let mut message = target.slot(doc, MESSAGE, Kind::String).filter(|m| Some(m) != code.as_ref());
    if message.is_none() && target.open && target.property("message").is_none() {
        // Undeclared properties are allowed: the message still helps whoever reads the body.
        message = Some("message".to_string());
    }
    let mut fixed = Vec::new();
    for name in &target.required {
        if [&code, &status, &message].iter().any(|slot| slot.as_deref() == Some(name.as_str())) {
            continue;
        }
        let value = target.property(name).and_then(|p| placeholder(doc, p, 0));
        match value {
            Some(value) => fixed.push(format!("{}:{value}", Value::String(name.clone()))),
            None if lowerer.note_once(format!("error body {schema_key} {name}")) => {
                lowerer.diags.push(
                    Diagnostic::warning(
                        Code::UnfillableErrorBody,
                        at.to_string(),
                        format!(
                            "the error body requires `{name}`, which the router cannot fill when it refuses a \
                             request; its error bodies leave it out"
                        ),
                    )
                    .with_hint("give the property a `default`, or make it optional"),
                );
            }
            None => {}
        }
    }
    ErrorShape::Json { media_type, within, code, status, message, fixed: fixed.join(",") }
}

/// What a property's value may be, for the slots.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
}

/// An object schema's properties (its `allOf` branches' included) and what it requires.
#[derive(Clone)]
struct Object<'d> {
    properties: Vec<(&'d str, SchemaRef<'d>)>,
    required: Vec<String>,
    /// Undeclared properties are allowed.
    open: bool,
}

impl<'d> Object<'d> {
    fn of(doc: &'d OpenAPI, view: SchemaView<'d>) -> Self {
        let mut object = Object { properties: Vec::new(), required: Vec::new(), open: true };
        object.add(doc, view, 0);
        object
    }

    fn add(&mut self, doc: &'d OpenAPI, view: SchemaView<'d>, depth: usize) {
        if matches!(view.additional, Some(AdditionalProperties::Any(false))) {
            self.open = false;
        }
        for (name, schema) in &view.properties {
            if self.property(name).is_none() {
                self.properties.push((name, *schema));
            }
        }
        for name in view.required {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
        if depth < 8 {
            for branch in &view.all_of {
                if let Some(schema) = crate::schema_view::resolve(doc, *branch) {
                    self.add(doc, SchemaView::of(schema), depth + 1);
                }
            }
        }
    }

    fn property(&self, name: &str) -> Option<SchemaRef<'d>> {
        self.properties.iter().find(|(n, _)| *n == name).map(|(_, schema)| *schema)
    }

    /// The object has a property for the code, the status or the message.
    fn has_slot(&self, doc: &OpenAPI) -> bool {
        [(CODE, Kind::String), (STATUS, Kind::Number), (MESSAGE, Kind::String)]
            .iter()
            .any(|(names, kind)| self.slot(doc, names, *kind).is_some())
    }

    /// The first of `names` that the object declares with a schema that takes any value of `kind`.
    fn slot(&self, doc: &OpenAPI, names: &[&str], kind: Kind) -> Option<String> {
        names.iter().find(|name| self.property(name).is_some_and(|p| takes(doc, p, kind))).map(|n| n.to_string())
    }
}

/// The schema takes any string (or any error status, for [`Kind::Number`]).
fn takes(doc: &OpenAPI, schema: SchemaRef<'_>, kind: Kind) -> bool {
    let Some(schema) = crate::schema_view::resolve(doc, schema) else { return false };
    let view = SchemaView::of(schema);
    let unconstrained = view.enumeration.is_empty()
        && view.all_of.is_empty()
        && view.any_of.is_empty()
        && view.one_of.is_empty()
        && view.not.is_none();
    match kind {
        Kind::String => {
            unconstrained
                && matches!(view.ty, Some("string"))
                && view.format.is_none()
                && view.pattern.is_none()
                && view.min_length.unwrap_or(0) <= 1
                && view.max_length.is_none()
        }
        // The statuses a router refuses with are errors, 400 to 599 (Spotify's `status` is bounded
        // so).
        Kind::Number => {
            unconstrained
                && matches!(view.ty, Some("integer" | "number"))
                && view.minimum.map(Limit::as_f64).is_none_or(|m| m < 400.0 || (m == 400.0 && !view.exclusive_minimum))
                && view.maximum.map(Limit::as_f64).is_none_or(|m| m > 599.0 || (m == 599.0 && !view.exclusive_maximum))
                && view.multiple_of.is_none()
        }
    }
}

/// A string the string keywords of `view` accept: the empty string, or for a format the runtime
/// checks, a value of it (Ory's error body requires a `uuid` and two `date-time`s); then held to
/// the length bounds and the pattern.
fn string_placeholder(view: &SchemaView<'_>) -> Option<&'static str> {
    let text = match view.format {
        Some(format) => openapi_forge_runtime::codegen::Format::from_name(format).map_or("", |f| f.example()),
        None => "",
    };
    let length = text.chars().count();
    let pattern_fits = match view.pattern {
        None => true,
        Some(pattern) => {
            openapi_forge_runtime::format::compile_pattern(pattern).is_some_and(|re| re.find(text).is_some())
        }
    };
    let fits = view.min_length.is_none_or(|min| length >= min) && view.max_length.is_none_or(|max| length <= max);
    (fits && pattern_fits).then_some(text)
}

/// A fixed value that the schema accepts, as JSON text: its `default`, its first `enum` value, or
/// the empty value of its type; `None` when none of these is sure to fit.
fn placeholder(doc: &OpenAPI, schema: SchemaRef<'_>, depth: usize) -> Option<String> {
    let view = SchemaView::of(crate::schema_view::resolve(doc, schema)?);
    if let Some(default) = &view.data.default {
        return Some(default.to_string());
    }
    if let Some(first) = view.enumeration.first() {
        return Some(first.to_string());
    }
    if depth > 8 || !view.all_of.is_empty() || !view.any_of.is_empty() || !view.one_of.is_empty() || view.not.is_some()
    {
        return None;
    }
    if view.data.nullable {
        return Some("null".to_string());
    }
    let fits_zero = view.minimum.map(Limit::as_f64).is_none_or(|m| m < 0.0 || (m == 0.0 && !view.exclusive_minimum))
        && view.maximum.map(Limit::as_f64).is_none_or(|m| m > 0.0 || (m == 0.0 && !view.exclusive_maximum));
    // A schema with properties but no `type` describes an object (ClearBlade's `Error`); one with
    // neither takes any value, a string among them (Ory's `state`).
    let ty = view.ty.or((!view.properties.is_empty() || !view.required.is_empty()).then_some("object"));
    match ty.unwrap_or("string") {
        "string" => string_placeholder(&view).map(|text| Value::String(text.to_string()).to_string()),
        "integer" | "number" if fits_zero => Some("0".to_string()),
        "boolean" => Some("false".to_string()),
        "array" if view.min_items.unwrap_or(0) == 0 => Some("[]".to_string()),
        "object" if view.min_properties.unwrap_or(0) == 0 => {
            let object = Object::of(doc, view);
            let members = object
                .required
                .iter()
                .map(|name| {
                    let value = placeholder(doc, object.property(name)?, depth + 1)?;
                    Some(format!("{}:{value}", Value::String(name.clone())))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(format!("{{{}}}", members.join(",")))
        }
        _ => None,
    }
}
