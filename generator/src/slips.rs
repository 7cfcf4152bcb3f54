//! Slips that real specs make in their schemas, each read as its authors meant it, with a located
//! warning that says how it was read and how to write it: the bundler applies them to every schema
//! it walks, before the checks and the lowering see it.

use crate::codes::Code;
use crate::diagnostics::{child_pointer, Diagnostic, Diagnostics};
use crate::keys;
use serde_json::{Map, Value};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// The slips of one schema object (not a `$ref`), in the order that lets each see the others'
/// readings: the enum's values are typed before repeats are counted.
pub(crate) fn read_schema_slips(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    required_flags(map, out, diags);
    empty_enum(map, out, diags);
    mistyped_keywords(map, out, diags);
    enum_of_another_type(map, out, diags);
    default_of_another_type(map, out, diags);
    repeated_enum_values(map, out, diags);
}

/// `nullable: true` beside a `$ref`, which OpenAPI 3.0 ignores, written by vendors to mean that
/// the value may be null (Svix's `application`): honoured, as `nullable` beside `allOf: [$ref]`
/// (the reference and its other siblings become the one branch), with a warning.
pub(crate) fn nullable_reference(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    map.remove("nullable");
    let reference = std::mem::take(map);
    map.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
    map.insert("nullable".into(), Value::Bool(true));
    diags.push(
        Diagnostic::warning(
            Code::Nullable,
            child_pointer(out, "nullable"),
            "`nullable` beside `$ref` is ignored by OpenAPI 3.0; it is honoured: the value may be null",
        )
        .with_hint("write `nullable: true` beside `allOf: [{$ref: ...}]`"),
    );
}

/// `required: true` written inside a property (a common slip for the parent's `required` list):
/// read as the parent's list, with a warning.
fn required_flags(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    let Some(Value::Object(properties)) = keys::get_mut(map, "properties") else { return };
    let mut required = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Some(flag) = property.as_object_mut().and_then(|p| p.get("required")).and_then(Value::as_bool) else {
            continue;
        };
        if let Some(p) = property.as_object_mut() {
            p.remove("required");
        }
        diags.push(
            Diagnostic::warning(
                Code::RequiredFlag,
                child_pointer(&child_pointer(out, "properties"), name) + "/required",
                format!("`required: {flag}` inside a property schema; `required` is a list on the object"),
            )
            .with_hint(format!("read as the object's `required: [{name}]`; write it there")),
        );
        if flag {
            required.push(Value::String(name.clone()));
        }
    }
    if required.is_empty() {
        return;
    }
    match keys::get_mut(map, "required") {
        Some(Value::Array(list)) => {
            for name in required {
                if !list.contains(&name) {
                    list.push(name);
                }
            }
        }
        _ => {
            map.insert("required".into(), Value::Array(required));
        }
    }
}

/// `enum: []` admits no value, which no author means (generators write it when a list came out
/// empty): read as no `enum`, with a warning.
fn empty_enum(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    if matches!(keys::get(map, "enum"), Some(Value::Array(items)) if items.is_empty()) {
        map.remove("enum");
        diags.push(
            Diagnostic::warning(Code::EmptyEnum, child_pointer(out, "enum"), "`enum: []` admits no value")
                .with_hint("read as if there were no `enum`; remove it, or list the allowed values"),
        );
    }
}

/// An `enum` that lists a value twice (real specs do: `AC`, ..., `AC`) admits what it admits once:
/// read with each value once, the first place kept, with a warning, so that no two variants or
/// match arms stand for one value.
fn repeated_enum_values(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    let Some(Value::Array(values)) = keys::get_mut(map, "enum") else { return };
    // Keyed by JSON text, so that a list of thousands of codes costs one pass, not a pass per value.
    // Each value's text, and whether it was reported as repeated.
    let mut seen: HashMap<String, bool> = HashMap::with_capacity(values.len());
    let mut repeated: Vec<String> = Vec::new();
    values.retain(|value| match seen.entry(value.to_string()) {
        Entry::Vacant(first) => {
            first.insert(false);
            true
        }
        Entry::Occupied(mut again) => {
            if !again.insert(true) {
                repeated.push(again.key().clone());
            }
            false
        }
    });
    if !repeated.is_empty() {
        // Named up to a few, as a long list would bury the location.
        let more = repeated.len().saturating_sub(5);
        repeated.truncate(5);
        let more = if more > 0 { format!(" (and {more} more)") } else { String::new() };
        diags.push(
            Diagnostic::warning(
                Code::RepeatedEnumValue,
                child_pointer(out, "enum"),
                format!("`enum` lists values more than once: {}{more}", repeated.join(", ")),
            )
            .with_hint("read with each value once; remove the repeats"),
        );
    }
}

/// Keywords whose value has the wrong JSON type, as generators of specs write them: a number in
/// quotes (`maxLength: "10"`) is read as the number; a `pattern` or `type` that is not text (or,
/// for `type`, a list) cannot say what it meant and is read as absent. Each with a warning.
fn mistyped_keywords(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    const NUMBERS: &[&str] = &[
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "minimum",
        "maximum",
        "multipleOf",
    ];
    for key in NUMBERS {
        let Some(Value::String(text)) = keys::get(map, key) else { continue };
        let number = match text.trim().parse::<u64>() {
            Ok(n) => Some(Value::from(n)),
            Err(_) => text.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number),
        };
        let Some(number) = number else { continue };
        diags.push(
            Diagnostic::warning(
                Code::QuotedNumber,
                child_pointer(out, key),
                format!("`{key}` is a number written as a string"),
            )
            .with_hint(format!("read as {number}; write it without quotes")),
        );
        map.insert((*key).to_string(), number);
    }
    for key in ["pattern", "type"] {
        let mistyped = match keys::get(map, key) {
            Some(Value::String(_)) | None => false,
            Some(Value::Array(_)) => key == "pattern",
            Some(_) => true,
        };
        if mistyped {
            map.remove(key);
            let what =
                if key == "type" { "a type name (or a list of them)" } else { "a regular expression in a string" };
            diags.push(
                Diagnostic::warning(Code::KeywordValue, child_pointer(out, key), format!("`{key}` is not {what}"))
                    .with_hint(format!("read as if there were no `{key}`: it constrains nothing")),
            );
        }
    }
}

/// An `enum` none of whose values has the schema's `type` admits no value, yet vendors write
/// such enums meaning values of that type: numbers or YAML's unquoted `true` for a string
/// (`enum: [1, 2]`), numbers in quotes for an integer (Bungie's `'0'`, `'2'`), and an array's
/// allowed items on the array itself (Wordnik's `sourceDictionaries`). Each is read as meant, with
/// a warning: the values as their text, or as the number or boolean their text is, and an array's
/// list moved onto its `items`. An enum that does not read so is left as written (it admits no
/// value), with a warning that says so.
fn enum_of_another_type(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    let Some(Value::String(kind)) = keys::get(map, "type") else { return };
    let Some(Value::Array(values)) = keys::get(map, "enum") else { return };
    // `null` is read beside any type (`nullable`), so it neither fits nor misfits.
    let mut typed = values.iter().filter(|value| !value.is_null()).peekable();
    if typed.peek().is_none() || values.iter().any(|value| has_type(value, kind)) {
        return;
    }
    let kind = kind.clone();
    let pointer = child_pointer(out, "enum");
    let items_take_it = matches!(keys::get(map, "items"), Some(Value::Object(items))
        if !items.contains_key("$ref") && !items.contains_key("enum"));
    if kind == "array" && items_take_it {
        let list = map.remove("enum").unwrap_or_default();
        if let Some(Value::Object(items)) = keys::get_mut(map, "items") {
            items.insert("enum".into(), list);
        }
        diags.push(
            Diagnostic::warning(Code::EnumType, pointer, "the `enum` of an array lists no array: it admits no value")
                .with_hint("read as the enum of its items; write it under `items`"),
        );
        return;
    }
    let read: Option<Vec<Value>> =
        values.iter().map(|value| if value.is_null() { Some(Value::Null) } else { as_type(value, &kind) }).collect();
    match read {
        Some(read) => {
            let shown: Vec<String> = read.iter().take(3).map(Value::to_string).collect();
            let more = if read.len() > 3 { ", ..." } else { "" };
            diags.push(
                Diagnostic::warning(Code::EnumType, pointer, format!("no value of the `enum` is of its type `{kind}`"))
                    .with_hint(format!("read as the `{kind}` values {}{more}; write them so", shown.join(", "))),
            );
            map.insert("enum".into(), Value::Array(read));
        }
        None => diags.push(
            Diagnostic::warning(
                Code::EmptyEnum,
                pointer,
                format!("no value of the `enum` is of its type `{kind}`: it admits no value"),
            )
            .with_hint(format!("list `{kind}` values, or change the `type`")),
        ),
    }
}

/// A `default` that is not of the schema's `type` cannot fill an absent value: one whose text spells
/// a value of the type (`default: "10"` for an integer, `"false"` for a boolean, `5` for a string;
/// 173 in the APIs.guru documents) is read as that value, and any other is ignored, each with a
/// warning (before, such a default was passed over without one).
fn default_of_another_type(map: &mut Map<String, Value>, out: &str, diags: &mut Diagnostics) {
    let Some(Value::String(kind)) = keys::get(map, "type") else { return };
    let Some(default) = keys::get(map, "default") else { return };
    if default.is_null() || has_type(default, kind) {
        return;
    }
    let pointer = child_pointer(out, "default");
    match as_type(default, kind) {
        Some(read) => {
            diags.push(
                Diagnostic::warning(Code::DefaultType, pointer, format!("the `default` is not of its type `{kind}`"))
                    .with_hint(format!("read as the `{kind}` {read}; write it so")),
            );
            map.insert("default".into(), read);
        }
        None => {
            diags.push(
                Diagnostic::warning(
                    Code::DefaultIgnored,
                    pointer,
                    format!("the `default` is not of its type `{kind}`: it is ignored"),
                )
                .with_hint(format!("write a `{kind}` value, or remove the `default`")),
            );
            map.remove("default");
        }
    }
}

/// Whether `value` is an instance of the JSON Schema type `kind` (an integer may be written `1.0`,
/// as the generated validators read it).
fn has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "string" => value.is_string(),
        "integer" => value.as_number().is_some_and(openapi_forge_runtime::codegen::is_integer),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => true,
    }
}

/// `value` (a scalar of another type) as the `kind` its text spells, if it spells one: a number or
/// boolean as its JSON text for a string, a string that is a number or boolean for those types.
fn as_type(value: &Value, kind: &str) -> Option<Value> {
    match (kind, value) {
        ("string", Value::Number(_) | Value::Bool(_)) => Some(Value::String(value.to_string())),
        ("integer", Value::String(text)) => {
            text.parse::<i64>().map(Value::from).or_else(|_| text.parse::<u64>().map(Value::from)).ok()
        }
        ("number", Value::String(text)) => text
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)),
        ("boolean", Value::String(text)) => match text.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}
