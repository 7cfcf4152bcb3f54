//! Operations: each path and method becomes a typed input (parameters by location, body,
//! credential), an output enum (one variant per documented status) and a rejection plan (which
//! declared status and error shape answers a refused request).

use crate::bodies;
use crate::bodies::resolve_parameter;
use crate::bundle::TRANSPORT_SCHEMES;
use crate::codes::Code;
use crate::diagnostics::{child_pointer, Diagnostic};
use crate::ir::{
    Check, CredentialSource, FormShapeRef, Operation, ParamGroup, ParamIr, ParamLocation, ResponseBody, ResponseIr,
    Security, SecurityAlternative, StatusIr, Style, Ty, TypeDef,
};
use crate::lower::Lowerer;
use crate::names::{field_name, location_type_suffix, type_name, Scope, STD_METHODS};
use crate::rejections;
use crate::route_keys::RouteKeys;
use crate::route_table::RouteTable;
use crate::routing::Template;
use crate::schema_view::SchemaRef;
use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, ObjectType, OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Schema, SchemaData, SchemaKind, SecurityScheme, StatusCode, Type,
};
use std::borrow::Cow;
use std::collections::HashMap;

/// The parameters of one location of one operation: the location, the object schema synthesized
/// for them, and each parameter's serialization.
type ParamSchema = (ParamLocation, Schema, Vec<ParamIr>);

/// The parameters of one operation by name and location: each one's data (declared, or implied
/// by the path template), its style and how its text travels ([`Wire`]).
type MergedParams<'d> = IndexMap<(String, ParamLocation), (Cow<'d, openapiv3::ParameterData>, Style, Wire)>;

/// How a query parameter's text travels beyond its style: `allowReserved`, `allowEmptyValue`.
#[derive(Clone, Copy, Debug, Default)]
struct Wire {
    allow_reserved: bool,
    allow_empty: bool,
}

/// Parameter schemas synthesized from the spec (one object schema per operation and location), built
/// before lowering so that they live as long as the document.
pub struct ParamSchemas {
    /// (path, method) → (location, schema, parameters).
    by_operation: IndexMap<(String, String), Vec<ParamSchema>>,
}

impl ParamSchemas {
    /// Collects the parameters of every operation, path-level ones included (an operation's own
    /// parameter replaces a path-level one with the same name and location).
    pub fn build(doc: &OpenAPI) -> Self {
        let mut by_operation = IndexMap::new();
        for (path, item) in &doc.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let template = Template::parse(path);
            for (method, op) in item.iter() {
                let mut merged: MergedParams<'_> = IndexMap::new();
                for param in item.parameters.iter().chain(&op.parameters) {
                    let Some(param) = resolve_parameter(doc, param) else { continue };
                    let (location, data, style, wire) = match param {
                        Parameter::Path { parameter_data, style } => {
                            let style = match style {
                                openapiv3::PathStyle::Matrix => Style::Matrix,
                                openapiv3::PathStyle::Label => Style::Label,
                                openapiv3::PathStyle::Simple => Style::Simple,
                            };
                            (ParamLocation::Path, parameter_data, style, Wire::default())
                        }
                        Parameter::Query { parameter_data, style, allow_reserved, allow_empty_value } => {
                            let style = match style {
                                openapiv3::QueryStyle::Form => Style::Form,
                                openapiv3::QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                                openapiv3::QueryStyle::PipeDelimited => Style::PipeDelimited,
                                openapiv3::QueryStyle::DeepObject => Style::DeepObject,
                            };
                            let allow_empty = allow_empty_value.unwrap_or(false);
                            let wire = Wire { allow_reserved: *allow_reserved, allow_empty };
                            (ParamLocation::Query, parameter_data, style, wire)
                        }
                        Parameter::Header { parameter_data, .. } => {
                            (ParamLocation::Header, parameter_data, Style::Simple, Wire::default())
                        }
                        Parameter::Cookie { parameter_data, .. } => {
                            (ParamLocation::Cookie, parameter_data, Style::Form, Wire::default())
                        }
                    };
                    if location == ParamLocation::Header
                        && ["accept", "content-type", "authorization"]
                            .contains(&data.name.to_ascii_lowercase().as_str())
                    {
                        // OpenAPI says these header parameters are ignored.
                        continue;
                    }
                    merged.insert((data.name.clone(), location), (Cow::Borrowed(data), style, wire));
                }
                reconcile_with_template(&mut merged, &template, path);
                let mut groups = Vec::new();
                for location in ParamLocation::ALL {
                    let params: Vec<(&openapiv3::ParameterData, Style, Wire)> = merged
                        .iter()
                        .filter(|((_, l), _)| *l == location)
                        .map(|(_, (data, style, wire))| (data.as_ref(), *style, *wire))
                        .collect();
                    if params.is_empty() {
                        continue;
                    }
                    let mut object = ObjectType::default();
                    let mut serialized = Vec::new();
                    for (data, style, wire) in params {
                        let mut style = style;
                        let schema = match &data.format {
                            ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                                ReferenceOr::Reference { reference: reference.clone() }
                            }
                            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                                let mut schema = schema.clone();
                                if schema.schema_data.description.is_none() {
                                    schema.schema_data.description = data.description.clone();
                                }
                                ReferenceOr::Item(Box::new(schema))
                            }
                            ParameterSchemaOrContent::Content(content) => match json_content(content) {
                                // `content: application/json`: the text is a JSON document.
                                Some(schema) => {
                                    style = Style::Json;
                                    match schema {
                                        ReferenceOr::Reference { reference } => {
                                            ReferenceOr::Reference { reference: reference.clone() }
                                        }
                                        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema.clone())),
                                    }
                                }
                                // Any other `content` is taken as text.
                                None => ReferenceOr::Item(Box::new(string_schema(data.description.clone()))),
                            },
                        };
                        serialized.push(ParamIr {
                            name: data.name.clone(),
                            style,
                            explode: data.explode.unwrap_or(style.explodes_by_default()),
                            allow_reserved: wire.allow_reserved,
                            allow_empty: wire.allow_empty,
                            shape: FormShapeRef::Inline(Default::default()),
                        });
                        if data.required || location == ParamLocation::Path {
                            object.required.push(data.name.clone());
                        }
                        object.properties.insert(data.name.clone(), schema);
                    }
                    let schema = Schema {
                        schema_data: SchemaData {
                            description: Some(format!(
                                "The {} parameters of `{}`.",
                                location.name(),
                                op.operation_id.as_deref().unwrap_or(path)
                            )),
                            ..SchemaData::default()
                        },
                        schema_kind: SchemaKind::Type(Type::Object(object)),
                    };
                    groups.push((location, schema, serialized));
                }
                by_operation.insert((path.clone(), method.to_string()), groups);
            }
        }
        ParamSchemas { by_operation }
    }
}

/// What the path template says beside the declarations (the checks warn of each): a name braced
/// in the path but not declared is a string path parameter, one braced in a query string written
/// into the path key an optional string query parameter, and a declared path parameter the
/// template lacks is left out, since no request path carries it.
fn reconcile_with_template(merged: &mut MergedParams<'_>, template: &Template, path: &str) {
    let declared = merged.keys().filter(|(_, location)| *location == ParamLocation::Path).map(|(n, _)| n.as_str());
    let reconciled = template.reconcile(declared);
    merged.retain(|(name, location), _| *location != ParamLocation::Path || !reconciled.absent.contains(name));
    // Declared in the path, braced in the query string: a query parameter, in its place (a query
    // parameter declared under the same name stays, and this one is dropped).
    if !reconciled.in_query.is_empty() {
        let moved = |(name, location): &(String, ParamLocation)| {
            *location == ParamLocation::Path && reconciled.in_query.contains(name)
        };
        let entries = std::mem::take(merged);
        for (key, (data, style, wire)) in entries {
            if !moved(&key) {
                merged.insert(key, (data, style, wire));
                continue;
            }
            let query = (key.0, ParamLocation::Query);
            if !merged.contains_key(&query) {
                merged.insert(query, (data, Style::Form, wire));
            }
        }
    }
    let implied = reconciled
        .undeclared
        .into_iter()
        .map(|name| (name, ParamLocation::Path))
        .chain(template.query_params().into_iter().map(|name| (name, ParamLocation::Query)));
    for (name, location) in implied {
        if merged.contains_key(&(name.clone(), location)) {
            continue;
        }
        let data = openapiv3::ParameterData {
            name: name.clone(),
            description: Some(format!("`{{{name}}}` in `{path}`, which the spec names without declaring it.")),
            required: location == ParamLocation::Path,
            deprecated: None,
            format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(string_schema(None))),
            example: None,
            examples: IndexMap::new(),
            explode: None,
            extensions: IndexMap::new(),
        };
        let style = if location == ParamLocation::Path { Style::Simple } else { Style::Form };
        merged.insert((name, location), (Cow::Owned(data), style, Wire::default()));
    }
}

fn string_schema(description: Option<String>) -> Schema {
    Schema {
        schema_data: SchemaData { description, ..SchemaData::default() },
        schema_kind: SchemaKind::Type(Type::String(Default::default())),
    }
}

/// The schema of a parameter's `content` when its media type is JSON.
fn json_content(content: &IndexMap<String, openapiv3::MediaType>) -> Option<&ReferenceOr<Schema>> {
    let (media, value) = content.iter().next()?;
    let json = crate::media::classify(media, crate::media::SchemaHint::Described) == crate::media::MediaKind::Json;
    json.then_some(value.schema.as_ref()).flatten()
}

/// Lowers every operation of the document, in path order then method order.
/// Where a document's operations are: its paths, or its webhooks (keyed by name, not path).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Paths,
    Webhooks,
}

pub fn lower_operations<'d>(lowerer: &mut Lowerer<'d>, params: &'d ParamSchemas, section: Section) -> Vec<Operation> {
    let doc = lowerer.doc;
    let mut credentials: Vec<(Vec<SecurityAlternative>, bool, String, String)> = Vec::new();
    let mut methods = Scope::default();
    // The trait's own methods when any operation is secured: an operation named like one of them
    // takes the next free name instead.
    let secured = doc.security.is_some() || doc.operations().any(|(_, _, op)| op.security.is_some());
    let mut trait_methods: Vec<String> = Vec::new();
    if secured {
        for name in ["authenticate", "verify_body"] {
            trait_methods.push(methods.claim(name));
        }
    }
    let mut out = Vec::new();
    let mut routes = RouteTable::default();
    for (path, item) in &doc.paths.paths {
        let path_pointer = match section {
            Section::Paths => child_pointer("/paths", path),
            Section::Webhooks => child_pointer("/webhooks", path.strip_prefix('/').unwrap_or(path)),
        };
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                lowerer.diags.push(
                    Diagnostic::error(Code::UnsupportedRef, &path_pointer, "a path item `$ref` is not supported")
                        .with_hint("inline the path item"),
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let pointer = child_pointer(&path_pointer, method);
            let id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
            let base = type_name(&id);
            let groups =
                params.by_operation.get(&(path.clone(), method.to_string())).map(Vec::as_slice).unwrap_or_default();
            let params = groups
                .iter()
                .map(|(location, schema, serialized)| {
                    let (ty, _) = lowerer.lower_schema(
                        SchemaRef::Inline(schema),
                        &format!("{base}{}", location_type_suffix(*location)),
                        &format!("{pointer}/parameters"),
                    );
                    let type_name = match ty {
                        Ty::Named(name) => name,
                        _ => String::new(),
                    };
                    ParamGroup { location: *location, type_name, params: serialized.clone(), shared: false }
                })
                .collect();
            let implicit = authorization_parameter(doc, item, op);
            let security = lower_security(
                lowerer,
                doc,
                (op, implicit),
                &base,
                &mut credentials,
                (&mut methods, &mut trait_methods),
                &pointer,
            );
            let route = match security {
                Ok(_) => {
                    let path = match section {
                        Section::Webhooks => Cow::Owned(webhook_route(path)),
                        Section::Paths => Cow::Borrowed(path.as_str()),
                    };
                    let keys = RouteKeys::of(doc, item, op, &path);
                    routes.route(lowerer.diags, (&path, method, &id), keys, &path_pointer)
                }
                Err(()) => {
                    lowerer.diags.push(
                        Diagnostic::warning(
                            Code::UncheckedSecurity,
                            &pointer,
                            "every security requirement names a scheme generated code cannot check (undeclared, or \
                             `mutualTLS`), so no request can be authenticated",
                        )
                        .with_hint(
                            "the operation is left out of the router and the service trait; its models are generated",
                        ),
                    );
                    None
                }
            };
            let unauthenticatable = security.is_err();
            let security = security.unwrap_or_default();
            let method_base = field_name(&id);
            let std_method = STD_METHODS.contains(&method_base.as_str());
            let method_name = if std_method {
                methods.claim(&format!("{method_base}_operation"))
            } else {
                methods.claim(&method_base)
            };
            if method_name != method_base {
                let like = if std_method {
                    "a method every type has from the prelude's traits"
                } else if trait_methods.contains(&method_base) {
                    "a method of the service trait"
                } else {
                    "an earlier operation"
                };
                lowerer.diags.push(Diagnostic::warning(Code::NameClash,
                    format!("{pointer}/operationId"),
                    format!("operationId `{id}` becomes the method `{method_base}`, like {like}; it is named `{method_name}`"),
                ));
            }
            let input_type = lowerer.claim_name(&format!("{base}Input"));
            let output_type = lowerer.claim_name(&format!("{base}Output"));
            let body = bodies::lower_body(lowerer, doc, op, &base, &pointer);
            let responses = lower_responses(lowerer, doc, op, &base, &pointer);
            let accept = bodies::accept(lowerer, &responses, &base);
            let refused = rejections::rejections(lowerer, op, &pointer);
            out.push(Operation {
                method_name,
                http_method: method.to_string(),
                path: path.clone(),
                request_path: Template::parse(path).request_path(),
                route,
                doc: operation_doc(op, method, path),
                input_type,
                output_type,
                params,
                body,
                security,
                unauthenticatable,
                responses,
                accept,
                unimplemented: rejections::unimplemented(lowerer, op, &pointer, &refused.shape),
                rejections: refused,
                id,
            });
        }
    }
    routes.finish(&mut out);
    out
}

/// A receiver serves the webhook `name` at `/<name>`, its characters outside a path segment's
/// unreserved set replaced by `-`.
fn webhook_route(name: &str) -> String {
    let segment: String = name
        .trim_start_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-._~".contains(c) { c } else { '-' })
        .collect();
    format!("/{segment}")
}

fn operation_doc(op: &SpecOperation, method: &str, path: &str) -> String {
    let mut doc = format!("`{} {path}`", method.to_ascii_uppercase());
    for text in [&op.summary, &op.description].into_iter().flatten() {
        doc.push_str("\n\n");
        doc.push_str(text.trim());
    }
    doc
}

fn lower_responses<'d>(
    lowerer: &mut Lowerer<'d>,
    doc: &'d OpenAPI,
    op: &'d SpecOperation,
    base: &str,
    pointer: &str,
) -> Vec<ResponseIr> {
    let mut scope = Scope::default();
    let statuses = op
        .responses
        .responses
        .iter()
        .map(|(status, r)| match status {
            StatusCode::Code(code) => (StatusIr::Code(*code), code.to_string(), r),
            StatusCode::Range(digit) => (StatusIr::Range(*digit), format!("{digit}XX"), r),
        })
        .chain(op.responses.default.iter().map(|r| (StatusIr::Default, "default".to_string(), r)));
    let mut out = Vec::new();
    for (status, key, response) in statuses {
        let Some(response) = bodies::resolve_response(doc, response) else { continue };
        let at = child_pointer(&format!("{pointer}/responses"), &key);
        let hint = format!("{base}Response_{key}");
        let body =
            bodies::response_body(lowerer, doc, &response.content, &hint, &format!("`{base}`'s {key} response"), &at);
        let mut header_scope = Scope::default();
        header_scope.claim("body");
        header_scope.claim("status");
        let headers = response
            .headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
            .map(|(name, header)| {
                let required = matches!(header, ReferenceOr::Item(h) if h.required);
                (header_scope.claim(&field_name(name)), name.clone(), required)
            })
            .collect();
        out.push(ResponseIr {
            variant: scope.claim(&status_variant(status)),
            status,
            doc: format!("{}: {}", key, response.description.trim()),
            body,
            headers,
        });
    }
    if out.is_empty() {
        lowerer.diags.push(
            Diagnostic::warning(
                Code::NoResponses,
                format!("{pointer}/responses"),
                "the operation declares no responses; its output allows any status and JSON body",
            )
            .with_hint("declare the responses it returns, so that outputs are typed and checked"),
        );
        out.push(ResponseIr {
            variant: "Default".to_string(),
            status: StatusIr::Default,
            doc: "Any response (the spec declares none).".to_string(),
            body: Some(ResponseBody::Json(Ty::Json)),
            headers: Vec::new(),
        });
    }
    out
}

fn status_variant(status: StatusIr) -> String {
    match status {
        StatusIr::Default => "Default".to_string(),
        StatusIr::Range(1) => "Informational".to_string(),
        StatusIr::Range(2) => "Success".to_string(),
        StatusIr::Range(3) => "Redirection".to_string(),
        StatusIr::Range(4) => "ClientError".to_string(),
        StatusIr::Range(5) => "ServerError".to_string(),
        StatusIr::Range(d) => format!("Status{d}XX"),
        StatusIr::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        }
        .to_string(),
    }
}

/// The `Authorization` header parameter an operation (or its path) declares: its name as written,
/// and whether it is required.
fn authorization_parameter(doc: &OpenAPI, item: &openapiv3::PathItem, op: &SpecOperation) -> Option<(String, bool)> {
    // The operation's own declaration replaces the path's.
    op.parameters.iter().rev().chain(item.parameters.iter().rev()).find_map(|param| {
        match resolve_parameter(doc, param)? {
            Parameter::Header { parameter_data, .. } if parameter_data.name.eq_ignore_ascii_case("authorization") => {
                Some((parameter_data.name.clone(), parameter_data.required))
            }
            _ => None,
        }
    })
}

/// The credentials of an operation: its security requirements (or the document's). With none, an
/// `Authorization` header parameter (`implicit`), which OpenAPI says is no parameter, is read as the
/// credential it is meant to be (dropshot's specs declare tokens so), rather than served unchecked.
fn lower_security(
    lowerer: &mut Lowerer<'_>,
    doc: &OpenAPI,
    (op, implicit): (&SpecOperation, Option<(String, bool)>),
    base: &str,
    known: &mut Vec<(Vec<SecurityAlternative>, bool, String, String)>,
    (methods, trait_methods): (&mut Scope, &mut Vec<String>),
    pointer: &str,
) -> Result<Option<Security>, ()> {
    // `security: []` lifts every requirement, as no `security` does (check.rs warns alike).
    let Some(requirements) = op.security.as_ref().or(doc.security.as_ref()).filter(|r| !r.is_empty()) else {
        let Some((header, required)) = implicit else { return Ok(None) };
        let parts = vec![("authorization".to_string(), header.clone(), CredentialSource::Header(header))];
        let alternatives = vec![SecurityAlternative { variant: "Authorization".to_string(), parts }];
        return Ok(Some(credential_type(lowerer, base, known, (methods, trait_methods), alternatives, !required)));
    };
    let mut optional = false;
    let mut dropped = false;
    let mut alternatives = Vec::new();
    let mut variants = Scope::default();
    for requirement in requirements {
        if requirement.is_empty() {
            optional = true;
            continue;
        }
        let mut parts = Vec::new();
        let mut fields = Scope::default();
        let mut undeclared = false;
        for name in requirement.keys() {
            let scheme = doc.components.as_ref().and_then(|c| c.security_schemes.get(name));
            let source = match scheme {
                Some(ReferenceOr::Item(SecurityScheme::APIKey { location, name: key, .. })) => match location {
                    APIKeyLocation::Header => CredentialSource::Header(key.clone()),
                    APIKeyLocation::Query => CredentialSource::Query(key.clone()),
                    APIKeyLocation::Cookie => CredentialSource::Cookie(key.clone()),
                },
                Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) => {
                    match scheme.to_ascii_lowercase().as_str() {
                        "basic" => CredentialSource::Basic,
                        "bearer" => CredentialSource::Bearer,
                        // `Digest`, `Negotiate`, ...: the header's value after the scheme's name.
                        _ => CredentialSource::Authorization(scheme.clone()),
                    }
                }
                // OAuth 2 and OpenID Connect send the access token as a bearer token.
                Some(ReferenceOr::Item(_)) => CredentialSource::Bearer,
                _ => {
                    // The alternative cannot be checked; dropping only this part would weaken it.
                    // A `mutualTLS` scheme was taken out at bundling, where it is explained.
                    let transport = doc
                        .extensions
                        .get(TRANSPORT_SCHEMES)
                        .and_then(serde_json::Value::as_array)
                        .is_some_and(|names| names.iter().any(|n| n.as_str() == Some(name.as_str())));
                    if !transport {
                        lowerer.diags.push(
                            Diagnostic::warning(Code::UncheckedSecurity,
                                format!("{pointer}/security"),
                                format!("security scheme `{name}` is not declared under #/components/securitySchemes"),
                            )
                            .with_hint(
                                "the requirement that names it is left out (no request can meet it); declare the scheme",
                            ),
                        );
                    }
                    undeclared = true;
                    break;
                }
            };
            let field = match &source {
                CredentialSource::Header(key) | CredentialSource::Query(key) | CredentialSource::Cookie(key) => {
                    field_name(key)
                }
                CredentialSource::Bearer => "token".to_string(),
                CredentialSource::Basic | CredentialSource::Authorization(_) => "credentials".to_string(),
            };
            parts.push((fields.claim(&field), name.clone(), source));
        }
        if undeclared {
            dropped = true;
            continue;
        }
        let variant = variants.claim(&type_name(&requirement.keys().cloned().collect::<Vec<_>>().join(" and ")));
        alternatives.push(SecurityAlternative { variant, parts });
    }
    if alternatives.is_empty() {
        // Every requirement named an undeclared scheme: no request can be authenticated, and
        // serving the operation without credentials would be the opposite of what it says.
        return if dropped && !optional { Err(()) } else { Ok(None) };
    }
    Ok(Some(credential_type(lowerer, base, known, (methods, trait_methods), alternatives, optional)))
}

/// The credential type and authentication method of `alternatives`: those of an earlier operation
/// with the same alternatives, or new ones (`Credential` and `authenticate` for the first).
fn credential_type(
    lowerer: &mut Lowerer<'_>,
    base: &str,
    known: &mut Vec<(Vec<SecurityAlternative>, bool, String, String)>,
    (methods, trait_methods): (&mut Scope, &mut Vec<String>),
    alternatives: Vec<SecurityAlternative>,
    optional: bool,
) -> Security {
    let (type_name, authenticate) =
        match known.iter().find(|(alts, opt, _, _)| *alts == alternatives && *opt == optional) {
            Some((_, _, name, method)) => (name.clone(), method.clone()),
            None => {
                let (base, method) = if known.is_empty() {
                    ("Credential".to_string(), "authenticate".to_string())
                } else {
                    let method = methods.claim(&format!("authenticate_{}", field_name(base)));
                    trait_methods.push(method.clone());
                    (format!("{base}Credential"), method)
                };
                let name = lowerer.claim_name(&base);
                known.push((alternatives.clone(), optional, name.clone(), method.clone()));
                (name, method)
            }
        };
    Security { type_name, authenticate, alternatives, optional }
}

/// Where parameter groups travel, their parameters' wire names and a digest of their bounds: what
/// equal groups share.
type GroupKey<'a> = (ParamLocation, Vec<&'a str>, u64);

/// A digest of the bounds in `check` and below (lengths, limits, patterns, item counts, enum values). Equal
/// checks digest alike; checks that differ only in a bound, as one limit per operation does, mostly
/// do not, so they do not all meet in one bucket to be compared pairwise.
pub(crate) fn bounds_digest(check: &Check, hasher: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    // `-0.0 == 0.0`: both digest as 0.
    let bits = |x: f64| if x == 0.0 { 0 } else { x.to_bits() };
    (check.min_length, check.max_length, check.min_items, check.max_items, &check.pattern).hash(hasher);
    for bound in [check.minimum, check.maximum] {
        bound.map(|(limit, exclusive)| (bits(limit.as_f64()), exclusive)).hash(hasher);
    }
    check.multiple_of.map(bits).hash(hasher);
    // The values themselves, as JSON text: checks that differ only in their enum's values would
    // otherwise all meet in one bucket.
    check.enumeration.as_ref().map(Vec::len).hash(hasher);
    for value in check.enumeration.iter().flatten() {
        value.to_string().hash(hasher);
    }
    for (name, property) in &check.properties {
        name.hash(hasher);
        bounds_digest(property, hasher);
    }
    if let Some(items) = &check.items {
        bounds_digest(items, hasher);
    }
}

/// Marks every parameter struct that is identical to an earlier one (same location, parameters,
/// kinds, fields and checks; only its name and doc differ) as an alias of the first. Specs repeat
/// the same path and query parameters across operations (nexus.json: 207 parameter structs, 46
/// distinct), and each struct would otherwise carry its own derives and validators to compile.
pub fn share_identical_param_types(types: &mut [TypeDef], operations: &mut [Operation]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    // (operation, group, type slot, the earlier type it repeats)
    let mut aliases: Vec<(usize, usize, usize, usize)> = Vec::new();
    // The first group of each kind, bucketed by location, wire names and bounds: only groups that
    // can be equal meet in a bucket, so thousands of distinct groups are not compared pairwise, and
    // the full comparison below runs within a bucket only. (A key of everything compared, printed
    // with `Debug`, cost a tenth of a lint of nexus.)
    let mut firsts: HashMap<GroupKey<'_>, Vec<(&ParamGroup, usize)>> = HashMap::new();
    for (op_index, op) in operations.iter().enumerate() {
        for (group_index, group) in op.params.iter().enumerate() {
            let Some(&slot) = index.get(group.type_name.as_str()) else { continue };
            let same = |&&(first, first_slot): &&(&ParamGroup, usize)| {
                first.location == group.location
                    && first.params == group.params
                    && types[first_slot].shape == types[slot].shape
                    && types[first_slot].check == types[slot].check
            };
            let mut digest = std::collections::hash_map::DefaultHasher::new();
            bounds_digest(&types[slot].check, &mut digest);
            let names = group.params.iter().map(|p| p.name.as_str()).collect();
            let key = (group.location, names, std::hash::Hasher::finish(&digest));
            let bucket = firsts.entry(key).or_default();
            match bucket.iter().find(same) {
                Some(&(_, first_slot)) if first_slot != slot => aliases.push((op_index, group_index, slot, first_slot)),
                Some(_) => {}
                None => bucket.push((group, slot)),
            }
        }
    }
    for (op_index, group_index, slot, first_slot) in aliases {
        types[slot].alias_of = Some(types[first_slot].name.clone());
        operations[op_index].params[group_index].shared = true;
    }
}
