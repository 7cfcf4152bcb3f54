//! What a 3.1 document says that the 3.0 model has no place for, carried through it in extensions
//! ([`TUPLE`], [`APPLICATORS`]) and read back here, once, before lowering: their sub-schemas are
//! parsed into the 3.0 model so that they live as long as the document the lowering borrows. Each
//! is keyed by its extension's JSON text, which is what the lowering finds on a schema.

use crate::keys;
use crate::openapi31::{APPLICATORS, TUPLE};
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;
use std::collections::HashMap;

/// The tuples and applicators of one bundled 3.1 document (nothing for 3.0).
#[derive(Default)]
pub struct Carried {
    tuples: HashMap<String, (Vec<ReferenceOr<Schema>>, Rest)>,
    applicators: HashMap<String, Applicators>,
    /// Some schema has `unevaluatedProperties` or `unevaluatedItems`.
    evaluates: bool,
}

/// What a tuple allows after its prefix.
pub enum Rest {
    /// Any items (`items` absent or `true`).
    Open,
    /// None (`items: false`).
    Closed,
    /// Items of this schema.
    Schema(Box<ReferenceOr<Schema>>),
}

/// The applicators of one schema, as written (see [`crate::ir::Applied`] for their meaning).
#[derive(Default)]
pub struct Applicators {
    pub contains: Option<ReferenceOr<Schema>>,
    pub min_contains: Option<u64>,
    pub max_contains: Option<u64>,
    pub property_names: Option<ReferenceOr<Schema>>,
    pub pattern_properties: Vec<(String, ReferenceOr<Schema>)>,
    pub dependent_required: Vec<(String, Vec<String>)>,
    pub dependent_schemas: Vec<(String, ReferenceOr<Schema>)>,
    pub if_: Option<ReferenceOr<Schema>>,
    pub then: Option<ReferenceOr<Schema>>,
    pub else_: Option<ReferenceOr<Schema>>,
    pub unevaluated_properties: Option<ReferenceOr<Schema>>,
    pub unevaluated_items: Option<ReferenceOr<Schema>>,
}

impl Carried {
    /// Every tuple and applicator in the bundled document `doc`.
    pub fn collect(doc: &Value) -> Carried {
        let mut carried = Carried::default();
        let mut stack = vec![doc];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(tuple) = keys::get(map, TUPLE) {
                        carried.tuples.insert(tuple.to_string(), read_tuple(tuple));
                    }
                    if let Some(applied) = keys::get(map, APPLICATORS) {
                        let applicators = read_applicators(applied);
                        carried.evaluates |=
                            applicators.unevaluated_properties.is_some() || applicators.unevaluated_items.is_some();
                        carried.applicators.insert(applied.to_string(), applicators);
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        carried
    }

    /// The tuple a schema carries in `extension` (its [`TUPLE`] value).
    pub fn tuple(&self, extension: &Value) -> Option<&(Vec<ReferenceOr<Schema>>, Rest)> {
        self.tuples.get(&extension.to_string())
    }

    /// True when some schema has `unevaluatedProperties` or `unevaluatedItems`.
    pub fn evaluates(&self) -> bool {
        self.evaluates
    }

    /// The applicators a schema carries in `extension` (its [`APPLICATORS`] value).
    pub fn applicators(&self, extension: &Value) -> Option<&Applicators> {
        self.applicators.get(&extension.to_string())
    }
}

fn read_tuple(tuple: &Value) -> (Vec<ReferenceOr<Schema>>, Rest) {
    let prefix = tuple.get("prefix").cloned().and_then(|p| serde_json::from_value(p).ok()).unwrap_or_default();
    let rest = match tuple.get("rest") {
        Some(Value::Bool(false)) => Rest::Closed,
        Some(schema @ Value::Object(_)) => serde_json::from_value(schema.clone()).map_or(Rest::Open, Rest::Schema),
        _ => Rest::Open,
    };
    (prefix, rest)
}

/// The check phase refused values of the wrong kind; what cannot be read here is left out.
fn read_applicators(applied: &Value) -> Applicators {
    let schema = |key: &str| applied.get(key).cloned().and_then(|s| serde_json::from_value(s).ok());
    let count = |key: &str| applied.get(key).and_then(Value::as_u64);
    let dependent_required = applied
        .get("dependentRequired")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, needed)| {
            let needed = needed.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned);
            (name.clone(), needed.collect())
        })
        .collect();
    let schemas = |key: &str| {
        let entries = applied.get(key).and_then(Value::as_object).into_iter().flatten();
        entries.filter_map(|(name, s)| Some((name.clone(), serde_json::from_value(s.clone()).ok()?))).collect()
    };
    Applicators {
        contains: schema("contains"),
        min_contains: count("minContains"),
        max_contains: count("maxContains"),
        property_names: schema("propertyNames"),
        pattern_properties: schemas("patternProperties"),
        dependent_required,
        dependent_schemas: schemas("dependentSchemas"),
        if_: schema("if"),
        then: schema("then"),
        else_: schema("else"),
        unevaluated_properties: schema("unevaluatedProperties"),
        unevaluated_items: schema("unevaluatedItems"),
    }
}
