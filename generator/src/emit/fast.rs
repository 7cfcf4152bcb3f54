//! The typed path: for a type the typed plan (`crate::typed_plan`) decides exactly,
//! `FAST_PATH = true` and a `validate_typed` that runs the planned checks and reports what the JSON
//! checks would, so that a body serde reads is validated without building a JSON tree, whether it
//! passes or not. This module only spells the plan out; every decision is the plan's.

use super::scalar_checks::{allowed_text, number_checks};
use super::tokens::{direction_tokens, format_tokens, ident, opt_u64};
use super::validate::Statics;
use crate::ir::{Check, TypeDef};
use crate::typed_plan::{TypeStep, TypedPlan, ValueCheck};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `FAST_PATH` constant and `validate_typed` of a type the plan keeps; nothing otherwise.
pub fn emit_fast(t: &TypeDef, plan: &TypedPlan, statics: &Statics) -> TokenStream {
    match plan.checks(&t.name) {
        None => quote!(),
        // The trait's `validate_typed` checks nothing: serde enforced every keyword.
        Some([]) => quote!(
            const FAST_PATH: bool = true;
        ),
        Some(steps) => {
            let statements = steps.iter().map(|step| type_step(step, statics));
            quote! {
                const FAST_PATH: bool = true;
                fn validate_typed(&self, path: &rt::Path, out: &mut rt::Violations) {
                    #(#statements)*
                }
            }
        }
    }
}

fn type_step(step: &TypeStep, statics: &Statics) -> TokenStream {
    match step {
        TypeStep::Property { field, wire, present, checks } => {
            let name = ident(field);
            // The property's location, bound once in the block its checks run in (a `Path` node on
            // the stack, so binding costs nothing even for one use).
            let bind = quote!(let path = &path.key(#wire););
            match present {
                Some(copy) => {
                    let option = if *copy { quote!(self.#name) } else { quote!(&self.#name) };
                    let statements = value_checks(checks, &quote!(v), !copy, statics);
                    quote!(if let Some(v) = #option { #bind #statements })
                }
                None => {
                    let statements = value_checks(checks, &quote!(self.#name), false, statics);
                    quote!({ #bind #statements })
                }
            }
        }
        TypeStep::Own { field, checks } => {
            let expr = match field {
                Some(field) => {
                    let name = ident(field);
                    quote!(self.#name)
                }
                None => quote!(self.0),
            };
            value_checks(checks, &expr, false, statics)
        }
        TypeStep::RequiredOneWay { fields } => fields
            .iter()
            .map(|(field, wire, direction)| {
                let (name, direction) = (ident(field), direction_tokens(*direction));
                quote!(rt::require_one_way(self.#name.is_some(), #wire, #direction, path, out);)
            })
            .collect(),
        TypeStep::CombinedCount { lengths, properties, limit } => {
            let lengths = lengths.iter().map(|(field, optional)| {
                let name = ident(field);
                if *optional {
                    quote!(self.#name.as_ref().map_or(0, Vec::len))
                } else {
                    quote!(self.#name.len())
                }
            });
            let limit = Literal::u64_unsuffixed(*limit);
            quote!(rt::check_combined_count(#(#lengths)+*, &[#(#properties),*], #limit, path, out);)
        }
    }
}

/// The statements of `checks` on the value `expr` reaches (a reference when `by_ref`), reporting
/// at the location bound to `path`.
fn value_checks(checks: &[ValueCheck], expr: &TokenStream, by_ref: bool, statics: &Statics) -> TokenStream {
    checks.iter().map(|check| value_check(check, expr, by_ref, statics)).collect()
}

fn value_check(check: &ValueCheck, expr: &TokenStream, by_ref: bool, statics: &Statics) -> TokenStream {
    let reference = if by_ref { expr.clone() } else { quote!(&#expr) };
    match check {
        ValueCheck::Present { copy, checks } => {
            // A reference stays one; an owned `Copy` content is bound by value, any other by reference.
            let (binding, inner_by_ref) = match (by_ref, copy) {
                (true, _) => (expr.clone(), true),
                (false, true) => (expr.clone(), false),
                (false, false) => (quote!(&#expr), true),
            };
            let statements = value_checks(checks, &quote!(v), inner_by_ref, statics);
            quote!(if let Some(v) = #binding { #statements })
        }
        ValueCheck::Call(_) => quote!(#expr.validate_typed(path, out);),
        ValueCheck::Enum(values) => {
            let strings = values.iter().filter_map(serde_json::Value::as_str);
            let allowed = allowed_text(values);
            quote! {
                if !matches!(#expr.as_str(), #(#strings)|*) {
                    rt::enum_violation(#allowed, path, out);
                }
            }
        }
        ValueCheck::Length { min, max } => {
            let (min, max) = (opt_u64(*min), opt_u64(*max));
            quote!(rt::check_length(#reference, #min, #max, path, out);)
        }
        ValueCheck::Pattern(pattern) => {
            let regex = statics.pattern(pattern);
            quote!(rt::check_pattern(#reference, &#regex, path, out);)
        }
        ValueCheck::Format(format) => {
            let format = format_tokens(*format);
            quote!(rt::check_format(#reference, #format, path, out);)
        }
        ValueCheck::Number { format, minimum, maximum, multiple_of } => {
            let value = if by_ref { quote!(*#expr) } else { expr.clone() };
            let limits = Check { minimum: *minimum, maximum: *maximum, multiple_of: *multiple_of, ..Check::default() };
            number_checks(&limits, *format, &value)
        }
        ValueCheck::ItemsCount { min, max } => {
            let (min, max) = (opt_u64(*min), opt_u64(*max));
            quote!(rt::check_items_count(#expr.len(), #min, #max, path, out);)
        }
        ValueCheck::Unique => quote!(rt::check_unique_typed(#reference, path, out);),
        ValueCheck::EachItem { named: true, .. } => quote!(rt::each_typed(#reference, path, out);),
        ValueCheck::EachItem { named: false, checks } => {
            let each = value_checks(checks, &quote!(v), true, statics);
            quote! {
                for (index, v) in #expr.iter().enumerate() {
                    let path = &path.index(index);
                    #each
                }
            }
        }
        ValueCheck::PropertiesCount { min, max } => {
            let (min, max) = (opt_u64(*min), opt_u64(*max));
            quote!(rt::check_properties_count(#expr.len(), #min, #max, path, out);)
        }
        ValueCheck::EachEntry { named: true, .. } => quote!(rt::each_typed_value(#reference, path, out);),
        ValueCheck::EachEntry { named: false, checks } => {
            let each = value_checks(checks, &quote!(v), true, statics);
            quote! {
                for (key, v) in #reference {
                    let path = &path.key(key);
                    #each
                }
            }
        }
    }
}
