//! Load: the text of one spec file → its JSON tree, and the OpenAPI version the root declares.
//!
//! A YAML event pass runs first: it reports syntax errors and duplicate keys (which openapiv3 would
//! panic on, and which a JSON tree would silently merge) with their positions. The same pass, rerun
//! only when there are diagnostics to place that `locate` cannot place faster, maps JSON pointers
//! to line and column.

use crate::codes::Code;
use crate::diagnostics::{child_pointer, Diagnostic, Diagnostics, Location};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The OpenAPI version a document declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// 3.0.x: schemas are OpenAPI's extended subset of JSON Schema draft 5.
    V30,
    /// 3.1.x: schemas are JSON Schema 2020-12.
    V31,
}

/// Reads a spec file as text. UTF-8 is read as it is; UTF-16 (what Windows PowerShell's `>`
/// writes, and which YAML allows), told by its byte-order mark or by the zero byte beside its
/// first character, is decoded; any other bytes that are not UTF-8 are an error that says where
/// the first one is.
pub fn read_spec_file(path: &std::path::Path) -> std::io::Result<String> {
    decode_spec_text(std::fs::read(path)?)
        .map_err(|message| std::io::Error::new(std::io::ErrorKind::InvalidData, message))
}

/// The text of a spec file's bytes (see [`read_spec_file`]).
fn decode_spec_text(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]])).collect();
        match String::from_utf16(&units) {
            Ok(text) if bytes.len() % 2 == 0 => Ok(text),
            _ => Err("is not valid UTF-16, though it starts as UTF-16 does".to_string()),
        }
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        // No mark, but an ASCII first character beside a zero byte: UTF-16 all the same (how
        // YAML 1.2 and RFC 4627 tell the encoding of a stream without one).
        [first, 0, ..] if *first != 0 => utf16(&bytes, u16::from_le_bytes),
        [0, second, ..] if *second != 0 => utf16(&bytes, u16::from_be_bytes),
        _ => String::from_utf8(bytes).map_err(|err| {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let column = valid
                .rsplit(|b| *b == b'\n')
                .next()
                .map_or(0, |tail| std::str::from_utf8(tail).map_or(tail.len(), |tail| tail.chars().count()))
                + 1;
            let byte = err.as_bytes()[valid.len()];
            format!(
                "is not UTF-8 text: byte 0x{byte:02X} at line {line}, column {column} is not UTF-8 \
                 (save the file as UTF-8, which OpenAPI documents are written in)"
            )
        }),
    }
}

/// A spec file's text without the byte-order mark some editors (Notepad, many Windows tools) put
/// before it. YAML allows one at the start of a stream and JSON readers may ignore it, but neither
/// parser here does, so it is dropped where a file's text is first taken in; positions in
/// diagnostics are then counted from the first character after it.
pub fn without_byte_order_mark(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Parses `text` (JSON or YAML) into a tree. Problems go to `diags`; `None` when the text is not a
/// document at all.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    // JSON (most large specs) is read in one serde_json pass that also reports duplicate keys; YAML,
    // and JSON that does not parse, go through the YAML event pass, which locates syntax errors.
    match json_fast_path(text, diags) {
        Json::Read(raw) => Some(raw),
        Json::TooDeep(location) => {
            diags.push(too_deep(location));
            None
        }
        Json::Not => {
            if !scan_yaml(text, diags) {
                return None;
            }
            match to_json(text) {
                Ok(raw) => Some(raw),
                // The YAML value type holds no integer beyond 64 bits; read the text again straight
                // into a JSON tree, which does (merge keys, rare beside such numbers, are then not
                // applied).
                Err(diag) => match yaml_direct(text) {
                    Some(raw) => Some(raw),
                    None => {
                        diags.push(*diag);
                        None
                    }
                },
            }
        }
    }
}

/// How nested a document may be: serde_json's and serde_yaml's own limit, which keeps their
/// recursive readers (and every recursive pass after them) off the end of the stack. Real specs
/// nest far less: 34 levels at most among the 2,639 documents of APIs.guru.
const MAX_DEPTH: usize = 128;

/// A document nested deeper than [`MAX_DEPTH`], at the place its reader stopped.
fn too_deep(location: Option<Location>) -> Diagnostic {
    let diag = Diagnostic::error(Code::TooDeep, "", format!("the document nests more than {MAX_DEPTH} levels deep"))
        .with_hint(
        "OpenAPI documents nest a few dozen levels at most; name deep inline schemas as components and refer to them",
    );
    match location {
        Some(location) => diag.at(location),
        None => diag,
    }
}

/// Whether a reader's error is its depth limit (serde_json, serde_yaml and yaml-rust2 all say so).
fn is_depth_limit(message: &str) -> bool {
    message.contains("recursion limit exceeded")
}

/// What the JSON pass made of a text.
enum Json {
    /// The text is JSON: its tree.
    Read(Value),
    /// The text is JSON nested too deep, read up to here.
    TooDeep(Option<Location>),
    /// Not JSON (or not valid JSON): the YAML pass reads it and locates its errors.
    Not,
}

/// Parses `text` as JSON when it looks like JSON, recording duplicate keys (located later).
fn json_fast_path(text: &str, diags: &mut Diagnostics) -> Json {
    if !text.trim_start().starts_with('{') {
        return Json::Not;
    }
    let mut walk = Walk::default();
    let seed = CheckedValue { walk: &mut walk };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = match serde::de::DeserializeSeed::deserialize(seed, &mut deserializer) {
        Ok(value) => value,
        Err(err) if is_depth_limit(&err.to_string()) => {
            // serde_json counts the column in bytes; diagnostics count characters.
            let start = line_start(text, err.line());
            let offset = start + err.column().saturating_sub(1);
            let column = text.get(start..offset).map_or(err.column(), |before| before.chars().count() + 1);
            return Json::TooDeep(Some(Location { line: err.line(), column, offset }));
        }
        Err(_) => return Json::Not,
    };
    if deserializer.end().is_err() {
        return Json::Not;
    }
    for (pointer, key) in walk.duplicates {
        diags.push(
            Diagnostic::error(Code::DuplicateKey, pointer, format!("duplicate key `{key}`"))
                .with_hint("JSON objects must not repeat a key; merge the two entries")
                .at_repeated_key(),
        );
    }
    Json::Read(value)
}

/// The byte offset where line `line` (counted from 1) of `text` starts.
fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line - 2).map_or(text.len(), |(at, _)| at + 1)
}

/// Deserializes a JSON value while noting every repeated object key by its pointer.
struct CheckedValue<'a> {
    walk: &'a mut Walk,
}

/// Where the JSON pass is, and the repeated keys it has met. The pointer is joined only for a
/// repeated key: building one per node was a tenth of loading a large spec.
#[derive(Default)]
struct Walk {
    /// The keys and indexes from the root to the current node.
    path: Vec<Segment>,
    /// (pointer, key) of each repeated key.
    duplicates: Vec<(String, String)>,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl Walk {
    fn pointer_to(&self, key: &str) -> String {
        let mut pointer = String::new();
        for segment in &self.path {
            pointer = match segment {
                Segment::Key(k) => child_pointer(&pointer, k),
                Segment::Index(i) => format!("{pointer}/{i}"),
            };
        }
        child_pointer(&pointer, key)
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for CheckedValue<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for CheckedValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    // YAML integers beyond 64 bits (`minimum: -9223372036854776000`) arrive as 128-bit; JSON reads
    // them as floats, and so does this.
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(Value::Null, Value::Number))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(Value::Null, Value::Number))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            self.walk.path.push(Segment::Index(items.len()));
            let item = seq.next_element_seed(CheckedValue { walk: &mut *self.walk });
            self.walk.path.pop();
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.walk.path.push(Segment::Key(key));
            let value = map.next_value_seed(CheckedValue { walk: &mut *self.walk });
            // Take back the key pushed above (moved there rather than copied).
            let key = match self.walk.path.pop() {
                Some(Segment::Key(key)) => key,
                _ => String::new(),
            };
            let value = value?;
            if object.contains_key(&key) {
                let pointer = self.walk.pointer_to(&key);
                self.walk.duplicates.push((pointer, key.clone()));
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// The version `raw` declares, when it is one this generator reads.
pub fn version(raw: &Value, diags: &mut Diagnostics) -> Option<Version> {
    if raw.get("swagger").is_some() {
        diags.push(
            Diagnostic::error(Code::Swagger2, "/swagger", "Swagger 2.0 documents are not supported")
                .with_hint("convert it to OpenAPI 3 first (for example with swagger2openapi)"),
        );
        return None;
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Some(Version::V30),
        Some(v) if v.starts_with("3.1.") || v == "3.1" => Some(Version::V31),
        Some(v) => {
            diags.push(Diagnostic::error(
                Code::OpenapiVersion,
                "/openapi",
                format!("unsupported OpenAPI version `{v}`; expected 3.0.x or 3.1.x"),
            ));
            None
        }
        None if raw.is_object() => {
            diags.push(
                Diagnostic::error(Code::OpenapiVersion, "", "missing the `openapi` version field")
                    .with_hint("add `openapi: 3.1.0`"),
            );
            None
        }
        None if raw.is_null() => {
            diags.push(
                Diagnostic::error(Code::NotADocument, "", "the document is empty")
                    .with_hint("an OpenAPI document starts with `openapi: 3.1.0`"),
            );
            None
        }
        None => {
            diags.push(Diagnostic::error(Code::NotADocument, "", "the document is not a mapping"));
            None
        }
    }
}

/// YAML → JSON tree without the YAML value type in between.
fn yaml_direct(text: &str) -> Option<Value> {
    let mut walk = Walk::default();
    let seed = CheckedValue { walk: &mut walk };
    serde::de::DeserializeSeed::deserialize(seed, serde_yaml::Deserializer::from_str(text)).ok()
}

/// YAML (a superset of JSON) → JSON tree. Mapping keys that YAML reads as numbers or booleans, such as
/// unquoted status codes, become strings.
fn to_json(text: &str) -> Result<Value, Box<Diagnostic>> {
    let mut yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|err| {
        let location = err.location().map(|l| Location { line: l.line(), column: l.column(), offset: l.index() });
        if is_depth_limit(&err.to_string()) {
            return Box::new(too_deep(location));
        }
        let diag = Diagnostic::error(Code::Syntax, "", format!("YAML error: {err}"));
        Box::new(match location {
            Some(l) => diag.at(l),
            None => diag,
        })
    })?;
    yaml.apply_merge()
        .map_err(|err| Box::new(Diagnostic::error(Code::Syntax, "", format!("YAML merge key error: {err}"))))?;
    yaml_to_json(yaml, "")
}

fn yaml_to_json(yaml: serde_yaml::Value, pointer: &str) -> Result<Value, Box<Diagnostic>> {
    use serde_yaml::Value as Y;
    Ok(match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f).map(Value::Number).ok_or_else(|| {
                    Box::new(Diagnostic::error(
                        Code::NotJson,
                        pointer,
                        "a number that JSON cannot represent (NaN or infinity)",
                    ))
                })?
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_string(),
                    _ => {
                        return Err(Box::new(Diagnostic::error(
                            Code::NotJson,
                            pointer,
                            "a mapping key that is not a scalar",
                        )))
                    }
                };
                let child = child_pointer(pointer, &key);
                let value = yaml_to_json(value, &child)?;
                out.insert(key, value);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

/// One open container of the event pass.
enum Frame {
    Mapping { pointer: String, key: Option<String>, seen: HashSet<String> },
    Sequence { pointer: String, index: usize },
}

/// Walks the YAML events, keeping the JSON pointer of the current node; reports duplicate keys and,
/// when `locations` is set, records where each node starts.
struct EventWalk<'a> {
    stack: Vec<Frame>,
    diags: &'a mut Diagnostics,
    /// Pointer → (first, last) occurrence.
    locations: Option<HashMap<String, (Location, Location)>>,
}

impl EventWalk<'_> {
    /// The pointer of the node that starts now, advancing the parent's key/index state.
    fn next_pointer(&mut self, scalar_key: Option<&str>, mark: Marker) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { pointer, index }) => {
                let p = format!("{pointer}/{index}");
                *index += 1;
                Some(p)
            }
            Some(Frame::Mapping { pointer, key, seen }) => match key.take() {
                Some(k) => Some(child_pointer(pointer, &k)),
                None => {
                    // This node is a key.
                    let k = scalar_key.unwrap_or("").to_string();
                    if !seen.insert(k.clone()) {
                        let at = child_pointer(pointer, &k);
                        self.diags.push(
                            Diagnostic::error(Code::DuplicateKey, at, format!("duplicate key `{k}`"))
                                .with_hint("YAML mappings must not repeat a key; merge the two entries")
                                .at(location(mark)),
                        );
                    }
                    *key = Some(k);
                    None
                }
            },
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        if let Some(locations) = &mut self.locations {
            let here = location(mark);
            locations.entry(pointer.to_string()).and_modify(|(_, last)| *last = here).or_insert((here, here));
        }
    }
}

fn location(mark: Marker) -> Location {
    Location { line: mark.line(), column: mark.col() + 1, offset: mark.index() }
}

impl MarkedEventReceiver for EventWalk<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(p) = self.next_pointer(Some(&value), mark) {
                    self.record(&p, mark);
                } else if let Some(Frame::Mapping { pointer, key: Some(k), .. }) = self.stack.last() {
                    // Locate a key by its own position: a diagnostic about a misspelled keyword points
                    // at the key.
                    let p = child_pointer(pointer, k);
                    self.record(&p, mark);
                }
            }
            Event::Alias(_) => {
                let _ = self.next_pointer(Some(""), mark);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let pointer = match self.next_pointer(None, mark) {
                    Some(p) => p,
                    None => {
                        self.diags.push(
                            Diagnostic::error(Code::NotJson, "", "a mapping key that is not a scalar is not supported")
                                .at(location(mark)),
                        );
                        String::from("/?")
                    }
                };
                self.record(&pointer, mark);
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Mapping { pointer, key: None, seen: HashSet::new() }
                } else {
                    Frame::Sequence { pointer, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// The syntax and duplicate-key pass; false when the text is not YAML at all.
fn scan_yaml(text: &str, diags: &mut Diagnostics) -> bool {
    let before = diags.error_count();
    let mut walk = EventWalk { stack: Vec::new(), diags, locations: None };
    let mut parser = Parser::new_from_str(text);
    if let Err(err) = parser.load(&mut walk, false) {
        let mark = *err.marker();
        if is_depth_limit(err.info()) {
            diags.push(too_deep(Some(location(mark))));
        } else {
            diags.push(
                Diagnostic::error(Code::Syntax, "", format!("YAML syntax error: {}", err.info())).at(location(mark)),
            );
        }
        return false;
    }
    diags.error_count() == before
}

/// Where each node of the text starts, by JSON pointer: its first and its last occurrence (they
/// differ only for a repeated key). Lines and columns only: the YAML scanner counts characters, and
/// `locate` turns the few it needs into byte offsets.
pub(crate) fn yaml_locations(text: &str) -> HashMap<String, (Location, Location)> {
    let mut scratch = Diagnostics::default();
    let mut walk = EventWalk { stack: Vec::new(), diags: &mut scratch, locations: Some(HashMap::new()) };
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut walk, false);
    walk.locations.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::decode_spec_text;

    #[test]
    fn utf16_with_a_byte_order_mark_reads_as_its_text() {
        let text = "openapi: 3.1.0\ninfo: {title: café ☕, version: '1'}\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode_spec_text(le.clone()).unwrap(), text);
        assert_eq!(decode_spec_text(be.clone()).unwrap(), text);
        assert_eq!(decode_spec_text(le[2..].to_vec()).unwrap(), text, "little-endian without a mark");
        assert_eq!(decode_spec_text(be[2..].to_vec()).unwrap(), text, "big-endian without a mark");
        let odd = le[..le.len() - 1].to_vec();
        assert!(decode_spec_text(odd).unwrap_err().contains("not valid UTF-16"));
    }

    #[test]
    fn documents_nested_too_deep_are_refused_as_such_in_json_and_yaml() {
        let deep = |open: &str, close: &str| {
            format!("{{\"openapi\": \"3.0.3\", \"x\": {}1{}}}", open.repeat(200), close.repeat(200))
        };
        let block = (0..200).fold(String::from("openapi: 3.0.3\nx:\n"), |mut text, depth| {
            text.push_str(&format!("{}- \n", "  ".repeat(depth + 1)));
            text
        });
        for text in [deep("[", "]"), deep("{\"a\": ", "}"), deep("[", "]").replacen('{', "{\n", 1), block] {
            let mut diags = super::Diagnostics::default();
            assert!(super::parse(&text, &mut diags).is_none());
            let messages: Vec<&str> = diags.0.iter().map(|d| d.message.as_str()).collect();
            assert_eq!(messages, ["the document nests more than 128 levels deep"], "{text:.60}");
            assert!(diags.0[0].location.is_some(), "located");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_placed() {
        let latin1 = b"openapi: 3.0.3\ninfo: {title: caf\xe9}\n".to_vec();
        let message = decode_spec_text(latin1).unwrap_err();
        assert!(message.contains("byte 0xE9 at line 2, column 18"), "{message}");
        assert_eq!(decode_spec_text(b"openapi: 3.0.3\n".to_vec()).unwrap(), "openapi: 3.0.3\n");
    }
}
