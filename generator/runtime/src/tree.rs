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
}
