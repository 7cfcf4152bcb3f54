//! The typed path: for a type whose schema serde's typed deserialization plus checks on the typed
//! fields decide exactly, `FAST_PATH = true` and a `validate_typed` that runs those checks and
//! reports what the JSON checks would, so that a body serde reads is validated without building a
//! JSON tree, whether it passes or not. A type opts out whenever a keyword cannot be decided on the
//! typed value (compositions, non-string enums, property counts, required but nullable properties,
//! unique items that are not plain values, limits on `f32`, defaults that may break their own
//! schema); `from_slice` then takes the full path for it, which is always exact.

use super::tokens::{format_tokens, ident, opt_u64};
use super::validate::{allowed_text, number_checks, pattern_flags, Statics};
use crate::ir::{Additional, Api, Check, DefaultValue, Field, IntegerFormat, JsonType, Shape, Ty, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// Which types get the typed path, and which of those have typed checks to run.
pub struct Plan {
    /// The types whose checks can be decided on typed values, given that the types they refer to
    /// can too.
    pub eligible: HashSet<String>,
    /// The eligible types whose `validate_typed` checks something, themselves or through a type
    /// they refer to; a call to any other is left out.
    pub checked: HashSet<String>,
}

/// Each type is evaluated once, with the calls to referenced types left out, noting the types its
/// checks rely on. Then the types relying, directly or not, on one that cannot be decided are
/// dropped, and those relying on one with checks get checks too. That is the greatest fixed point
/// of both rules without re-evaluating every type per round (nexus took four rounds).
pub fn plan(api: &Api, enums: &HashSet<String>, statics: &Statics) -> Plan {
    let candidates: HashSet<String> =
        api.types.iter().filter(|t| !matches!(t.shape, Shape::Union(_))).map(|t| t.name.clone()).collect();
    let mut eligible = HashSet::new();
    let mut checked = Vec::new();
    let mut dependents: HashMap<String, Vec<&str>> = HashMap::new();
    for t in api.types.iter().filter(|t| candidates.contains(&t.name)) {
        let ctx = Ctx { eligible: &candidates, enums, checked: None, relied_on: Some(RefCell::new(Vec::new())) };
        if let Some(statements) = body(t, &ctx, statics) {
            eligible.insert(t.name.clone());
            if !statements.is_empty() {
                checked.push(t.name.as_str());
            }
            for name in ctx.relied_on.map(RefCell::into_inner).unwrap_or_default() {
                dependents.entry(name).or_default().push(&t.name);
            }
        }
    }
    let mut failed: Vec<&str> =
        candidates.iter().filter(|name| !eligible.contains(*name)).map(String::as_str).collect();
    while let Some(name) = failed.pop() {
        for &dependent in dependents.get(name).into_iter().flatten() {
            if eligible.remove(dependent) {
                failed.push(dependent);
            }
        }
    }
    let mut with_checks: HashSet<String> = HashSet::new();
    while let Some(name) = checked.pop() {
        if eligible.contains(name) && with_checks.insert(name.to_string()) {
            checked.extend(dependents.get(name).into_iter().flatten());
        }
    }
    Plan { eligible, checked: with_checks }
}

/// The `FAST_PATH` constant and `validate_typed` of an eligible type; nothing otherwise.
pub fn emit_fast(t: &TypeDef, plan: &Plan, enums: &HashSet<String>, statics: &Statics) -> TokenStream {
    if !plan.eligible.contains(&t.name) {
        return quote!();
    }
    let ctx = Ctx { eligible: &plan.eligible, enums, checked: Some(&plan.checked), relied_on: None };
    match body(t, &ctx, statics) {
        // The trait's `validate_typed` checks nothing: serde enforced every keyword.
        Some(statements) if statements.is_empty() => quote!(
            const FAST_PATH: bool = true;
        ),
        Some(statements) => quote! {
            const FAST_PATH: bool = true;
            fn validate_typed(&self, path: &rt::Path, out: &mut rt::Violations) {
                #statements
            }
        },
        None => quote!(),
    }
}

/// The names of the string enums of `api`.
pub fn enum_types(api: &Api) -> HashSet<String> {
    api.types.iter().filter(|t| matches!(t.shape, Shape::Enum(_))).map(|t| t.name.clone()).collect()
}

struct Ctx<'a> {
    eligible: &'a HashSet<String>,
    enums: &'a HashSet<String>,
    /// The types with typed checks to call; `None` while planning, when no call is made.
    checked: Option<&'a HashSet<String>>,
    /// While deciding eligibility: the referenced types the checks rely on.
    relied_on: Option<RefCell<Vec<String>>>,
}

/// The statements recording, into `out`, a type's violations that serde does not catch (empty when
/// there are none), or `None` when they cannot be decided on the typed value.
fn body(t: &TypeDef, ctx: &Ctx<'_>, statics: &Statics) -> Option<TokenStream> {
    let check = &t.check;
    match &t.shape {
        Shape::Enum(_) => Some(TokenStream::new()),
        Shape::Union(_) => None,
        Shape::Newtype(ty) => typed(check, ty, &quote!(self.0), false, ctx, statics),
        Shape::Struct(fields) => {
            if composed(check)
                || check.enumeration.is_some()
                || check.min_properties.is_some()
                || check.max_properties.is_some()
            {
                return None;
            }
            let mut statements = TokenStream::new();
            for field in fields {
                statements.extend(field_statements(field, check, ctx, statics)?);
            }
            if let Some((properties, limit)) = &check.combined_items {
                let mut lengths = Vec::new();
                for wire in properties {
                    let field = fields.iter().find(|f| &f.wire == wire)?;
                    let name = ident(&field.name);
                    lengths.push(match &field.ty {
                        Ty::Vec(_) => quote!(self.#name.len()),
                        Ty::Option(inner) if matches!(**inner, Ty::Vec(_)) => {
                            quote!(self.#name.as_ref().map_or(0, Vec::len))
                        }
                        _ => return None,
                    });
                }
                let limit = Literal::u64_unsuffixed(*limit);
                statements.extend(quote!(
                    rt::check_combined_count(#(#lengths)+*, &[#(#properties),*], #limit, path, out);
                ));
            }
            Some(statements)
        }
    }
}

/// The checks of one field of a struct, at its property's location.
fn field_statements(field: &Field, check: &Check, ctx: &Ctx<'_>, statics: &Statics) -> Option<TokenStream> {
    let name = ident(&field.name);
    if field.wire.is_empty() {
        // The flattened map of undeclared properties, at the object's own location; flattened
        // structs opt out before this (they come from allOf).
        let Ty::Map(value) = &field.ty else { return None };
        let Additional::Schema(schema) = &check.additional else { return None };
        // serde reads a flattened map's values from its own buffered copy, not through the
        // runtime's strict reader: only values that copy cannot misread (no struct, no enum) qualify.
        if !read_alike_when_buffered(value) {
            return None;
        }
        return entries(schema, value, &quote!(self.#name), false, ctx, statics);
    }
    if field.required && field.nullable {
        // serde cannot tell a missing property from a null one.
        return None;
    }
    let property = check.properties.iter().find(|(wire, _)| *wire == field.wire).map(|(_, c)| c)?;
    // An optional property's checks run on its value when present.
    let (value, by_ref, ty, present) = match &field.ty {
        Ty::Option(inner) if is_copy(inner) => (quote!(v), false, &**inner, Some(quote!(self.#name))),
        Ty::Option(inner) => (quote!(v), true, &**inner, Some(quote!(&self.#name))),
        ty => (quote!(self.#name), false, ty, None),
    };
    let statements = typed(property, ty, &value, by_ref, ctx, statics)?;
    if statements.is_empty() {
        return Some(statements);
    }
    if let Some(default) = &field.default {
        // serde fills in the default for an absent property, which the JSON checks never see: the
        // default must pass them all, or the typed checks could report what the client never sent.
        if !default_holds(property, default) {
            return None;
        }
    }
    // The property's location, bound once in the block its checks run in (a `Path` node on the
    // stack, so binding costs nothing even for one use).
    let wire = &field.wire;
    let statements = quote!(let path = &path.key(#wire); #statements);
    Some(match present {
        Some(option) => quote!(if let Some(v) = #option { #statements }),
        None => quote!({ #statements }),
    })
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
}

fn is_copy(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F32 | Ty::F64)
}

/// The statements checking a value of type `ty` reached by `expr` (a reference when `by_ref`)
/// against `check`, reporting at the location bound to `path`, in the order the JSON checks report;
/// `None` when the check cannot be decided on the typed value.
fn typed(
    check: &Check,
    ty: &Ty,
    expr: &TokenStream,
    by_ref: bool,
    ctx: &Ctx<'_>,
    statics: &Statics,
) -> Option<TokenStream> {
    if composed(check) {
        return None;
    }
    if let Some(reference) = &check.reference {
        if !ctx.eligible.contains(reference) {
            return None;
        }
        if let Some(relied_on) = &ctx.relied_on {
            relied_on.borrow_mut().push(reference.clone());
        }
    }
    let reference = if by_ref { expr.clone() } else { quote!(&#expr) };
    match ty {
        Ty::Option(inner) => {
            let (binding, inner_by_ref) = match (by_ref, is_copy(inner)) {
                (true, _) => (expr.clone(), true),
                (false, true) => (expr.clone(), false),
                (false, false) => (quote!(&#expr), true),
            };
            let item = typed(check, inner, &quote!(v), inner_by_ref, ctx, statics)?;
            Some(if item.is_empty() { item } else { quote!(if let Some(v) = #binding { #item }) })
        }
        Ty::Boxed(inner) => typed(check, inner, expr, by_ref, ctx, statics),
        Ty::Named(name) => match &check.reference {
            Some(reference) if reference == name && ctx.checked.is_some_and(|c| c.contains(name)) => {
                Some(quote!(#expr.validate_typed(path, out);))
            }
            // A type with no typed checks, such as a string enum (serde read one of its variants).
            Some(reference) if reference == name => Some(TokenStream::new()),
            _ => None,
        },
        Ty::Json => plain(check).then(TokenStream::new),
        _ if check.reference.is_some() => None,
        Ty::String => string(check, expr, &reference, statics),
        Ty::Bool => check.enumeration.is_none().then(TokenStream::new),
        Ty::I32 | Ty::I64 | Ty::U64 | Ty::F64 => {
            let value = if by_ref { quote!(*#expr) } else { expr.clone() };
            // A format whose range is the Rust type's own was enforced by serde.
            let held = matches!(
                (ty, check.integer_format),
                (Ty::I32, Some(IntegerFormat::Int32))
                    | (Ty::I64, Some(IntegerFormat::Int64))
                    | (Ty::U64, Some(IntegerFormat::Uint64))
            );
            number(check, &value, check.integer_format.filter(|_| !held))
        }
        // An `f32` holds the JSON number rounded, which limits would read differently.
        Ty::F32 => {
            let limited = check.minimum.is_some() || check.maximum.is_some() || check.multiple_of.is_some();
            (!limited && check.enumeration.is_none()).then(TokenStream::new)
        }
        Ty::Vec(item) => {
            let tuple = !check.prefix_items.is_empty() || check.closed_tuple;
            if tuple || check.min_length.is_some() || check.enumeration.is_some() || !check.properties.is_empty() {
                return None;
            }
            let mut statements = TokenStream::new();
            if check.min_items.is_some() || check.max_items.is_some() {
                let (min, max) = (opt_u64(check.min_items), opt_u64(check.max_items));
                statements.extend(quote!(rt::check_items_count(#expr.len(), #min, #max, path, out);));
            }
            if check.unique_items {
                let plain_items = matches!(**item, Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64)
                    || matches!(&**item, Ty::Named(n) if ctx.enums.contains(n));
                if !plain_items {
                    return None;
                }
                statements.extend(quote!(rt::check_unique_typed(#reference, path, out);));
            }
            if let Some(items) = &check.items {
                let each = typed(items, item, &quote!(v), true, ctx, statics)?;
                if !each.is_empty() {
                    let named = matches!(&**item, Ty::Named(n) if items.reference.as_ref() == Some(n));
                    statements.extend(if named {
                        quote!(rt::each_typed(#reference, path, out);)
                    } else {
                        quote! {
                            for (index, v) in #expr.iter().enumerate() {
                                let path = &path.index(index);
                                #each
                            }
                        }
                    });
                }
            }
            Some(statements)
        }
        Ty::Map(value) => {
            if check.enumeration.is_some() || !check.properties.is_empty() || !check.required.is_empty() {
                return None;
            }
            let mut statements = TokenStream::new();
            if check.min_properties.is_some() || check.max_properties.is_some() {
                let (min, max) = (opt_u64(check.min_properties), opt_u64(check.max_properties));
                statements.extend(quote!(rt::check_properties_count(#expr.len(), #min, #max, path, out);));
            }
            match &check.additional {
                Additional::Any => {}
                Additional::Forbidden => return None,
                Additional::Schema(schema) => statements.extend(entries(schema, value, expr, by_ref, ctx, statics)?),
            }
            Some(statements)
        }
    }
}

/// The checks of every entry of a typed map reached by `expr`, each at its key below `path`.
fn entries(
    schema: &Check,
    value: &Ty,
    expr: &TokenStream,
    by_ref: bool,
    ctx: &Ctx<'_>,
    statics: &Statics,
) -> Option<TokenStream> {
    let reference = if by_ref { expr.clone() } else { quote!(&#expr) };
    let each = typed(schema, value, &quote!(v), true, ctx, statics)?;
    if each.is_empty() {
        return Some(each);
    }
    if matches!(value, Ty::Named(n) if schema.reference.as_ref() == Some(n)) {
        return Some(quote!(rt::each_typed_value(#reference, path, out);));
    }
    Some(quote! {
        for (key, v) in #reference {
            let path = &path.key(key);
            #each
        }
    })
}

/// True when a check holds for any value of its type (only `type` and `nullable`).
fn plain(check: &Check) -> bool {
    let mut bare = check.clone();
    bare.ty = None;
    bare.nullable = false;
    bare == Check::default()
}

/// `check` on a string: `expr` reaches it, `reference` is a reference to it. The `enum` of a string
/// schema comes first and any other `enum` last, where the JSON checks have them.
fn string(check: &Check, expr: &TokenStream, reference: &TokenStream, statics: &Statics) -> Option<TokenStream> {
    if check.min_items.is_some() || !check.properties.is_empty() || check.minimum.is_some() {
        return None;
    }
    let enumeration = match &check.enumeration {
        Some(values) => {
            let strings: Vec<&str> = values.iter().filter_map(serde_json::Value::as_str).collect();
            if strings.len() != values.len() {
                return None;
            }
            let allowed = allowed_text(values);
            quote! {
                if !matches!(#expr.as_str(), #(#strings)|*) {
                    rt::enum_violation(#allowed, path, out);
                }
            }
        }
        None => TokenStream::new(),
    };
    let in_arm = check.ty == Some(JsonType::String);
    let mut statements = TokenStream::new();
    if in_arm {
        statements.extend(enumeration.clone());
    }
    if check.min_length.is_some() || check.max_length.is_some() {
        let (min, max) = (opt_u64(check.min_length), opt_u64(check.max_length));
        statements.extend(quote!(rt::check_length(#reference, #min, #max, path, out);));
    }
    if let Some(pattern) = &check.pattern {
        let regex = statics.pattern(pattern);
        statements.extend(quote!(rt::check_pattern(#reference, &#regex, path, out);));
    }
    if let Some(format) = check.string_format {
        let format = format_tokens(format);
        statements.extend(quote!(rt::check_format(#reference, #format, path, out);));
    }
    if !in_arm {
        statements.extend(enumeration);
    }
    Some(statements)
}

/// `check` on a number (`value`, by value, with the JSON checks' own functions); `format`: the
/// integer format to check, when the Rust type does not already hold the value to it.
fn number(check: &Check, value: &TokenStream, format: Option<IntegerFormat>) -> Option<TokenStream> {
    if check.enumeration.is_some() || check.min_length.is_some() || check.min_items.is_some() {
        return None;
    }
    Some(number_checks(check, format, value))
}

/// True when the default `value` passes `check`, as far as the generator can tell: a keyword it
/// cannot evaluate (a `format`, a fractional `multipleOf`) counts as failing.
fn default_holds(check: &Check, default: &DefaultValue) -> bool {
    let DefaultValue::Literal(value) = default else {
        // A variant of the field's enum type, which serde read.
        return true;
    };
    let listed = check.enumeration.as_ref().is_none_or(|values| values.contains(value));
    match value {
        Value::String(s) => {
            let chars = s.chars().count() as u64;
            listed
                && check.min_length.is_none_or(|m| chars >= m)
                && check.max_length.is_none_or(|m| chars <= m)
                && check.string_format.is_none()
                && check.pattern.as_ref().is_none_or(|p| {
                    regress::Regex::with_flags(p, pattern_flags(p)).is_ok_and(|regex| regex.find(s).is_some())
                })
        }
        Value::Number(n) => {
            // Exact in a float up to 2^53; beyond that the generator does not decide.
            let Some(x) = n.as_f64().filter(|x| x.abs() <= 9.0e15) else { return false };
            let above = check.minimum.is_none_or(|(m, exclusive)| if exclusive { x > m } else { x >= m });
            let below = check.maximum.is_none_or(|(m, exclusive)| if exclusive { x < m } else { x <= m });
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
