//! The strict reader of the typed path: a serde `Deserializer` over JSON text that reads what
//! serde_json reads, into the same values, but not all the ways serde's readings allow. serde's
//! derived `Deserialize` reads a struct from a JSON array as well as from an object, a unit enum from
//! `{"VARIANT": null}` as well as from its string, and serde_json lets a repeated key overwrite the
//! first. The schema validator accepts none of these, so a typed read that allowed them would
//! accept bodies the validator refuses. This reader reads a struct only from an object, a unit enum
//! only from a string, and a key once per object (values the type ignores included). Anything it
//! refuses is then read the full way, which reports it with its pointer.
//!
//! It is its own reader rather than a wrapper around serde_json's: the wrapper re-read every key
//! through a second deserializer and wrapped every visitor, sequence and map, and serde_json wrote
//! an error's message and found its line on every failed attempt. A valid body
//! costs up to a sixth less, a failed attempt an eighth less, and the generated modules compile
//! faster (BENCHMARKS.md §3, §10). The tokens are read in [`crate::lexer`]; the tests below hold it
//! to serde_json's values and refusals on generated and hostile documents.

use crate::lexer::{Error, Kind, Lexer, Number, Result, Text};
use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, Expected, MapAccess, SeqAccess, Unexpected, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;

pub(crate) use crate::lexer::Error as ReadError;

/// Reads `T` from JSON bytes strictly (see the module docs).
///
/// The bytes are checked for UTF-8 once, whole, and read as text. (JSON is UTF-8 throughout, so the
/// whole check refuses exactly what checks of each string would; the full path then reports it as
/// malformed.)
pub(crate) fn from_slice<T: de::DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let text =
        std::str::from_utf8(bytes).map_err(|err| Error::new(Kind::Syntax, "invalid UTF-8", err.valid_up_to()))?;
    let mut reader = Reader { lexer: Lexer::new(text), depth: DEPTH };
    let value = T::deserialize(&mut reader)?;
    match reader.lexer.peek() {
        None => Ok(value),
        Some(_) => Err(reader.lexer.syntax("trailing characters")),
    }
}

/// How deep containers may nest: serde_json's limit (127), so that no input exhausts the stack.
const DEPTH: u8 = 127;

struct Reader<'de> {
    lexer: Lexer<'de>,
    /// How many more containers may open.
    depth: u8,
}

impl<'de> Text<'de, '_> {
    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Text::Borrowed(text) => visitor.visit_borrowed_str(text),
            Text::Copied(text) => visitor.visit_str(text),
        }
    }
}

impl Number {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Number::U64(n) => visitor.visit_u64(n),
            Number::I64(n) => visitor.visit_i64(n),
            Number::F64(n) => visitor.visit_f64(n),
        }
    }
}

impl<'de> Reader<'de> {
    /// The error for a value of the wrong JSON type, which serde_json reports past a scalar (read
    /// to name it) and before a container.
    fn invalid_type(&mut self, expected: &dyn Expected) -> Error {
        let unexpected = match self.lexer.peek() {
            None => return self.lexer.eof(),
            Some(b'n') => self.skip_literal(b"null").map(|()| Unexpected::Unit),
            Some(b't') => self.skip_literal(b"true").map(|()| Unexpected::Bool(true)),
            Some(b'f') => self.skip_literal(b"false").map(|()| Unexpected::Bool(false)),
            Some(b'-' | b'0'..=b'9') => self.lexer.number(false).map(|n| match n {
                Number::U64(n) => Unexpected::Unsigned(n),
                Number::I64(n) => Unexpected::Signed(n),
                Number::F64(n) => Unexpected::Float(n),
            }),
            // The text is never repeated: the messages that reach clients are the validator's.
            Some(b'"') => self.lexer.string().map(|_| Unexpected::Other("string")),
            Some(b'[') => Ok(Unexpected::Seq),
            Some(b'{') => Ok(Unexpected::Map),
            Some(_) => Err(self.lexer.syntax("expected value")),
        };
        match unexpected {
            Ok(unexpected) => <Error as de::Error>::invalid_type(unexpected, expected).at(self.lexer.at),
            Err(err) => err,
        }
    }

    fn skip_literal(&mut self, word: &'static [u8]) -> Result<()> {
        self.lexer.at += 1;
        self.lexer.literal(&word[1..])
    }

    /// Reads an array whose `[` is next, giving its items to `visitor`.
    fn seq<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.depth = self.depth.checked_sub(1).ok_or_else(|| self.lexer.syntax("recursion limit exceeded"))?;
        self.lexer.at += 1;
        let value = visitor.visit_seq(Items { reader: self, first: true });
        self.depth += 1;
        // Closed even when the visitor failed, as serde_json does: its error is then placed past
        // the container (a struct that misses a property is reported at its own pointer).
        let closed = self.close(b']');
        let value = value?;
        closed.map(|()| value)
    }

    /// Reads an object whose `{` is next, giving its entries to `visitor`. `fields` are a struct's
    /// declared property names (empty for a map): the generated reader refuses a repeated one itself.
    fn map<V: Visitor<'de>>(&mut self, visitor: V, fields: &'static [&'static str]) -> Result<V::Value> {
        self.depth = self.depth.checked_sub(1).ok_or_else(|| self.lexer.syntax("recursion limit exceeded"))?;
        self.lexer.at += 1;
        let value = visitor.visit_map(Entries { reader: self, first: true, fields, seen: Keys::default() });
        self.depth += 1;
        // Closed even when the visitor failed, as serde_json does: its error is then placed past
        // the container (a struct that misses a property is reported at its own pointer).
        let closed = self.close(b'}');
        let value = value?;
        closed.map(|()| value)
    }

    /// The end of a container whose visitor has taken all it wanted: it must be all there was.
    fn close(&mut self, end: u8) -> Result<()> {
        match self.lexer.peek() {
            Some(byte) if byte == end => {
                self.lexer.at += 1;
                Ok(())
            }
            Some(_) => Err(self.lexer.syntax("trailing characters")),
            None => Err(self.lexer.eof()),
        }
    }

    /// Before an item or entry: the separator when it is not the first, and whether there is one.
    fn next_in(&mut self, first: &mut bool, end: u8) -> Result<bool> {
        match self.lexer.peek() {
            Some(byte) if byte == end => Ok(false),
            Some(b',') if !*first => {
                self.lexer.at += 1;
                match self.lexer.peek() {
                    Some(byte) if byte == end => Err(self.lexer.syntax("trailing comma")),
                    Some(_) => Ok(true),
                    None => Err(self.lexer.eof()),
                }
            }
            Some(_) if *first => {
                *first = false;
                Ok(true)
            }
            Some(_) => Err(self.lexer.syntax(if end == b']' { "expected `,` or `]`" } else { "expected `,` or `}`" })),
            None => Err(self.lexer.eof()),
        }
    }
}

/// Forwards each number request to the one number reading serde_json does for all of them (`f32`
/// rounded once, from the text).
macro_rules! numbers {
    ($($method:ident)*, single: $single:expr) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.lexer.peek() {
                Some(b'-' | b'0'..=b'9') => {
                    let number = self.lexer.number($single)?;
                    number.visit(visitor).map_err(|err| err.at(self.lexer.at))
                }
                _ => Err(self.invalid_type(&visitor)),
            }
        }
    )*};
}

/// 128-bit integers from their whole text, as serde_json reads them.
macro_rules! integers128 {
    ($($method:ident $ty:ident $visit:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.lexer.peek() {
                Some(b'-' | b'0'..=b'9') => {
                    let text = self.lexer.integer()?;
                    let value: $ty = text.parse().map_err(|_| Error::new(Kind::Syntax, "number out of range", self.lexer.at))?;
                    visitor.$visit(value).map_err(|err: Error| err.at(self.lexer.at))
                }
                _ => Err(self.invalid_type(&visitor)),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.lexer.peek() {
            None => return Err(self.lexer.eof()),
            Some(b'n') => self.skip_literal(b"null").and_then(|()| visitor.visit_unit()),
            Some(b't') => self.skip_literal(b"true").and_then(|()| visitor.visit_bool(true)),
            Some(b'f') => self.skip_literal(b"false").and_then(|()| visitor.visit_bool(false)),
            Some(b'-' | b'0'..=b'9') => self.lexer.number(false).and_then(|n| n.visit(visitor)),
            Some(b'"') => self.lexer.string().and_then(|text| text.visit(visitor)),
            Some(b'[') => self.seq(visitor),
            Some(b'{') => self.map(visitor, &[]),
            Some(_) => return Err(self.lexer.syntax("expected value")),
        };
        value.map_err(|err| err.at(self.lexer.at))
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f64,
        single: false
    }

    numbers! { deserialize_f32, single: true }

    integers128! { deserialize_i128 i128 visit_i128 deserialize_u128 u128 visit_u128 }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.lexer.peek() {
            Some(b't') => self.skip_literal(b"true").and_then(|()| visitor.visit_bool(true)),
            Some(b'f') => self.skip_literal(b"false").and_then(|()| visitor.visit_bool(false)),
            _ => return Err(self.invalid_type(&visitor)),
        };
        value.map_err(|err| err.at(self.lexer.at))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.lexer.peek() {
            Some(b'"') => {
                let value = self.lexer.string().and_then(|text| text.visit(visitor));
                value.map_err(|err| err.at(self.lexer.at))
            }
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// From a string (its UTF-8) or an array of numbers, as serde_json.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = match self.lexer.peek() {
            Some(b'"') => self.lexer.string().and_then(|text| match text {
                Text::Borrowed(text) => visitor.visit_borrowed_bytes(text.as_bytes()),
                Text::Copied(text) => visitor.visit_bytes(text.as_bytes()),
            }),
            Some(b'[') => self.seq(visitor),
            _ => return Err(self.invalid_type(&visitor)),
        };
        value.map_err(|err| err.at(self.lexer.at))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.lexer.peek() {
            Some(b'n') => {
                self.skip_literal(b"null")?;
                visitor.visit_none().map_err(|err: Error| err.at(self.lexer.at))
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.lexer.peek() {
            Some(b'n') => {
                self.skip_literal(b"null")?;
                visitor.visit_unit().map_err(|err: Error| err.at(self.lexer.at))
            }
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.lexer.peek() {
            Some(b'[') => self.seq(visitor).map_err(|err| err.at(self.lexer.at)),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.lexer.peek() {
            Some(b'{') => self.map(visitor, &[]).map_err(|err| err.at(self.lexer.at)),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    /// Only from an object (serde's derive would take an array too).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.lexer.peek() {
            Some(b'{') => self.map(visitor, fields).map_err(|err| err.at(self.lexer.at)),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    /// Only from a string: the generated enums are unit enums, whose JSON form is their value.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.lexer.peek() {
            Some(b'"') => {
                let value = self.lexer.string().and_then(|text| match text {
                    Text::Borrowed(text) => visitor.visit_enum(BorrowedStrDeserializer::new(text)),
                    Text::Copied(text) => visitor.visit_enum(StrDeserializer::new(text)),
                });
                value.map_err(|err| err.at(self.lexer.at))
            }
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    /// Read in full, so that a repeated key inside a value the type ignores is refused as well.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }
}

/// An array's items.
struct Items<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.reader.next_in(&mut self.first, b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// An object's entries, whose keys may not repeat. Each key is read as text, noted, then handed to
/// the key's own seed.
struct Entries<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
    fields: &'static [&'static str],
    seen: Keys<'de>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.reader.next_in(&mut self.first, b'}')? {
            return Ok(None);
        }
        let lexer = &mut self.reader.lexer;
        if lexer.peek() != Some(b'"') {
            return Err(lexer.syntax("key must be a string"));
        }
        let key = lexer.string()?;
        // A declared property of a struct is left to the generated reader, which refuses a
        // repeated one. (Noting a borrowed key copies a pointer; only a key with escapes is copied.)
        let repeated = match key {
            Text::Borrowed(key) => !self.fields.contains(&key) && !self.seen.insert(Cow::Borrowed(key)),
            Text::Copied(key) => !self.fields.contains(&key) && !self.seen.insert(Cow::Owned(key.to_owned())),
        };
        if repeated {
            return Err(Error::new(Kind::Data, "duplicate key", lexer.at));
        }
        let value = match key {
            Text::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
            Text::Copied(key) => seed.deserialize(StrDeserializer::new(key)),
        };
        value.map(Some)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        self.reader.lexer.expect(b':', "expected `:`")?;
        seed.deserialize(&mut *self.reader)
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

    /// Reads `text` both ways into `T`: this reader's answer and serde_json's, each written back
    /// as JSON (so that `-0.0` and `0.0` differ) or as its error.
    fn both<T: serde::de::DeserializeOwned + serde::Serialize>(
        text: &str,
    ) -> (Result<String, String>, Result<String, String>) {
        let write = |value: T| serde_json::to_string(&value).expect("written");
        let ours = from_slice::<T>(text.as_bytes()).map(write).map_err(|e| e.to_string());
        let theirs = serde_json::from_str::<T>(text).map(write).map_err(|e| e.to_string());
        (ours, theirs)
    }

    /// What serde_json reads, this reader reads into the same value, and nothing serde_json refuses;
    /// the one difference allowed is the reader's own refusal of a repeated key.
    fn agrees<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<(), String> {
        match both::<T>(text) {
            (Ok(ours), Ok(theirs)) if ours == theirs => Ok(()),
            (Err(_), Err(_)) => Ok(()),
            (Err(ours), Ok(_)) if ours == "duplicate key" => Ok(()),
            (ours, theirs) => Err(format!("{text:?}: ours {ours:?}, serde_json {theirs:?}")),
        }
    }

    #[test]
    fn numbers_are_what_serde_json_makes_of_them() {
        let numbers = [
            "0",
            "-0",
            "1",
            "-1",
            "0.0",
            "-0.0",
            "1.5",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "-1.25e-3",
            "0e0",
            "0e999999",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "1e309",
            "-1e309",
            "1e-400",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "-18446744073709551616",
            "123456789012345678901234567890",
            "9007199254740993",
            "0.1",
            "0.30000000000000004",
            "00",
            "01",
            "-",
            "-a",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "1.e5",
            "--1",
            "0x10",
            "1 2",
            " 7 ",
            "\t\n\r 8",
            "2.5E-3",
            "-0e-0",
            "100.0",
        ];
        for number in numbers {
            agrees::<serde_json::Value>(number).unwrap();
            agrees::<f64>(number).unwrap();
            agrees::<f32>(number).unwrap();
            agrees::<i64>(number).unwrap();
            agrees::<u64>(number).unwrap();
            agrees::<u8>(number).unwrap();
            agrees::<i32>(number).unwrap();
            agrees::<Option<i16>>(number).unwrap();
            agrees::<i128>(number).unwrap();
            agrees::<u128>(number).unwrap();
        }
    }

    #[test]
    fn strings_are_what_serde_json_makes_of_them() {
        let strings = [
            r#""""#,
            r#""a""#,
            r#""\"\\\/\b\f\n\r\t""#,
            r#""\u0041\u00e9\u4e2d""#,
            r#""\ud83d\ude00""#,
            r#""\uD83D\uDE00x""#,
            r#""\ud83d""#,
            r#""\ud83dx""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            r#""\u12""#,
            r#""\u12g4""#,
            r#""\x""#,
            "\"tab\there\"",
            "\"nul\u{0}\"",
            "\"line\nbreak\"",
            "\"h\u{e9}llo \u{1f600}\"",
            r#""unterminated"#,
            r#""\"#,
            r#""a\"#,
            "\"\u{7f}\"",
            r#""0123456789abcdef0123456789\"x""#,
        ];
        for string in strings {
            agrees::<serde_json::Value>(string).unwrap();
            agrees::<String>(string).unwrap();
            agrees::<Vec<String>>(&format!("[{string},{string}]")).unwrap();
            agrees::<BTreeMap<String, i64>>(&format!("{{{string}:1}}")).unwrap();
        }
    }

    #[test]
    fn structure_is_what_serde_json_makes_of_it() {
        let texts = [
            "[]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[1,,2]",
            "{}",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":}"#,
            r#"{1:1}"#,
            r#"{"a":1"b":2}"#,
            "[",
            "{",
            r#"{"a""#,
            r#"{"a":1"#,
            "nul",
            "nulL",
            "true",
            "tru",
            "falsey",
            "null x",
            "[[[]]]",
            "]",
            "}",
            "",
            "   ",
            r#"{"a":[{"b":null}],"c":{"d":[true,false]}}"#,
        ];
        for text in texts {
            agrees::<serde_json::Value>(text).unwrap();
            agrees::<Vec<Option<bool>>>(text).unwrap();
            agrees::<BTreeMap<String, serde_json::Value>>(text).unwrap();
            agrees::<()>(text).unwrap();
        }
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(from_slice::<serde_json::Value>(deep(127).as_bytes()).is_ok());
        for n in [128, 129, 100_000] {
            agrees::<serde_json::Value>(&deep(n)).unwrap();
            assert!(from_slice::<serde_json::Value>(deep(n).as_bytes()).is_err(), "{n} levels");
        }
    }

    fn json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let text = "[a-c\"\\\\/\u{0}-\u{1f}\u{e9}\u{1f600} ]{0,6}";
        let number = prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            (-1000i32..1000, -30i32..30).prop_map(|(m, e)| Value::from(f64::from(m) * 10f64.powi(e))),
        ];
        let leaf =
            prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::from), number, text.prop_map(Value::from)];
        leaf.prop_recursive(4, 32, 5, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::btree_map(text, inner, 0..5)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    /// JSON text for `value`, compact or pretty, with every `escape_every`th of the characters
    /// only strings hold (`b`, `c`, `é`, `😀`: serde_json writes no literal or number with them)
    /// escaped as `\u`.
    fn written(value: &serde_json::Value, pretty: bool, escape_every: usize) -> String {
        let text =
            if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) }.expect("written");
        if escape_every == 0 {
            return text;
        }
        let (mut out, mut chars, mut count) = (String::new(), text.chars(), 0);
        while let Some(c) = chars.next() {
            match c {
                // An escape is copied whole: `\X`, or `\u` and four hex digits.
                '\\' => {
                    out.push(c);
                    let letter = chars.next().expect("an escaped character");
                    out.push(letter);
                    if letter == 'u' {
                        out.extend(chars.by_ref().take(4));
                    }
                }
                'b' | 'c' | '\u{e9}' | '\u{1f600}' => {
                    count += 1;
                    if count % escape_every == 0 {
                        let mut units = [0u16; 2];
                        for unit in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    } else {
                        out.push(c);
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

        #[test]
        fn reads_what_serde_json_reads(value in json(), pretty in proptest::bool::ANY, escape_every in 0usize..4) {
            let text = written(&value, pretty, escape_every);
            let ours = from_slice::<serde_json::Value>(text.as_bytes()).map_err(|e| format!("{e:?}: {text}"));
            proptest::prop_assert_eq!(serde_json::to_string(&ours.unwrap()).unwrap(), serde_json::to_string(&value).unwrap());
        }

        /// Hostile text: a written document with bytes changed, taken out or put in.
        #[test]
        fn refuses_what_serde_json_refuses(
            value in json(),
            edits in proptest::collection::vec((0usize..10_000, proptest::sample::select(b"\"\\{}[],:-.eE+0159tfnul \n\x00\xff".to_vec()), 0u8..3), 1..4),
        ) {
            let mut bytes = serde_json::to_vec(&value).unwrap();
            for (at, byte, how) in edits {
                let at = at % (bytes.len() + 1);
                match how {
                    0 => bytes.insert(at, byte),
                    1 if at < bytes.len() => { bytes.remove(at); }
                    _ if at < bytes.len() => bytes[at] = byte,
                    _ => bytes.push(byte),
                }
            }
            let ours = from_slice::<serde_json::Value>(&bytes);
            let theirs = serde_json::from_slice::<serde_json::Value>(&bytes);
            match (ours, theirs) {
                (Ok(ours), Ok(theirs)) => proptest::prop_assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&theirs).unwrap()),
                (Ok(_), Err(err)) => proptest::prop_assert!(false, "accepted what serde_json refuses ({err}): {:?}", String::from_utf8_lossy(&bytes)),
                (Err(err), Ok(_)) => proptest::prop_assert_eq!(err.to_string(), "duplicate key"),
                (Err(_), Err(_)) => {}
            }
        }
    }
}
