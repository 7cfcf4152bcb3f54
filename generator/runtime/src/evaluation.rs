//! What `unevaluatedProperties` and `unevaluatedItems` read: which properties and items of one
//! object or array the schemas applied to it in place (the schema itself, `allOf`, the `anyOf` and
//! `oneOf` branches it passes, `if`/`then`/`else`, `dependentSchemas`, `$ref`) evaluated, as JSON
//! Schema 2020-12's annotations say.
//!
//! A schema with either keyword opens a [`Frame`] for its value before its other checks run and
//! closes it after them; while a frame is open, every check that evaluates properties or items of
//! that same value records them in it (`properties` its names, `patternProperties` its patterns,
//! `additionalProperties` all, `prefixItems` a prefix, `items` all, `contains` the items it
//! matched). A value is known by the address of its map or item list: the schemas applied in place
//! see the same one, a property's or item's value is another. A branch that fails takes back what
//! it recorded ([`passes_in`]). With no frame open (every schema without the keywords) a
//! record costs one length test.
//!
//! Every function here takes the value's `path`, which it does not need: generated code binds the
//! path of each value it checks, and a record may be all that a check of a value has.

use crate::checks::{in_key_order, passes, Pattern};
use crate::{Map, Path, Schema, Value, Violations};
use std::fmt;

/// One open evaluation: the container it is of, and what has been evaluated in it so far.
#[derive(Clone, Default)]
pub(crate) struct Frame {
    /// The address of the object's map or the array's item list.
    container: usize,
    /// Every property or item (an `additionalProperties`, `items` or nested `unevaluated*`).
    all: bool,
    /// The names of `properties` keywords.
    names: Vec<&'static [&'static str]>,
    /// The patterns of `patternProperties` keywords.
    patterns: Vec<&'static Pattern>,
    /// How many leading items (`prefixItems`).
    prefix: usize,
    /// The items `contains` matched, by index (sorted when the frame closes).
    matched: Vec<usize>,
}

impl fmt::Debug for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Frame").field("all", &self.all).field("prefix", &self.prefix).finish_non_exhaustive()
    }
}

/// How far each open frame had got: what a failed branch is rolled back to.
struct Marks(Vec<(bool, usize, usize, usize, usize)>);

impl Frame {
    fn mark(&self) -> (bool, usize, usize, usize, usize) {
        (self.all, self.names.len(), self.patterns.len(), self.prefix, self.matched.len())
    }

    fn roll_back(&mut self, (all, names, patterns, prefix, matched): (bool, usize, usize, usize, usize)) {
        self.all = all;
        self.names.truncate(names);
        self.patterns.truncate(patterns);
        self.prefix = prefix;
        self.matched.truncate(matched);
    }
}

fn marks(frames: &[Frame]) -> Marks {
    Marks(frames.iter().map(Frame::mark).collect())
}

fn roll_back(frames: &mut [Frame], marks: Marks) {
    for (frame, mark) in frames.iter_mut().zip(marks.0) {
        frame.roll_back(mark);
    }
}

fn address<T>(container: &T) -> usize {
    std::ptr::from_ref(container) as usize
}

/// Applies `record` to each open frame of `container`.
fn record<T>(container: &T, out: &mut Violations, record: impl Fn(&mut Frame)) {
    if out.frames.is_empty() {
        return;
    }
    let container = address(container);
    out.frames.iter_mut().filter(|frame| frame.container == container).for_each(record);
}

/// [`passes`] for a branch applied in place to a value that an open evaluation
/// (`unevaluatedProperties`, `unevaluatedItems`) is watching: what the branch evaluated counts
/// only when it passed.
pub fn passes_in(out: &mut Violations, validate: impl FnOnce(&mut Violations)) -> bool {
    if out.frames.is_empty() {
        return passes(out.direction(), validate);
    }
    let mut scratch = Violations::travelling(out.direction());
    let marks = marks(&out.frames);
    scratch.frames = std::mem::take(&mut out.frames);
    validate(&mut scratch);
    out.frames = std::mem::take(&mut scratch.frames);
    let passed = scratch.is_empty();
    if !passed {
        roll_back(&mut out.frames, marks);
    }
    passed
}

/// [`crate::codegen::passes_schema`] for a branch applied in place (see [`passes_in`]).
pub fn passes_schema_in<T: Schema>(value: &Value, path: &Path<'_>, out: &mut Violations) -> bool {
    passes_in(out, |out| T::validate(value, path, out))
}

/// An open evaluation of one value, from [`begin_evaluation`].
pub struct Evaluation {
    /// Where the frame is in the stack; `None` for a value that is neither object nor array.
    at: Option<usize>,
}

/// What the schemas applied in place evaluated of one value, from [`end_evaluation`].
#[derive(Default)]
pub struct Evaluated {
    frame: Frame,
}

impl Evaluated {
    /// Whether the property `key` was evaluated.
    pub fn property(&self, key: &str) -> bool {
        let frame = &self.frame;
        frame.all
            || frame.names.iter().any(|names| names.contains(&key))
            || frame.patterns.iter().any(|pattern| pattern.is_match(key))
    }

    /// Whether the item at `index` was evaluated.
    pub fn item(&self, index: usize) -> bool {
        let frame = &self.frame;
        frame.all || index < frame.prefix || frame.matched.binary_search(&index).is_ok()
    }
}

/// Opens a frame for `value` (an object or an array), which the checks run until
/// [`end_evaluation`] record into.
pub fn begin_evaluation(value: &Value, _path: &Path<'_>, out: &mut Violations) -> Evaluation {
    let container = match value {
        Value::Object(map) => address(map),
        Value::Array(items) => address(items),
        _ => return Evaluation { at: None },
    };
    out.frames.push(Frame { container, ..Frame::default() });
    Evaluation { at: Some(out.frames.len() - 1) }
}

/// Closes `evaluation`'s frame (and any a check left open above it), answering what it recorded.
/// The keyword that asked evaluates every remaining property or item itself, so an enclosing
/// frame of the same value counts them all.
pub fn end_evaluation(evaluation: Evaluation, out: &mut Violations) -> Evaluated {
    let Some(at) = evaluation.at.filter(|at| *at < out.frames.len()) else {
        return Evaluated::default();
    };
    let mut frame = out.frames.swap_remove(at);
    out.frames.truncate(at);
    // Sorted once, looked up per item: a long array costs n log n, not n² (`contains` may record
    // the same item twice, from two branches).
    frame.matched.sort_unstable();
    frame.matched.dedup();
    let container = frame.container;
    out.frames.iter_mut().filter(|f| f.container == container).for_each(|f| f.all = true);
    Evaluated { frame }
}

/// `properties`: the names it declares are evaluated (present or not, which does not matter to a
/// lookup by name).
pub fn evaluated_names(map: &Map, names: &'static [&'static str], _path: &Path<'_>, out: &mut Violations) {
    record(map, out, |frame| frame.names.push(names));
}

/// `patternProperties`: the names its patterns match are evaluated.
pub fn evaluated_patterns(map: &Map, patterns: &[&'static Pattern], _path: &Path<'_>, out: &mut Violations) {
    record(map, out, |frame| frame.patterns.extend_from_slice(patterns));
}

/// `additionalProperties` (or a nested `unevaluatedProperties`): every property is evaluated.
pub fn evaluated_all_properties(map: &Map, _path: &Path<'_>, out: &mut Violations) {
    record(map, out, |frame| frame.all = true);
}

/// `prefixItems`: the first `count` items are evaluated.
#[allow(clippy::ptr_arg)] // The list itself names the array: its items are elsewhere.
pub fn evaluated_prefix(items: &Vec<Value>, count: usize, _path: &Path<'_>, out: &mut Violations) {
    record(items, out, |frame| frame.prefix = frame.prefix.max(count));
}

/// `items` (or a nested `unevaluatedItems`): every item is evaluated.
#[allow(clippy::ptr_arg)] // The list itself names the array: its items are elsewhere.
pub fn evaluated_all_items(items: &Vec<Value>, _path: &Path<'_>, out: &mut Violations) {
    record(items, out, |frame| frame.all = true);
}

/// `contains`: the items it matched (`matched[i]` for the item at `i`) are evaluated.
#[allow(clippy::ptr_arg)] // The list itself names the array: its items are elsewhere.
pub fn evaluated_matches(items: &Vec<Value>, matched: &[bool], _path: &Path<'_>, out: &mut Violations) {
    record(items, out, |frame| frame.matched.extend(matched.iter().enumerate().filter(|(_, m)| **m).map(|(i, _)| i)));
}

/// `unevaluatedProperties: false`: each property of `map` that nothing evaluated, in key order
/// (as every report of a map's entries). Nothing is sorted when there is none.
pub fn refuse_unevaluated_properties(map: &Map, evaluated: &Evaluated, path: &Path<'_>, out: &mut Violations) {
    if map.keys().all(|key| evaluated.property(key)) {
        return;
    }
    for (key, _) in in_key_order(map) {
        if !evaluated.property(key) {
            out.push(&path.key(key), "unevaluatedProperties", "is not a property the schema evaluates");
        }
    }
}

/// `unevaluatedItems: false`: each of `count` items that nothing evaluated.
pub fn refuse_unevaluated_items(count: usize, evaluated: &Evaluated, path: &Path<'_>, out: &mut Violations) {
    for index in (0..count).filter(|index| !evaluated.item(*index)) {
        out.push(&path.index(index), "unevaluatedItems", "is not an item the schema evaluates");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn records_go_to_the_frames_of_the_same_value_only() {
        let value = json!({"a": 1, "b": {"c": 2}, "d": 3});
        let Value::Object(map) = &value else { unreachable!() };
        let Value::Object(inner) = &map["b"] else { unreachable!() };
        let mut out = Violations::new();
        let outer = begin_evaluation(&value, &Path::Root, &mut out);
        let nested = begin_evaluation(&map["b"], &Path::Root, &mut out);
        evaluated_names(map, &["a"], &Path::Root, &mut out);
        evaluated_names(inner, &["c"], &Path::Root, &mut out);
        let nested = end_evaluation(nested, &mut out);
        assert!(nested.property("c") && !nested.property("a"));
        let outer = end_evaluation(outer, &mut out);
        assert!(outer.property("a") && !outer.property("c") && !outer.property("d"));
        assert!(out.frames.is_empty());
    }

    #[test]
    fn a_failed_branch_takes_back_what_it_recorded() {
        let value = json!([1, 2, 3]);
        let Value::Array(items) = &value else { unreachable!() };
        let mut out = Violations::new();
        let evaluation = begin_evaluation(&value, &Path::Root, &mut out);
        evaluated_prefix(items, 1, &Path::Root, &mut out);
        assert!(!passes_in(&mut out, |out| {
            evaluated_all_items(items, &Path::Root, out);
            out.push(&Path::Root, "type", "fails");
        }));
        assert!(passes_in(&mut out, |out| evaluated_matches(items, &[false, false, true], &Path::Root, out)));
        let evaluated = end_evaluation(evaluation, &mut out);
        assert_eq!((0..3).map(|i| evaluated.item(i)).collect::<Vec<_>>(), [true, false, true]);
        assert!(out.is_empty());
    }

    #[test]
    fn a_nested_keyword_evaluates_everything_for_the_enclosing_one() {
        let value = json!({"x": 1});
        let mut out = Violations::new();
        let outer = begin_evaluation(&value, &Path::Root, &mut out);
        let inner = begin_evaluation(&value, &Path::Root, &mut out);
        assert!(!end_evaluation(inner, &mut out).property("x"));
        assert!(end_evaluation(outer, &mut out).property("x"));
    }
}
