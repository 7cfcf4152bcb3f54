//! How deep the generated types nest, against rustc's recursion limit. rustc follows a type's
//! fields to check its drops, one level per type and per `Vec`, map, `Option` and `Box` around
//! it, and refuses a type deeper than the crate's `recursion_limit` (128 unless raised) with
//! E0320. Schemas nested inside one another about a hundred levels deep, inline or through a chain
//! of components each holding the next, reach it; no published document does (APIs.guru's
//! deepest nests 34 levels of JSON), so the limit is a warning that names the way out.

use crate::codes::Code;
use crate::diagnostics::{child_pointer, Diagnostic, Diagnostics};
use crate::ir::{Ty, TypeDef};
use std::collections::HashMap;

/// Levels past which a type may exceed rustc's default recursion limit. Measured: arrays nested
/// 125 deep compiled and maps nested as deep did not; nullable arrays through 60 components did
/// not either (about four levels each).
const LEVELS: usize = 100;

/// Warns about the deepest generated type when it nests more than [`LEVELS`] levels.
pub fn check(types: &[TypeDef], diags: &mut Diagnostics) {
    let depths = depths(types);
    // The first of the deepest (`max_by_key` keeps the last of equals).
    let Some((deepest, levels)) = depths.iter().copied().enumerate().rev().max_by_key(|&(_, levels)| levels) else {
        return;
    };
    if levels <= LEVELS {
        return;
    }
    // Located at the deepest component when it is itself past the limit (an inline type hangs off
    // one, or off an operation: then at the document, the message naming the type).
    let component = types
        .iter()
        .zip(&depths)
        .filter(|&(t, &levels)| t.is_component && levels > LEVELS)
        .rev()
        .max_by_key(|&(_, &levels)| levels);
    let pointer = match component {
        Some((t, _)) => child_pointer("/components/schemas", &t.schema_name),
        None => String::new(),
    };
    diags.push(
        Diagnostic::warning(
            Code::DeepTypes,
            pointer,
            format!("the type `{}` nests {levels} levels deep (types, arrays, maps and options)", types[deepest].name),
        )
        .with_hint("rustc may refuse it (E0320) past its default recursion limit: raise it with `#![recursion_limit = \"512\"]` in the crate that includes the module, or flatten the nesting"),
    );
}

/// Each type's levels: one for itself, and the most along any of its fields' types (a type that
/// leads back to one being measured adds nothing more: rustc stops at the cycle).
fn depths(types: &[TypeDef]) -> Vec<usize> {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    // For each type: the named types it holds, each with the wrappers around it, and the most
    // wrappers around anything else it holds.
    let edges: Vec<(Vec<(usize, usize)>, usize)> = types
        .iter()
        .map(|t| {
            let mut named = Vec::new();
            let mut leaf = 0;
            for ty in t.shape.held() {
                walk(ty, 0, &index, &mut named, &mut leaf);
            }
            (named, leaf)
        })
        .collect();
    // Depth-first, with a stack of its own: a chain of components is as long as a document makes it.
    let mut depth: Vec<Option<usize>> = vec![None; types.len()];
    let mut on_stack = vec![false; types.len()];
    for root in 0..types.len() {
        if depth[root].is_some() {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(child, _)) = edges[node].0.get(*next) {
                *next += 1;
                if depth[child].is_none() && !on_stack[child] {
                    on_stack[child] = true;
                    stack.push((child, 0));
                }
                continue;
            }
            let (named, leaf) = &edges[node];
            let deepest =
                named.iter().map(|&(child, wrappers)| wrappers + depth[child].unwrap_or(0)).max().unwrap_or(0);
            depth[node] = Some(1 + deepest.max(*leaf));
            on_stack[node] = false;
            stack.pop();
        }
    }
    depth.into_iter().map(|d| d.unwrap_or(1)).collect()
}

/// Records the named types inside `ty` with the wrappers around each, and the most wrappers
/// around anything else.
fn walk(ty: &Ty, wrappers: usize, index: &HashMap<&str, usize>, named: &mut Vec<(usize, usize)>, leaf: &mut usize) {
    match ty {
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            walk(inner, wrappers + 1, index, named, leaf)
        }
        Ty::Named(name) => match index.get(name.as_str()) {
            Some(&i) => named.push((i, wrappers)),
            None => *leaf = (*leaf).max(wrappers),
        },
        _ => *leaf = (*leaf).max(wrappers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Check, Field, Shape};

    fn newtype(name: &str, ty: Ty) -> TypeDef {
        TypeDef {
            name: name.into(),
            schema_name: name.into(),
            is_component: true,
            doc: String::new(),
            shape: Shape::Newtype(ty),
            check: Check::default(),
            alias_of: None,
        }
    }

    fn array_of(name: &str) -> Ty {
        Ty::Vec(Box::new(Ty::Named(name.into())))
    }

    #[test]
    fn a_chain_counts_each_type_and_wrapper_and_a_cycle_ends_it() {
        let types = vec![newtype("A", array_of("B")), newtype("B", array_of("C")), newtype("C", Ty::String)];
        assert_eq!(depths(&types), [5, 3, 1]);
        let cycle = vec![newtype("A", array_of("B")), newtype("B", array_of("A"))];
        assert_eq!(depths(&cycle), [4, 2]);
        let field = Field {
            name: "a".into(),
            wire: "a".into(),
            doc: String::new(),
            ty: Ty::Option(Box::new(Ty::Map(Box::new(Ty::String)))),
            required: false,
            nullable: false,
            default: None,
            flattened: false,
        };
        let structure = TypeDef { shape: Shape::Struct(vec![field]), ..newtype("S", Ty::String) };
        assert_eq!(depths(&[structure]), [3]);
    }

    #[test]
    fn only_a_type_past_the_limit_is_reported_at_its_component() {
        let chain = |n: usize| -> Vec<TypeDef> {
            let mut types: Vec<TypeDef> =
                (0..n).map(|i| newtype(&format!("S{i}"), array_of(&format!("S{}", i + 1)))).collect();
            types.push(newtype(&format!("S{n}"), Ty::String));
            types
        };
        let mut diags = Diagnostics::default();
        check(&chain(49), &mut diags);
        assert!(diags.iter().next().is_none());
        check(&chain(50), &mut diags);
        let reported: Vec<_> = diags.iter().map(|d| (d.code, d.pointer.clone())).collect();
        assert_eq!(reported, [(Code::DeepTypes, "/components/schemas/S0".to_string())]);
    }
}
