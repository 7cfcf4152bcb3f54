//! Sub-schemas nested as deep as a document may nest generate, in time that grows with the
//! document. Every keyword that holds a sub-schema is nested inside itself as many times as the
//! loader takes (128 levels of JSON), and through a chain of 200 components. Two defects this
//! found: the validators' emitter spelled the sub-schema of `not`, `contains`, `if` and
//! `propertyNames` twice per level, to ask whether it was empty and then to use it (2^depth
//! emissions: sixteen levels took 0.4 s, thirty-two did not finish in 20 s); and unoptimized, as build scripts run it, the
//! passes overflowed the stack of a main thread on a hundred nested type lists (the pipeline now
//! runs on a deep stack of its own).
//!
//! A hang is a failure here, not a slow run: each document gets a watchdog of 60 s, far more than
//! it needs, so that a regression is reported by name instead of by CI's time limit. Speed itself
//! is measured by `bench/shape-growth`.

#[path = "support/vendors.rs"]
mod vendors;

use openapi_forge_build::{lint_with, Code, Options};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// How many components a chain has.
const CHAIN: usize = 200;

/// One level of a shape: the schema around the inner one.
type Level = fn(Value) -> Value;

/// Each keyword that holds a sub-schema, as a function from the inner schema to the level around it.
fn shapes() -> Vec<(&'static str, Level)> {
    vec![
        ("not", |s| json!({"not": s})),
        ("allOf", |s| json!({"allOf": [s, {"minLength": 1}]})),
        ("anyOf", |s| json!({"anyOf": [s, {"type": "integer"}]})),
        ("oneOf", |s| json!({"oneOf": [s, {"type": "integer"}]})),
        ("items", |s| json!({"type": "array", "items": s})),
        ("prefixItems", |s| json!({"type": "array", "prefixItems": [s], "items": {"type": "integer"}})),
        ("properties", |s| json!({"type": "object", "properties": {"a": s}})),
        ("additionalProperties", |s| json!({"type": "object", "additionalProperties": s})),
        // A property without `type` whose keywords concern two kinds of value.
        ("untyped properties", |s| json!({"minLength": 1, "properties": {"a": s}})),
        ("type list", |s| json!({"type": ["string", "array", "null"], "items": s})),
        ("contains", |s| json!({"type": "array", "contains": s})),
        ("contains with maxContains", |s| json!({"type": "array", "contains": s, "maxContains": 2})),
        ("propertyNames", |s| json!({"type": "object", "propertyNames": s})),
        (
            "patternProperties",
            |s| json!({"type": "object", "patternProperties": {"^a": s}, "additionalProperties": {"type": "integer"}}),
        ),
        ("dependentSchemas", |s| json!({"type": "object", "dependentSchemas": {"a": s}})),
        ("if", |s| json!({"if": s, "then": {"minLength": 1}})),
        ("then", |s| json!({"if": {"minLength": 2}, "then": s})),
        ("else", |s| json!({"if": {"minLength": 2}, "else": s})),
        ("unevaluatedProperties", |s| json!({"type": "object", "unevaluatedProperties": s})),
        ("unevaluatedItems", |s| json!({"type": "array", "prefixItems": [{}], "unevaluatedItems": s})),
        // Each level an evaluation of its own around branches applied in place.
        (
            "anyOf under unevaluatedProperties",
            |s| json!({"anyOf": [s, {"type": "integer"}], "unevaluatedProperties": false}),
        ),
    ]
}

fn document(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "nesting", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    })
}

/// The shape nested `times` times in one schema.
fn inline(level: Level, times: usize) -> Value {
    let mut schema = json!({"type": "string", "maxLength": 3});
    for _ in 0..times {
        schema = level(schema);
    }
    document(json!({"Root": schema}))
}

/// The shape nested `times` times through components, each level one that refers to the next.
fn chained(level: Level, times: usize) -> Value {
    let mut schemas = serde_json::Map::new();
    for i in 0..times {
        schemas.insert(format!("S{i}"), level(json!({"$ref": format!("#/components/schemas/S{}", i + 1)})));
    }
    schemas.insert(format!("S{times}"), json!({"type": "string", "maxLength": 3}));
    document(Value::Object(schemas))
}

/// The shape nested as many times as the loader takes: as serde_json reads (its limit is the
/// loader's).
fn deepest(level: Level) -> Value {
    let readable = |doc: &Value| serde_json::from_str::<Value>(&doc.to_string()).is_ok();
    let mut times = 1;
    while readable(&inline(level, times + 1)) {
        times += 1;
    }
    inline(level, times)
}

/// Generates `text` on a thread of its own; `None` when it has not finished within the watchdog.
fn generate_watched(text: String) -> Option<Result<String, String>> {
    let (sender, receiver) = mpsc::channel();
    // A thread of the default 2 MiB: the pipeline runs on a deep stack of its own.
    std::thread::spawn(move || {
        let result = openapi_forge_build::generate(Path::new("nesting.json"), &text, "nesting")
            .map(|generated| generated.code)
            .map_err(|diags| diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"));
        sender.send(result).ok();
    });
    receiver.recv_timeout(Duration::from_secs(60)).ok()
}

#[test]
fn every_keyword_nested_deep_generates() {
    let mut failures = Vec::new();
    for (name, level) in shapes() {
        for (form, doc) in [("inline", deepest(level)), ("through components", chained(level, CHAIN))] {
            match generate_watched(doc.to_string()) {
                Some(Ok(code)) => assert!(code.starts_with("// @generated"), "{name} {form}"),
                Some(Err(diags)) => failures.push(format!("{name} {form}: refused:\n{diags}")),
                None => {
                    failures.push(format!("{name} {form}: no answer within 60 s (emitted more than once per level?)"))
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The warning `deep-types` (a type past 100 levels) is for documents nested like the ones above,
/// never for a published one: the vendors' documents nest at most 28 levels.
#[test]
fn no_vendor_document_is_warned_of_deep_types() {
    for path in vendors::vendor_documents() {
        let text = std::fs::read_to_string(&path).unwrap();
        let diags = lint_with(&path, &text, &Options::default());
        let deep: Vec<String> = diags.iter().filter(|d| d.code == Code::DeepTypes).map(|d| d.to_string()).collect();
        assert!(deep.is_empty(), "{}: {deep:?}", path.display());
    }
}
