//! The JSON tree of the full validation path. serde_json's own `Value` lets a repeated key overwrite
//! the first, so a body could say two things at once and a reader downstream might believe the
//! other one. This reader keeps the first and reports each repetition at its pointer.

use crate::{Path, Value, Violations};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The JSON pointer of the value being read when a read of `text` stopped at `end` (the index just
/// past the last byte read), found by following the containers and keys up to there. A value the
/// generated type cannot hold is so reported where it is, not at the root. `None` when the position
/// cannot be followed.
pub(crate) fn pointer_before(text: &[u8], end: usize) -> Option<String> {
    let end = end.min(text.len());
    /// A container open at the position: an object's current key, or an array's current index.
    enum Open {
        Object(Option<String>),
        Array(usize),
    }
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while at < end {
        match text[at] {
            b'"' => {
                let close = string_end(text, at)?;
                if let Some(Open::Object(key @ None)) = open.last_mut() {
                    *key = Some(serde_json::from_slice(&text[at..=close]).ok()?);
                }
                at = close;
            }
            b'{' => open.push(Open::Object(None)),
            b'[' => open.push(Open::Array(0)),
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Object(key)) => *key = None,
                Some(Open::Array(index)) => *index += 1,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    let mut pointer = String::new();
    for container in &open {
        pointer.push('/');
        match container {
            Open::Object(Some(key)) => pointer.push_str(&crate::path::escape_token(key)),
            // Between an object's keys: the pointer is the object's own.
            Open::Object(None) => {
                pointer.pop();
                break;
            }
            Open::Array(index) => pointer.push_str(&index.to_string()),
        }
    }
    Some(pointer)
}

/// The index of the quote that closes the string opening at `open`.
fn string_end(text: &[u8], open: usize) -> Option<usize> {
    let mut at = open + 1;
    loop {
        match *text.get(at)? {
            b'"' => return Some(at),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// The message of a repeated key; the key is in the pointer, its values are never shown.
pub(crate) const DUPLICATE_KEY: &str = "the object has this key more than once";

/// Parses `bytes` as one JSON document; repeated keys are reported into `out` under the keyword
/// `json`. The error is a syntax error (or trailing data).
pub(crate) fn read(bytes: &[u8], out: &mut Violations) -> serde_json::Result<Value> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let value = TreeSeed { path: &Path::Root, out, syntax: "json" }.deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Parses `bytes` as one YAML document into the JSON tree it stands for, repeated keys reported
/// as [`read`] does (keyword `yaml`). YAML 1.2's core schema, as yaml_serde reads it: a key is read
/// as its text (`1:` is the property `"1"`, as Kubernetes reads YAML); what JSON has no value for
/// (`.nan`, `.inf`, tags, complex keys, several documents) is an error, as are nesting past 128
/// levels and aliases that expand past yaml_serde's limit; an integer past 64 bits is the nearest
/// float, as serde_json reads it in JSON. The error is the violation to report: where, never what.
#[cfg(feature = "yaml")]
pub(crate) fn read_yaml(bytes: &[u8], out: &mut Violations) -> Result<Value, crate::Violation> {
    let seed = TreeSeed { path: &Path::Root, out, syntax: "yaml" };
    seed.deserialize(yaml_serde::Deserializer::from_slice(bytes)).map_err(|err| {
        let at = err.location().map_or(String::new(), |at| format!(" at line {}, column {}", at.line(), at.column()));
        crate::Violation::new(&Path::Root, "yaml", format!("malformed YAML, or YAML no JSON value stands for{at}"))
    })
}

struct TreeSeed<'p, 'o> {
    path: &'p Path<'p>,
    out: &'o mut Violations,
    /// The keyword of a repeated key: the document's syntax (`json`, `yaml`).
    syntax: &'static str,
}

impl<'de> DeserializeSeed<'de> for TreeSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TreeSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    // Integers past 64 bits: serde_json reads such a literal as the nearest float, and so does YAML
    // here, so a body means the same in either.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // JSON text holds finite numbers only; YAML's `.nan` and `.inf` are no JSON value.
        serde_json::Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            let at = self.path.index(items.len());
            match seq.next_element_seed(TreeSeed { path: &at, out: &mut *self.out, syntax: self.syntax })? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = crate::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = self.path.key(&key);
            let value = map.next_value_seed(TreeSeed { path: &at, out: &mut *self.out, syntax: self.syntax })?;
            if object.contains_key(&key) {
                self.out.push(&at, self.syntax, DUPLICATE_KEY);
            } else {
                object.insert(key, value);
            }
        }
        Ok(Value::Object(object))
    }
}

/// Writes every integral float of `value` (`100.0`, `2e3`, `-0.0`) up to 2^53 as that integer; true
/// when it changed one. For the typed read of a valid value (see [`crate::checks::is_integer`]):
/// serde's integer types refuse a float, and a float field takes an integer. Past 2^53 a float is
/// not sure to be the number written: serde_json reads an integer literal beyond 64 bits
/// (`-9223372036854775809`) as the nearest float, which is `i64::MIN`; such values are left as
/// they are, and do not fit the generated type.
pub(crate) fn integral_floats_as_integers(value: &mut Value) -> bool {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let mut changed = false;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            Value::Number(n) if !n.is_i64() && !n.is_u64() => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && (-EXACT..=EXACT).contains(&f) {
                    *n = serde_json::Number::from(f as i64);
                    changed = true;
                }
            }
            _ => {}
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_reported_at_their_pointer_and_the_first_is_kept() {
        let mut out = Violations::new();
        let value = read(br#"{"a":1,"b":[{"c":1,"c":2}],"a":3,"a/b~":1,"a/b~":2}"#, &mut out).unwrap();
        assert_eq!(value, serde_json::json!({"a": 1, "b": [{"c": 1}], "a/b~": 1}));
        let found: Vec<_> = out.as_slice().iter().map(|v| (v.pointer.as_str(), v.keyword)).collect();
        assert_eq!(found, [("/b/0/c", "json"), ("/a", "json"), ("/a~1b~0", "json")]);
    }

    #[test]
    fn integral_floats_become_the_integers_they_are() {
        let mut value =
            serde_json::json!({"a": [100.0, -2e3, -0.0, 1.5, 9007199254740992.0, 1.8e19], "b": {"c": 3}, "d": "4.0"});
        assert!(integral_floats_as_integers(&mut value));
        let expected =
            serde_json::json!({"a": [100, -2000, 0, 1.5, 9_007_199_254_740_992i64, 1.8e19], "b": {"c": 3}, "d": "4.0"});
        assert_eq!(value, expected);
        assert!(value["a"][0].is_i64() && value["a"][4].is_i64() && value["a"][5].is_f64());
        // An integer literal past 64 bits reads as the nearest float, i64::MIN here: left alone.
        let mut beyond: Value = serde_json::from_str("[-9223372036854775809]").unwrap();
        assert!(!integral_floats_as_integers(&mut beyond));
        assert!(beyond[0].is_f64());
        assert!(!integral_floats_as_integers(&mut value), "nothing left to change");
    }

    #[test]
    fn numbers_and_syntax_are_serde_jsons() {
        let mut out = Violations::new();
        let value = read(b"[1, -1, 18446744073709551615, 1.5, 1e2]", &mut out).unwrap();
        assert_eq!(value, serde_json::from_slice::<Value>(b"[1, -1, 18446744073709551615, 1.5, 1e2]").unwrap());
        assert!(read(b"[1,]", &mut out).is_err());
        assert!(read(b"{} {}", &mut out).is_err());
        assert!(out.is_empty());
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_reads_into_the_json_tree_it_stands_for() {
        let mut out = Violations::new();
        let text = b"spec:\n  replicas: 3\n  paused: false\n  note: ~\n  yes: no\n  1: one\n  labels: {app: web}\n  ports: [80, 443.5]\n";
        let value = read_yaml(text, &mut out).unwrap();
        let expected = serde_json::json!({"spec": {"replicas": 3, "paused": false, "note": null, "yes": "no", "1": "one",
            "labels": {"app": "web"}, "ports": [80, 443.5]}});
        assert_eq!(value, expected);
        assert!(out.is_empty());
        // An integer past 64 bits is the nearest float, as serde_json reads it in JSON.
        let big = read_yaml(b"a: 99999999999999999999999\nb: -11965669966337231814656\nc: 1000000000000000000000000000000000000000000001\n", &mut out).unwrap();
        assert_eq!(big, serde_json::from_str::<Value>(r#"{"a": 99999999999999999999999, "b": -11965669966337231814656, "c": 1000000000000000000000000000000000000000000001}"#).unwrap());
        // JSON is YAML: what a client built from the spec sends.
        assert_eq!(read_yaml(br#"{"a": [1, "x", null]}"#, &mut out).unwrap(), serde_json::json!({"a": [1, "x", null]}));
        // A repeated key is reported at its pointer, under `yaml`; the first is kept.
        let value = read_yaml(b"a: 1\nb:\n  c: 2\n  c: 3\n", &mut out).unwrap();
        assert_eq!(value, serde_json::json!({"a": 1, "b": {"c": 2}}));
        let found: Vec<_> = out.as_slice().iter().map(|v| (v.pointer.as_str(), v.keyword)).collect();
        assert_eq!(found, [("/b/c", "yaml")]);
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_no_json_value_stands_for_is_refused_where_it_is_never_what() {
        let refused = |text: &str| {
            let mut out = Violations::new();
            let violation = read_yaml(text.as_bytes(), &mut out).unwrap_err();
            assert_eq!((violation.pointer.as_str(), violation.keyword), ("", "yaml"), "{text}");
            assert!(!violation.message.contains("s3cr3t"), "{}", violation.message);
            violation.message.to_string()
        };
        for text in
            ["a: .nan", "a: -.inf", "a: !custom s3cr3t", "a: 1\n---\nb: 2\n", "a: [s3cr3t", "? [a, b]\n: complex key\n"]
        {
            refused(text);
        }
        assert!(refused("a: 1\nb: [s3cr3t\n").contains("line"));
        // Nesting past the limit, and aliases that would expand a billion times ("billion laughs").
        refused(&format!("{}1{}", "[".repeat(200), "]".repeat(200)));
        let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (name, previous) in
            ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            laughs.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        }
        refused(&laughs);
    }

    proptest::proptest! {
        #[cfg(feature = "yaml")]
        #[test]
        fn yaml_never_panics(text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..96)) {
            let _ = read_yaml(&text, &mut Violations::new());
        }

        #[cfg(feature = "yaml")]
        #[test]
        fn json_documents_read_as_yaml_are_the_same_tree(value in json()) {
            let text = serde_json::to_string(&value).unwrap();
            let read = read_yaml(text.as_bytes(), &mut Violations::new());
            proptest::prop_assert_eq!(read.ok(), Some(value));
        }
    }

    /// Every leaf of `value` with its pointer.
    fn leaves(value: &Value, pointer: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (key, item) in map {
                    leaves(item, format!("{pointer}/{}", crate::path::escape_token(key)), out);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (index, item) in items.iter().enumerate() {
                    leaves(item, format!("{pointer}/{index}"), out);
                }
            }
            _ => out.push(pointer),
        }
    }

    fn json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        // Keys and strings with the characters that matter to a scanner: quotes, backslashes,
        // brackets, commas, colons, the pointer's own `~` and `/`, and a line break.
        let text = "[a-c\"\\\\\\[\\]{},:~/\n]{0,4}";
        let leaf = prop_oneof![Just(Value::Null), any::<i32>().prop_map(Value::from), text.prop_map(Value::from)];
        leaf.prop_recursive(4, 24, 4, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(text, inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn pointer_before_finds_each_leaf(value in json(), pick in 0usize..64, pretty in proptest::bool::ANY) {
            let mut pointers = Vec::new();
            leaves(&value, String::new(), &mut pointers);
            let pointer = &pointers[pick % pointers.len()];
            // The chosen leaf becomes a marker no generated text holds; the reader's position of an
            // error at it is just past its last byte.
            let mut marked = value.clone();
            *marked.pointer_mut(pointer).unwrap() = Value::from("@");
            let text = if pretty { serde_json::to_string_pretty(&marked) } else { serde_json::to_string(&marked) }.unwrap();
            let end = text.find("\"@\"").unwrap() + 3;
            let found = pointer_before(text.as_bytes(), end);
            proptest::prop_assert_eq!(found.as_deref(), Some(pointer.as_str()));
        }

        #[test]
        fn pointer_before_never_panics(text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64), end in 0usize..80) {
            let _ = pointer_before(&text, end);
        }
    }
}
