//! One uniform view of an openapiv3 schema. openapiv3 splits schemas into typed variants and a
//! catch-all (`AnySchema`) depending on which keywords appear together; lowering wants every keyword in
//! one place whatever the variant.

use openapi_forge_runtime::codegen::Limit;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

/// A schema position: a `$ref` or an inline schema.
#[derive(Clone, Copy)]
pub enum SchemaRef<'s> {
    /// `$ref` target.
    Ref(&'s str),
    /// Inline schema.
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(r: &'s ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

/// Every keyword of a schema, whichever openapiv3 variant holds it.
pub struct SchemaView<'s> {
    /// Shared data: nullable, description, default, extensions...
    pub data: &'s SchemaData,
    /// `type`, as written.
    pub ty: Option<&'s str>,
    /// `format`, as written.
    pub format: Option<&'s str>,
    /// `pattern`
    pub pattern: Option<&'s str>,
    /// `enum` values (empty when absent).
    pub enumeration: Vec<Value>,
    /// `minLength`
    pub min_length: Option<usize>,
    /// `maxLength`
    pub max_length: Option<usize>,
    /// `minimum`, an integer as written when the schema's variant keeps one.
    pub minimum: Option<Limit>,
    /// `maximum`, likewise.
    pub maximum: Option<Limit>,
    /// `exclusiveMinimum`
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum`
    pub exclusive_maximum: bool,
    /// `multipleOf`
    pub multiple_of: Option<f64>,
    /// `properties`, in the spec's order.
    pub properties: Vec<(&'s str, SchemaRef<'s>)>,
    /// `required`
    pub required: &'s [String],
    /// `additionalProperties`
    pub additional: Option<&'s AdditionalProperties>,
    /// `minProperties`
    pub min_properties: Option<usize>,
    /// `maxProperties`
    pub max_properties: Option<usize>,
    /// `items`
    pub items: Option<SchemaRef<'s>>,
    /// `minItems`
    pub min_items: Option<usize>,
    /// `maxItems`
    pub max_items: Option<usize>,
    /// `uniqueItems`
    pub unique_items: bool,
    /// `allOf`
    pub all_of: Vec<SchemaRef<'s>>,
    /// `anyOf`
    pub any_of: Vec<SchemaRef<'s>>,
    /// `oneOf`
    pub one_of: Vec<SchemaRef<'s>>,
    /// `not`
    pub not: Option<SchemaRef<'s>>,
}

fn format_name<T: serde::Serialize>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item).ok()?.as_str().map(str::to_string),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn options<T: Into<Value> + Clone>(values: &[Option<T>]) -> Vec<Value> {
    values.iter().map(|v| v.clone().map_or(Value::Null, Into::into)).collect()
}

/// Interned names of the known formats, so a view can borrow them.
fn intern_format(name: Option<String>) -> Option<&'static str> {
    const KNOWN: &[&str] = &["float", "double", "int32", "int64", "date", "date-time", "password", "byte", "binary"];
    let name = name?;
    KNOWN.iter().find(|k| **k == name).copied()
}

impl<'s> SchemaView<'s> {
    /// The view of `schema`.
    pub fn of(schema: &'s Schema) -> Self {
        let mut v = SchemaView {
            data: &schema.schema_data,
            ty: None,
            format: None,
            pattern: None,
            enumeration: Vec::new(),
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            exclusive_minimum: false,
            exclusive_maximum: false,
            multiple_of: None,
            properties: Vec::new(),
            required: &[],
            additional: None,
            min_properties: None,
            max_properties: None,
            items: None,
            min_items: None,
            max_items: None,
            unique_items: false,
            all_of: Vec::new(),
            any_of: Vec::new(),
            one_of: Vec::new(),
            not: None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.ty = Some("string");
                v.format = intern_format(format_name(&s.format)).or(match &s.format {
                    VariantOrUnknownOrEmpty::Unknown(u) => Some(u.as_str()),
                    _ => None,
                });
                v.pattern = s.pattern.as_deref();
                v.enumeration = options(&s.enumeration);
                v.min_length = s.min_length;
                v.max_length = s.max_length;
            }
            SchemaKind::Type(Type::Number(n)) => {
                v.ty = Some("number");
                v.format = intern_format(format_name(&n.format)).or(match &n.format {
                    VariantOrUnknownOrEmpty::Unknown(u) => Some(u.as_str()),
                    _ => None,
                });
                v.multiple_of = n.multiple_of;
                v.minimum = n.minimum.map(Limit::Float);
                v.maximum = n.maximum.map(Limit::Float);
                v.exclusive_minimum = n.exclusive_minimum;
                v.exclusive_maximum = n.exclusive_maximum;
                v.enumeration = n
                    .enumeration
                    .iter()
                    .map(|x| x.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number))
                    .collect();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.ty = Some("integer");
                v.format = intern_format(format_name(&i.format)).or(match &i.format {
                    VariantOrUnknownOrEmpty::Unknown(u) => Some(u.as_str()),
                    _ => None,
                });
                v.multiple_of = i.multiple_of.map(|m| m as f64);
                v.minimum = i.minimum.map(Limit::Integer);
                v.maximum = i.maximum.map(Limit::Integer);
                v.exclusive_minimum = i.exclusive_minimum;
                v.exclusive_maximum = i.exclusive_maximum;
                v.enumeration = options(&i.enumeration);
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                v.ty = Some("boolean");
                v.enumeration = options(&b.enumeration);
            }
            SchemaKind::Type(Type::Object(o)) => {
                v.ty = Some("object");
                v.properties = o.properties.iter().map(|(k, s)| (k.as_str(), s.into())).collect();
                v.required = &o.required;
                v.additional = o.additional_properties.as_ref();
                v.min_properties = o.min_properties;
                v.max_properties = o.max_properties;
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.ty = Some("array");
                v.items = a.items.as_ref().map(Into::into);
                v.min_items = a.min_items;
                v.max_items = a.max_items;
                v.unique_items = a.unique_items;
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of.iter().map(Into::into).collect(),
            SchemaKind::AllOf { all_of } => v.all_of = all_of.iter().map(Into::into).collect(),
            SchemaKind::AnyOf { any_of } => v.any_of = any_of.iter().map(Into::into).collect(),
            SchemaKind::Not { not } => v.not = Some(not.as_ref().into()),
            SchemaKind::Any(a) => {
                v.ty = a.typ.as_deref();
                v.format = a.format.as_deref();
                v.pattern = a.pattern.as_deref();
                v.enumeration = a.enumeration.clone();
                v.min_length = a.min_length;
                v.max_length = a.max_length;
                v.minimum = a.minimum.map(Limit::Float);
                v.maximum = a.maximum.map(Limit::Float);
                v.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
                v.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
                v.multiple_of = a.multiple_of;
                v.properties = a.properties.iter().map(|(k, s)| (k.as_str(), s.into())).collect();
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.min_properties = a.min_properties;
                v.max_properties = a.max_properties;
                v.items = a.items.as_ref().map(Into::into);
                v.min_items = a.min_items;
                v.max_items = a.max_items;
                v.unique_items = a.unique_items.unwrap_or(false);
                v.one_of = a.one_of.iter().map(Into::into).collect();
                v.all_of = a.all_of.iter().map(Into::into).collect();
                v.any_of = a.any_of.iter().map(Into::into).collect();
                v.not = a.not.as_deref().map(Into::into);
            }
        }
        v
    }

    /// True when the schema describes an object with named properties.
    pub fn is_struct(&self) -> bool {
        !self.properties.is_empty() && matches!(self.ty, None | Some("object"))
    }

    /// True for an object schema that declares nothing of its own to hold: `type: object` or an
    /// object's checks (`required`, `minProperties`, `maxProperties`), and no properties, no
    /// `additionalProperties`, nothing composed, no keyword of another type. (A schema of
    /// annotations alone is not one: beside a `$ref` it describes the reference.)
    pub fn is_bare_object(&self) -> bool {
        let object_keyword = self.ty == Some("object")
            || !self.required.is_empty()
            || self.min_properties.is_some()
            || self.max_properties.is_some();
        object_keyword
            && matches!(self.ty, None | Some("object"))
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
            && self.not.is_none()
            && self.enumeration.is_empty()
            && self.items.is_none()
            && self.format.is_none()
            && self.pattern.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.multiple_of.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && !self.unique_items
    }

    /// True for a non-empty enum whose values are all strings (nullable aside).
    pub fn is_string_enum(&self) -> bool {
        matches!(self.ty, None | Some("string"))
            && self.enumeration.iter().any(Value::is_string)
            && self.enumeration.iter().all(|v| v.is_string() || (v.is_null() && self.data.nullable))
    }
}

/// The schema a position holds, through component references.
pub fn resolve<'d>(doc: &'d openapiv3::OpenAPI, schema: SchemaRef<'d>) -> Option<&'d openapiv3::Schema> {
    let mut current = schema;
    for _ in 0..8 {
        match current {
            SchemaRef::Inline(schema) => return Some(schema),
            SchemaRef::Ref(reference) => {
                let name = crate::resolve::component_name(reference, "schemas")?;
                current = SchemaRef::from(doc.components.as_ref()?.schemas.get(&name)?);
            }
        }
    }
    None
}

/// True when `null` passes the schema at `schema`, as JSON Schema reads it: the schema is
/// `nullable`, or it has no `type` and nothing else refuses null (an `enum` without it, a branch of
/// `allOf` that refuses it, no branch of `anyOf`, or not exactly one of `oneOf`, that takes it).
/// Azure's documents give many objects `properties` but no `type`, and clients send `null` for them.
/// False where it cannot tell: past a depth only a cycle of references reaches, or under `not`.
pub fn admits_null(doc: &openapiv3::OpenAPI, schema: SchemaRef<'_>) -> bool {
    admits_null_within(doc, schema, 16)
}

fn admits_null_within(doc: &openapiv3::OpenAPI, schema: SchemaRef<'_>, depth: u8) -> bool {
    let (Some(depth), Some(s)) = (depth.checked_sub(1), resolve(doc, schema)) else { return false };
    if s.schema_data.nullable {
        return true;
    }
    // Read from the variant itself, not a whole `SchemaView`: this runs for every optional property,
    // and most have a `type`, which settles it.
    let admitted = |branch: SchemaRef<'_>| admits_null_within(doc, branch, depth);
    let composed = |all_of: &[ReferenceOr<Schema>], any_of: &[ReferenceOr<Schema>], one_of: &[ReferenceOr<Schema>]| {
        all_of.iter().all(|b| admitted(b.into()))
            && (any_of.is_empty() || any_of.iter().any(|b| admitted(b.into())))
            && (one_of.is_empty() || one_of.iter().filter(|b| admitted((*b).into())).count() == 1)
    };
    match &s.schema_kind {
        SchemaKind::Type(_) | SchemaKind::Not { .. } => false,
        SchemaKind::AllOf { all_of } => composed(all_of, &[], &[]),
        SchemaKind::AnyOf { any_of } => composed(&[], any_of, &[]),
        SchemaKind::OneOf { one_of } => composed(&[], &[], one_of),
        SchemaKind::Any(a) => {
            let refused_by_enum = !a.enumeration.is_empty() && !a.enumeration.contains(&Value::Null);
            a.typ.is_none() && a.not.is_none() && !refused_by_enum && composed(&a.all_of, &a.any_of, &a.one_of)
        }
    }
}
