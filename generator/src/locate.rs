//! Locate: fills in the line and column of diagnostics that carry only a JSON pointer.
//!
//! A pointer is placed at the node it names or, when that node is not in the text, at its nearest
//! ancestor; an object member is placed at its key, so a misspelled keyword is underlined itself.
//!
//! Large specs are JSON, and reading a whole JSON document with the general YAML scanner costs
//! more than loading it did. So JSON is located with serde_json: each container on the way to a
//! pointer is read once into raw, unparsed children ([`RawValue`]), whose text positions are the
//! positions wanted; every other container is skipped over. YAML, and JSON with a repeated key
//! (whose second occurrence must be found), go through the YAML event pass.

use crate::diagnostics::{escape_token, unescape_token, Diagnostic, Location};
use serde_json::value::RawValue;
use std::collections::HashMap;

/// Fills in the location of every diagnostic that has none.
pub fn locate(text: &str, diags: &mut [&mut Diagnostic]) {
    let unplaced = || diags.iter().filter(|d| d.location.is_none());
    if unplaced().next().is_none() {
        return;
    }
    let json = text.trim_start().starts_with('{') && !unplaced().any(|d| d.at_repeat);
    if json {
        let lines = Lines::new(text);
        let mut tree = JsonTree::new(text);
        for d in diags.iter_mut().filter(|d| d.location.is_none()) {
            d.location = Some(lines.location(tree.offset(&d.pointer)));
        }
        return;
    }
    let locations = crate::load::yaml_locations(text);
    let lines = Lines::new(text);
    for d in diags.iter_mut().filter(|d| d.location.is_none()) {
        let mut pointer = d.pointer.as_str();
        d.location = loop {
            if let Some((first, last)) = locations.get(pointer) {
                let at = if d.at_repeat { *last } else { *first };
                break Some(Location { offset: lines.byte_offset(at.line, at.column), ..at });
            }
            match pointer.rfind('/') {
                Some(i) => pointer = &pointer[..i],
                None => break Some(Location { line: 1, column: 1, offset: 0 }),
            }
        };
    }
}

/// Byte offsets ↔ lines and columns (in characters, as the YAML scanner counts them).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// On lines longer than [`MARK_EVERY`] bytes: a mark every [`MARK_EVERY`] bytes or so, the byte
    /// offset of a character and its column less one. Counting characters from the nearest mark,
    /// not from the line's start, keeps placing thousands of diagnostics in a minified (one-line)
    /// document linear in its size; counting from the start was quadratic.
    marks: Vec<(usize, usize)>,
}

/// The spacing of [`Lines::marks`], in bytes.
const MARK_EVERY: usize = 4096;

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let mut marks = Vec::new();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(text.len());
            if end - start <= MARK_EVERY {
                continue;
            }
            let mut next = MARK_EVERY;
            for (column, (at, _)) in text[start..end].char_indices().enumerate() {
                if at >= next {
                    marks.push((start + at, column));
                    next = at + MARK_EVERY;
                }
            }
        }
        Lines { text, starts, marks }
    }

    /// The nearest mark at or before the byte `offset` on the line starting at `start`, or the
    /// line's start itself: a byte offset and the column (less one) there.
    fn mark_before(&self, start: usize, offset: usize) -> (usize, usize) {
        let at = self.marks.partition_point(|&(byte, _)| byte <= offset);
        match at.checked_sub(1).map(|i| self.marks[i]) {
            Some((byte, column)) if byte >= start => (byte, column),
            _ => (start, 0),
        }
    }

    /// The byte offset of `column` (in characters, from 1) on `line` (from 1).
    fn byte_offset(&self, line: usize, column: usize) -> usize {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        let wanted = column.saturating_sub(1);
        // The last mark of the line at or before the wanted column.
        let first = self.marks.partition_point(|&(byte, _)| byte < start);
        let on_line = self.marks[first..].partition_point(|&(byte, col)| byte < end && col <= wanted);
        let (from, counted) = on_line.checked_sub(1).map_or((start, 0), |i| self.marks[first + i]);
        let rest = self.text.get(from..).unwrap_or("");
        from + rest.char_indices().nth(wanted - counted).map_or(rest.len(), |(i, _)| i)
    }

    fn location(&self, offset: usize) -> Location {
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let (from, counted) = self.mark_before(start, offset);
        let column = counted + self.text.get(from..offset).map_or(0, |before| before.chars().count()) + 1;
        Location { line, column, offset }
    }
}

/// The children of one container, as raw text.
enum Children<'a> {
    Object(HashMap<String, &'a RawValue>),
    Array(Vec<&'a RawValue>),
    /// A scalar, or text serde_json cannot read: it has no children to descend into.
    Leaf,
}

/// A JSON document read lazily: only the containers some pointer passes through are read, each
/// once, however many diagnostics point into it.
struct JsonTree<'a> {
    text: &'a str,
    read: HashMap<String, Children<'a>>,
}

impl<'a> JsonTree<'a> {
    fn new(text: &'a str) -> Self {
        JsonTree { text, read: HashMap::new() }
    }

    /// The byte offset of the node `pointer` names, or of its nearest ancestor in the text.
    fn offset(&mut self, pointer: &str) -> usize {
        let root = self.text.trim_start();
        let mut node: &'a str = root;
        let mut at = self.text.len() - root.len();
        let mut prefix = String::new();
        for token in pointer.split('/').skip(1) {
            let token = unescape_token(token);
            let children = self.read.entry(prefix.clone()).or_insert_with(|| read_children(node));
            let (child, child_at) = match children {
                Children::Object(members) => match members.get(&token) {
                    Some(value) => (*value, key_start(self.text, start_of(self.text, value))),
                    None => break,
                },
                Children::Array(items) => match token.parse::<usize>().ok().and_then(|i| items.get(i)) {
                    Some(value) => (*value, start_of(self.text, value)),
                    None => break,
                },
                Children::Leaf => break,
            };
            node = child.get();
            at = child_at;
            prefix.push('/');
            prefix.push_str(&escape_token(&token));
        }
        at
    }
}

/// Where a child's text starts in the document (serde_json hands out slices of the input).
fn start_of(text: &str, value: &RawValue) -> usize {
    (value.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len())
}

fn read_children(node: &str) -> Children<'_> {
    match node.as_bytes().first() {
        Some(b'{') => serde_json::from_str(node).map_or(Children::Leaf, Children::Object),
        Some(b'[') => serde_json::from_str(node).map_or(Children::Leaf, Children::Array),
        _ => Children::Leaf,
    }
}

/// The opening quote of the key whose value starts at `value_start`: back over the colon and the
/// whitespace around it, then to the first quote that is not escaped. Falls back to the value.
fn key_start(text: &str, value_start: usize) -> usize {
    let Some(before) = text.get(..value_start) else { return value_start };
    let Some(before) = before.trim_end().strip_suffix(':') else { return value_start };
    let Some(mut key) = before.trim_end().strip_suffix('"') else { return value_start };
    while let Some(quote) = key.rfind('"') {
        let backslashes = key[..quote].bytes().rev().take_while(|&b| b == b'\\').count();
        if backslashes % 2 == 0 {
            return quote;
        }
        key = &key[..quote];
    }
    value_start
}

#[cfg(test)]
mod tests {
    use super::{JsonTree, Lines};
    use crate::diagnostics::Location;
    use serde_json::Value;
    use std::path::Path;

    /// Columns counted from the marks of a long line equal columns counted from its start, both
    /// ways, with characters of one to four bytes.
    #[test]
    fn long_lines_are_counted_from_their_marks_as_from_their_start() {
        let piece = "ab€😀c\u{e9}";
        let long: String = piece.repeat(5_000);
        let text = format!("short line\n{long}\n{long}x\nend");
        let lines = Lines::new(&text);
        assert!(lines.marks.len() > 10, "the long lines are marked");
        for (offset, _) in text.char_indices().step_by(97) {
            let naive_line = text[..offset].matches('\n').count() + 1;
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let naive_column = text[line_start..offset].chars().count() + 1;
            let location = lines.location(offset);
            assert_eq!((location.line, location.column), (naive_line, naive_column), "at byte {offset}");
            assert_eq!(lines.byte_offset(location.line, location.column), offset, "back from {location:?}");
        }
    }

    fn json_location(text: &str, pointer: &str) -> Location {
        Lines::new(text).location(JsonTree::new(text).offset(pointer))
    }

    #[test]
    fn members_are_placed_at_their_keys_and_items_at_themselves() {
        let text = "{\n  \"a/b\": {\"x\\\"y\": [1, {\"z\": true}]},\n  \"é~\": 2\n}\n";
        let at = |pointer: &str| {
            let l = json_location(text, pointer);
            (l.line, l.column)
        };
        assert_eq!(at(""), (1, 1));
        assert_eq!(at("/a~1b"), (2, 3));
        assert_eq!(at("/a~1b/x\"y"), (2, 11));
        assert_eq!(at("/a~1b/x\"y/1"), (2, 23));
        assert_eq!(at("/a~1b/x\"y/1/z"), (2, 24));
        assert_eq!(at("/é~0"), (3, 3));
        // Missing nodes fall back to the nearest ancestor that exists.
        assert_eq!(at("/a~1b/missing/deeper"), (2, 3));
        assert_eq!(at("/a~1b/x\"y/7"), (2, 11));
        assert_eq!(at("/é~0/under-a-scalar"), (3, 3));
    }

    /// The fast JSON path must place every node exactly where the YAML event pass does.
    #[test]
    fn json_locations_match_the_yaml_pass_on_the_corpus() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs-corpus");
        let Ok(entries) = std::fs::read_dir(&corpus) else {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI", corpus.display());
            eprintln!("SKIPPED: {} is absent (the shared reference data sits beside the repo)", corpus.display());
            return;
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.retain(|p| {
            p.extension().is_some_and(|e| e == "json") && std::fs::metadata(p).map_or(0, |m| m.len()) < 1 << 20
        });
        files.sort();
        assert!(!files.is_empty(), "no corpus specs under {}", corpus.display());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let yaml = crate::load::yaml_locations(&text);
            let mut tree = JsonTree::new(&text);
            let lines = Lines::new(&text);
            let mut pointers = Vec::new();
            collect_pointers(&serde_json::from_str(&text).unwrap(), String::new(), &mut pointers);
            for pointer in &pointers {
                let (first, _) = yaml[pointer.as_str()];
                let first = Location { offset: lines.byte_offset(first.line, first.column), ..first };
                let json = lines.location(tree.offset(pointer));
                assert_eq!(json, first, "{} at {pointer}", file.display());
            }
            eprintln!("{}: {} pointers agree", file.display(), pointers.len());
        }
    }

    fn collect_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, child) in members {
                    collect_pointers(child, crate::diagnostics::child_pointer(&pointer, key), out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    collect_pointers(child, format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(pointer);
    }
}
