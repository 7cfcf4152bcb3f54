//! Bundle: the files of one spec → one self-contained document in the 3.0 form, the only document
//! model the checks and the lowering read.
//!
//! The bundler walks the root document by its structure (paths, operations, parameters, bodies,
//! responses, components, webhooks, callbacks, schemas), so it knows what kind of object each
//! `$ref` stands for. Every reference is followed by [`crate::resolve`], whatever file and pointer it
//! names, and then:
//! - a reference to a component of its own kind stays a reference, as `#/components/<section>/<name>`
//!   (a components section that is itself a `$ref` to a file is read in first, so references into
//!   that file name the components it defines);
//! - any other schema (a file, a pointer into the middle of another schema or a parameter) is
//!   hoisted into `#/components/schemas` under a name made from where it came from, once, so that it
//!   stays one shared type and recursion works;
//! - any other object (a parameter, response, path item, operation ...) is copied in place.
//!
//! 3.1 schemas are rewritten into their 3.0 form on the way ([`crate::openapi31`]). [`Origins`] keeps,
//! for each copied or rewritten node, the file and pointer it came from, so that a diagnostic about
//! the bundled document names the file and line its node is written at.

use crate::codes::Code;
use crate::diagnostics::{child_pointer, escape_token, unescape_token, Diagnostic, Diagnostics};
use crate::keys;
use crate::load::Version;
use crate::names::type_name;
use crate::openapi31;
use crate::resolve::{is_bare_ref, Sources, Target, Unresolved};
use crate::slips;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// The bundled document and where its parts came from.
pub struct Bundle {
    /// The self-contained document: every `$ref` is `#/components/<section>/<name>`.
    pub doc: Value,
    /// Where each node of `doc` is written.
    pub origins: Origins,
}

/// Bundled pointer → (file, pointer in that file), recorded where content was copied or moved; a
/// node below a recorded one is at the same relative place below its origin.
#[derive(Default)]
pub struct Origins {
    moves: HashMap<String, (usize, String)>,
}

impl Origins {
    fn record(&mut self, bundled: String, file: usize, pointer: String) {
        self.moves.insert(bundled, (file, pointer));
    }

    /// The file and pointer that `pointer` (in the bundled document) is written at.
    pub fn source(&self, pointer: &str) -> (usize, String) {
        let mut prefix = pointer;
        loop {
            if let Some((file, origin)) = self.moves.get(prefix) {
                return (*file, format!("{origin}{}", &pointer[prefix.len()..]));
            }
            match prefix.rfind('/') {
                Some(i) => prefix = &prefix[..i],
                None => return (0, pointer.to_string()),
            }
        }
    }
}

/// What an object stands for, which decides how a `$ref` in its place is bundled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    Schema,
    Parameter,
    Header,
    RequestBody,
    Response,
    Example,
    Link,
    Callback,
    SecurityScheme,
    PathItem,
    Operation,
    MediaType,
}

impl Kind {
    /// The `components` section holding objects of this kind.
    fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Header => "headers",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::SecurityScheme => "securitySchemes",
            Kind::PathItem => "pathItems",
            Kind::Operation | Kind::MediaType => return None,
        })
    }

    fn of_section(section: &str) -> Option<Kind> {
        SECTIONS.iter().find(|k| k.section() == Some(section)).copied()
    }
}

const SECTIONS: &[Kind] = &[
    Kind::Schema,
    Kind::Parameter,
    Kind::Header,
    Kind::RequestBody,
    Kind::Response,
    Kind::Example,
    Kind::Link,
    Kind::Callback,
    Kind::SecurityScheme,
    Kind::PathItem,
];

/// The longest chain of references followed before giving up (real specs need two or three).
const MAX_CHAIN: usize = 64;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Schema keywords whose value is a map of schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
/// Schema keywords whose value is one schema.
const SCHEMA_ONES: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "additionalItems",
    "unevaluatedProperties",
    "unevaluatedItems",
];
/// Schema keywords whose value is a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Where the walk is: the file and pointer being read, and the pointer being written.
#[derive(Clone)]
struct At {
    file: usize,
    src: String,
    out: String,
}

impl At {
    fn child(&self, token: &str) -> At {
        At { file: self.file, src: child_pointer(&self.src, token), out: child_pointer(&self.out, token) }
    }
}

struct Bundler<'s, 'r> {
    sources: &'s mut Sources<'r>,
    version: Version,
    diags: &'s mut Diagnostics,
    origins: Origins,
    /// (section, target) → the component name it is bundled as.
    components: HashMap<(&'static str, Target), String>,
    /// The Rust type names the schema components take, so that hoisted names do not collide.
    taken: HashSet<String>,
    /// Hoisted schemas still to walk: (name, where the content is).
    pending: Vec<(String, Target)>,
    /// Objects being copied in place, outermost first (a cycle of them has no finite copy).
    inlining: Vec<Target>,
}

/// Bundles the spec whose root is `sources`' first file.
pub fn bundle(sources: &mut Sources<'_>, version: Version, diags: &mut Diagnostics) -> Option<Bundle> {
    let mut doc = sources.root()?.clone();
    let mut bundler = Bundler {
        sources,
        version,
        diags,
        origins: Origins::default(),
        components: HashMap::new(),
        taken: HashSet::new(),
        pending: Vec::new(),
        inlining: Vec::new(),
    };
    openapi31::dialect(&doc, bundler.diags);
    if version == Version::V31 {
        // JSON Schema's `$id` and anchors are 3.1's; in 3.0 a `$id` is no keyword.
        bundler.sources.read_schema_ids();
    }
    let root = At { file: 0, src: String::new(), out: String::new() };
    if let Some(components) = doc.get_mut("components") {
        bundler.components(components, &root.child("components"));
    }
    for key in ["paths", "webhooks"] {
        if let Some(Value::Object(items)) = doc.get_mut(key) {
            let at = root.child(key);
            for (name, item) in items.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                bundler.node(item, Kind::PathItem, &at.child(name));
            }
        }
    }
    bundler.hoist_pending(&mut doc);
    if version == Version::V31 {
        transport_schemes(&mut doc, bundler.diags);
    }
    // A 3.1 document may have only webhooks; the 3.0 form always has `paths`.
    if let Some(root) = doc.as_object_mut() {
        root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    }
    Some(Bundle { doc, origins: bundler.origins })
}

/// The root extension naming the security schemes [`transport_schemes`] took out, so that a
/// requirement naming one is explained rather than called undeclared.
pub const TRANSPORT_SCHEMES: &str = "x-forge-transport-schemes";

/// The extension that carries a schema's XML Object (`xml`) past openapiv3, which reads none.
pub const XML: &str = "x-forge-xml";

/// 3.1's `mutualTLS` security schemes, which the 3.0 model has no place for: a client certificate is
/// checked by the TLS layer, which generated code does not see. Each is taken out with a warning
/// and named in [`TRANSPORT_SCHEMES`]; a requirement that names one is then one no request meets,
/// never one every request meets.
fn transport_schemes(doc: &mut Value, diags: &mut Diagnostics) {
    let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") else { return };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    for name in &names {
        schemes.remove(name);
        diags.push(
            Diagnostic::warning(Code::UncheckedSecurity,
                child_pointer("/components/securitySchemes", name),
                format!("security scheme `{name}` is `mutualTLS`, which the TLS layer checks, out of generated code's sight"),
            )
            .with_hint("each requirement naming it is one no request can meet: the operation is refused unless another requirement admits it"),
        );
    }
    if let (false, Some(root)) = (names.is_empty(), doc.as_object_mut()) {
        root.insert(TRANSPORT_SCHEMES.into(), Value::from(names));
    }
}

impl Bundler<'_, '_> {
    /// Reads in sections that are `$ref`s, names every component, then walks each.
    fn components(&mut self, components: &mut Value, at: &At) {
        if let Some(reference) = ref_of(components).map(str::to_owned) {
            self.inline(components, &reference, at, |b, v, at| b.components(v, at));
            return;
        }
        let Some(map) = components.as_object_mut() else { return };
        let mut sections = Vec::new();
        for (section, items) in map.iter_mut() {
            let Some(kind) = Kind::of_section(section) else { continue };
            let mut section_at = at.child(section);
            if let Some(reference) = ref_of(items).map(str::to_owned) {
                match self.sources.target(section_at.file, &section_at.src, &reference, self.diags) {
                    Ok(target) => {
                        *items = self.sources.node(&target).cloned().unwrap_or_default();
                        self.origins.record(section_at.out.clone(), target.file, target.pointer.clone());
                        section_at = At { file: target.file, src: target.pointer, out: section_at.out };
                    }
                    Err(message) => self.unresolved(&section_at, message),
                }
            }
            let Some(entries) = items.as_object() else { continue };
            let section_name = kind.section().unwrap_or_default();
            for name in entries.keys().filter(|k| !k.starts_with("x-")) {
                let entry = section_at.child(name);
                // By where it is written, and by where the bundled document has it (the same place
                // unless the section is a file of its own).
                self.components
                    .insert((section_name, Target { file: entry.file, pointer: entry.src.clone() }), name.clone());
                self.components.insert((section_name, Target { file: 0, pointer: entry.out.clone() }), name.clone());
                if kind == Kind::Schema {
                    self.taken.insert(type_name(name));
                }
            }
            sections.push((section.clone(), kind, section_at));
        }
        for (section, kind, section_at) in sections {
            let Some(Value::Object(entries)) = keys::get_mut(map, &section) else { continue };
            for (name, entry) in entries.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                self.component(entry, kind, &section_at.child(name));
            }
        }
    }

    /// One component: a reference to another component of its kind stays an alias; a reference to
    /// anything else becomes the component's own content.
    fn component(&mut self, entry: &mut Value, kind: Kind, at: &At) {
        let Some(reference) = bare_ref(entry).map(str::to_owned) else {
            self.node(entry, kind, at);
            return;
        };
        let section = kind.section().unwrap_or_default();
        let own = Target { file: at.file, pointer: at.src.clone() };
        match self.follow(at, &reference, section) {
            Ok(target) => {
                if let Some(name) = self.components.get(&(section, target.clone())).filter(|_| target != own) {
                    let name = name.clone();
                    set_ref(entry, section, &name);
                    return;
                }
                *entry = self.sources.node(&target).cloned().unwrap_or_default();
                self.origins.record(at.out.clone(), target.file, target.pointer.clone());
                self.components.entry((section, target.clone())).or_insert_with(|| last_token(&at.out));
                let inner = At { file: target.file, src: target.pointer, out: at.out.clone() };
                self.node(entry, kind, &inner);
            }
            Err(message) => self.unresolved(at, message),
        }
    }

    /// Walks `value`, an object of kind `kind`.
    fn node(&mut self, value: &mut Value, kind: Kind, at: &At) {
        if kind == Kind::Schema {
            self.schema(value, at);
            return;
        }
        if let Some(reference) = ref_of(value).map(str::to_owned) {
            self.object_ref(value, kind, &reference, at);
            return;
        }
        let Some(map) = value.as_object_mut() else { return };
        match kind {
            Kind::Parameter | Kind::Header => {
                self.child(map, "schema", Kind::Schema, at);
                self.children(map, "content", Kind::MediaType, at);
                self.children(map, "examples", Kind::Example, at);
            }
            Kind::MediaType => {
                self.child(map, "schema", Kind::Schema, at);
                self.children(map, "examples", Kind::Example, at);
                if let Some(Value::Object(encodings)) = keys::get_mut(map, "encoding") {
                    let at = at.child("encoding");
                    for (name, encoding) in encodings.iter_mut() {
                        if let Some(encoding) = encoding.as_object_mut() {
                            explode_default(encoding);
                            self.children(encoding, "headers", Kind::Header, &at.child(name));
                        }
                    }
                }
            }
            Kind::RequestBody => self.children(map, "content", Kind::MediaType, at),
            Kind::Response => {
                self.children(map, "headers", Kind::Header, at);
                self.children(map, "content", Kind::MediaType, at);
                self.children(map, "links", Kind::Link, at);
            }
            Kind::Callback => {
                for (expression, item) in map.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                    self.node(item, Kind::PathItem, &at.child(expression));
                }
            }
            Kind::PathItem => {
                self.list(map, "parameters", Kind::Parameter, at);
                for method in METHODS {
                    self.child(map, method, Kind::Operation, at);
                }
            }
            Kind::Operation => {
                // 3.1 makes `responses` optional (3.0 requires it, and real 3.0 documents leave it
                // out too): absent reads as empty, which the lowering reports with its reading.
                map.entry("responses").or_insert_with(|| Value::Object(Map::new()));
                self.list(map, "parameters", Kind::Parameter, at);
                self.child(map, "requestBody", Kind::RequestBody, at);
                self.children(map, "responses", Kind::Response, at);
                self.children(map, "callbacks", Kind::Callback, at);
            }
            Kind::Schema | Kind::Example | Kind::Link | Kind::SecurityScheme => {}
        }
    }

    fn child(&mut self, map: &mut Map<String, Value>, key: &str, kind: Kind, at: &At) {
        if let Some(value) = keys::get_mut(map, key) {
            self.node(value, kind, &at.child(key));
        }
    }

    fn children(&mut self, map: &mut Map<String, Value>, key: &str, kind: Kind, at: &At) {
        if let Some(Value::Object(items)) = keys::get_mut(map, key) {
            let at = at.child(key);
            for (name, item) in items.iter_mut().filter(|(k, _)| !k.starts_with("x-")) {
                self.node(item, kind, &at.child(name));
            }
        }
    }

    fn list(&mut self, map: &mut Map<String, Value>, key: &str, kind: Kind, at: &At) {
        if let Some(Value::Array(items)) = keys::get_mut(map, key) {
            let at = at.child(key);
            for (i, item) in items.iter_mut().enumerate() {
                self.node(item, kind, &at.child(&i.to_string()));
            }
        }
    }

    /// A `$ref` in place of a non-schema object: a reference to a component of its kind, or the
    /// referenced object copied in.
    fn object_ref(&mut self, value: &mut Value, kind: Kind, reference: &str, at: &At) {
        if kind == Kind::Operation {
            self.at_ref(
                at,
                Diagnostic::warning(
                    Code::UnsupportedRef,
                    "",
                    "an operation written as a `$ref`; OpenAPI allows references to path items, not operations",
                )
                .with_hint("read as if the operation were written here"),
            );
        }
        let section = kind.section();
        // A path item is always copied in: the lowering reads operations where their path is. So
        // is a callback: the 3.0 model has no place for a reference to one.
        if let Some(section) = section.filter(|_| !matches!(kind, Kind::PathItem | Kind::Callback)) {
            match self.follow(at, reference, section) {
                Ok(target) => {
                    if let Some(name) = self.components.get(&(section, target.clone())).cloned() {
                        *value = Value::Object(Map::new());
                        set_ref(value, section, &name);
                    } else {
                        self.copy_in(value, kind, target, at);
                    }
                }
                Err(message) => self.unresolved(at, message),
            }
            return;
        }
        match self.follow(at, reference, "") {
            Ok(target) => self.copy_in(value, kind, target, at),
            Err(message) => self.unresolved(at, message),
        }
    }

    /// Reports a reference met again while its own target is being copied in, and leaves an empty
    /// object in its place (copying it would never end).
    fn contains_itself(&mut self, value: &mut Value, target: &Target, at: &At) {
        let message = format!("the reference to `{}` contains itself", target.pointer);
        self.at_ref(at, Diagnostic::error(Code::SelfContainingRef, "", message));
        *value = Value::Object(Map::new());
    }

    /// Replaces `value` by the object at `target`, walked in its own file.
    fn copy_in(&mut self, value: &mut Value, kind: Kind, target: Target, at: &At) {
        if self.inlining.contains(&target) {
            return self.contains_itself(value, &target, at);
        }
        *value = self.sources.node(&target).cloned().unwrap_or_default();
        self.origins.record(at.out.clone(), target.file, target.pointer.clone());
        let inner = At { file: target.file, src: target.pointer.clone(), out: at.out.clone() };
        self.inlining.push(target);
        self.node(value, kind, &inner);
        self.inlining.pop();
    }

    /// Follows `reference`, written in the node at `at`, to a component of `section` or to a node that is not a bare
    /// reference.
    fn follow(&mut self, at: &At, reference: &str, section: &'static str) -> Result<Target, Unresolved> {
        let mut chain = vec![reference.to_string()];
        let mut target = self.sources.target(at.file, &at.src, reference, self.diags)?;
        loop {
            if self.components.contains_key(&(section, target.clone())) {
                return Ok(target);
            }
            let next = match self.sources.node(&target) {
                Some(Value::Object(map)) if is_bare_ref(map) => {
                    keys::get(map, "$ref").and_then(Value::as_str).map(str::to_owned)
                }
                _ => None,
            };
            let Some(next) = next else { return Ok(target) };
            if chain.len() >= MAX_CHAIN || chain.contains(&next) {
                chain.push(next);
                return Err(Unresolved {
                    code: Code::CircularRef,
                    message: format!("circular `$ref`: {}", chain.join(" → ")),
                    hint: Some("a reference must eventually reach a schema, not only other references".into()),
                });
            }
            chain.push(next.clone());
            target = self.sources.target(target.file, &target.pointer.clone(), &next, self.diags)?;
        }
    }

    /// A schema: rewritten from 3.1, its references bundled, its subschemas walked.
    fn schema(&mut self, value: &mut Value, at: &At) {
        if let Value::Bool(b) = value {
            if self.version == Version::V31 {
                *value = openapi31::boolean_schema(*b);
            }
            return;
        }
        let Some(map) = value.as_object_mut() else { return };
        if self.version == Version::V31 {
            self.sources.static_dynamic_ref(map);
            for moved in openapi31::rewrite_schema(map, &at.out, self.diags).into_iter().filter(|m| !m.to.is_empty()) {
                self.origins.record(format!("{}{}", at.out, moved.to), at.file, format!("{}{}", at.src, moved.from));
            }
        }
        if self.version == Version::V30
            && keys::has(map, "$ref")
            && keys::get(map, "nullable") == Some(&Value::Bool(true))
        {
            slips::nullable_reference(map, &at.out, self.diags);
        }
        if let Some(reference) = keys::get(map, "$ref").and_then(Value::as_str).map(str::to_owned) {
            match self.schema_ref(&reference, at) {
                Ok(bundled) => {
                    map.insert("$ref".into(), Value::String(bundled));
                }
                Err(message) => {
                    map.remove("$ref");
                    self.unresolved(at, message);
                }
            }
            return;
        }
        slips::read_schema_slips(map, &at.out, self.diags);
        // openapiv3 reads no `xml`; an extension of the same content survives its reading.
        if let Some(xml @ Value::Object(_)) = keys::get(map, "xml") {
            let xml = xml.clone();
            map.insert(XML.into(), xml);
        }
        for key in SCHEMA_MAPS {
            if let Some(Value::Object(items)) = keys::get_mut(map, key) {
                let at = at.child(key);
                for (name, item) in items.iter_mut() {
                    self.schema(item, &at.child(name));
                }
            }
        }
        for key in SCHEMA_ONES {
            match keys::get_mut(map, key) {
                Some(Value::Array(items)) => {
                    let at = at.child(key);
                    for (i, item) in items.iter_mut().enumerate() {
                        self.schema(item, &at.child(&i.to_string()));
                    }
                }
                Some(Value::Bool(_)) if *key == "additionalProperties" => {}
                Some(item) => self.schema(item, &at.child(key)),
                None => {}
            }
        }
        for key in SCHEMA_LISTS {
            if let Some(Value::Array(items)) = keys::get_mut(map, key) {
                let at = at.child(key);
                for (i, item) in items.iter_mut().enumerate() {
                    self.schema(item, &at.child(&i.to_string()));
                }
            }
        }
        self.discriminator_mapping(map, at);
        if self.version == Version::V31 {
            openapi31::carry_tuple(map);
            openapi31::carry_applicators(map);
        }
    }

    /// A discriminator's mapping values are schema names or references; references are bundled.
    fn discriminator_mapping(&mut self, map: &mut Map<String, Value>, at: &At) {
        let Some(Value::Object(mapping)) = keys::get_mut(map, "discriminator").and_then(|d| d.get_mut("mapping"))
        else {
            return;
        };
        let at = at.child("discriminator").child("mapping");
        let mut unreadable = Vec::new();
        for (key, target) in mapping.iter_mut() {
            let Some(reference) = target.as_str() else { continue };
            let by_name = Target { file: 0, pointer: child_pointer("/components/schemas", reference) };
            // A schema's name (even one that names nothing: the lowering reports it), not a reference.
            let looks_like_reference =
                reference.contains(['#', '/']) || [".json", ".yaml", ".yml"].iter().any(|e| reference.ends_with(e));
            if self.components.contains_key(&("schemas", by_name)) || !looks_like_reference {
                continue;
            }
            match self.schema_ref(reference, &at) {
                Ok(bundled) => *target = Value::String(bundled),
                // The mapping only names tag values; without this entry the branches' own names
                // still decide, so a reference that cannot be followed drops the entry.
                Err(why) => {
                    let mut diag = Diagnostic::warning(
                        Code::UnresolvedMapping,
                        "",
                        format!("{}; the mapping entry is left out", why.message),
                    );
                    if let Some(hint) = why.hint {
                        diag = diag.with_hint(hint);
                    }
                    diag.pointer = at.child(key).src;
                    diag.file = self.sources.path(at.file);
                    self.diags.push(diag);
                    unreadable.push(key.clone());
                }
            }
        }
        for key in unreadable {
            mapping.shift_remove(&key);
        }
    }

    /// The bundled reference for the schema `reference` names: its component, or a new component
    /// hoisted from wherever it is.
    fn schema_ref(&mut self, reference: &str, at: &At) -> Result<String, Unresolved> {
        let target = self.follow(at, reference, "schemas")?;
        let name = match self.components.get(&("schemas", target.clone())) {
            Some(name) => name.clone(),
            None => {
                let name = self.fresh_name(&target);
                self.components.insert(("schemas", target.clone()), name.clone());
                self.pending.push((name.clone(), target));
                name
            }
        };
        Ok(format!("#/components/schemas/{}", escape_token(&name)))
    }

    /// A component name for a hoisted schema, from its file and pointer, unlike every other.
    fn fresh_name(&mut self, target: &Target) -> String {
        let tokens: Vec<String> = target.pointer.split('/').skip(1).map(unescape_token).collect();
        let meaningful: Vec<&str> = match tokens.first().map(String::as_str) {
            Some("components") => tokens.iter().skip(2).map(String::as_str).collect(),
            Some("definitions" | "$defs") => tokens.iter().skip(1).map(String::as_str).collect(),
            _ => tokens.iter().map(String::as_str).collect(),
        };
        let base = if meaningful.is_empty() {
            let path = self.sources.path(target.file);
            path.file_stem().map_or_else(|| "Schema".to_string(), |s| s.to_string_lossy().into_owned())
        } else {
            meaningful.join("_")
        };
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(type_name(&name)) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    /// Walks each hoisted schema and adds it to `#/components/schemas`.
    fn hoist_pending(&mut self, doc: &mut Value) {
        let mut hoisted = Vec::new();
        while let Some((name, target)) = self.pending.pop() {
            let mut value = self.sources.node(&target).cloned().unwrap_or_default();
            let out = child_pointer("/components/schemas", &name);
            self.origins.record(out.clone(), target.file, target.pointer.clone());
            self.schema(&mut value, &At { file: target.file, src: target.pointer, out });
            hoisted.push((name, value));
        }
        if hoisted.is_empty() {
            return;
        }
        let Some(root) = doc.as_object_mut() else { return };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        let Some(components) = components.as_object_mut() else { return };
        let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
        if let Some(schemas) = schemas.as_object_mut() {
            hoisted.sort_by(|a, b| a.0.cmp(&b.0));
            schemas.extend(hoisted);
        }
    }

    /// Replaces `value` by the content `reference` names, walked by `walk`.
    fn inline(&mut self, value: &mut Value, reference: &str, at: &At, walk: impl FnOnce(&mut Self, &mut Value, &At)) {
        let reference = reference.to_string();
        match self.sources.target(at.file, &at.src, &reference, self.diags) {
            Ok(target) if self.inlining.contains(&target) => self.contains_itself(value, &target, at),
            Ok(target) => {
                *value = self.sources.node(&target).cloned().unwrap_or_default();
                self.origins.record(at.out.clone(), target.file, target.pointer.clone());
                self.inlining.push(target.clone());
                walk(self, value, &At { file: target.file, src: target.pointer, out: at.out.clone() });
                self.inlining.pop();
            }
            Err(message) => self.unresolved(at, message),
        }
    }

    fn unresolved(&mut self, at: &At, why: Unresolved) {
        let mut diag = Diagnostic::error(why.code, "", why.message);
        if let Some(hint) = why.hint {
            diag = diag.with_hint(hint);
        }
        self.at_ref(at, diag);
    }

    /// Records `diag` at the `$ref` of the node at `at`, in the file it is written in (the node
    /// itself is about to be replaced by the reference's target).
    fn at_ref(&mut self, at: &At, mut diag: Diagnostic) {
        diag.pointer = child_pointer(&at.src, "$ref");
        diag.file = self.sources.path(at.file);
        self.diags.push(diag);
    }
}

/// Writes an encoding's `explode` when it is absent: the 3.0 model reads an absent `explode` as
/// `false`, but OpenAPI's default is `true` for the `form` style (the default style).
fn explode_default(encoding: &mut Map<String, Value>) {
    if !encoding.contains_key("explode") {
        let form = encoding.get("style").is_none_or(|style| style == "form");
        encoding.insert("explode".to_string(), Value::Bool(form));
    }
}

fn ref_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

fn bare_ref(value: &Value) -> Option<&str> {
    value.as_object().filter(|m| is_bare_ref(m)).and_then(|m| m.get("$ref")).and_then(Value::as_str)
}

fn set_ref(value: &mut Value, section: &str, name: &str) {
    let mut map = Map::new();
    map.insert("$ref".into(), Value::String(format!("#/components/{section}/{}", escape_token(name))));
    *value = Value::Object(map);
}

fn last_token(pointer: &str) -> String {
    unescape_token(pointer.rsplit('/').next().unwrap_or_default())
}
