//! Validators of JSON Schema 2020-12's applicators that 3.0 has no form for (see
//! [`crate::ir::Applied`]): `contains` counts the items that match, `propertyNames` checks each
//! name as a string, `patternProperties` the properties whose names match, `dependentRequired`
//! and `dependentSchemas` apply when a property is present, `if` chooses between `then` and
//! `else`. They apply to every value, as JSON Schema says: each one
//! looks at the kind of value it concerns and lets the others pass.
//!
//! The sub-schemas' checks are spelled by the validators' own emitters, which call this module in
//! turn: they are handed in as [`Emitters`], so that neither module imports the other.

use super::tokens::value_binding;
use crate::ir::{Applied, Check};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// How the validators spell a sub-schema's checks.
pub(super) struct Emitters<'a> {
    /// The statements checking `value` (at `path`, into `out`) against a check.
    pub check: &'a dyn Fn(&Check) -> TokenStream,
    /// An expression: whether `value` passes a check, given the check and its statements (each
    /// sub-schema is emitted once: they nest, and twice per level would be exponential).
    pub passes: fn(&Check, TokenStream) -> TokenStream,
    /// `passes` for a sub-schema applied in place (`if`), whose evaluations count when it passes.
    pub passes_in_place: fn(&Check, TokenStream) -> TokenStream,
    /// The static that holds a compiled pattern.
    pub pattern: &'a dyn Fn(&str) -> TokenStream,
    /// Record what `patternProperties` and `contains` evaluate (see [`super::unevaluated`]).
    pub annotations: bool,
}

/// The statements checking `value` (at `path`, into `out`) against `applied`.
pub(super) fn applied_tokens(applied: &Applied, emit: &Emitters<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some((contains, min, max)) = &applied.contains {
        let (min, max) = (Literal::u64_unsuffixed(*min), super::tokens::opt_u64(*max));
        // `contains: {}` matches every item.
        let body = (emit.check)(contains);
        // Matching every item, it evaluates every item.
        let everything =
            (emit.annotations && body.is_empty()).then(|| quote!(rt::evaluated_all_items(items, path, out);));
        let matched = if body.is_empty() {
            quote!(items.len())
        } else {
            let matches = (emit.passes)(contains, body);
            let item = value_binding(&matches);
            if emit.annotations {
                // The items it matched are evaluated.
                quote!({
                    let matched: Vec<bool> = items.iter().map(|#item| #matches).collect();
                    rt::evaluated_matches(items, &matched, path, out);
                    matched.iter().filter(|matched| **matched).count()
                })
            } else {
                quote!(items.iter().filter(|&#item| #matches).count())
            }
        };
        out.extend(quote! {
            if let rt::Value::Array(items) = value {
                #everything
                rt::check_contains(#matched, #min, #max, path, out);
            }
        });
    }
    let object = object_tokens(applied, emit);
    if !object.is_empty() {
        out.extend(quote!(if let rt::Value::Object(map) = value { #object }));
    }
    if let Some((condition, then, otherwise)) = &applied.conditional {
        let branch = |check: &Option<Check>| check.as_ref().map(emit.check).unwrap_or_default();
        let (then, otherwise) = (branch(then), branch(otherwise));
        // An `if` that every value passes (`{}`) always applies `then`.
        let body = (emit.check)(condition);
        let always = body.is_empty();
        let condition = (emit.passes_in_place)(condition, body);
        out.extend(match (then.is_empty(), otherwise.is_empty()) {
            _ if always => then,
            // Asked only for what it evaluates.
            (true, true) if emit.annotations => quote!(#condition;),
            (true, true) => TokenStream::new(),
            (false, true) => quote!(if #condition { #then }),
            (true, false) => quote!(if !#condition { #otherwise }),
            (false, false) => quote!(if #condition { #then } else { #otherwise }),
        });
    }
    out
}

/// The applicators that concern objects, on the object's `map`.
fn object_tokens(applied: &Applied, emit: &Emitters<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    if !applied.dependent_required.is_empty() {
        let needs = applied.dependent_required.iter().map(|(name, needed)| quote!((#name, &[#(#needed),*])));
        out.extend(quote!(rt::check_dependent_required(map, &[#(#needs),*], path, out);));
    }
    if let Some(names) = &applied.property_names {
        let body = (emit.check)(names);
        if !body.is_empty() {
            let matches = (emit.passes)(names, body);
            let name = value_binding(&matches);
            out.extend(quote! {
                for key in rt::names_not_matching(map, |#name| #matches) {
                    rt::invalid_property_name(key, path, out);
                }
            });
        }
    }
    // Each property whose name a pattern matches, against that pattern's schema (every pattern
    // that matches applies), in the order of the names as additional properties are checked.
    let patterned: Vec<TokenStream> = applied
        .pattern_properties
        .iter()
        .filter_map(|(source, schema)| {
            let body = (emit.check)(schema);
            let pattern = (emit.pattern)(source);
            (!body.is_empty()).then(|| quote!(if #pattern.is_match(key) { #body }))
        })
        .collect();
    if emit.annotations && !applied.pattern_properties.is_empty() {
        let patterns = applied.pattern_properties.iter().map(|(source, _)| (emit.pattern)(source));
        out.extend(quote!(rt::evaluated_patterns(map, &[#(&#patterns),*], path, out);));
    }
    if !patterned.is_empty() {
        let value = value_binding(&quote!(#(#patterned)*));
        out.extend(quote! {
            for (key, #value) in rt::in_key_order(map) {
                let path = &path.key(key);
                #(#patterned)*
            }
        });
    }
    for (name, schema) in &applied.dependent_schemas {
        let body = (emit.check)(schema);
        if !body.is_empty() {
            out.extend(quote!(if map.contains_key(#name) { #body }));
        }
    }
    out
}
