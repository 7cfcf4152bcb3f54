//! Generate only what is used: the operations a selection keeps (by tag and by `operationId`, as
//! oapi-codegen's include-tags and exclude-tags do), and only the components they reach through
//! `$ref`s. A pass over the bundled document, before the checks, so that what is left out is
//! neither checked nor generated.

use crate::codes::Code;
use crate::diagnostics::{unescape_token, Diagnostic, Diagnostics};
use serde_json::Value;
use std::collections::{BTreeSet, HashSet};

/// Which operations (and webhooks) to generate; empty lists select nothing away.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep only operations with at least one of these tags.
    pub include_tags: Vec<String>,
    /// Leave out operations with any of these tags.
    pub exclude_tags: Vec<String>,
    /// Keep only operations with one of these `operationId`s.
    pub include_operations: Vec<String>,
    /// Leave out operations with any of these `operationId`s.
    pub exclude_operations: Vec<String>,
}

impl Selection {
    /// True when the selection keeps every operation.
    pub fn is_everything(&self) -> bool {
        *self == Selection::default()
    }

    fn keeps(&self, op: &Value) -> bool {
        let tags: Vec<&str> =
            op.get("tags").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let id = op.get("operationId").and_then(Value::as_str);
        let tagged = |list: &[String]| list.iter().any(|t| tags.contains(&t.as_str()));
        let named = |list: &[String]| id.is_some_and(|id| list.iter().any(|n| n == id));
        (self.include_tags.is_empty() || tagged(&self.include_tags))
            && !tagged(&self.exclude_tags)
            && (self.include_operations.is_empty() || named(&self.include_operations))
            && !named(&self.exclude_operations)
    }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The component sections a selection prunes to what the kept operations reach (security schemes
/// are named, not referred to, and stay).
const PRUNED: [&str; 9] =
    ["schemas", "responses", "parameters", "requestBodies", "headers", "callbacks", "examples", "links", "pathItems"];

/// Removes from `doc` the operations `selection` leaves out, the path items left without one, and
/// every component the kept ones do not reach; a name in the selection that the spec does not
/// have is a warning (a misspelt tag would otherwise select nothing in silence).
pub fn select(doc: &mut Value, selection: &Selection, diags: &mut Diagnostics) {
    if selection.is_everything() {
        return;
    }
    let (mut tags, mut ids) = (BTreeSet::new(), BTreeSet::new());
    let mut kept = 0;
    for section in ["paths", "webhooks"] {
        let Some(items) = doc.get_mut(section).and_then(Value::as_object_mut) else { continue };
        for item in items.values_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                tags.extend(
                    op.get("tags")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(String::from),
                );
                ids.extend(op.get("operationId").and_then(Value::as_str).map(String::from));
                if selection.keeps(op) {
                    kept += 1;
                } else {
                    item.remove(method);
                }
            }
        }
        // A path item left without operations (and not a `$ref`, which the bundle resolved) goes.
        items.retain(|_, item| item.as_object().is_none_or(|item| METHODS.iter().any(|m| item.contains_key(*m))));
    }
    let named = [
        ("tag", &selection.include_tags, &tags),
        ("tag", &selection.exclude_tags, &tags),
        ("operationId", &selection.include_operations, &ids),
        ("operationId", &selection.exclude_operations, &ids),
    ];
    for (kind, list, known) in named {
        for name in list.iter().filter(|name| !known.contains(*name)) {
            diags.push(
                Diagnostic::warning(
                    Code::Selection,
                    "",
                    format!("the selection names the {kind} `{name}`, which no operation has"),
                )
                .with_hint("check its spelling: it selects nothing"),
            );
        }
    }
    if kept == 0 {
        diags.push(
            Diagnostic::warning(Code::Selection, "/paths", "the selection keeps no operation")
                .with_hint("every operation is left out, and with them every component"),
        );
    }
    prune_components(doc);
}

/// Keeps only the components the document's paths and webhooks reach, transitively.
fn prune_components(doc: &mut Value) {
    let mut reached: HashSet<(String, String)> = HashSet::new();
    let mut pending: Vec<&Value> = ["paths", "webhooks"].iter().filter_map(|s| doc.get(*s)).collect();
    let components = doc.get("components");
    while let Some(value) = pending.pop() {
        references(value, &mut |reference| {
            let Some(rest) = reference.strip_prefix("#/components/") else { return };
            let mut parts = rest.splitn(3, '/');
            let (Some(section), Some(name)) = (parts.next(), parts.next()) else { return };
            let name = unescape_token(name);
            if reached.insert((section.to_string(), name.clone())) {
                if let Some(target) = components.and_then(|c| c.get(section)).and_then(|s| s.get(&name)) {
                    pending.push(target);
                }
            }
        });
    }
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else { return };
    for section in PRUNED {
        if let Some(entries) = components.get_mut(section).and_then(Value::as_object_mut) {
            entries.retain(|name, _| reached.contains(&(section.to_string(), name.clone())));
        }
    }
}

/// Calls `found` with every reference in `value`: each `$ref`, and each discriminator mapping
/// entry (which names a schema without a `$ref`).
fn references(value: &Value, found: &mut dyn FnMut(&str)) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found(reference);
                }
                if let Some(Value::Object(mapping)) = map.get("discriminator").and_then(|d| d.get("mapping")) {
                    for entry in mapping.values().filter_map(Value::as_str) {
                        // A bare name is a schema's.
                        match entry.starts_with('#') {
                            true => found(entry),
                            false => found(&format!("#/components/schemas/{entry}")),
                        }
                    }
                }
                pending.extend(map.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
}
