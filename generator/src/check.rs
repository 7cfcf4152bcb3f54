//! Check: every spec problem the generator can see on the raw JSON tree, all at once, each with the
//! JSON pointer of its node (the loader turns pointers into lines and columns).

use crate::codes::Code;
use crate::diagnostics::{child_pointer, push_token, Diagnostic, Diagnostics};
use crate::keys;
use crate::routing::Template;
use openapi_forge_runtime::format::pattern_reading;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Keywords of the OpenAPI 3.0 Schema Object.
const SCHEMA_KEYWORDS: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
    "$ref",
];

const TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
const TOP_LEVEL: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "tags",
    "externalDocs",
    "webhooks",
    "jsonSchemaDialect",
];
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Runs every check on the raw document.
pub fn check(raw: &Value, diags: &mut Diagnostics) {
    let mut checker =
        Checker { raw, diags, seen_schemas: HashSet::new(), acyclic: HashSet::new(), targets: Vec::new() };
    checker.walk_document();
    let targets = std::mem::take(&mut checker.targets);
    crate::schema_cycles::check(raw, &targets, diags);
}

struct Checker<'a> {
    raw: &'a Value,
    diags: &'a mut Diagnostics,
    seen_schemas: HashSet<String>,
    /// References known to end at a node that is not itself a reference.
    acyclic: HashSet<String>,
    /// The document's local references, in the order met (for [`crate::schema_cycles`]).
    targets: Vec<String>,
}

impl<'a> Checker<'a> {
    fn walk_document(&mut self) {
        let raw = self.raw;
        if let Some(map) = raw.as_object() {
            for key in map.keys().filter(|k| !TOP_LEVEL.contains(&k.as_str()) && !k.starts_with("x-")) {
                // A near miss (`path`) loses what the author meant: an error. Anything else is a
                // tool's own field left in the document: ignored, with a warning.
                let diag = match closest(key, TOP_LEVEL) {
                    Some(near) => Diagnostic::error(
                        Code::UnknownField,
                        child_pointer("", key),
                        format!("unknown top-level field `{key}`"),
                    )
                    .with_hint(format!("did you mean `{near}`?")),
                    None => Diagnostic::warning(
                        Code::UnknownField,
                        child_pointer("", key),
                        format!("unknown top-level field `{key}`"),
                    )
                    .with_hint("ignored; extensions are written `x-...`"),
                };
                self.diags.push(diag);
            }
        }
        if let Some(schemas) = raw.pointer("/components/schemas").and_then(Value::as_object) {
            for (name, schema) in schemas {
                self.schema(schema, &child_pointer("/components/schemas", name));
            }
        }
        for section in ["parameters", "headers"] {
            if let Some(items) = raw.pointer(&format!("/components/{section}")).and_then(Value::as_object) {
                for (name, item) in items {
                    self.parameter_like(item, &child_pointer(&format!("/components/{section}"), name));
                }
            }
        }
        for section in ["responses", "requestBodies"] {
            if let Some(items) = raw.pointer(&format!("/components/{section}")).and_then(Value::as_object) {
                for (name, item) in items {
                    self.with_content(item, &child_pointer(&format!("/components/{section}"), name));
                }
            }
        }
        self.paths();
        self.refs(raw, &mut String::new());
    }

    /// Operations under `paths` and `webhooks` (whose keys are names, not templates).
    fn paths(&mut self) {
        let raw = self.raw;
        let mut operation_ids: HashMap<&str, String> = HashMap::new();
        let sections = ["paths", "webhooks"].into_iter().filter_map(|key| Some((key, raw.get(key)?.as_object()?)));
        for (section, path, item) in sections.flat_map(|(key, items)| items.iter().map(move |(p, i)| (key, p, i))) {
            let item_pointer = child_pointer(&format!("/{section}"), path);
            let Some(item) = item.as_object() else { continue };
            let secured = |security: Option<&Value>| security.and_then(Value::as_array).is_some_and(|s| !s.is_empty());
            let root_secured = secured(raw.get("security"));
            let shared = self.parameters(item.get("parameters"), &format!("{item_pointer}/parameters"), root_secured);
            for method in METHODS {
                let Some(op) = item.get(*method).and_then(Value::as_object) else { continue };
                let op_pointer = child_pointer(&item_pointer, method);
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    let id_pointer = format!("{op_pointer}/operationId");
                    if let Some(first) = operation_ids.get(id) {
                        self.diags.push(
                            Diagnostic::error(
                                Code::DuplicateOperationId,
                                &id_pointer,
                                format!("duplicate operationId `{id}`"),
                            )
                            .with_hint(format!("it is already used at {first}")),
                        );
                    } else {
                        operation_ids.insert(id, id_pointer);
                    }
                }
                let op_secured = op.get("security").map_or(root_secured, |s| secured(Some(s)));
                let own = self.parameters(op.get("parameters"), &format!("{op_pointer}/parameters"), op_secured);
                let declared: HashSet<String> = shared.iter().chain(&own).cloned().collect();
                if section == "paths" {
                    self.path_template(path, &declared, &op_pointer);
                }
                if let Some(body) = op.get("requestBody") {
                    self.with_content(body, &format!("{op_pointer}/requestBody"));
                }
                if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                    for (status, response) in responses {
                        self.response_status(status, &child_pointer(&format!("{op_pointer}/responses"), status));
                        self.with_content(response, &child_pointer(&format!("{op_pointer}/responses"), status));
                    }
                }
            }
        }
    }

    fn response_status(&mut self, status: &str, pointer: &str) {
        let ok = status == "default"
            || (status.len() == 3
                && (status.bytes().all(|b| b.is_ascii_digit())
                    || (matches!(status.as_bytes()[0], b'1'..=b'5') && status[1..].eq_ignore_ascii_case("XX"))));
        if !ok {
            self.diags.push(
                Diagnostic::error(Code::InvalidStatus, pointer, format!("`{status}` is not a response status"))
                    .with_hint("use a three-digit status, a range such as `4XX`, or `default`"),
            );
        }
    }

    /// Checks each parameter; answers the names of the path parameters declared. `secured`: a
    /// security requirement applies to the operations that take these parameters.
    fn parameters(&mut self, list: Option<&Value>, pointer: &str, secured: bool) -> Vec<String> {
        let mut path_params = Vec::new();
        let Some(list) = list.and_then(Value::as_array) else { return path_params };
        for (i, param) in list.iter().enumerate() {
            let param_pointer = format!("{pointer}/{i}");
            let resolved = self.resolve(param);
            self.parameter_like(param, &param_pointer);
            let name = resolved.get("name").and_then(Value::as_str).unwrap_or("");
            if !secured
                && resolved.get("in").and_then(Value::as_str) == Some("header")
                && name.eq_ignore_ascii_case("authorization")
            {
                // OpenAPI would have the credentials go unchecked: say how they are read instead.
                self.diags.push(
                    Diagnostic::warning(Code::CredentialHeader,
                        &param_pointer,
                        format!("header parameter `{name}` is no parameter in OpenAPI, and no security requirement applies: it is read as the operation's credential, which the service's authentication method decides on"),
                    )
                    .with_hint("declare the credentials as a security scheme (`type: http, scheme: bearer`) and require it"),
                );
            }
            if resolved.get("in").and_then(Value::as_str) == Some("path") {
                if let Some(name) = resolved.get("name").and_then(Value::as_str) {
                    path_params.push(name.to_string());
                    if resolved.get("required") != Some(&Value::Bool(true)) {
                        self.diags.push(Diagnostic::error(
                            Code::PathParameterNotRequired,
                            &param_pointer,
                            format!("path parameter `{name}` must have `required: true`"),
                        ));
                    }
                }
            }
        }
        path_params
    }

    fn path_template(&mut self, path: &str, declared: &HashSet<String>, op_pointer: &str) {
        // Both defects have one reading (the template decides what a request path carries), so
        // they are warnings.
        let reconciled = Template::parse(path).reconcile(declared.iter().map(String::as_str));
        for name in reconciled.undeclared {
            self.diags.push(
                Diagnostic::warning(
                    Code::PathParameter,
                    op_pointer,
                    format!("path template parameter `{name}` is not declared"),
                )
                .with_hint(format!("read as a string; declare it with `name: {name}`, `in: path`, `required: true`")),
            );
        }
        for name in reconciled.in_query {
            self.diags.push(
                Diagnostic::warning(
                    Code::PathParameter,
                    format!("{op_pointer}/parameters"),
                    format!("path parameter `{name}` is braced in the query string of the path `{path}`"),
                )
                .with_hint("read as a query parameter, required as declared"),
            );
        }
        for name in reconciled.absent {
            self.diags.push(
                Diagnostic::warning(
                    Code::PathParameter,
                    format!("{op_pointer}/parameters"),
                    format!("path parameter `{name}` does not appear in the path `{path}`"),
                )
                .with_hint("no request path carries it, so it is left out"),
            );
        }
    }

    fn parameter_like(&mut self, item: &Value, pointer: &str) {
        if let Some(schema) = item.get("schema") {
            self.schema(schema, &format!("{pointer}/schema"));
        }
        self.with_content(item, pointer);
    }

    fn with_content(&mut self, item: &Value, pointer: &str) {
        if let Some(content) = item.get("content").and_then(Value::as_object) {
            for (media, media_object) in content {
                if !crate::media::is_media_range(media) {
                    self.diags.push(
                        Diagnostic::warning(Code::InvalidMediaType,
                            child_pointer(&format!("{pointer}/content"), media),
                            format!("`{media}` is not a media type (`type/subtype`)"),
                        )
                        .with_hint("no request or response carries it, so the entry is never used; write e.g. `application/json`"),
                    );
                }
                if let Some(schema) = media_object.get("schema") {
                    self.schema(schema, &format!("{}/schema", child_pointer(&format!("{pointer}/content"), media)));
                }
            }
        }
        if let Some(headers) = item.get("headers").and_then(Value::as_object) {
            for (name, header) in headers {
                self.parameter_like(header, &child_pointer(&format!("{pointer}/headers"), name));
            }
        }
    }

    /// Follows a local `$ref` (one level is enough for parameters and responses).
    fn resolve<'v>(&self, value: &'v Value) -> &'v Value
    where
        'a: 'v,
    {
        let target = value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#'));
        target.and_then(|t| keys::pointer(self.raw, t)).unwrap_or(value)
    }

    fn schema(&mut self, schema: &Value, pointer: &str) {
        if !self.seen_schemas.insert(pointer.to_string()) {
            return;
        }
        let Some(map) = schema.as_object() else {
            self.diags.push(Diagnostic::error(Code::SchemaNotMapping, pointer, "a schema must be a mapping"));
            return;
        };
        if keys::has(map, "$ref") {
            let extra: Vec<&String> = map.keys().filter(|k| *k != "$ref" && !k.starts_with("x-")).collect();
            if !extra.is_empty() {
                self.diags.push(
                    Diagnostic::warning(
                        Code::RefSiblings,
                        pointer,
                        format!("keywords beside `$ref` are ignored in OpenAPI 3.0: {}", join(&extra)),
                    )
                    .with_hint("wrap the reference in `allOf: [{$ref: ...}]` to combine it with other keywords"),
                );
            }
            return;
        }
        for key in map.keys() {
            if !SCHEMA_KEYWORDS.contains(&key.as_str()) && !key.starts_with("x-") {
                let mut diag = Diagnostic::warning(
                    Code::UnknownKeyword,
                    child_pointer(pointer, key),
                    format!("unknown schema keyword `{key}` (ignored)"),
                );
                if let Some(near) = closest(key, SCHEMA_KEYWORDS) {
                    diag = diag.with_hint(format!("did you mean `{near}`?"));
                } else if matches!(
                    key.as_str(),
                    "patternProperties"
                        | "const"
                        | "if"
                        | "then"
                        | "else"
                        | "$schema"
                        | "definitions"
                        | "dependencies"
                        | "contains"
                        | "propertyNames"
                        | "examples"
                ) {
                    diag = diag.with_hint("this JSON Schema keyword is not part of the OpenAPI 3.0 Schema Object");
                }
                self.diags.push(diag);
            }
        }
        self.schema_keywords(map, pointer);
        for key in ["items", "not"] {
            if let Some(sub) = keys::get(map, key) {
                self.schema(sub, &format!("{pointer}/{key}"));
            }
        }
        if let Some(sub) = keys::get(map, "additionalProperties").filter(|v| v.is_object()) {
            self.schema(sub, &format!("{pointer}/additionalProperties"));
        }
        if let Some(properties) = keys::get(map, "properties").and_then(Value::as_object) {
            for (name, sub) in properties {
                self.schema(sub, &child_pointer(&format!("{pointer}/properties"), name));
            }
        }
        if let Some(tuple) = keys::get(map, crate::openapi31::TUPLE) {
            for (i, item) in tuple.get("prefix").and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.schema(item, &format!("{pointer}/prefixItems/{i}"));
            }
            if let Some(rest) = tuple.get("rest").filter(|r| r.is_object()) {
                self.schema(rest, &format!("{pointer}/items"));
            }
        }
        if let Some(Value::Object(applied)) = keys::get(map, crate::openapi31::APPLICATORS) {
            self.applicators(applied, pointer);
        }
        if let Some(Value::Array(branches)) = keys::get(map, "allOf") {
            self.closed_all_of(branches, pointer);
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            match keys::get(map, key) {
                Some(Value::Array(branches)) => {
                    if branches.is_empty() {
                        self.diags.push(Diagnostic::error(
                            Code::EmptyComposition,
                            format!("{pointer}/{key}"),
                            format!("`{key}` must not be empty"),
                        ));
                    }
                    for (i, sub) in branches.iter().enumerate() {
                        self.schema(sub, &format!("{pointer}/{key}/{i}"));
                    }
                }
                Some(_) => self.diags.push(Diagnostic::error(
                    Code::KeywordValue,
                    format!("{pointer}/{key}"),
                    format!("`{key}` must be a list of schemas"),
                )),
                None => {}
            }
        }
    }

    /// Warns when one `allOf` branch forbids undeclared properties (`additionalProperties: false`)
    /// while another declares properties it does not know: no value can carry them.
    fn closed_all_of(&mut self, branches: &[Value], pointer: &str) {
        let resolved: Vec<&Value> = branches.iter().map(|b| self.resolve(b)).collect();
        let properties = |schema: &Value| -> Vec<String> {
            schema.get("properties").and_then(Value::as_object).map(|p| p.keys().cloned().collect()).unwrap_or_default()
        };
        for (i, closed) in resolved.iter().enumerate() {
            if closed.get("additionalProperties") != Some(&Value::Bool(false)) {
                continue;
            }
            let known = properties(closed);
            for (j, other) in resolved.iter().enumerate().filter(|(j, _)| *j != i) {
                let foreign: Vec<String> = properties(other).into_iter().filter(|p| !known.contains(p)).collect();
                if !foreign.is_empty() {
                    let required: Vec<&str> = other
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|r| {
                            r.iter().filter_map(Value::as_str).filter(|n| foreign.iter().any(|f| f == n)).collect()
                        })
                        .unwrap_or_default();
                    let consequence = if required.is_empty() {
                        "a value that has any of them is invalid".to_string()
                    } else {
                        format!("no value can satisfy the schema, since `{}` is required", required.join("`, `"))
                    };
                    self.diags.push(
                        Diagnostic::warning(
                            Code::ClosedAllOfBranch,
                            format!("{pointer}/allOf/{i}"),
                            format!(
                                "this branch forbids undeclared properties, but branch {j} declares {}: {consequence}",
                                foreign.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")
                            ),
                        )
                        .with_hint(
                            "drop `additionalProperties: false` from the base schema, or declare the properties there",
                        ),
                    );
                }
            }
        }
    }

    /// A 3.1 schema's applicators (carried in `x-forge-applicators`, each under its own name): their
    /// sub-schemas, and the values of the keywords that hold no schema.
    fn applicators(&mut self, applied: &Map<String, Value>, pointer: &str) {
        let wrong = |key: &str, what: &str| {
            Diagnostic::error(Code::KeywordValue, format!("{pointer}/{key}"), format!("`{key}` must be {what}"))
        };
        for key in ["minContains", "maxContains"] {
            if applied.get(key).is_some_and(|v| v.as_u64().is_none()) {
                self.diags.push(wrong(key, "a non-negative integer"));
            }
        }
        let lists = |v: &Value| v.as_array().is_some_and(|names| names.iter().all(Value::is_string));
        match applied.get("dependentRequired") {
            Some(Value::Object(needs)) if needs.values().all(lists) => {}
            Some(_) => {
                self.diags.push(wrong("dependentRequired", "an object whose values are lists of property names"))
            }
            None => {}
        }
        for key in ["dependentSchemas", "patternProperties"] {
            match applied.get(key) {
                Some(Value::Object(schemas)) => {
                    for (name, sub) in schemas {
                        let at = child_pointer(&format!("{pointer}/{key}"), name);
                        if key == "patternProperties" {
                            self.pattern(name, at.clone());
                        }
                        self.schema(sub, &at);
                    }
                }
                Some(_) => self.diags.push(wrong(key, "an object of schemas")),
                None => {}
            }
        }
        for key in ["contains", "propertyNames", "if", "then", "else", "unevaluatedProperties", "unevaluatedItems"] {
            if let Some(sub) = applied.get(key) {
                self.schema(sub, &format!("{pointer}/{key}"));
            }
        }
    }

    /// A regular expression of the spec's (`pattern`, a key of `patternProperties`) at `at`: it must
    /// compile as ECMA-262, and Java's POSIX classes are read as their ASCII ranges, with a warning.
    fn pattern(&mut self, source: &str, at: String) {
        // Compiled again only when it compiles in no reading, for the Unicode mode's reason.
        let reading = pattern_reading(source);
        if let Some((compiled, _)) = reading.as_ref().filter(|(compiled, _)| compiled != source) {
            self.diags.push(
                Diagnostic::warning(
                    Code::PosixClassPattern,
                    at.clone(),
                    format!("the pattern names Java's POSIX classes, which ECMA-262 lacks; read as `{compiled}`"),
                )
                .with_hint("JSON Schema patterns are ECMA-262: write the ASCII ranges Java gives these classes"),
            );
        }
        if let Some(Some(err)) = reading.is_none().then(|| regress::Regex::with_flags(source, "u").err()) {
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidPattern,
                    at,
                    format!("the pattern does not compile as an ECMA-262 regular expression: {err}"),
                )
                .with_hint("patterns follow JavaScript syntax; YAML single quotes keep backslashes as written"),
            );
        }
    }

    fn schema_keywords(&mut self, map: &Map<String, Value>, pointer: &str) {
        match keys::get(map, "type") {
            Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
            Some(Value::String(t)) => {
                let mut diag =
                    Diagnostic::error(Code::UnknownType, format!("{pointer}/type"), format!("unknown type `{t}`"));
                diag = match closest(t, TYPES) {
                    Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
                    None => diag.with_hint(format!("the types are {}", TYPES.join(", "))),
                };
                self.diags.push(diag);
            }
            Some(Value::Array(_)) => self.diags.push(
                Diagnostic::error(
                    Code::UnknownType,
                    format!("{pointer}/type"),
                    "a list of types is not allowed in OpenAPI 3.0",
                )
                .with_hint("use `nullable: true` for null, or `anyOf` with one schema per type"),
            ),
            Some(_) => self.diags.push(Diagnostic::error(
                Code::KeywordValue,
                format!("{pointer}/type"),
                "`type` must be a string",
            )),
            None => {}
        }
        for key in ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"] {
            if let Some(v) = keys::get(map, key) {
                if v.as_u64().is_none() {
                    self.diags.push(Diagnostic::error(
                        Code::KeywordValue,
                        format!("{pointer}/{key}"),
                        format!("`{key}` must be a non-negative integer"),
                    ));
                }
            }
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            if let Some(v) = keys::get(map, key) {
                if !v.is_number() {
                    self.diags.push(Diagnostic::error(
                        Code::KeywordValue,
                        format!("{pointer}/{key}"),
                        format!("`{key}` must be a number"),
                    ));
                }
            }
        }
        if let Some(m) = keys::get(map, "multipleOf").and_then(Value::as_f64) {
            if m <= 0.0 {
                self.diags.push(Diagnostic::error(
                    Code::KeywordValue,
                    format!("{pointer}/multipleOf"),
                    "`multipleOf` must be greater than 0",
                ));
            }
        }
        for key in
            ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "nullable", "readOnly", "writeOnly", "deprecated"]
        {
            if let Some(v) = keys::get(map, key) {
                if !v.is_boolean() {
                    let hint = if key.starts_with("exclusive") && v.is_number() {
                        "OpenAPI 3.0 uses a boolean beside `minimum`/`maximum`; the numeric form is OpenAPI 3.1"
                    } else {
                        "use `true` or `false`"
                    };
                    self.diags.push(
                        Diagnostic::error(
                            Code::KeywordValue,
                            format!("{pointer}/{key}"),
                            format!("`{key}` must be a boolean"),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
        self.impossible_range(map, pointer, "minLength", "maxLength");
        self.impossible_range(map, pointer, "minItems", "maxItems");
        self.impossible_range(map, pointer, "minProperties", "maxProperties");
        self.impossible_range(map, pointer, "minimum", "maximum");
        if let (Some(min), Some(max)) =
            (keys::get(map, "minimum").and_then(Value::as_f64), keys::get(map, "maximum").and_then(Value::as_f64))
        {
            let exclusive = keys::get(map, "exclusiveMinimum") == Some(&Value::Bool(true))
                || keys::get(map, "exclusiveMaximum") == Some(&Value::Bool(true));
            if min == max && exclusive {
                self.diags.push(Diagnostic::error(
                    Code::UnsatisfiableBounds,
                    pointer,
                    format!("no number lies in the exclusive range {min}..{max}"),
                ));
            }
        }
        if let Some(pattern) = keys::get(map, "pattern") {
            match pattern.as_str() {
                Some(source) => self.pattern(source, format!("{pointer}/pattern")),
                None => self.diags.push(Diagnostic::error(
                    Code::KeywordValue,
                    format!("{pointer}/pattern"),
                    "`pattern` must be a string",
                )),
            }
        }
        match keys::get(map, "required") {
            Some(Value::Array(names)) if names.iter().all(Value::is_string) => {}
            Some(Value::Bool(_)) => self.diags.push(
                Diagnostic::error(
                    Code::KeywordValue,
                    format!("{pointer}/required"),
                    "`required` must be a list of property names",
                )
                .with_hint("in OpenAPI 3.0 `required` belongs to the object, listing its required properties"),
            ),
            Some(_) => self.diags.push(Diagnostic::error(
                Code::KeywordValue,
                format!("{pointer}/required"),
                "`required` must be a list of property names",
            )),
            None => {}
        }
        match keys::get(map, "enum") {
            Some(Value::Array(values)) if values.is_empty() => self.diags.push(Diagnostic::error(
                Code::EmptyEnum,
                format!("{pointer}/enum"),
                "`enum` must not be empty: no value could match",
            )),
            Some(Value::Array(_)) | None => {}
            Some(_) => self.diags.push(Diagnostic::error(
                Code::KeywordValue,
                format!("{pointer}/enum"),
                "`enum` must be a list",
            )),
        }
        if let Some(additional) = keys::get(map, "additionalProperties") {
            if !additional.is_boolean() && !additional.is_object() {
                self.diags.push(Diagnostic::error(
                    Code::KeywordValue,
                    format!("{pointer}/additionalProperties"),
                    "`additionalProperties` must be a boolean or a schema",
                ));
            }
        }
    }

    fn impossible_range(&mut self, map: &Map<String, Value>, pointer: &str, low: &str, high: &str) {
        if let (Some(min), Some(max)) =
            (keys::get(map, low).and_then(Value::as_f64), keys::get(map, high).and_then(Value::as_f64))
        {
            if min > max {
                self.diags.push(
                    Diagnostic::error(
                        Code::UnsatisfiableBounds,
                        format!("{pointer}/{low}"),
                        format!("`{low}` ({min}) is greater than `{high}` ({max}): no value can satisfy both"),
                    )
                    .with_hint(format!("lower `{low}` or raise `{high}`")),
                );
            }
        }
    }

    /// No `$ref` may lead in a cycle of references alone.
    /// `pointer` is the value's location, one buffer for the whole walk.
    fn refs(&mut self, value: &Value, pointer: &mut String) {
        let here = pointer.len();
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = keys::get(map, "$ref") {
                    self.reference(target, &format!("{pointer}/$ref"));
                    if target.starts_with('#') {
                        self.targets.push(target.clone());
                    }
                }
                let is_properties = pointer.ends_with("/properties");
                let is_examples = pointer == "/components/examples";
                for (key, child) in map {
                    // Examples and extensions are data, not spec: a `$ref` key inside one is just a
                    // value. (A property named `examples` is still a schema.)
                    let data = key == "example" || key.starts_with("x-") || (key == "examples" && !is_properties);
                    if data || is_examples {
                        continue;
                    }
                    push_token(pointer, key);
                    self.refs(child, pointer);
                    pointer.truncate(here);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    use std::fmt::Write as _;
                    let _ = write!(pointer, "/{i}");
                    self.refs(child, pointer);
                    pointer.truncate(here);
                }
            }
            _ => {}
        }
    }

    /// The bundler has resolved every reference (or reported why not); what is left to find is a
    /// cycle of components that are only references to each other. A chain already followed to its
    /// end is not followed again (`acyclic`), so the check stays linear on long chains of aliases.
    fn reference(&mut self, target: &str, pointer: &str) {
        let Some(local) = target.strip_prefix('#') else { return };
        if self.acyclic.contains(target) {
            return;
        }
        let mut seen = vec![target.to_string()];
        let mut on_chain: HashSet<String> = HashSet::from([target.to_string()]);
        let mut current = local.to_string();
        while let Some(node) = keys::pointer(self.raw, &current) {
            match node.get("$ref").and_then(Value::as_str) {
                Some(next) if on_chain.contains(next) => {
                    self.diags.push(
                        Diagnostic::error(
                            Code::CircularRef,
                            pointer,
                            format!("circular `$ref`: {} → {next}", seen.join(" → ")),
                        )
                        .with_hint("a reference must eventually reach a schema, not only other references"),
                    );
                    return;
                }
                Some(next) if self.acyclic.contains(next) => break,
                Some(next) if next.starts_with('#') => {
                    on_chain.insert(next.to_string());
                    seen.push(next.to_string());
                    current = next[1..].to_string();
                }
                _ => break,
            }
        }
        self.acyclic.extend(seen);
    }
}

fn join(items: &[&String]) -> String {
    items.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// The candidate nearest to `word` by edit distance, when it is near enough to be a likely typo.
pub(crate) fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &'c str)> = None;
    for &candidate in candidates {
        // Nothing nearer than the best so far can come from a candidate whose length alone differs
        // by more: most candidates are dismissed without a distance computed.
        let within = best.map_or(limit, |(distance, _)| distance.saturating_sub(1));
        let length = candidate.chars().count();
        if length.abs_diff(word.len()) > within {
            continue;
        }
        let candidate_chars: Vec<char> = candidate.to_lowercase().chars().collect();
        if let Some(distance) = edit_distance_within(&word, &candidate_chars, within) {
            best = Some((distance, candidate));
            if distance == 0 {
                break;
            }
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The edit distance of `a` and `b` when it is at most `limit`; the computation stops as soon as
/// every entry of a row exceeds it.
fn edit_distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(previous + usize::from(ca != cb));
            previous = row[j + 1];
            row[j + 1] = next;
        }
        if row.iter().all(|&d| d > limit) {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}
