//! What could tell an operation apart from others on its method and route, read from the spec for
//! the route table (`route_table`): the values of its single-valued required parameters, the
//! names of all its required header and query parameters, and its path parameters' constraints.

use crate::bodies::resolve_parameter;
use crate::ir::{Dispatch, ParamLocation};
use crate::routing::Template;
use crate::schema_view::SchemaRef;
use openapiv3::{OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, SchemaKind, Type};
use serde_json::Value;

/// What could tell an operation apart from others on its method and route.
#[derive(Debug, Default)]
pub struct RouteKeys {
    /// Its required header and query parameters whose schema allows one string (see [`Dispatch`]).
    pub values: Vec<Dispatch>,
    /// All its required header and query parameters.
    pub required: Vec<(ParamLocation, String)>,
    /// Its path parameters' constraints in the template's order, names and annotations left out
    /// ([`constraints`]): two templates whose texts are equal accept the same paths.
    pub path_schemas: String,
    /// Every path parameter accepts any text (a string schema without constraints, or none): a
    /// template after it on the same route would never be reached.
    pub accepts_any_path: bool,
}

impl RouteKeys {
    /// The keys of `op`, of the path item `item` at the path key `path`.
    pub fn of(doc: &OpenAPI, item: &PathItem, op: &Operation, path: &str) -> RouteKeys {
        let mut keys = RouteKeys::default();
        let template = Template::parse(path);
        let in_query = template.query_params();
        // Each path parameter's constraints, to tell apart templates that differ only in them.
        let mut path_schemas: Vec<(String, Option<Value>)> = Vec::new();
        for param in item.parameters.iter().chain(&op.parameters) {
            let Some(param) = resolve_parameter(doc, param) else { continue };
            let (location, data) = match param {
                // Braced in the path key's query string (see `operations::reconcile_with_template`).
                Parameter::Path { parameter_data, .. } if in_query.contains(&parameter_data.name) => {
                    (ParamLocation::Query, parameter_data)
                }
                Parameter::Path { parameter_data, .. } => {
                    let schema = match &parameter_data.format {
                        ParameterSchemaOrContent::Schema(schema) => {
                            crate::schema_view::resolve(doc, SchemaRef::from(schema)).and_then(constraints)
                        }
                        ParameterSchemaOrContent::Content(_) => None,
                    };
                    path_schemas.retain(|(name, _)| *name != parameter_data.name);
                    path_schemas.push((parameter_data.name.clone(), schema));
                    continue;
                }
                // OpenAPI says these header parameters are ignored.
                Parameter::Header { parameter_data, .. }
                    if !["accept", "content-type", "authorization"]
                        .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
                {
                    (ParamLocation::Header, parameter_data)
                }
                Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
                _ => continue,
            };
            // An operation's own parameter replaces a path-level one of the same name.
            keys.values.retain(|k| !(k.location == location && k.name == data.name));
            keys.required.retain(|(l, name)| !(*l == location && *name == data.name));
            if data.required {
                keys.required.push((location, data.name.clone()));
            }
            let ParameterSchemaOrContent::Schema(schema) = &data.format else { continue };
            let Some(schema) = crate::schema_view::resolve(doc, SchemaRef::from(schema)) else { continue };
            let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else { continue };
            if let ([Some(value)], true) = (string.enumeration.as_slice(), data.required) {
                keys.values.push(Dispatch { location, name: data.name.clone(), value: Some(value.clone()) });
            }
        }
        // In the template's order, names left out: `/a/{id}` and `/a/{slug}` compare constraints.
        let order = template.params();
        path_schemas.sort_by_key(|(name, _)| order.iter().position(|n| n == name));
        keys.accepts_any_path = path_schemas.iter().all(|(_, schema)| schema.as_ref().is_none_or(accepts_any_text));
        let texts: Vec<String> =
            path_schemas.iter().map(|(_, schema)| schema.as_ref().map_or(String::new(), Value::to_string)).collect();
        keys.path_schemas = texts.join("\n");
        // The literal pairs of the path key's query string (`/rest?method=flickr.groups.getInfo`),
        // which the client sends with every call: a value each requires.
        for (name, value) in template.literal_pairs() {
            if !keys.values.iter().any(|k| k.location == ParamLocation::Query && k.name == name) {
                keys.values.push(Dispatch { location: ParamLocation::Query, name: name.clone(), value: Some(value) });
            }
            if !keys.required.iter().any(|(l, n)| *l == ParamLocation::Query && *n == name) {
                keys.required.push((ParamLocation::Query, name));
            }
        }
        keys
    }
}

/// The keywords that describe a value without constraining it.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "default",
    "deprecated",
    "externalDocs",
    "xml",
    "readOnly",
    "writeOnly",
];

/// `schema` as JSON without its annotations and extensions, at every depth: what decides which
/// texts it accepts.
fn constraints(schema: &openapiv3::Schema) -> Option<Value> {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.retain(|key, _| !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"));
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(schema).ok()?;
    strip(&mut value);
    Some(value)
}

/// Whether constraints (see [`constraints`]) accept any path segment's text: none, or a string
/// type and nothing else.
fn accepts_any_text(constraints: &Value) -> bool {
    match constraints {
        Value::Object(map) => map.iter().all(|(key, value)| key == "type" && value == "string"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> openapiv3::Schema {
        serde_yaml::from_str(yaml).expect("a schema")
    }

    #[test]
    fn annotations_do_not_tell_path_parameters_apart() {
        let described = constraints(&schema("{type: string, description: The name., example: ann, x-order: 1}"));
        let plain = constraints(&schema("{type: string}"));
        assert_eq!(described, plain);
        assert!(described.as_ref().is_some_and(accepts_any_text));
        for constrained in ["{type: string, format: uuid}", "{type: integer}", "{type: string, maxLength: 2}", "{}"] {
            let value = constraints(&schema(constrained)).expect("serializable");
            assert_ne!(Some(&value), plain.as_ref(), "{constrained}");
            let any = constrained == "{}";
            assert_eq!(accepts_any_text(&value), any, "{constrained}");
        }
    }
}
