//! The OpenAPI 3.1 front end: each 3.1 Schema Object (JSON Schema 2020-12) is rewritten, in place,
//! into the 3.0 form with the same meaning, which the rest of the pipeline reads. The bundler calls
//! [`rewrite_schema`] on every schema of a 3.1 document before it walks the schema's children, so
//! branches created here are rewritten in turn.
//!
//! | 3.1 | 3.0 form |
//! |---|---|
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [T, U]` | `anyOf`, one branch per type with that type's keywords |
//! | `oneOf`/`anyOf` with `{type: "null"}` branches | the other branches, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `oneOf` of `const`s | `enum` of their values |
//! | `$ref` beside other keywords | `allOf: [{$ref}]` beside them |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` |
//! | `examples: [...]` | `example` (the first) |
//! | `true` / `false` as a schema | `{}` / `{not: {}}` |
//! | `prefixItems`, and `items` after it | `x-forge-tuple: {prefix, rest}` (no 3.0 form; see [`TUPLE`]) |
//! | `items: [...]` and `additionalItems` (2019-09 and older) | `prefixItems` and `items` |
//! | `contains`, `propertyNames`, `patternProperties`, `dependentRequired`, `dependentSchemas`, `if`/`then`/`else` | `x-forge-applicators` (see [`APPLICATORS`]) |
//! | `dependencies` (draft 7 and older) | `dependentRequired` and `dependentSchemas` |
//!
//! Keywords with no 3.0 form that this generator does not enforce are removed with a located
//! warning that says so; 3.0 idioms inside 3.1 (`nullable`, boolean exclusive bounds) are kept with
//! a warning.

use crate::codes::Code;
use crate::diagnostics::{child_pointer, Diagnostic, Diagnostics};
use serde_json::{Map, Value};

/// Keywords that belong to one instance type, moved into that type's branch when a type list
/// becomes an `anyOf`.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["minLength", "maxLength", "pattern"]),
    ("number", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("integer", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    ("object", &["properties", "required", "additionalProperties", "minProperties", "maxProperties", "discriminator"]),
];

/// JSON Schema 2020-12 keywords with no 3.0 form that the generated validators enforce: carried
/// through the 3.0 model in [`APPLICATORS`].
const APPLICATOR_KEYWORDS: &[&str] = &[
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
];

/// The extension the keywords of [`APPLICATOR_KEYWORDS`] are carried in through the 3.0 model,
/// which has no place for them: an object of those keywords as written (sub-schemas bundled).
pub const APPLICATORS: &str = "x-forge-applicators";

/// Annotations with no effect on validation: removed without a word. (`$id` and the anchors have
/// done their work by then: references that name them were resolved with them.)
const ANNOTATIONS: &[&str] = &[
    "$comment",
    "$schema",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$defs",
];

/// The keywords a schema carries only to describe it; a branch with nothing else is a pure value
/// or a pure type.
const DESCRIPTIVE: &[&str] = &["title", "description", "deprecated", "$comment", "examples", "example"];

/// The extension a tuple (`prefixItems`, with `items` for the rest) is carried in through the 3.0
/// model, which has no place for it: `{"prefix": [schemas], "rest": schema | false}`.
pub const TUPLE: &str = "x-forge-tuple";

/// A 3.1 document may name another schema dialect for all its schemas: OpenAPI's own (base or
/// dated) and plain JSON Schema 2020-12 read alike; the older drafts are read as 2020-12 with
/// their forms this generator knows (boolean exclusive bounds, `items` as a list), with a
/// warning; any other dialect is refused, as its keywords could mean anything.
pub fn dialect(doc: &Value, diags: &mut Diagnostics) {
    let Some(dialect) = doc.get("jsonSchemaDialect").and_then(Value::as_str) else { return };
    match Dialect::of(dialect) {
        Dialect::Current => {}
        Dialect::Older => diags.push(
            Diagnostic::warning(Code::SchemaDialect, "/jsonSchemaDialect", format!("the schema dialect `{dialect}` is read as JSON Schema 2020-12"))
                .with_hint("its boolean `exclusiveMinimum`/`exclusiveMaximum`, `items` as a list, `additionalItems` and `dependencies` keep their meaning; `id`, which 2020-12 dropped, is ignored"),
        ),
        Dialect::Unknown => diags.push(
            Diagnostic::error(Code::SchemaDialect, "/jsonSchemaDialect", format!("the schema dialect `{dialect}` is not supported"))
                .with_hint("openapi-forge reads the OpenAPI 3.1 dialect (JSON Schema 2020-12 with OpenAPI's vocabulary) and the JSON Schema drafts before it"),
        ),
    }
}

/// How a `jsonSchemaDialect` is read.
#[derive(Debug, PartialEq)]
pub enum Dialect {
    /// OpenAPI 3.1's dialect (base or dated) or JSON Schema 2020-12 itself.
    Current,
    /// JSON Schema draft-04 to 2019-09.
    Older,
    /// Anything else.
    Unknown,
}

impl Dialect {
    /// How the dialect `uri` is read.
    pub fn of(uri: &str) -> Dialect {
        let uri = uri.trim_end_matches('#');
        let Some(rest) = uri.strip_prefix("https://").or_else(|| uri.strip_prefix("http://")) else {
            return Dialect::Unknown;
        };
        if rest.starts_with("spec.openapis.org/oas/3.1/dialect/") || rest == "json-schema.org/draft/2020-12/schema" {
            return Dialect::Current;
        }
        let older = ["draft-04", "draft-05", "draft-06", "draft-07"]
            .iter()
            .any(|draft| rest == format!("json-schema.org/{draft}/schema"))
            || rest == "json-schema.org/draft/2019-09/schema";
        if older {
            Dialect::Older
        } else {
            Dialect::Unknown
        }
    }
}

/// Moves `prefixItems` and the `items` beside it (which then checks only the items after the
/// prefix) into [`TUPLE`]; called once the subschemas are bundled.
pub fn carry_tuple(schema: &mut Map<String, Value>) {
    let Some(prefix) = schema.remove("prefixItems") else { return };
    let mut tuple = Map::new();
    tuple.insert("prefix".into(), prefix);
    if let Some(rest) = schema.remove("items") {
        // `items: false`, already rewritten as a schema by then: no item after the prefix.
        let closed = rest == boolean_schema(false) || rest == Value::Bool(false);
        tuple.insert("rest".into(), if closed { Value::Bool(false) } else { rest });
    }
    schema.insert(TUPLE.into(), Value::Object(tuple));
}

/// Moves the keywords of [`APPLICATOR_KEYWORDS`] into [`APPLICATORS`]; called once the
/// subschemas are bundled.
pub fn carry_applicators(schema: &mut Map<String, Value>) {
    let mut applied = Map::new();
    for key in APPLICATOR_KEYWORDS {
        if let Some(value) = schema.remove(*key) {
            applied.insert((*key).into(), value);
        }
    }
    if !applied.is_empty() {
        schema.insert(APPLICATORS.into(), Value::Object(applied));
    }
}

/// 3.1 writes file contents as strings with `contentMediaType` or `contentEncoding` where 3.0
/// writes `format: binary` (`byte` for base64), which is what the body readers look for.
fn binary_content(schema: &mut Map<String, Value>) {
    if schema.contains_key("format") || schema.get("type").is_some_and(|t| t != "string") {
        return;
    }
    let encoding = schema.get("contentEncoding").and_then(Value::as_str);
    let media = schema.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media) {
        (Some(e), _) if e.eq_ignore_ascii_case("base64") => "byte",
        (Some(e), _) if e.eq_ignore_ascii_case("binary") || e.eq_ignore_ascii_case("8bit") => "binary",
        (Some(_), _) => return,
        (None, Some(m)) if !crate::media::essence(m).ends_with("json") && !m.starts_with("text/") => "binary",
        _ => return,
    };
    schema.insert("type".into(), Value::from("string"));
    schema.insert("format".into(), Value::from(format));
}

/// A rewrite that moved content: `to` (under the rewritten schema) holds what was at `from`.
pub struct Moved {
    /// The new place, relative to the schema (`/allOf/1`).
    pub to: String,
    /// The old place, relative to the schema (`""`).
    pub from: String,
}

/// A boolean schema as its 3.0 object form.
pub fn boolean_schema(value: bool) -> Value {
    if value {
        Value::Object(Map::new())
    } else {
        serde_json::json!({ "not": {} })
    }
}

/// Rewrites the 3.1 schema `schema` (at `pointer`) into its 3.0 form; returns what moved where,
/// for locating diagnostics in the original text.
pub fn rewrite_schema(schema: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) -> Vec<Moved> {
    let mut moved = Vec::new();
    binary_content(schema);
    for key in ANNOTATIONS {
        schema.remove(*key);
    }
    for key in ["$dynamicRef", "$recursiveRef", "$recursiveAnchor"] {
        if schema.remove(key).is_some() {
            diags.push(
                Diagnostic::error(Code::UnsupportedRef,
                    child_pointer(pointer, key),
                    if key == "$dynamicRef" {
                        "`$dynamicRef` to an anchor several schemas declare is not supported: its target depends on the path to it".to_string()
                    } else {
                        format!("`{key}` is not supported")
                    },
                )
                .with_hint("use a `$ref` (to a JSON pointer, a `$id` or an `$anchor`)"),
            );
        }
    }
    if let Some(Value::Array(examples)) = schema.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            schema.entry("example").or_insert(first);
        }
    }
    if schema.get("nullable").is_some() {
        diags.push(
            Diagnostic::warning(
                Code::Nullable,
                child_pointer(pointer, "nullable"),
                "`nullable` is OpenAPI 3.0; 3.1 writes `type: [T, \"null\"]`",
            )
            .with_hint("read as 3.0 reads it"),
        );
    }
    exclusive_bounds(schema, pointer, diags);
    list_items(schema, pointer, diags, &mut moved);
    dependencies(schema, pointer, diags, &mut moved);
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".into(), Value::Array(vec![value]));
    }
    ref_with_siblings(schema, &mut moved);
    type_list(schema, &mut moved);
    null_branches(schema, &mut moved);
    const_branches(schema);
    moved
}

/// Numeric `exclusiveMinimum: n` is `minimum: n` exclusive (the tighter of the two when both are
/// given); a boolean one is the 3.0 idiom.
fn exclusive_bounds(schema: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics) {
    for (exclusive, inclusive, tighter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        match schema.get(exclusive) {
            Some(Value::Number(bound)) => {
                let bound = bound.clone();
                let replaces = match schema.get(inclusive).and_then(Value::as_f64) {
                    Some(other) => {
                        bound.as_f64().and_then(|b| b.partial_cmp(&other)).is_none_or(|o| o == tighter || o.is_eq())
                    }
                    None => true,
                };
                if replaces {
                    schema.insert(inclusive.into(), Value::Number(bound));
                    schema.insert(exclusive.into(), Value::Bool(true));
                } else {
                    schema.remove(exclusive);
                }
            }
            Some(Value::Bool(_)) => diags.push(
                Diagnostic::warning(
                    Code::OlderDraftKeyword,
                    child_pointer(pointer, exclusive),
                    format!("a boolean `{exclusive}` is OpenAPI 3.0; 3.1 writes the bound itself"),
                )
                .with_hint("read as 3.0 reads it"),
            ),
            _ => {}
        }
    }
}

/// `items` as a list is the tuple of JSON Schema 2019-09 and older (their `additionalItems` checks
/// the items after it), written in 3.1 documents that declare an older dialect or keep its habits;
/// 2020-12 spells it `prefixItems` (and `items` for the rest), and has no other reading of it.
fn list_items(schema: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics, moved: &mut Vec<Moved>) {
    if !matches!(schema.get("items"), Some(Value::Array(_))) || schema.contains_key("prefixItems") {
        return;
    }
    diags.push(
        Diagnostic::warning(
            Code::OlderDraftKeyword,
            // Where the list lands: located at the `items` it was written as.
            child_pointer(pointer, "prefixItems"),
            "`items` as a list is JSON Schema 2019-09 and older; 3.1 writes `prefixItems`",
        )
        .with_hint("read as `prefixItems`, and `additionalItems` beside it as `items`"),
    );
    if let Some(prefix) = schema.remove("items") {
        schema.insert("prefixItems".into(), prefix);
        moved.push(Moved { to: "/prefixItems".into(), from: "/items".into() });
    }
    if let Some(rest) = schema.remove("additionalItems") {
        schema.insert("items".into(), rest);
        moved.push(Moved { to: "/items".into(), from: "/additionalItems".into() });
    }
}

/// `dependencies` is draft 7's predecessor of `dependentRequired` (an entry's list of names) and
/// `dependentSchemas` (an entry's schema), which 2019-09 split it into. Its entries join those
/// keywords' own when both are written (an entry of the newer keyword wins a name both have).
fn dependencies(schema: &mut Map<String, Value>, pointer: &str, diags: &mut Diagnostics, moved: &mut Vec<Moved>) {
    if !matches!(schema.get("dependencies"), Some(Value::Object(_))) {
        return;
    }
    diags.push(
        Diagnostic::warning(
            Code::OlderDraftKeyword,
            child_pointer(pointer, "dependencies"),
            "`dependencies` is JSON Schema draft 7 and older; 3.1 writes `dependentRequired` and `dependentSchemas`",
        )
        .with_hint("read as `dependentRequired` (its lists of names) and `dependentSchemas` (its schemas)"),
    );
    let Some(Value::Object(entries)) = schema.remove("dependencies") else { return };
    for (name, entry) in entries {
        let key = if entry.is_array() { "dependentRequired" } else { "dependentSchemas" };
        let target = schema.entry(key).or_insert_with(|| Value::Object(Map::new()));
        // An entry the newer keyword also writes is dropped: diagnostics at that name are the
        // newer entry's, located where it is written.
        if let Value::Object(target) = target {
            if let serde_json::map::Entry::Vacant(vacant) = target.entry(name.clone()) {
                vacant.insert(entry);
                // Diagnostics inside a moved entry are located where it was written.
                moved.push(Moved {
                    to: child_pointer(&format!("/{key}"), &name),
                    from: child_pointer("/dependencies", &name),
                });
            }
        }
    }
}

/// `{$ref, ...siblings}` applies both, as `allOf` does.
fn ref_with_siblings(schema: &mut Map<String, Value>, moved: &mut Vec<Moved>) {
    if !schema.contains_key("$ref") || schema.keys().all(|k| k == "$ref" || k.starts_with("x-")) {
        return;
    }
    let Some(reference) = schema.remove("$ref") else { return };
    let mut branches = vec![serde_json::json!({ "$ref": reference })];
    if let Some(Value::Array(existing)) = schema.remove("allOf") {
        branches.extend(existing);
    }
    moved.push(Moved { to: "/allOf/0/$ref".into(), from: "/$ref".into() });
    schema.insert("allOf".into(), Value::Array(branches));
}

/// `type: [..]`: `null` becomes `nullable`, one remaining type becomes `type`, several become an
/// `anyOf` with one branch per type.
fn type_list(schema: &mut Map<String, Value>, moved: &mut Vec<Moved>) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(t)) if t == "null" => vec!["null".to_string()],
        _ => return,
    };
    let mut non_null: Vec<String> = types.iter().filter(|t| *t != "null").cloned().collect();
    non_null.dedup();
    // An `enum` or `const` without `null` still refuses it (JSON Schema: every keyword applies),
    // where 3.0's `nullable` would let it through the enum.
    let null_listed = match (schema.get("enum"), schema.get("const")) {
        (Some(Value::Array(values)), _) => values.iter().any(Value::is_null),
        (_, Some(value)) => value.is_null(),
        _ => true,
    };
    if types.len() != non_null.len() && null_listed {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    match non_null.as_slice() {
        [] => {
            schema.remove("type");
            schema.insert("enum".into(), Value::Array(vec![Value::Null]));
        }
        [one] => {
            schema.insert("type".into(), Value::String(one.clone()));
        }
        several => {
            schema.remove("type");
            let format = schema.remove("format");
            let branches: Vec<Value> = several
                .iter()
                .map(|t| {
                    let mut branch = Map::new();
                    branch.insert("type".into(), Value::String(t.clone()));
                    let own = TYPE_KEYWORDS.iter().find(|(name, _)| name == t).map_or(&[][..], |(_, keys)| *keys);
                    for key in own {
                        // `integer` and `number` share keywords; both branches get a copy.
                        if let Some(v) = schema.get(*key) {
                            branch.insert((*key).into(), v.clone());
                        }
                    }
                    if let Some(f) = &format {
                        if format_fits(f.as_str().unwrap_or(""), t) {
                            branch.insert("format".into(), f.clone());
                        }
                    }
                    Value::Object(branch)
                })
                .collect();
            for (_, keys) in TYPE_KEYWORDS {
                for key in *keys {
                    schema.remove(*key);
                }
            }
            for i in 0..branches.len() {
                moved.push(Moved { to: format!("/anyOf/{i}"), from: String::new() });
            }
            put_union(schema, "anyOf", branches);
        }
    }
}

/// Adds `key: branches` to `schema`, beside any union already there (both must hold).
fn put_union(schema: &mut Map<String, Value>, key: &str, branches: Vec<Value>) {
    let union = Value::Array(branches);
    if schema.contains_key("anyOf") || schema.contains_key("oneOf") {
        let mut wrapper = Map::new();
        wrapper.insert(key.into(), union);
        match schema.get_mut("allOf") {
            Some(Value::Array(all)) => all.push(Value::Object(wrapper)),
            _ => {
                schema.insert("allOf".into(), Value::Array(vec![Value::Object(wrapper)]));
            }
        }
    } else {
        schema.insert(key.into(), union);
    }
}

/// True when the format `format` describes values of `ty`.
fn format_fits(format: &str, ty: &str) -> bool {
    match format {
        "int32" | "int64" | "uint8" | "int8" | "int16" | "uint16" | "uint32" | "uint64" => ty == "integer",
        "float" | "double" => ty == "number",
        _ => ty == "string",
    }
}

/// True for `{type: "null"}` (and its list and `const`/`enum` spellings), with descriptions only.
fn is_null_branch(branch: &Value) -> bool {
    let Some(map) = branch.as_object() else { return false };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(items)) => items.iter().all(|t| t == "null"),
        None => false,
        _ => false,
    };
    let null_value = matches!(map.get("const"), Some(Value::Null))
        || matches!(map.get("enum"), Some(Value::Array(items)) if items.iter().all(Value::is_null));
    (null_type || null_value)
        && map
            .keys()
            .all(|k| matches!(k.as_str(), "type" | "const" | "enum" | "nullable") || DESCRIPTIVE.contains(&k.as_str()))
}

/// `oneOf`/`anyOf` with `{type: "null"}` branches: the other branches, and `nullable: true`. One
/// remaining branch is all of the schema: a reference becomes `allOf: [ref]` (which the lowering
/// reads as an optional reference), an inline schema is merged in when nothing collides.
fn null_branches(schema: &mut Map<String, Value>, moved: &mut Vec<Moved>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = schema.get(key) else { continue };
        if !branches.iter().any(is_null_branch) {
            continue;
        }
        let kept: Vec<(usize, Value)> =
            branches.iter().enumerate().filter(|(_, b)| !is_null_branch(b)).map(|(i, b)| (i, b.clone())).collect();
        schema.remove(key);
        schema.insert("nullable".into(), Value::Bool(true));
        match kept.len() {
            0 => {
                schema.insert("enum".into(), Value::Array(vec![Value::Null]));
            }
            1 => {
                let (i, branch) = kept.into_iter().next().unwrap_or_default();
                let mergeable = branch.as_object().filter(|b| {
                    !b.contains_key("$ref")
                        && b.keys().all(|k| !schema.contains_key(k) || DESCRIPTIVE.contains(&k.as_str()))
                });
                match mergeable {
                    Some(b) => {
                        moved.push(Moved { to: String::new(), from: format!("/{key}/{i}") });
                        for (k, v) in b.clone() {
                            schema.entry(k).or_insert(v);
                        }
                    }
                    None => {
                        moved.push(Moved { to: "/allOf/0".into(), from: format!("/{key}/{i}") });
                        match schema.get_mut("allOf") {
                            Some(Value::Array(all)) => all.insert(0, branch),
                            _ => {
                                schema.insert("allOf".into(), Value::Array(vec![branch]));
                            }
                        }
                    }
                }
            }
            _ => {
                for (new, (old, _)) in kept.iter().enumerate() {
                    moved.push(Moved { to: format!("/{key}/{new}"), from: format!("/{key}/{old}") });
                }
                schema.insert(key.into(), Value::Array(kept.into_iter().map(|(_, b)| b).collect()));
            }
        }
    }
}

/// `oneOf`/`anyOf` whose every branch is one value (`const`, or a one-value `enum`) is an `enum`.
fn const_branches(schema: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = schema.get(key) else { continue };
        let values: Option<Vec<Value>> = branches
            .iter()
            .map(|b| {
                let map = b.as_object()?;
                let value = match (map.get("const"), map.get("enum")) {
                    (Some(v), None) => v.clone(),
                    (None, Some(Value::Array(items))) if items.len() == 1 => items[0].clone(),
                    _ => return None,
                };
                let only_value = map.keys().all(|k| {
                    matches!(k.as_str(), "const" | "enum" | "type" | "format")
                        || DESCRIPTIVE.contains(&k.as_str())
                        || k.starts_with("x-")
                });
                only_value.then_some(value)
            })
            .collect();
        let Some(values) = values.filter(|v| !v.is_empty()) else { continue };
        if schema.contains_key("enum") {
            continue;
        }
        let branch_type = branches.iter().find_map(|b| b.get("type").cloned());
        schema.remove(key);
        if !schema.contains_key("type") {
            if let Some(t) = branch_type {
                schema.insert("type".into(), t);
            }
        }
        schema.insert("enum".into(), Value::Array(values));
    }
}

#[cfg(test)]
mod tests {
    use super::{rewrite_schema, Dialect};
    use crate::diagnostics::Diagnostics;
    use serde_json::json;

    #[test]
    fn dependencies_join_the_keywords_they_became() {
        let mut schema = json!({
            "dependentRequired": {"card": ["zip"]},
            "dependencies": {"card": ["billing"], "coupon": {"required": ["code"]}, "gift": ["note"]},
        });
        let mut diags = Diagnostics::default();
        let moved = rewrite_schema(schema.as_object_mut().unwrap(), "/s", &mut diags);
        // The newer keyword's own entry wins the name both write; the other entries join.
        assert_eq!(
            schema,
            json!({
                "dependentRequired": {"card": ["zip"], "gift": ["note"]},
                "dependentSchemas": {"coupon": {"required": ["code"]}},
            })
        );
        assert_eq!(diags.iter().count(), 1, "one warning");
        let places: Vec<(&str, &str)> = moved.iter().map(|m| (m.to.as_str(), m.from.as_str())).collect();
        assert!(places.contains(&("/dependentSchemas/coupon", "/dependencies/coupon")), "{places:?}");
        // `card` stayed where the newer keyword wrote it: nothing there is relocated.
        assert!(!places.iter().any(|(to, _)| *to == "/dependentRequired/card"), "{places:?}");
    }

    #[test]
    fn dialects_are_read_by_their_uri() {
        for current in [
            "https://spec.openapis.org/oas/3.1/dialect/base",
            "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
            "https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2020-12/schema#",
        ] {
            assert_eq!(Dialect::of(current), Dialect::Current, "{current}");
        }
        for older in ["http://json-schema.org/draft-04/schema#", "https://json-schema.org/draft/2019-09/schema"] {
            assert_eq!(Dialect::of(older), Dialect::Older, "{older}");
        }
        for unknown in [
            "https://example.com/dialect",
            "json-schema.org/draft-04/schema",
            "https://json-schema.org/draft-03/schema#",
        ] {
            assert_eq!(Dialect::of(unknown), Dialect::Unknown, "{unknown}");
        }
    }
}
