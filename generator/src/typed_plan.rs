//! Plan of the typed path: from the IR's `Check`s and `Ty`s alone, which types serde's typed
//! reading plus checks on the typed fields decide exactly, and what those checks are, as plain data
//! that `emit::fast` only spells out. A type opts out whenever a keyword cannot be decided on the
//! typed value (compositions and 3.1's applicators, non-string enums, property counts, required
//! but nullable properties, required names that no property declares, unique items that are not
//! plain values, limits on `f32`, defaults that may break their own schema); `from_slice` then
//! takes the full path for it, which is always exact.

use crate::ir::{
    Additional, Api, Check, DefaultValue, Direction, Field, Format, IntegerFormat, JsonType, Limit, Shape, Ty, TypeDef,
};
use openapi_forge_runtime::codegen::breaks_bound;
use openapi_forge_runtime::format::compile_pattern;
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// The types that get the typed path, each with the checks its `validate_typed` runs.
#[derive(Debug, Default)]
pub struct TypedPlan {
    types: HashMap<String, Vec<TypeStep>>,
}

impl TypedPlan {
    /// The checks of `name`'s `validate_typed` (empty when serde enforces every keyword), or `None`
    /// when the type takes the full path.
    pub fn checks(&self, name: &str) -> Option<&[TypeStep]> {
        self.types.get(name).map(Vec::as_slice)
    }
}

/// A check of a whole type, in the order the JSON checks report.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeStep {
    /// The checks of a property's value, at the property's location. `present` is `Some(copy)` when
    /// the field is an `Option` (the checks run on its content; `copy`: the content is `Copy`).
    Property { field: String, wire: String, present: Option<bool>, checks: Vec<ValueCheck> },
    /// The checks of a value at the type's own location: a struct's flattened map of undeclared
    /// properties (`field`), or a newtype's inner value (`None`).
    Own { field: Option<String>, checks: Vec<ValueCheck> },
    /// `required` for the properties required one way only: each field (an `Option`), its
    /// property, and the way it is required.
    RequiredOneWay { fields: Vec<(String, String, Direction)> },
    /// `x-max-combined-items`: the summed lengths of array fields (name, and whether it is an
    /// `Option`), the properties named in the report, and the limit.
    CombinedCount { lengths: Vec<(String, bool)>, properties: Vec<String>, limit: u64 },
}

/// A check of one typed value, in the order the JSON checks report.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueCheck {
    /// An `Option`'s content, when present (`copy`: the content is `Copy`).
    Present { copy: bool, checks: Vec<ValueCheck> },
    /// The named type's own `validate_typed`.
    Call(String),
    /// A string in one of these values (all strings).
    Enum(Vec<Value>),
    /// `minLength`, `maxLength`.
    Length { min: Option<u64>, max: Option<u64> },
    /// `pattern`.
    Pattern(String),
    /// A string `format`.
    Format(Format),
    /// A number's integer format (when its Rust type does not already hold it) and limits.
    Number {
        format: Option<IntegerFormat>,
        minimum: Option<(Limit, bool)>,
        maximum: Option<(Limit, bool)>,
        multiple_of: Option<f64>,
    },
    /// `minItems`, `maxItems`.
    ItemsCount { min: Option<u64>, max: Option<u64> },
    /// `uniqueItems` on plain items.
    Unique,
    /// Each item of a `Vec`; `named`: the checks are exactly the item type's `validate_typed`.
    EachItem { named: bool, checks: Vec<ValueCheck> },
    /// `minProperties`, `maxProperties` of a map.
    PropertiesCount { min: Option<u64>, max: Option<u64> },
    /// Each value of a map, at its key; `named` as for items.
    EachEntry { named: bool, checks: Vec<ValueCheck> },
}

/// Each type is planned once, relying on the types it calls being decidable too. Then the types
/// relying, directly or not, on one that is not are dropped, and calls to a type that checks
/// nothing, itself or through the types it calls, are left out. That is the greatest fixed point of
/// both rules without re-planning any type.
pub fn plan(api: &Api) -> TypedPlan {
    let candidates: HashSet<&str> =
        api.types.iter().filter(|t| !matches!(t.shape, Shape::Union(_))).map(|t| t.name.as_str()).collect();
    let enums: HashSet<&str> =
        api.types.iter().filter(|t| matches!(t.shape, Shape::Enum(_))).map(|t| t.name.as_str()).collect();
    let planner = Planner { candidates: &candidates, enums: &enums };
    let mut planned: HashMap<&str, Vec<TypeStep>> = HashMap::new();
    let mut dependents: HashMap<&str, Vec<&str>> = HashMap::new();
    for t in api.types.iter().filter(|t| candidates.contains(t.name.as_str())) {
        if let Some(steps) = planner.type_steps(t) {
            // Each callee by the name the API holds (every callee is a candidate).
            for callee in calls(&steps).into_iter().filter_map(|callee| candidates.get(callee)) {
                dependents.entry(callee).or_default().push(&t.name);
            }
            planned.insert(&t.name, steps);
        }
    }
    let mut failed: Vec<&str> = candidates.iter().copied().filter(|name| !planned.contains_key(name)).collect();
    while let Some(name) = failed.pop() {
        for &dependent in dependents.get(name).into_iter().flatten() {
            if planned.remove(dependent).is_some() {
                failed.push(dependent);
            }
        }
    }
    // A type checks something when it has a check of its own or calls a type that does.
    let mut pending: Vec<&str> =
        planned.iter().filter(|(_, steps)| steps.iter().any(own_check)).map(|(name, _)| *name).collect();
    let mut checking: HashSet<&str> = HashSet::new();
    while let Some(name) = pending.pop() {
        if planned.contains_key(name) && checking.insert(name) {
            pending.extend(dependents.get(name).into_iter().flatten());
        }
    }
    let types = planned
        .into_iter()
        .map(|(name, mut steps)| {
            steps.retain_mut(|step| prune_step(step, &checking));
            (name.to_string(), steps)
        })
        .collect();
    TypedPlan { types }
}

/// The names of the types `steps` call.
fn calls(steps: &[TypeStep]) -> Vec<&str> {
    fn walk<'a>(checks: &'a [ValueCheck], out: &mut Vec<&'a str>) {
        for check in checks {
            match check {
                ValueCheck::Call(name) => out.push(name),
                other => walk(other.nested(), out),
            }
        }
    }
    let mut out = Vec::new();
    for step in steps {
        walk(step.checks(), &mut out);
    }
    out
}

/// True when `step` checks something other than calling another type.
fn own_check(step: &TypeStep) -> bool {
    fn any(checks: &[ValueCheck]) -> bool {
        checks.iter().any(|check| match check {
            ValueCheck::Call(_) => false,
            ValueCheck::Present { checks, .. }
            | ValueCheck::EachItem { checks, .. }
            | ValueCheck::EachEntry { checks, .. } => any(checks),
            _ => true,
        })
    }
    matches!(step, TypeStep::CombinedCount { .. } | TypeStep::RequiredOneWay { .. }) || any(step.checks())
}

/// Leaves out of `step` the calls to types outside `checking`, and what they leave empty; false
/// when nothing is left.
fn prune_step(step: &mut TypeStep, checking: &HashSet<&str>) -> bool {
    match step {
        TypeStep::Property { checks, .. } | TypeStep::Own { checks, .. } => prune(checks, checking),
        TypeStep::CombinedCount { .. } | TypeStep::RequiredOneWay { .. } => true,
    }
}

fn prune(checks: &mut Vec<ValueCheck>, checking: &HashSet<&str>) -> bool {
    checks.retain_mut(|check| match check {
        ValueCheck::Call(name) => checking.contains(name.as_str()),
        ValueCheck::Present { checks, .. }
        | ValueCheck::EachItem { checks, .. }
        | ValueCheck::EachEntry { checks, .. } => prune(checks, checking),
        _ => true,
    });
    !checks.is_empty()
}

impl TypeStep {
    /// The value checks of the step (none for a combined count).
    fn checks(&self) -> &[ValueCheck] {
        match self {
            TypeStep::Property { checks, .. } | TypeStep::Own { checks, .. } => checks,
            TypeStep::CombinedCount { .. } | TypeStep::RequiredOneWay { .. } => &[],
        }
    }
}

impl ValueCheck {
    /// The checks nested in this one: an `Option`'s content, each item, each entry.
    fn nested(&self) -> &[ValueCheck] {
        match self {
            ValueCheck::Present { checks, .. }
            | ValueCheck::EachItem { checks, .. }
            | ValueCheck::EachEntry { checks, .. } => checks,
            _ => &[],
        }
    }
}

struct Planner<'a> {
    /// The types that may be decided on typed values (every one but the unions).
    candidates: &'a HashSet<&'a str>,
    /// The string enums, whose values are plain for `uniqueItems`.
    enums: &'a HashSet<&'a str>,
}

impl Planner<'_> {
    /// The checks of type `t` that serde does not make, or `None` when they cannot be decided on
    /// the typed value.
    fn type_steps(&self, t: &TypeDef) -> Option<Vec<TypeStep>> {
        let check = &t.check;
        match &t.shape {
            Shape::Enum(_) => Some(Vec::new()),
            Shape::Union(_) => None,
            Shape::Newtype(ty) => {
                let checks = self.value(check, ty)?;
                Some(if checks.is_empty() { Vec::new() } else { vec![TypeStep::Own { field: None, checks }] })
            }
            Shape::Struct(fields) => {
                // A required name that no property declares (Xero's `required: [name]` beside a
                // `Name` property) has no field: the typed value cannot tell whether it was sent.
                let undeclared_required =
                    check.required.iter().any(|wire| !fields.iter().any(|f| !f.flattened && f.wire == *wire));
                if composed(check)
                    || check.enumeration.is_some()
                    || check.min_properties.is_some()
                    || check.max_properties.is_some()
                    || undeclared_required
                {
                    return None;
                }
                let mut steps = Vec::new();
                let mut one_way = Vec::new();
                for (wire, direction) in &check.required_one_way {
                    let field = fields.iter().find(|f| !f.flattened && f.wire == *wire)?;
                    match &field.ty {
                        // A nullable one reads `null` and absent alike, as required nullable fields do.
                        Ty::Json => return None,
                        Ty::Option(_) if field.nullable => return None,
                        Ty::Option(_) => one_way.push((field.name.clone(), wire.clone(), *direction)),
                        // Required both ways by another schema of an `allOf`: always present.
                        _ if field.required => {}
                        // Filled with its default when absent: absence cannot be told.
                        _ => return None,
                    }
                }
                if !one_way.is_empty() {
                    steps.push(TypeStep::RequiredOneWay { fields: one_way });
                }
                for field in fields {
                    steps.extend(self.field(field, check)?);
                }
                if let Some((properties, limit)) = &check.combined_items {
                    let mut lengths = Vec::new();
                    for wire in properties {
                        let field = fields.iter().find(|f| !f.flattened && &f.wire == wire)?;
                        lengths.push(match &field.ty {
                            Ty::Vec(_) => (field.name.clone(), false),
                            Ty::Option(inner) if matches!(**inner, Ty::Vec(_)) => (field.name.clone(), true),
                            _ => return None,
                        });
                    }
                    steps.push(TypeStep::CombinedCount { lengths, properties: properties.clone(), limit: *limit });
                }
                Some(steps)
            }
        }
    }

    /// The checks of one field of a struct (`None` inside when there are none).
    fn field(&self, field: &Field, check: &Check) -> Option<Option<TypeStep>> {
        if field.flattened {
            // The flattened map of undeclared properties, at the object's own location; flattened
            // structs opt out before this (they come from allOf).
            let Ty::Map(value) = &field.ty else { return None };
            let Additional::Schema(schema) = &check.additional else { return None };
            // serde reads a flattened map's values from its own buffered copy, not through the
            // runtime's strict reader: only values that copy cannot misread (no struct, no enum) qualify.
            if !read_alike_when_buffered(value) {
                return None;
            }
            let checks = self.entries(schema, value)?;
            return Some((!checks.is_empty()).then(|| TypeStep::Own { field: Some(field.name.clone()), checks }));
        }
        if field.required && field.nullable {
            // serde cannot tell a missing property from a null one.
            return None;
        }
        let property = check.properties.iter().find(|(wire, _)| *wire == field.wire).map(|(_, c)| c)?;
        // An optional property's checks run on its value when present.
        let (ty, present) = match &field.ty {
            Ty::Option(inner) => (&**inner, Some(is_copy(inner))),
            ty => (ty, None),
        };
        let checks = self.value(property, ty)?;
        if checks.is_empty() {
            return Some(None);
        }
        if let Some(default) = &field.default {
            // serde fills in the default for an absent property, which the JSON checks never see: the
            // default must pass them all, or the typed checks could report what the client never sent.
            if !default_holds(property, default) {
                return None;
            }
        }
        Some(Some(TypeStep::Property { field: field.name.clone(), wire: field.wire.clone(), present, checks }))
    }

    /// The checks of a value of type `ty` against `check`, or `None` when they cannot be decided on
    /// the typed value.
    fn value(&self, check: &Check, ty: &Ty) -> Option<Vec<ValueCheck>> {
        if composed(check) {
            return None;
        }
        if check.reference.as_deref().is_some_and(|reference| !self.candidates.contains(reference)) {
            return None;
        }
        match ty {
            Ty::Option(inner) => {
                let checks = self.value(check, inner)?;
                Some(if checks.is_empty() {
                    checks
                } else {
                    vec![ValueCheck::Present { copy: is_copy(inner), checks }]
                })
            }
            Ty::Boxed(inner) => self.value(check, inner),
            // A type's own checks (a string enum has none: serde read one of its variants).
            Ty::Named(name) => (check.reference.as_ref() == Some(name)).then(|| vec![ValueCheck::Call(name.clone())]),
            Ty::Json => plain(check).then(Vec::new),
            _ if check.reference.is_some() => None,
            Ty::String => string(check),
            Ty::Bool => check.enumeration.is_none().then(Vec::new),
            Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => number(check, ty),
            // An `f32` holds the JSON number rounded, which limits would read differently.
            Ty::F32 => {
                let limited = check.minimum.is_some() || check.maximum.is_some() || check.multiple_of.is_some();
                (!limited && check.enumeration.is_none()).then(Vec::new)
            }
            Ty::Vec(item) => self.items(check, item),
            Ty::Map(value) => self.map(check, value),
        }
    }

    fn items(&self, check: &Check, item: &Ty) -> Option<Vec<ValueCheck>> {
        let tuple = !check.prefix_items.is_empty() || check.closed_tuple;
        if tuple || check.min_length.is_some() || check.enumeration.is_some() || !check.properties.is_empty() {
            return None;
        }
        let mut checks = Vec::new();
        if check.min_items.is_some() || check.max_items.is_some() {
            checks.push(ValueCheck::ItemsCount { min: check.min_items, max: check.max_items });
        }
        if check.unique_items {
            let plain_items = matches!(item, Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64)
                || matches!(item, Ty::Named(n) if self.enums.contains(n.as_str()));
            if !plain_items {
                return None;
            }
            checks.push(ValueCheck::Unique);
        }
        if let Some(items) = &check.items {
            let each = self.value(items, item)?;
            if !each.is_empty() {
                let named = matches!(item, Ty::Named(n) if items.reference.as_ref() == Some(n));
                checks.push(ValueCheck::EachItem { named, checks: each });
            }
        }
        Some(checks)
    }

    fn map(&self, check: &Check, value: &Ty) -> Option<Vec<ValueCheck>> {
        if check.enumeration.is_some() || !check.properties.is_empty() || !check.required.is_empty() {
            return None;
        }
        let mut checks = Vec::new();
        if check.min_properties.is_some() || check.max_properties.is_some() {
            checks.push(ValueCheck::PropertiesCount { min: check.min_properties, max: check.max_properties });
        }
        match &check.additional {
            Additional::Any | Additional::Allowed => {}
            Additional::Forbidden => return None,
            Additional::Schema(schema) => checks.extend(self.entries(schema, value)?),
        }
        Some(checks)
    }

    /// The checks of every entry of a typed map, each at its key.
    fn entries(&self, schema: &Check, value: &Ty) -> Option<Vec<ValueCheck>> {
        let each = self.value(schema, value)?;
        if each.is_empty() {
            return Some(each);
        }
        let named = matches!(value, Ty::Named(n) if schema.reference.as_ref() == Some(n));
        Some(vec![ValueCheck::EachEntry { named, checks: each }])
    }
}

/// True when serde's buffered reading (of flattened and untagged content) of `ty` accepts exactly
/// the JSON the strict reader does: scalars and containers of them. A struct would also be read
/// from an array, and an enum from a one-key object.
fn read_alike_when_buffered(ty: &Ty) -> bool {
    match ty {
        Ty::Option(inner) | Ty::Boxed(inner) | Ty::Vec(inner) | Ty::Map(inner) => read_alike_when_buffered(inner),
        Ty::Named(_) => false,
        _ => true,
    }
}

fn composed(check: &Check) -> bool {
    !check.all_of.is_empty()
        || !check.any_of.is_empty()
        || !check.one_of.is_empty()
        || check.not.is_some()
        || check.discriminator.is_some()
        || check.applied.is_some()
}

/// True for the Rust types the typed checks read by value.
fn is_copy(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F32 | Ty::F64)
}

/// True when a check holds for any value of its type (only `type` and `nullable`).
fn plain(check: &Check) -> bool {
    let mut bare = check.clone();
    bare.ty = None;
    bare.nullable = false;
    // How XML names the value checks nothing.
    bare.xml = None;
    bare == Check::default()
}

/// A string's checks. The `enum` of a string schema comes first and any other `enum` last, where
/// the JSON checks have them.
fn string(check: &Check) -> Option<Vec<ValueCheck>> {
    if check.min_items.is_some() || !check.properties.is_empty() || check.minimum.is_some() {
        return None;
    }
    let enumeration = match &check.enumeration {
        Some(values) if values.iter().all(Value::is_string) => Some(ValueCheck::Enum(values.clone())),
        Some(_) => return None,
        None => None,
    };
    let in_arm = check.ty == Some(JsonType::String);
    let mut checks = Vec::new();
    if in_arm {
        checks.extend(enumeration.clone());
    }
    if check.min_length.is_some() || check.max_length.is_some() {
        checks.push(ValueCheck::Length { min: check.min_length, max: check.max_length });
    }
    if let Some(pattern) = &check.pattern {
        checks.push(ValueCheck::Pattern(pattern.clone()));
    }
    if let Some(format) = check.string_format {
        checks.push(ValueCheck::Format(format));
    }
    if !in_arm {
        checks.extend(enumeration);
    }
    Some(checks)
}

/// A number's checks; an integer format whose range is the Rust type's own was enforced by serde.
fn number(check: &Check, ty: &Ty) -> Option<Vec<ValueCheck>> {
    if check.enumeration.is_some() || check.min_length.is_some() || check.min_items.is_some() {
        return None;
    }
    let held = matches!(
        (ty, check.integer_format),
        (Ty::I32, Some(IntegerFormat::Int32))
            | (Ty::I64, Some(IntegerFormat::Int64))
            | (Ty::U64, Some(IntegerFormat::Uint64))
    );
    let format = check.integer_format.filter(|_| !held);
    let limited = format.is_some() || check.minimum.is_some() || check.maximum.is_some() || check.multiple_of.is_some();
    Some(if limited {
        vec![ValueCheck::Number {
            format,
            minimum: check.minimum,
            maximum: check.maximum,
            multiple_of: check.multiple_of,
        }]
    } else {
        Vec::new()
    })
}

/// True when the default `value` passes `check`, as far as the generator can tell: a keyword it
/// cannot evaluate (a `format`, a fractional `multipleOf`, the checks of a referenced type) counts
/// as failing.
fn default_holds(check: &Check, default: &DefaultValue) -> bool {
    let DefaultValue::Literal(value) = default else {
        // A variant of the field's enum type, which serde read.
        return true;
    };
    if check.reference.is_some() {
        return false;
    }
    let listed = check.enumeration.as_ref().is_none_or(|values| values.contains(value));
    match value {
        Value::String(s) => {
            let chars = s.chars().count() as u64;
            listed
                && check.min_length.is_none_or(|m| chars >= m)
                && check.max_length.is_none_or(|m| chars <= m)
                && check.string_format.is_none()
                && check
                    .pattern
                    .as_ref()
                    .is_none_or(|p| compile_pattern(p).is_some_and(|regex| regex.find(s).is_some()))
        }
        Value::Number(n) => {
            // Exact in a float up to 2^53; beyond that the generator does not decide.
            let Some(x) = n.as_f64().filter(|x| x.abs() <= 9.0e15) else { return false };
            let holds = |bound: Option<(Limit, bool)>, past| {
                bound.is_none_or(|(limit, exclusive)| !breaks_bound(n, limit, exclusive, past))
            };
            let (above, below) = (holds(check.minimum, Ordering::Less), holds(check.maximum, Ordering::Greater));
            let multiple = check
                .multiple_of
                .is_none_or(|d| x.fract() == 0.0 && d.fract() == 0.0 && d != 0.0 && (x as i64) % (d as i64) == 0);
            let fits = check.integer_format.is_none_or(|format| n.as_i64().is_some_and(|i| fits_format(i, format)));
            listed && above && below && multiple && fits
        }
        Value::Bool(_) => listed,
        _ => false,
    }
}

fn fits_format(i: i64, format: IntegerFormat) -> bool {
    let (min, max, _) = format.range();
    (min..=max).contains(&i128::from(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{UnionVariant, Variant};

    fn api(types: Vec<TypeDef>) -> Api {
        Api {
            module: "m".into(),
            doc: String::new(),
            types,
            operations: Vec::new(),
            service_trait: "M".into(),
            webhooks: Vec::new(),
            webhook_trait: "MWebhooks".into(),
            form_shapes: Vec::new(),
            servers: Vec::new(),
        }
    }

    fn type_def(name: &str, shape: Shape, check: Check) -> TypeDef {
        TypeDef {
            name: name.into(),
            schema_name: name.into(),
            is_component: true,
            doc: String::new(),
            shape,
            check,
            alias_of: None,
        }
    }

    fn field(name: &str, ty: Ty, default: Option<DefaultValue>) -> Field {
        Field {
            name: name.into(),
            wire: name.into(),
            doc: String::new(),
            ty,
            required: true,
            nullable: false,
            default,
            flattened: false,
        }
    }

    /// A struct of the given fields, each property checked by `checks`.
    fn object(name: &str, fields: Vec<Field>, checks: Vec<Check>) -> TypeDef {
        let properties = fields.iter().map(|f| f.wire.clone()).zip(checks).collect();
        let check = Check { ty: Some(JsonType::Object), properties, ..Check::default() };
        type_def(name, Shape::Struct(fields), check)
    }

    fn short_string() -> Check {
        Check { ty: Some(JsonType::String), max_length: Some(8), ..Check::default() }
    }

    #[test]
    fn a_union_sends_every_type_relying_on_it_to_the_full_path() {
        let union = type_def(
            "U",
            Shape::Union(vec![UnionVariant { name: "S".into(), ty: Ty::String }]),
            Check { any_of: vec![short_string()], ..Check::default() },
        );
        let holder = object("A", vec![field("u", Ty::Named("U".into()), None)], vec![Check::reference("U")]);
        let outer = object("B", vec![field("a", Ty::Named("A".into()), None)], vec![Check::reference("A")]);
        let leaf = object("C", vec![field("s", Ty::String, None)], vec![short_string()]);
        let plan = plan(&api(vec![union, holder, outer, leaf]));
        assert_eq!(plan.checks("U"), None);
        assert_eq!(plan.checks("A"), None);
        assert_eq!(plan.checks("B"), None);
        assert_eq!(
            plan.checks("C"),
            Some(
                &[TypeStep::Property {
                    field: "s".into(),
                    wire: "s".into(),
                    present: None,
                    checks: vec![ValueCheck::Length { min: None, max: Some(8) }],
                }][..]
            )
        );
    }

    #[test]
    fn calls_to_types_that_check_nothing_are_left_out() {
        let colour = type_def(
            "Colour",
            Shape::Enum(vec![Variant { name: "Red".into(), wire: "red".into() }]),
            Check { ty: Some(JsonType::String), enumeration: Some(vec!["red".into()]), ..Check::default() },
        );
        let only_enum =
            object("D", vec![field("c", Ty::Named("Colour".into()), None)], vec![Check::reference("Colour")]);
        let checked = object(
            "A",
            vec![field("c", Ty::Named("Colour".into()), None), field("s", Ty::String, None)],
            vec![Check::reference("Colour"), short_string()],
        );
        let outer = object(
            "B",
            vec![field("a", Ty::Option(Box::new(Ty::Named("A".into()))), None)],
            vec![Check::reference("A")],
        );
        let plan = plan(&api(vec![colour, only_enum, checked, outer]));
        assert_eq!(plan.checks("Colour"), Some(&[][..]));
        assert_eq!(plan.checks("D"), Some(&[][..]), "D's only call is to a type that checks nothing");
        assert!(matches!(plan.checks("A"), Some([TypeStep::Property { field, .. }]) if field == "s"));
        assert_eq!(
            plan.checks("B"),
            Some(
                &[TypeStep::Property {
                    field: "a".into(),
                    wire: "a".into(),
                    present: Some(false),
                    checks: vec![ValueCheck::Call("A".into())],
                }][..]
            )
        );
    }

    #[test]
    fn a_default_is_kept_only_when_it_passes_the_checks_the_typed_path_would_run() {
        let code = type_def(
            "Code",
            Shape::Newtype(Ty::String),
            Check { ty: Some(JsonType::String), min_length: Some(5), ..Check::default() },
        );
        // serde fills in "ab" for an absent property; the typed checks would then report a value
        // the client never sent, so the type must take the full path.
        let short = Some(DefaultValue::Literal("ab".into()));
        let failing = object(
            "F",
            vec![field("s", Ty::String, short.clone())],
            vec![Check { min_length: Some(5), ..short_string() }],
        );
        // Through a reference the generator does not evaluate the referenced type's checks.
        let referenced =
            object("R", vec![field("c", Ty::Named("Code".into()), short.clone())], vec![Check::reference("Code")]);
        let holding = object("H", vec![field("s", Ty::String, short)], vec![short_string()]);
        let plan = plan(&api(vec![code, failing, referenced, holding]));
        assert!(plan.checks("Code").is_some_and(|steps| !steps.is_empty()));
        assert_eq!(plan.checks("F"), None);
        assert_eq!(plan.checks("R"), None);
        assert!(plan.checks("H").is_some_and(|steps| steps.len() == 1));
    }
}
