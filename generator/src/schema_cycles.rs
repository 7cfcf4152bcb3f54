//! Check: schemas that apply one another to the same value without end. `allOf`, `anyOf`, `oneOf`
//! and `not` apply their branches to the value itself, as a `$ref` does; a ring of such steps never
//! reaches a smaller value, so a validator that follows it never returns (the generated one would
//! overflow its stack on the first request). Such a spec is refused, each ring once, at the
//! reference that closes it. A schema may refer to itself below `properties`, `items` or
//! `additionalProperties`, where each step checks a smaller value.

use crate::diagnostics::{push_token, Diagnostic, Diagnostics};
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
    if let Some(node) = raw.pointer(local) {
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
