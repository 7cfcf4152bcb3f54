//! The runtime half of the serde impls the generator writes for plain structs and string enums in
//! place of serde's derives. For a struct, serde's derived `Deserialize` also reads it from an
//! array, declares an identifier enum with a visitor of its own, and wraps each `deserialize_with`
//! field in a type of its own, once for the array reading and once for the object reading: about
//! 225 lines of expanded code per struct, half of all that rustc compiled for a big spec. The
//! written impl reads an object only, matches each key as text and calls the generic helpers
//! below, which are compiled once per field type rather than once per field. It refuses what the
//! derive refuses (a repeated declared property, a missing required one, an unknown one when the
//! struct is closed). Its own errors, and those of the enum and `allOf` readers below, name no
//! value; a value of the wrong JSON type inside a property is reported by the deserializer in its
//! own words (the generated validator, which reports it to clients, never repeats it).

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// A property name as an object hands it over, borrowed from the input when it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The name's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// Reads the value of a declared property into `slot`; a second occurrence is an error (serde_json
/// places it by line and column). An optional property that may not be `null` reads its value type
/// here (`null` is then refused, where serde's `Option` would read it as absent); one that may
/// reads an `Option`.
pub fn read_once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::custom("a property appears twice"));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads and drops the value of a property the struct does not declare.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// The error for a property a closed struct (`additionalProperties: false`) does not declare.
pub fn undeclared_property<E: de::Error>(key: &Key<'_>, declared: &'static [&'static str]) -> E {
    E::unknown_field(key.as_str(), declared)
}

/// Writes an optional property when it is present (`Some`, or JSON other than `null`).
pub fn write_present<S: SerializeStruct, T: Serialize + Present>(
    object: &mut S,
    name: &'static str,
    value: &T,
) -> Result<(), S::Error> {
    if value.is_present() {
        object.serialize_field(name, value)
    } else {
        Ok(())
    }
}

/// The number of optional properties that [`write_present`] writes.
pub fn count_present(present: &[bool]) -> usize {
    present.iter().filter(|&&p| p).count()
}

/// A field type that can stand for an absent optional property.
pub trait Present {
    /// False when the property is absent: `None`, or JSON `null`.
    fn is_present(&self) -> bool;
}

impl<T> Present for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}

impl Present for serde_json::Value {
    fn is_present(&self) -> bool {
        !self.is_null()
    }
}

/// The object a struct with `allOf` branches reads from: the value, if it is an object.
pub fn as_object<E: de::Error>(value: &serde_json::Value) -> Result<&serde_json::Map<String, serde_json::Value>, E> {
    value.as_object().ok_or_else(|| E::custom("not an object"))
}

/// Reads a declared property of `object` when present (see [`read_once`] for `null`).
pub fn read_property<T: DeserializeOwned, E: de::Error>(
    object: &serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Result<Option<T>, E> {
    // serde_json's message for a wrong value repeats the value; this one names the property.
    let does_not_fit = |_| E::custom(format_args!("property `{name}` does not fit its type"));
    object.get(name).map(|value| T::deserialize(value).map_err(does_not_fit)).transpose()
}

/// Reads an `allOf` branch from the whole object, as JSON Schema applies each branch to all of it
/// (serde's flattening would hide the properties taken by the struct and by earlier branches).
pub fn read_flattened<T: DeserializeOwned, E: de::Error>(object: &serde_json::Value) -> Result<T, E> {
    T::deserialize(object).map_err(|_| E::custom("an allOf branch does not fit the object"))
}

/// Reads a `oneOf`/`anyOf` union that has a `discriminator`: the branch its tag names (`tags`
/// pairs each tag with its branch, when it names one), else the first branch that reads it, as serde's untagged enums do.
/// `branches` reads the value as branch `i`.
pub fn read_discriminated<'de, D: Deserializer<'de>, T>(
    input: D,
    property: &str,
    tags: &[(&str, Option<usize>)],
    branches: usize,
    read: impl Fn(usize, &serde_json::Value) -> Option<T>,
) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(input)?;
    let tag = value.as_object().and_then(|object| object.get(property)).and_then(serde_json::Value::as_str);
    let tagged = tag.and_then(|tag| tags.iter().find(|(t, _)| *t == tag)).and_then(|(_, branch)| *branch);
    let found = match tagged {
        Some(branch) => read(branch, &value),
        None => (0..branches).find_map(|branch| read(branch, &value)),
    };
    found.ok_or_else(|| de::Error::custom("the value matches none of the union's branches"))
}

/// Reads a union's branch from the buffered value (see [`read_discriminated`]).
pub fn read_branch<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

/// The value of a required property, or the error that it is missing.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// Reads a string enum from a JSON string only, through its `FromStr` (its exact wire values). The
/// error names the schema, not the text.
pub fn string_enum<'de, D: Deserializer<'de>, T: FromStr + crate::Schema>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

struct EnumVisitor<T>(PhantomData<T>);

impl<T: FromStr + crate::Schema> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of the values of `{}`", T::NAME)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_str(v).map_err(|_| E::invalid_value(de::Unexpected::Other("another string"), &self))
    }
}

/// `Deserialize` of a struct whose impl the generator writes: an object, whose properties
/// [`Schema::read_object`](crate::Schema::read_object) reads. One visitor serves every such struct,
/// instead of a visitor type and impl of its own per struct.
pub fn deserialize_object<'de, T: crate::Schema, D: Deserializer<'de>>(input: D) -> Result<T, D::Error> {
    // A struct, not a map: the declared names let the strict reader skip its own repeat check for
    // them (`read_object` refuses a repeated declared property).
    input.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: crate::Schema> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "object `{}`", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Path, Schema, Violations};
    use serde::de::MapAccess;

    /// What the generator writes for `{id: string (required), note?: string, tag?: string|null}`.
    #[derive(Debug, PartialEq)]
    struct Item {
        id: String,
        note: Option<String>,
        tag: Option<String>,
    }

    impl<'de> Deserialize<'de> for Item {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Fields;
            impl<'de> Visitor<'de> for Fields {
                type Value = Item;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an `Item` object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
                    let (mut id, mut note, mut tag) = (None, None, None);
                    while let Some(key) = map.next_key::<Key>()? {
                        match key.as_str() {
                            "id" => read_once(&mut map, &mut id),
                            "note" => read_once(&mut map, &mut note),
                            "tag" => read_once(&mut map, &mut tag),
                            _ => skip_value(&mut map),
                        }?;
                    }
                    Ok(Item { id: required(id, "id")?, note, tag: tag.unwrap_or_default() })
                }
            }
            deserializer.deserialize_struct("Item", &["id", "note", "tag"], Fields)
        }
    }

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
    }

    impl FromStr for Color {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            if s == "red" {
                Ok(Color::Red)
            } else {
                Err(())
            }
        }
    }

    impl Schema for Color {
        const NAME: &'static str = "Color";
        fn validate(_: &crate::Value, _: &Path<'_>, _: &mut Violations) {}
    }

    impl<'de> Deserialize<'de> for Color {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            string_enum(deserializer)
        }
    }

    fn item(text: &str) -> Result<Item, String> {
        crate::strict::from_slice::<Item>(text.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn structs_read_what_the_schema_says() {
        let full = Item { id: "a".into(), note: Some("n".into()), tag: None };
        assert_eq!(item(r#"{"id":"a","note":"n","tag":null,"x":[1]}"#), Ok(full));
        assert_eq!(item(r#"{"\u0069d":"a"}"#).unwrap().id, "a", "an escaped key");
        let from_tree = serde_json::from_value::<Item>(serde_json::json!({"id": "a"})).unwrap();
        assert_eq!(from_tree, Item { id: "a".into(), note: None, tag: None });
        for refused in [r#"{"note":"n"}"#, r#"{"id":"a","note":null}"#, r#"{"id":"a","id":"b"}"#, r#"["a"]"#, "1"] {
            assert!(item(refused).is_err(), "{refused}");
        }
        assert!(serde_json::from_str::<Item>(r#"{"id":"a","id":"b"}"#).is_err(), "repeated without the strict reader");
        assert!(serde_json::from_str::<Item>(r#"["a"]"#).is_err(), "an array without the strict reader");
    }

    #[test]
    fn string_enums_come_from_their_values_only() {
        assert_eq!(serde_json::from_str::<Color>(r#""red""#).unwrap(), Color::Red);
        assert_eq!(serde_json::from_str::<Color>(r#""\u0072ed""#).unwrap(), Color::Red);
        for refused in [r#""blue""#, r#"{"red":null}"#, "1", "null"] {
            let err = serde_json::from_str::<Color>(refused).unwrap_err().to_string();
            assert!(!err.contains("blue"), "the value is not repeated: {err}");
        }
        assert!(serde_json::from_value::<Color>(serde_json::json!("red")).is_ok());
    }
}
