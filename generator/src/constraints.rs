//! A schema's own constraints as the IR's [`Check`]: the keywords that need no sub-schema, read
//! from one schema (the lowering adds the checks of its sub-schemas, which it lowers).

use crate::ir::{Additional, Check, Direction, Discriminator, Format, IntegerFormat, JsonType, XmlNaming};
use crate::resolve::component_name;
use crate::schema_view::{SchemaRef, SchemaView};
use openapiv3::{AdditionalProperties, OpenAPI};
use serde_json::Value;

/// The one way a property travels, when it is `readOnly` (responses) or `writeOnly` (requests),
/// on its schema or the one it references. `required` then takes effect that way only (OpenAPI
/// 3, Schema Object), and one type serves both ways: the field is an `Option`, and the
/// validators require it of values travelling that way (`rt::Direction`).
pub fn one_way(doc: &OpenAPI, property: SchemaRef<'_>) -> Option<Direction> {
    let data = &crate::schema_view::resolve(doc, property)?.schema_data;
    match (data.read_only, data.write_only) {
        (true, false) => Some(Direction::Response),
        (false, true) => Some(Direction::Request),
        // Both: never sent either way, so never required. Neither: required both ways.
        (true, true) => Some(Direction::Unknown),
        (false, false) => None,
    }
}

/// The keywords of a schema that need no sub-schema, and its `format` when no check of the
/// generator's knows it (an annotation, which the lowering notes).
pub fn base_check<'v>(view: &SchemaView<'v>, doc: &OpenAPI) -> (Check, Option<&'v str>) {
    let one_way =
        |name: &String| view.properties.iter().find(|(wire, _)| wire == name).and_then(|(_, prop)| one_way(doc, *prop));
    let mut check = Check {
        // `null` is `nullable` in the 3.0 form the IR is built from, never a `type`.
        ty: view.ty.and_then(JsonType::from_name).filter(|ty| *ty != JsonType::Null),
        nullable: view.data.nullable,
        enumeration: (!view.enumeration.is_empty()).then(|| view.enumeration.clone()),
        min_length: view.min_length.map(|n| n as u64),
        max_length: view.max_length.map(|n| n as u64),
        pattern: view.pattern.map(str::to_string),
        minimum: view.minimum.map(|m| (m, view.exclusive_minimum)),
        maximum: view.maximum.map(|m| (m, view.exclusive_maximum)),
        multiple_of: view.multiple_of,
        min_items: view.min_items.map(|n| n as u64),
        max_items: view.max_items.map(|n| n as u64),
        unique_items: view.unique_items,
        required: view.required.iter().filter(|name| one_way(name).is_none()).cloned().collect(),
        required_one_way: view
            .required
            .iter()
            .filter_map(|name| match one_way(name)? {
                Direction::Unknown => None,
                direction => Some((name.clone(), direction)),
            })
            .collect(),
        additional: match view.additional {
            Some(AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(AdditionalProperties::Any(true)) => Additional::Allowed,
            _ => Additional::Any,
        },
        xml: xml_naming(view),
        min_properties: view.min_properties.map(|n| n as u64),
        max_properties: view.max_properties.map(|n| n as u64),
        combined_items: combined_items(view),
        discriminator: discriminator(view),
        ..Check::default()
    };
    match (view.ty, view.format) {
        (_, None) => {}
        (Some("integer") | None, Some(f @ ("int32" | "int64"))) => check.integer_format = IntegerFormat::from_name(f),
        (Some("integer"), Some(f)) if IntegerFormat::from_name(f).is_some() => {
            check.integer_format = IntegerFormat::from_name(f)
        }
        (Some("number"), Some("float")) => check.float32 = true,
        (Some("number") | None, Some("float" | "double")) => {}
        (Some("string") | None, Some(f)) if Format::from_name(f).is_some() => {
            check.string_format = Format::from_name(f)
        }
        (Some("string"), Some("password" | "binary")) => {}
        (_, Some(f)) => return (check, Some(f)),
    }
    (check, None)
}

/// The schema's XML Object, which the bundler keeps as an extension (openapiv3 reads no `xml`).
fn xml_naming(view: &SchemaView<'_>) -> Option<XmlNaming> {
    let xml = view.data.extensions.get(crate::bundle::XML)?;
    Some(XmlNaming {
        name: xml.get("name").and_then(Value::as_str).map(str::to_string),
        attribute: xml.get("attribute").and_then(Value::as_bool).unwrap_or(false),
        wrapped: xml.get("wrapped").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// The tag property of a `discriminator`, and the branch each tag names: the mapping's keys (whose
/// values are references or component names), then the component name of each branch no key maps
/// to (OpenAPI's implicit mapping).
fn discriminator(view: &SchemaView<'_>) -> Option<Discriminator> {
    let d = view.data.discriminator.as_ref()?;
    let branches = if view.one_of.is_empty() { &view.any_of } else { &view.one_of };
    let names: Vec<Option<String>> = branches
        .iter()
        .map(|branch| match branch {
            SchemaRef::Ref(r) => component_name(r, "schemas"),
            SchemaRef::Inline(_) => None,
        })
        .collect();
    let index_of = |name: &str| names.iter().position(|n| n.as_deref() == Some(name));
    let mut tags: Vec<(String, Option<usize>)> = d
        .mapping
        .iter()
        .map(|(tag, target)| {
            let name = component_name(target, "schemas").unwrap_or_else(|| target.clone());
            (tag.clone(), index_of(&name))
        })
        .collect();
    for (index, name) in names.iter().enumerate() {
        let Some(name) = name else { continue };
        if !tags.iter().any(|(tag, branch)| *branch == Some(index) || tag == name) {
            tags.push((name.clone(), Some(index)));
        }
    }
    Some(Discriminator { property: d.property_name.clone(), tags })
}

/// The `x-max-combined-items` extension: the array properties whose items count together, and
/// their limit.
fn combined_items(view: &SchemaView<'_>) -> Option<(Vec<String>, u64)> {
    let ext = view.data.extensions.get("x-max-combined-items")?;
    let properties = ext.get("properties")?.as_array()?.iter().filter_map(|p| p.as_str().map(str::to_string)).collect();
    Some((properties, ext.get("limit")?.as_u64()?))
}
