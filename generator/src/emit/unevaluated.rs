//! Validators of `unevaluatedProperties` and `unevaluatedItems` (JSON Schema 2020-12): a schema
//! with either keyword runs its other checks inside an open evaluation of the value (the runtime's
//! `begin_evaluation`), in which every check applied in place records the properties and items
//! it evaluates; what is left is then checked against the keyword's schema.
//!
//! Records are emitted only in modules whose spec uses either keyword ([`super::validate::Statics`]
//! knows), so that no other module pays for them: here those of `properties`,
//! `additionalProperties`, `prefixItems` and `items`; the applicators' module emits those of
//! `patternProperties` and `contains`.

use super::tokens::value_binding;
use crate::ir::{Additional, Check};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// What a keyword does with a property or item no schema evaluated.
pub(super) enum Leftover {
    /// `false` (written `{"not": {}}` in the 3.0 form): each is a violation of the keyword.
    Refused,
    /// A schema, whose statements check each one as `value` at its own `path`.
    Checked(TokenStream),
    /// A schema that asks nothing: the keyword only evaluates everything (for an enclosing one).
    Anything,
}

impl Leftover {
    /// The leftover of the keyword's schema `schema`, whose statements `body` are.
    pub(super) fn of(schema: &Check, body: TokenStream) -> Leftover {
        let never = Check { not: Some(Box::default()), ..Check::default() };
        if *schema == never {
            Leftover::Refused
        } else if body.is_empty() {
            Leftover::Anything
        } else {
            Leftover::Checked(body)
        }
    }
}

/// `checks` (a schema's other statements) inside an evaluation of `value`, then each property
/// and item left unevaluated against `properties` and `items`. A block: schemas applied in
/// place nest, each with its own evaluation.
pub(super) fn around(checks: TokenStream, properties: Option<Leftover>, items: Option<Leftover>) -> TokenStream {
    let properties = match properties {
        Some(Leftover::Refused) => Some(quote!(rt::refuse_unevaluated_properties(map, &evaluated, path, out);)),
        Some(Leftover::Checked(body)) => {
            let value = value_binding(&body);
            Some(quote! {
                for (key, #value) in rt::in_key_order(map) {
                    if !evaluated.property(key) {
                        let path = &path.key(key);
                        #body
                    }
                }
            })
        }
        Some(Leftover::Anything) | None => None,
    };
    let items = match items {
        Some(Leftover::Refused) => Some(quote!(rt::refuse_unevaluated_items(items.len(), &evaluated, path, out);)),
        Some(Leftover::Checked(body)) => {
            let value = value_binding(&body);
            Some(quote! {
                for (index, #value) in items.iter().enumerate() {
                    if !evaluated.item(index) {
                        let path = &path.index(index);
                        #body
                    }
                }
            })
        }
        Some(Leftover::Anything) | None => None,
    };
    let leftovers = match (properties, items) {
        (None, None) => {
            return quote!({ let evaluation = rt::begin_evaluation(value, path, out); #checks rt::end_evaluation(evaluation, out); })
        }
        (Some(properties), None) => quote!(if let rt::Value::Object(map) = value { #properties }),
        (None, Some(items)) => quote!(if let rt::Value::Array(items) = value { #items }),
        (Some(properties), Some(items)) => quote! {
            match value {
                rt::Value::Object(map) => { #properties }
                rt::Value::Array(items) => { #items }
                _ => {}
            }
        },
    };
    quote! {{
        let evaluation = rt::begin_evaluation(value, path, out);
        #checks
        let evaluated = rt::end_evaluation(evaluation, out);
        #leftovers
    }}
}

/// What an object's `properties` and `additionalProperties` evaluate, recorded on `map`.
pub(super) fn property_records(check: &Check) -> TokenStream {
    let mut out = TokenStream::new();
    if !check.properties.is_empty() {
        let names = check.properties.iter().map(|(name, _)| name);
        out.extend(quote!(rt::evaluated_names(map, &[#(#names),*], path, out);));
    }
    // `additionalProperties` evaluates every property it applies to, and the ones it does not are
    // evaluated by `properties` or `patternProperties`.
    if check.additional != Additional::Any {
        out.extend(quote!(rt::evaluated_all_properties(map, path, out);));
    }
    out
}

/// What an array's `prefixItems` and `items` evaluate, recorded on `items`.
pub(super) fn item_records(check: &Check) -> TokenStream {
    if check.items.is_some() || check.closed_tuple {
        quote!(rt::evaluated_all_items(items, path, out);)
    } else if !check.prefix_items.is_empty() {
        let count = Literal::usize_unsuffixed(check.prefix_items.len());
        quote!(rt::evaluated_prefix(items, #count, path, out);)
    } else {
        TokenStream::new()
    }
}

/// True when `check` or any schema in it has `unevaluatedProperties` or `unevaluatedItems`.
pub(super) fn used_in(check: &Check) -> bool {
    // A stack, not recursion: schemas nest as deep as the loader allows.
    let mut stack = vec![check];
    while let Some(check) = stack.pop() {
        let additional = match &check.additional {
            Additional::Schema(schema) => Some(&**schema),
            _ => None,
        };
        stack.extend(check.items.as_deref().into_iter().chain(&check.prefix_items).chain(additional));
        stack.extend(check.properties.iter().map(|(_, c)| c));
        stack.extend(check.all_of.iter().chain(&check.any_of).chain(&check.one_of).chain(check.not.as_deref()));
        let Some(applied) = check.applied.as_deref() else { continue };
        if applied.unevaluated_properties.is_some() || applied.unevaluated_items.is_some() {
            return true;
        }
        stack.extend(applied.contains.iter().map(|(c, _, _)| c).chain(&applied.property_names));
        stack.extend(applied.pattern_properties.iter().chain(&applied.dependent_schemas).map(|(_, c)| c));
        if let Some((condition, then, otherwise)) = &applied.conditional {
            stack.extend(std::iter::once(condition).chain(then).chain(otherwise));
        }
    }
    false
}
