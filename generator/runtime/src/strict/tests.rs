//! The strict reader held to serde_json: the same values on generated documents, compact or
//! pretty and with escapes, and the same refusals on hostile edits (but for a repeated key, which
//! only it refuses), with tables of the edge cases.

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
        let ours = from_slice::<Vec<BTreeMap<String, i64>>>(bytes).is_ok() || from_slice::<Vec<String>>(bytes).is_ok();
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
    let leaf = prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::from), number, text.prop_map(Value::from)];
    leaf.prop_recursive(4, 32, 5, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map(text, inner, 0..5).prop_map(|map| Value::Object(map.into_iter().collect())),
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
