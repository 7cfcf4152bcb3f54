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
mod tests;
