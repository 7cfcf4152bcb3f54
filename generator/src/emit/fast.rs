//! The typed fast path: for a type whose schema serde's typed deserialization plus checks on the
//! typed fields decide exactly, `FAST_PATH = true` and an `is_valid` that runs those checks, so that
//! a valid body is validated without building a JSON tree. A type opts out whenever a keyword cannot
//! be decided on the typed value (compositions, non-string enums, property counts, required but
//! nullable properties, unique items that are not plain values); `from_slice` then takes the full
//! path for it, which is always exact.

use super::validate::Statics;
use super::{format_tokens, ident, integer_format_tokens, opt_u64};
use crate::ir::{Additional, Api, Check, IntegerFormat, Shape, Ty, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The types that get the fast path: those whose checks can be decided on typed values, given that
/// the types they refer to can too.
///
/// Each type is evaluated once against every candidate, noting the types its checks rely on; then
/// the types relying, directly or not, on one that failed are dropped. That is the greatest fixed
/// point of the rule without re-evaluating every type per round (nexus took four rounds).
pub fn eligible(api: &Api, enums: &HashSet<String>, statics: &Statics) -> HashSet<String> {
    let candidates: HashSet<String> =
        api.types.iter().filter(|t| !matches!(t.shape, Shape::Union(_))).map(|t| t.name.clone()).collect();
    let mut eligible = HashSet::new();
    let mut dependents: HashMap<String, Vec<&str>> = HashMap::new();
    for t in api.types.iter().filter(|t| candidates.contains(&t.name)) {
        let ctx = Ctx { eligible: &candidates, enums, relied_on: Some(RefCell::new(Vec::new())) };
        if body(t, &ctx, statics).is_some() {
            eligible.insert(t.name.clone());
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
    eligible
}

/// The `FAST_PATH` constant and `is_valid` of an eligible type; nothing otherwise.
pub fn emit_fast(
    t: &TypeDef,
    api_eligible: &HashSet<String>,
    enums: &HashSet<String>,
    statics: &Statics,
) -> TokenStream {
    if !api_eligible.contains(&t.name) {
        return quote!();
    }
    let ctx = Ctx { eligible: api_eligible, enums, relied_on: None };
    match body(t, &ctx, statics) {
        // The trait's `is_valid` is `true`: nothing to check beyond what serde enforced.
        Some(expr) if always(&expr) => quote!(
            const FAST_PATH: bool = true;
        ),
        Some(expr) => quote! {
            const FAST_PATH: bool = true;
            fn is_valid(&self) -> bool {
                #expr
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
    /// While deciding eligibility: the referenced types the checks rely on.
    relied_on: Option<RefCell<Vec<String>>>,
}

/// The boolean expression deciding a type's remaining constraints, or `None` when it cannot.
fn body(t: &TypeDef, ctx: &Ctx<'_>, statics: &Statics) -> Option<TokenStream> {
    let check = &t.check;
    let composed = !check.all_of.is_empty()
        || !check.any_of.is_empty()
        || !check.one_of.is_empty()
        || check.not.is_some()
        || check.discriminator.is_some();
    match &t.shape {
        Shape::Enum(_) => Some(quote!(true)),
        Shape::Union(_) => None,
        Shape::Newtype(ty) => typed(check, ty, quote!(self.0), false, ctx, statics),
        Shape::Struct(fields) => {
            if composed
                || check.enumeration.is_some()
                || check.min_properties.is_some()
                || check.max_properties.is_some()
            {
                return None;
            }
            let mut conditions = Vec::new();
            for field in fields {
                let name = ident(&field.name);
                if field.wire.is_empty() {
                    // The flattened map of undeclared properties; flattened structs opt out above
                    // (they come from allOf).
                    let Ty::Map(value) = &field.ty else { return None };
                    let Additional::Schema(schema) = &check.additional else { return None };
                    let item = typed(schema, value, quote!(v), true, ctx, statics)?;
                    if !always(&item) {
                        conditions.push(quote!(self.#name.values().all(|v| #item)));
                    }
                    continue;
                }
                if field.required && field.nullable {
                    // serde cannot tell a missing property from a null one.
                    return None;
                }
                let property = check.properties.iter().find(|(wire, _)| *wire == field.wire).map(|(_, c)| c)?;
                let condition = typed(property, &field.ty, quote!(self.#name), false, ctx, statics)?;
                if !always(&condition) {
                    conditions.push(condition);
                }
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
                conditions.push(quote!(rt::fast::count(#(#lengths)+*, None, Some(#limit))));
            }
            Some(and(conditions))
        }
    }
}

fn is_copy(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64 | Ty::F32 | Ty::F64)
}

/// `check` decided on a value of type `ty` reached by `expr` (a reference when `by_ref`).
fn typed(
    check: &Check,
    ty: &Ty,
    expr: TokenStream,
    by_ref: bool,
    ctx: &Ctx<'_>,
    statics: &Statics,
) -> Option<TokenStream> {
    if !check.all_of.is_empty()
        || !check.any_of.is_empty()
        || !check.one_of.is_empty()
        || check.not.is_some()
        || check.discriminator.is_some()
    {
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
    match ty {
        Ty::Option(inner) => {
            let item = typed(check, inner, quote!(v), !is_copy(inner), ctx, statics)?;
            if always(&item) {
                return Some(quote!(true));
            }
            Some(if is_copy(inner) {
                quote!(#expr.is_none_or(|v| #item))
            } else {
                quote!(#expr.as_ref().is_none_or(|v| #item))
            })
        }
        Ty::Boxed(inner) => typed(check, inner, expr, by_ref, ctx, statics),
        Ty::Named(name) => match &check.reference {
            Some(reference) if reference == name => Some(quote!(#expr.is_valid())),
            _ => None,
        },
        Ty::Json => plain(check).then(|| quote!(true)),
        _ if check.reference.is_some() => None,
        Ty::String => string(check, if by_ref { expr } else { quote!(&#expr) }, statics),
        Ty::Bool => (check.enumeration.is_none()).then(|| quote!(true)),
        Ty::I32 | Ty::I64 | Ty::U64 => {
            let value = if by_ref { quote!(i128::from(*#expr)) } else { quote!(i128::from(#expr)) };
            // A format whose range is the Rust type's own was enforced by serde.
            let held = matches!(
                (ty, check.integer_format),
                (Ty::I32, Some(IntegerFormat::Int32)) | (Ty::I64, Some(IntegerFormat::Int64))
            );
            number(check, value, true, check.integer_format.filter(|_| !held))
        }
        Ty::F32 => {
            let value = if by_ref { quote!(f64::from(*#expr)) } else { quote!(f64::from(#expr)) };
            number(check, value, false, None)
        }
        Ty::F64 => {
            let value = if by_ref { quote!(*#expr) } else { quote!(#expr) };
            number(check, value, false, None)
        }
        Ty::Vec(item) => {
            if check.min_length.is_some() || check.enumeration.is_some() || !check.properties.is_empty() {
                return None;
            }
            let mut conditions = Vec::new();
            if check.min_items.is_some() || check.max_items.is_some() {
                let (min, max) = (opt_u64(check.min_items), opt_u64(check.max_items));
                conditions.push(quote!(rt::fast::count(#expr.len(), #min, #max)));
            }
            if check.unique_items {
                let plain_items = matches!(**item, Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64)
                    || matches!(&**item, Ty::Named(n) if ctx.enums.contains(n));
                if !plain_items {
                    return None;
                }
                let items = if by_ref { expr.clone() } else { quote!(&#expr) };
                conditions.push(quote!(rt::fast::unique(#items)));
            }
            if let Some(items) = &check.items {
                let each = typed(items, item, quote!(v), true, ctx, statics)?;
                if !always(&each) {
                    conditions.push(quote!(#expr.iter().all(|v| #each)));
                }
            }
            Some(and(conditions))
        }
        Ty::Map(value) => {
            if check.enumeration.is_some() || !check.properties.is_empty() || !check.required.is_empty() {
                return None;
            }
            let mut conditions = Vec::new();
            if check.min_properties.is_some() || check.max_properties.is_some() {
                let (min, max) = (opt_u64(check.min_properties), opt_u64(check.max_properties));
                conditions.push(quote!(rt::fast::count(#expr.len(), #min, #max)));
            }
            match &check.additional {
                Additional::Any => {}
                Additional::Forbidden => return None,
                Additional::Schema(schema) => {
                    let each = typed(schema, value, quote!(v), true, ctx, statics)?;
                    if !always(&each) {
                        conditions.push(quote!(#expr.values().all(|v| #each)));
                    }
                }
            }
            Some(and(conditions))
        }
    }
}

/// True when a check holds for any value of its type (only `type` and `nullable`).
fn plain(check: &Check) -> bool {
    let mut bare = check.clone();
    bare.ty = None;
    bare.nullable = false;
    bare == Check::default()
}

/// True when `condition` is the literal `true`: a check that holds for every typed value.
fn always(condition: &TokenStream) -> bool {
    let mut trees = condition.clone().into_iter();
    matches!((trees.next(), trees.next()), (Some(proc_macro2::TokenTree::Ident(word)), None) if word == "true")
}

fn and(conditions: Vec<TokenStream>) -> TokenStream {
    if conditions.is_empty() {
        quote!(true)
    } else {
        quote!(#(#conditions)&&*)
    }
}

fn limit(v: Option<(f64, bool)>) -> TokenStream {
    match v {
        Some((n, exclusive)) if n.is_finite() => {
            let n = Literal::f64_unsuffixed(n);
            quote!(Some((#n, #exclusive)))
        }
        _ => quote!(None),
    }
}

/// `check` on a string; `expr` is a reference to it.
fn string(check: &Check, expr: TokenStream, statics: &Statics) -> Option<TokenStream> {
    if check.min_items.is_some() || !check.properties.is_empty() || check.minimum.is_some() {
        return None;
    }
    let mut conditions = Vec::new();
    if check.min_length.is_some() || check.max_length.is_some() {
        let (min, max) = (opt_u64(check.min_length), opt_u64(check.max_length));
        conditions.push(quote!(rt::fast::length(#expr, #min, #max)));
    }
    if let Some(pattern) = &check.pattern {
        let regex = statics.pattern(pattern);
        conditions.push(quote!(#regex.is_match(#expr)));
    }
    if let Some(format) = check.string_format {
        let format = format_tokens(format);
        conditions.push(quote!(rt::fast::format(#expr, #format)));
    }
    if let Some(values) = &check.enumeration {
        let strings: Vec<&str> = values.iter().filter_map(serde_json::Value::as_str).collect();
        if strings.len() != values.len() {
            return None;
        }
        conditions.push(quote!(matches!(#expr.as_str(), #(#strings)|*)));
    }
    Some(and(conditions))
}

/// `format`: the integer format to check, when the Rust type does not already hold the value to it.
fn number(check: &Check, value: TokenStream, integer: bool, format: Option<IntegerFormat>) -> Option<TokenStream> {
    if check.enumeration.is_some() || check.min_length.is_some() || check.min_items.is_some() {
        return None;
    }
    let mut conditions = Vec::new();
    if let Some(format) = format {
        let format = integer_format_tokens(format);
        conditions.push(quote!(rt::fast::integer_format(#value, #format)));
    }
    if check.minimum.is_some() || check.maximum.is_some() || check.multiple_of.is_some() {
        let (min, max) = (limit(check.minimum), limit(check.maximum));
        let multiple = match check.multiple_of {
            Some(d) if d.is_finite() => {
                let d = Literal::f64_unsuffixed(d);
                quote!(Some(#d))
            }
            _ => quote!(None),
        };
        conditions.push(if integer {
            quote!(rt::fast::integer(#value, #min, #max, #multiple))
        } else {
            quote!(rt::fast::number(#value, #min, #max, #multiple))
        });
    }
    Some(and(conditions))
}
