//! The JSON tree of the full validation path. serde_json's own `Value` lets a repeated key overwrite
//! the first, so a body could say two things at once and a reader downstream might believe the
//! other one. This reader keeps the first and reports each repetition at its pointer.

use crate::{Path, Value, Violations};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The message of a repeated key; the key is in the pointer, its values are never shown.
pub(crate) const DUPLICATE_KEY: &str = "the object has this key more than once";

/// Parses `bytes` as one JSON document; repeated keys are reported into `out` under the keyword
/// `json`. The error is a syntax error (or trailing data).
pub(crate) fn read(bytes: &[u8], out: &mut Violations) -> serde_json::Result<Value> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let value = TreeSeed { path: &Path::Root, out }.deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

struct TreeSeed<'p, 'o> {
    path: &'p Path<'p>,
    out: &'o mut Violations,
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

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
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

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            let at = self.path.index(items.len());
            match seq.next_element_seed(TreeSeed { path: &at, out: &mut *self.out })? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = crate::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = self.path.key(&key);
            let value = map.next_value_seed(TreeSeed { path: &at, out: &mut *self.out })?;
            if object.contains_key(&key) {
                self.out.push(&at, "json", DUPLICATE_KEY);
            } else {
                object.insert(key, value);
            }
        }
        Ok(Value::Object(object))
    }
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
    fn numbers_and_syntax_are_serde_jsons() {
        let mut out = Violations::new();
        let value = read(b"[1, -1, 18446744073709551615, 1.5, 1e2]", &mut out).unwrap();
        assert_eq!(value, serde_json::from_slice::<Value>(b"[1, -1, 18446744073709551615, 1.5, 1e2]").unwrap());
        assert!(read(b"[1,]", &mut out).is_err());
        assert!(read(b"{} {}", &mut out).is_err());
        assert!(out.is_empty());
    }
}
