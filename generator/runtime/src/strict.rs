//! The strict reader of the typed path. serde's derived `Deserialize` reads a struct from a JSON
//! array as well as from an object, a unit enum from `{"VARIANT": null}` as well as from its string,
//! and serde_json lets a repeated key overwrite the first. The schema validator accepts none of
//! these, so a typed read that trusted serde would accept bodies the validator refuses. Every typed
//! read goes through [`Strict`], which wraps serde_json's deserializer and each visitor, sequence
//! and map it hands out, and refuses exactly those readings: a struct is read only from an object,
//! a unit enum only from a string, and a key may appear once per object (values the type ignores
//! included). Anything it refuses is then read the full way, which reports it with its pointer.

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// Reads `T` from JSON bytes strictly (see the module docs); the error is serde_json's.
///
/// The bytes are checked for UTF-8 once, whole, and read as text: serde_json's byte reader would
/// check each string on its own, which cost a tenth of a valid body's reading. (JSON is UTF-8
/// throughout, so the whole check refuses exactly what the per-string ones would; the full path
/// then reports it as malformed.)
pub(crate) fn from_slice<T: de::DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    let text = std::str::from_utf8(bytes).map_err(|_| <serde_json::Error as de::Error>::custom("invalid UTF-8"))?;
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Strict(&mut reader))?;
    reader.end()?;
    Ok(value)
}

/// A deserializer that reads containers strictly and passes everything else to the one it wraps.
struct Strict<D>(D);

/// Forwards scalar requests unchanged: serde_json answers them only from a JSON value of that kind.
macro_rules! forward_scalars {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward_scalars! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string deserialize_bytes
        deserialize_byte_buf deserialize_unit deserialize_identifier
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(Wrap::new(visitor))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_option(Wrap::new(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap::new(visitor))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_seq(Wrap::new(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, Wrap::new(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap::new(visitor))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(Wrap::new(visitor))
    }

    /// Only from an object: serde_json's `deserialize_map` refuses an array.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(Wrap { visitor, fields })
    }

    /// Only from a string: the generated enums are unit enums, whose JSON form is their value.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_str(UnitEnum(visitor))
    }

    /// Read in full, so that a repeated key inside a value the type ignores is refused as well.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(Wrap::new(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor whose nested deserializers, sequences and maps are strict. `fields` are the struct's
/// declared property names (empty for a map): serde's derive already refuses a repeated one.
struct Wrap<V> {
    visitor: V,
    fields: &'static [&'static str],
}

impl<V> Wrap<V> {
    fn new(visitor: V) -> Self {
        Wrap { visitor, fields: &[] }
    }
}

macro_rules! forward_visits {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visits! {
        visit_bool(bool) visit_i64(i64) visit_i128(i128) visit_u64(u64) visit_u128(u128) visit_f64(f64)
        visit_str(&str) visit_borrowed_str(&'de str) visit_string(String) visit_bytes(&[u8])
        visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Strict(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Strict(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(StrictSeq(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(StrictMap { map, fields: self.fields, seen: Keys::default() })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

/// Turns a JSON string into the unit variant of that name.
struct UnitEnum<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for UnitEnum<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_enum(StrDeserializer::<E>::new(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        self.0.visit_enum(BorrowedStrDeserializer::<E>::new(v))
    }
}

/// A sequence whose items are read strictly.
struct StrictSeq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(StrictSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// A map whose values are read strictly and whose keys may not repeat. Each key is read as text
/// first (borrowed from the input unless it has escapes), noted, then handed to the key's own seed.
struct StrictMap<'de, A> {
    map: A,
    fields: &'static [&'static str],
    seen: Keys<'de>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key_seed(KeyText)? else { return Ok(None) };
        // A declared property of a struct is left to serde's derive, which refuses a repeated one.
        // (Cloning a borrowed key copies a pointer; only a key with escapes was allocated.)
        if !self.fields.contains(&&*key) && !self.seen.insert(key.clone()) {
            return Err(de::Error::custom("duplicate key"));
        }
        match key {
            Cow::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
            Cow::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
        }
        .map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.map.next_value_seed(StrictSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// A seed whose value is read strictly.
struct StrictSeed<T>(T);

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictSeed<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(Strict(deserializer))
    }
}

/// A JSON object key's text. (JSON keys are strings; the generated types key maps by `String`.)
struct KeyText;

impl<'de> DeserializeSeed<'de> for KeyText {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The undeclared keys of one object seen so far, borrowed from the input where they can be. Few
/// objects have many keys: a short list is scanned, and a long one becomes a (DoS-resistant) hash
/// set, made only then (its random state costs something on every object otherwise), so that a
/// body of many keys costs linear time.
#[derive(Default)]
struct Keys<'de> {
    few: Vec<Cow<'de, str>>,
    many: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> Keys<'de> {
    const FEW: usize = 16;

    /// Records `key`; false when it was seen before.
    fn insert(&mut self, key: Cow<'de, str>) -> bool {
        if let Some(many) = &mut self.many {
            return many.insert(key);
        }
        if self.few.contains(&key) {
            return false;
        }
        self.few.push(key);
        if self.few.len() > Self::FEW {
            self.many = Some(self.few.drain(..).collect());
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::from_slice;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Pair {
        a: i64,
        #[serde(default)]
        b: Option<Kind>,
    }

    #[derive(Debug, Deserialize, PartialEq, Clone, Copy)]
    enum Kind {
        #[serde(rename = "ON")]
        On,
    }

    #[test]
    fn structs_come_from_objects_only() {
        assert_eq!(from_slice::<Pair>(br#"{"a":1,"b":"ON"}"#).unwrap(), Pair { a: 1, b: Some(Kind::On) });
        assert!(serde_json::from_slice::<Pair>(b"[1]").is_ok(), "serde alone reads an array");
        assert!(from_slice::<Pair>(b"[1]").is_err());
        assert!(from_slice::<Vec<Pair>>(br#"[{"a":1},[2]]"#).is_err());
    }

    #[test]
    fn unit_enums_come_from_strings_only() {
        assert!(serde_json::from_slice::<Kind>(br#"{"ON":null}"#).is_ok(), "serde alone reads a map");
        assert!(from_slice::<Kind>(br#"{"ON":null}"#).is_err());
        assert!(from_slice::<Pair>(br#"{"a":1,"b":{"ON":null}}"#).is_err());
        assert_eq!(from_slice::<Kind>(br#""ON""#).unwrap(), Kind::On);
        assert!(from_slice::<Kind>(br#""OFF""#).is_err());
        assert_eq!(from_slice::<Kind>(br#""\u004fN""#).unwrap(), Kind::On, "an escaped string");
    }

    #[test]
    fn refuses_what_the_byte_reader_refuses_for_its_encoding() {
        // Invalid UTF-8 in a string, in a key, outside any string, a lone continuation byte, an
        // overlong form, an encoded surrogate; then valid multi-byte text and a BOM.
        let cases: [&[u8]; 8] = [
            b"[\"a\xffb\"]",
            b"[{\"\xc3\":1}]",
            b"[1,\xe2]",
            b"[\"\x80\"]",
            b"[\"\xc0\xaf\"]",
            b"[\"\xed\xa0\x80\"]",
            "[\"h\u{e9}llo \u{1f600}\"]".as_bytes(),
            b"\xef\xbb\xbf[\"a\"]",
        ];
        for bytes in cases {
            let ours =
                from_slice::<Vec<BTreeMap<String, i64>>>(bytes).is_ok() || from_slice::<Vec<String>>(bytes).is_ok();
            let serde = serde_json::from_slice::<Vec<BTreeMap<String, i64>>>(bytes).is_ok()
                || serde_json::from_slice::<Vec<String>>(bytes).is_ok();
            assert_eq!(ours, serde, "{bytes:?}");
        }
        assert!(from_slice::<Vec<String>>("[\"h\u{e9}llo\"]".as_bytes()).is_ok());
    }

    #[test]
    fn keys_may_not_repeat() {
        assert!(from_slice::<Pair>(br#"{"a":1,"a":2}"#).is_err());
        assert!(from_slice::<Pair>(br#"{"a":1,"x":1,"x":2}"#).is_err(), "an ignored key");
        assert!(from_slice::<Pair>(br#"{"a":1,"x":{"y":1,"y":2}}"#).is_err(), "inside an ignored value");
        assert!(from_slice::<BTreeMap<String, i64>>(br#"{"k":1,"k":2}"#).is_err());
        assert!(from_slice::<BTreeMap<String, i64>>(br#"{"k":1,"\u006b":2}"#).is_err(), "escaped");
        assert!(from_slice::<serde_json::Value>(br#"[{"k":1,"k":2}]"#).is_err());
        let many: String = (0..40).map(|i| format!("\"k{i}\":{i},")).collect();
        let text = format!("{{{many}\"k7\":0}}");
        assert!(from_slice::<BTreeMap<String, i64>>(text.as_bytes()).is_err(), "past the short list");
        let text = format!("{{{}}}", many.trim_end_matches(','));
        assert_eq!(from_slice::<BTreeMap<String, i64>>(text.as_bytes()).unwrap().len(), 40);
    }
}
