//! Check: schemas that apply one another to the same value without end. `allOf`, `anyOf`, `oneOf`
//! and `not` apply their branches to the value itself, as a `$ref` does; a ring of such steps never
//! reaches a smaller value, so a validator that follows it never returns (the generated one would
//! overflow its stack on the first request). Such a spec is refused, each ring once, at the
//! reference that closes it. A schema may refer to itself below `properties`, `items` or
//! `additionalProperties`, where each step checks a smaller value.

use crate::codes::Code;
use crate::diagnostics::{push_token, Diagnostic, Diagnostics};
use crate::keys;
use serde_json::Value;
use std::collections::HashMap;

/// The keywords whose schemas apply to the value itself.
const IN_PLACE: &[&str] = &["allOf", "anyOf", "oneOf", "not"];

/// One reference met while walking a schema's in-place keywords.
struct Step {
    /// The reference's target (`#/components/schemas/B`).
    target: String,
    /// Where the reference is written.
    pointer: String,
    /// The reference is the schema's own `$ref`, not one inside an in-place keyword: rings of
    /// such references alone are the circular-`$ref` check's (see `check::Checker::reference`).
    direct: bool,
}

/// How far the depth-first walk has come with a target.
#[derive(Clone, Copy, PartialEq)]
enum Visit {
    /// On the walk's current path.
    Open,
    /// Every ring through it has been reported.
    Done,
}

/// One target on the walk's current path.
struct Frame {
    target: String,
    /// The steps from it not yet taken.
    steps: std::vec::IntoIter<Step>,
    /// It was reached by a direct reference.
    reached_directly: bool,
}

/// Reports every ring of in-place references reachable from `targets` (the document's local
/// references, in the order met). Keywords beside a `$ref` are ignored, as OpenAPI 3.0 ignores
/// them (the bundler has already moved a 3.1 document's into an `allOf`), so a ring through them
/// loops nowhere.
pub fn check(raw: &Value, targets: &[String], diags: &mut Diagnostics) {
    let mut visits: HashMap<String, Visit> = HashMap::new();
    for start in targets {
        if visits.contains_key(start) {
            continue;
        }
        // Iterative, as chains of thousands of components exist (`bench/shape-growth`).
        visits.insert(start.clone(), Visit::Open);
        let steps = steps_of(raw, start).into_iter();
        let mut path = vec![Frame { target: start.clone(), steps, reached_directly: false }];
        while let Some(frame) = path.last_mut() {
            match frame.steps.next() {
                None => {
                    visits.insert(std::mem::take(&mut frame.target), Visit::Done);
                    path.pop();
                }
                Some(step) => match visits.get(&step.target) {
                    Some(Visit::Done) => {}
                    Some(Visit::Open) => report(&path, &step, diags),
                    None => {
                        visits.insert(step.target.clone(), Visit::Open);
                        let steps = steps_of(raw, &step.target).into_iter();
                        path.push(Frame { target: step.target, steps, reached_directly: step.direct });
                    }
                },
            }
        }
    }
}

/// Reports the ring `closing` closes: the path from its target on, then back to it.
fn report(path: &[Frame], closing: &Step, diags: &mut Diagnostics) {
    let Some(from) = path.iter().position(|frame| frame.target == closing.target) else { return };
    let ring = &path[from..];
    // A ring of direct references alone is the circular-`$ref` check's.
    if closing.direct && ring[1..].iter().all(|frame| frame.reached_directly) {
        return;
    }
    let mut shown: Vec<&str> = ring.iter().map(|frame| frame.target.as_str()).collect();
    shown.push(&closing.target);
    diags.push(
        Diagnostic::error(
            Code::EndlessSchema,
            &closing.pointer,
            format!(
                "schemas apply one another to the same value without end: {}; no validator could finish",
                shown.join(" → ")
            ),
        )
        .with_hint(
            "through `allOf`, `anyOf`, `oneOf`, `not` and `$ref` a schema checks the value itself; it may \
             refer back to itself only below `properties`, `items` or `additionalProperties`",
        ),
    );
}

/// The references a target's schema applies to the value itself, in document order.
fn steps_of(raw: &Value, target: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let Some(local) = target.strip_prefix('#') else { return steps };
    if let Some(node) = keys::pointer(raw, local) {
        let mut pointer = local.to_string();
        in_place_references(node, &mut pointer, true, &mut steps);
    }
    steps
}

/// Collects the references of `node` (at `pointer`) and of its in-place keywords' schemas.
fn in_place_references(node: &Value, pointer: &mut String, direct: bool, out: &mut Vec<Step>) {
    let Some(map) = node.as_object() else { return };
    if let Some(Value::String(target)) = map.get("$ref") {
        if target.starts_with('#') {
            out.push(Step { target: target.clone(), pointer: format!("{pointer}/$ref"), direct });
        }
        return;
    }
    let here = pointer.len();
    for keyword in IN_PLACE {
        match map.get(*keyword) {
            Some(Value::Array(branches)) => {
                for (i, branch) in branches.iter().enumerate() {
                    push_token(pointer, keyword);
                    push_token(pointer, &i.to_string());
                    in_place_references(branch, pointer, false, out);
                    pointer.truncate(here);
                }
            }
            Some(schema @ Value::Object(_)) => {
                push_token(pointer, keyword);
                in_place_references(schema, pointer, false, out);
                pointer.truncate(here);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    /// A schema drawn at random: references to the components `S0`..`S3`, in-place keywords, and
    /// keywords that descend into a smaller value.
    #[derive(Clone, Debug)]
    enum Node {
        Leaf,
        Ref(usize),
        AllOf(Vec<Node>),
        AnyOf(Vec<Node>),
        OneOf(Vec<Node>),
        Not(Box<Node>),
        Property(Box<Node>),
        Items(Box<Node>),
        Additional(Box<Node>),
    }

    fn node(components: usize) -> impl Strategy<Value = Node> {
        let leaf = prop_oneof![Just(Node::Leaf), (0..components).prop_map(Node::Ref)];
        leaf.prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..3).prop_map(Node::AllOf),
                prop::collection::vec(inner.clone(), 1..3).prop_map(Node::AnyOf),
                prop::collection::vec(inner.clone(), 1..3).prop_map(Node::OneOf),
                inner.clone().prop_map(|n| Node::Not(Box::new(n))),
                inner.clone().prop_map(|n| Node::Property(Box::new(n))),
                inner.clone().prop_map(|n| Node::Items(Box::new(n))),
                inner.prop_map(|n| Node::Additional(Box::new(n))),
            ]
        })
    }

    fn to_json(node: &Node) -> Value {
        let list = |nodes: &[Node]| Value::Array(nodes.iter().map(to_json).collect());
        match node {
            Node::Leaf => json!({"type": "string"}),
            Node::Ref(i) => json!({"$ref": format!("#/components/schemas/S{i}")}),
            Node::AllOf(n) => json!({"allOf": list(n)}),
            Node::AnyOf(n) => json!({"anyOf": list(n)}),
            Node::OneOf(n) => json!({"oneOf": list(n)}),
            Node::Not(n) => json!({"not": to_json(n)}),
            Node::Property(n) => json!({"type": "object", "properties": {"p": to_json(n)}}),
            Node::Items(n) => json!({"type": "array", "items": to_json(n)}),
            Node::Additional(n) => json!({"type": "object", "additionalProperties": to_json(n)}),
        }
    }

    /// The components a schema applies to the value itself, found independently of the checker:
    /// a plain recursion over the drawn tree.
    fn in_place(node: &Node, out: &mut Vec<usize>) {
        match node {
            Node::Ref(i) => out.push(*i),
            Node::AllOf(n) | Node::AnyOf(n) | Node::OneOf(n) => n.iter().for_each(|n| in_place(n, out)),
            Node::Not(n) => in_place(n, out),
            Node::Leaf | Node::Property(_) | Node::Items(_) | Node::Additional(_) => {}
        }
    }

    /// Whether some component reaches itself: the set of components reached from it, grown one
    /// step at a time for as many steps as there are components.
    fn has_ring(edges: &[Vec<usize>]) -> bool {
        (0..edges.len()).any(|start| {
            let mut reached: Vec<usize> = edges[start].clone();
            for _ in 0..edges.len() {
                if reached.contains(&start) {
                    return true;
                }
                let mut next: Vec<usize> = reached.iter().flat_map(|&i| edges[i].iter().copied()).collect();
                next.sort_unstable();
                next.dedup();
                reached = next;
            }
            reached.contains(&start)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// The checks refuse a spec exactly when its components apply one another in a ring
        /// (this module's rings and the circular-`$ref` check's together), and never one whose
        /// references back all descend into a property, an item or an additional property.
        #[test]
        fn rings_are_refused_exactly(nodes in prop::collection::vec(node(4), 4)) {
            let schemas: serde_json::Map<String, Value> =
                nodes.iter().enumerate().map(|(i, n)| (format!("S{i}"), to_json(n))).collect();
            let raw = json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": schemas},
            });
            let edges: Vec<Vec<usize>> = nodes
                .iter()
                .map(|n| {
                    let mut out = Vec::new();
                    in_place(n, &mut out);
                    out
                })
                .collect();
            let mut diags = Diagnostics::default();
            crate::check::check(&raw, &mut diags);
            let refused = diags
                .iter()
                .any(|d| matches!(d.code, crate::Code::EndlessSchema | crate::Code::CircularRef));
            prop_assert_eq!(refused, has_ring(&edges), "{:#}", raw["components"]["schemas"]);
        }
    }
}
