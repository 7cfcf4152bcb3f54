//! Parameter serialization, OpenAPI's `style` and `explode`: how a parameter's value is written
//! into a path segment, the query, a header or a cookie, and read back as the JSON its schema
//! describes. The reader (the router's) and the writer (the client's) are side by side, so that
//! the client writes exactly what the router reads.
//!
//! Texts are split after percent-decoding, as servers commonly read them: an array item or an
//! object's key or value cannot hold its style's delimiter (`,` for most, `.` and `;` in `label`
//! and `matrix`, `|` and ` ` in `pipeDelimited` and `spaceDelimited`).

use crate::form::{self, FormShape};
pub use crate::vocabulary::{ParamLocation, Style};
use crate::{Path, Schema, Value, Violations};
use serde::de::DeserializeOwned;

/// A generated struct holding the parameters of one location of an operation: it knows their wire
/// names and how each one's text is read.
pub trait Params: Schema + DeserializeOwned {
    /// Where they travel.
    const LOCATION: ParamLocation;
    /// Each parameter's wire name, style and shape, in the spec's order.
    const DECLARED: &'static [Param];
}

/// One declared parameter: its wire name, how it is serialized, and the JSON types its schema
/// allows at each place (which guides the reading; the validator decides validity).
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// The wire name.
    pub name: &'static str,
    /// `style`
    pub style: Style,
    /// `explode` (by default true for `form`, false for the others).
    pub explode: bool,
    /// `allowReserved`: RFC 3986's reserved characters travel unescaped in the query (all but
    /// `&`, `=`, `+` and `#`, which would change how the query is read).
    pub allow_reserved: bool,
    /// `allowEmptyValue`: a query parameter may be sent without a value (S3's `?cors`), which is
    /// `true` for a boolean, the empty text for a string, and no value for any other type.
    pub allow_empty: bool,
    /// The JSON types of the value and the places below it.
    pub shape: &'static FormShape,
}

impl Param {
    /// A parameter of `style` with the default `explode` and no reserved characters.
    pub const fn new(name: &'static str, style: Style, shape: &'static FormShape) -> Param {
        Param { name, style, explode: matches!(style, Style::Form), allow_reserved: false, allow_empty: false, shape }
    }

    /// A `form` parameter (query, cookie), exploded.
    pub const fn form(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::Form, shape)
    }

    /// A `simple` parameter (path, header).
    pub const fn simple(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::Simple, shape)
    }

    /// A `matrix` path parameter.
    pub const fn matrix(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::Matrix, shape)
    }

    /// A `label` path parameter.
    pub const fn label(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::Label, shape)
    }

    /// A `spaceDelimited` query parameter.
    pub const fn space_delimited(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::SpaceDelimited, shape)
    }

    /// A `pipeDelimited` query parameter.
    pub const fn pipe_delimited(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::PipeDelimited, shape)
    }

    /// A `deepObject` query parameter.
    pub const fn deep_object(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::DeepObject, shape)
    }

    /// A parameter described by `content` of a JSON media type.
    pub const fn json(name: &'static str, shape: &'static FormShape) -> Param {
        Param::new(name, Style::Json, shape)
    }

    /// The same parameter with `explode` set.
    pub const fn explode(mut self, explode: bool) -> Param {
        self.explode = explode;
        self
    }

    /// The same parameter with `allowReserved: true`.
    pub const fn allow_reserved(mut self) -> Param {
        self.allow_reserved = true;
        self
    }

    /// The same parameter with `allowEmptyValue: true`.
    pub const fn allow_empty(mut self) -> Param {
        self.allow_empty = true;
        self
    }

    fn container(&self) -> Container {
        let shape = self.shape;
        if form::scalar_allowed(shape) || self.style == Style::Json {
            Container::Scalar
        } else if shape.allows(FormShape::ARRAY) {
            Container::Array
        } else if shape.allows(FormShape::OBJECT) {
            Container::Object
        } else {
            Container::Scalar
        }
    }

    /// The delimiter between the items of a query or cookie value sent as one (`explode: false`).
    fn form_delimiter(&self) -> Option<char> {
        match self.style {
            Style::SpaceDelimited => Some(' '),
            Style::PipeDelimited => Some('|'),
            Style::Form | Style::Simple if !self.explode => Some(','),
            _ => None,
        }
    }
}

/// What a parameter's value is, by the types its schema allows: a scalar whenever one is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Scalar,
    Array,
    Object,
}

/// The message of a value that is not written in its parameter's style (the value is not shown).
const NOT_IN_STYLE: &str = "the value is not written in the parameter's style";

/// Reads the parameters `declared` of `location` from `raw`, percent-decoded (name, text) pairs:
/// the path's matched segments, the query's pairs, the request's headers or cookies. Each value
/// becomes the JSON its shape describes, for the validator to check; a value that is not in its
/// style, or a single-valued parameter given more than once, is a violation at its pointer
/// (`at` is the location's).
pub fn read(
    location: ParamLocation,
    declared: &[Param],
    raw: &[(String, String)],
    at: &Path<'_>,
    out: &mut Violations,
) -> Value {
    let mut object = crate::Map::new();
    for param in declared {
        let here = at.key(param.name);
        let value = match location {
            ParamLocation::Query | ParamLocation::Cookie => read_pairs(param, declared, raw, &here, out),
            ParamLocation::Path | ParamLocation::Header => {
                let case_insensitive = location == ParamLocation::Header;
                let mut texts = raw
                    .iter()
                    .filter(
                        |(k, _)| if case_insensitive { k.eq_ignore_ascii_case(param.name) } else { k == param.name },
                    )
                    .map(|(_, v)| v.as_str());
                // Several header lines are one comma-separated list (RFC 9110, 5.3).
                let Some(first) = texts.next() else { continue };
                let rest: Vec<&str> = texts.collect();
                let text = if rest.is_empty() {
                    std::borrow::Cow::Borrowed(first)
                } else {
                    std::borrow::Cow::Owned(std::iter::once(first).chain(rest).collect::<Vec<_>>().join(","))
                };
                read_text(param, &text, &here, out)
            }
        };
        if let Some(value) = value {
            object.insert(param.name.to_string(), value);
        }
    }
    Value::Object(object)
}

/// A query or cookie parameter from the pairs.
fn read_pairs(
    param: &Param,
    declared: &[Param],
    raw: &[(String, String)],
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<Value> {
    let pairs = || raw.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let exact = || raw.iter().filter(|(k, _)| k == param.name).map(|(_, v)| v.as_str());
    let single = |out: &mut Violations| -> Option<&str> {
        let mut values = exact();
        let first = values.next()?;
        if values.next().is_some() {
            out.push(at, "style", "the parameter is given more than once");
        }
        Some(first)
    };
    match (param.style, param.container()) {
        (Style::Json, _) => json(single(out)?, at, out),
        (Style::DeepObject, _) => form::read_field(param.name, pairs(), param.shape, None, at, out),
        // A value or an array (`oneOf: [string, array]`), exploded: repeated, it is the array.
        (_, Container::Scalar)
            if param.shape.allows(FormShape::ARRAY) && param.form_delimiter().is_none() && exact().nth(1).is_some() =>
        {
            form::read_field(param.name, pairs(), param.shape, None, at, out)
        }
        (_, Container::Scalar) => match single(out)? {
            "" if param.allow_empty => empty_value(param.shape),
            text => Some(form::scalar(text, param.shape)),
        },
        (_, Container::Array) => {
            // Exploded: every occurrence (`id=3&id=4`, `id[]=3`); else one value, split.
            form::read_field(param.name, pairs(), param.shape, param.form_delimiter(), at, out)
        }
        (_, Container::Object) => match param.form_delimiter() {
            Some(delimiter) => {
                let text = single(out)?;
                let pairs = alternating(text, delimiter, at, out)?;
                Some(form::read_pairs_at(pairs, param.shape, &[], at, out))
            }
            None => {
                // Exploded: the object's properties are parameters of their own (`a=1&b=2`); with
                // `additionalProperties`, every pair no other declared parameter claims.
                // A name may hold brackets itself (`filter[category]`): matched whole.
                let claimed = |key: &str| {
                    declared
                        .iter()
                        .filter(|p| p.name != param.name)
                        .any(|p| key.strip_prefix(p.name).is_some_and(|tail| tail.is_empty() || tail.starts_with('[')))
                };
                let own = |key: &str| {
                    let field = key.split('[').next().unwrap_or(key);
                    param.shape.properties.iter().any(|(n, _)| *n == field)
                        || (param.shape.additional.is_some() && !claimed(key))
                };
                let pairs: Vec<(String, String)> =
                    raw.iter().filter(|(k, _)| own(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
                if pairs.is_empty() {
                    return None;
                }
                Some(form::read_pairs_at(pairs, param.shape, &[], at, out))
            }
        },
    }
}

/// What a parameter sent without a value means under `allowEmptyValue`: the flag set for a
/// boolean (`?cors` is `cors=true`), the empty text for a string, else nothing (as if absent).
fn empty_value(shape: &FormShape) -> Option<Value> {
    if shape.allows(FormShape::BOOLEAN) {
        Some(Value::Bool(true))
    } else if shape.allows(FormShape::STRING) {
        Some(Value::String(String::new()))
    } else {
        None
    }
}

/// A path or header parameter from its one text.
fn read_text(param: &Param, text: &str, at: &Path<'_>, out: &mut Violations) -> Option<Value> {
    if param.style == Style::Json {
        return json(text, at, out);
    }
    let wrong = |out: &mut Violations| {
        out.push(at, "style", NOT_IN_STYLE);
        None
    };
    // The text after the style's prefix, and the separator between items.
    let (body, separator) = match param.style {
        Style::Label => match text.strip_prefix('.') {
            Some(body) => (body, if param.explode { '.' } else { ',' }),
            None => return wrong(out),
        },
        Style::Matrix => match text.strip_prefix(';') {
            Some(body) => (body, if param.explode { ';' } else { ',' }),
            None => return wrong(out),
        },
        _ => (text, ','),
    };
    let container = param.container();
    // `;name=...` names the parameter, except in an exploded object's `;a=1;b=2`.
    let named = param.style == Style::Matrix && !(param.explode && container == Container::Object);
    let body = if named {
        let value = match body.strip_prefix(param.name) {
            Some("") => "",
            Some(rest) => match rest.strip_prefix('=') {
                Some(value) => value,
                None => return wrong(out),
            },
            None => return wrong(out),
        };
        value
    } else {
        body
    };
    match container {
        Container::Scalar => Some(form::scalar(body, param.shape)),
        Container::Array => {
            let item = param.shape.items.unwrap_or(&FormShape::ANY);
            let mut items = Vec::new();
            if body.is_empty() {
                return Some(Value::Array(items));
            }
            for (i, piece) in body.split(separator).enumerate() {
                let piece = if param.style == Style::Matrix && param.explode && i > 0 {
                    // `;id=3;id=4`: every item after the first names the parameter again.
                    match piece.strip_prefix(param.name).and_then(|rest| rest.strip_prefix('=')) {
                        Some(value) => value,
                        None => return wrong(out),
                    }
                } else {
                    piece
                };
                items.push(form::scalar(piece, item));
            }
            Some(Value::Array(items))
        }
        Container::Object => {
            let pairs = if param.explode {
                let mut pairs = Vec::new();
                for piece in body.split(separator).filter(|p| !p.is_empty()) {
                    match piece.split_once('=') {
                        Some((key, value)) => pairs.push((key.to_string(), value.to_string())),
                        None => return wrong(out),
                    }
                }
                pairs
            } else {
                alternating(body, separator, at, out)?
            };
            Some(form::read_pairs_at(pairs, param.shape, &[], at, out))
        }
    }
}

/// `a,1,b,2` as the pairs `a=1`, `b=2`; an odd count is a violation.
fn alternating(text: &str, delimiter: char, at: &Path<'_>, out: &mut Violations) -> Option<Vec<(String, String)>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    let pieces: Vec<&str> = text.split(delimiter).collect();
    if pieces.len() % 2 != 0 {
        out.push(at, "style", NOT_IN_STYLE);
        return None;
    }
    Some(pieces.chunks(2).map(|pair| (pair[0].to_string(), pair[1].to_string())).collect())
}

fn json(text: &str, at: &Path<'_>, out: &mut Violations) -> Option<Value> {
    match serde_json::from_str(text) {
        Ok(value) => Some(value),
        Err(_) => {
            out.push(at, "json", "the value is not a JSON document");
            None
        }
    }
}

/// What a parameter's value is written as: the (name, text) pairs of a query or cookie (one per
/// occurrence), or the one text of a path segment or header. Every name, key and scalar passes
/// through `escape` (the location's escaping) while the style's own delimiters stay as they are,
/// as RFC 6570 expands them, so that a server splitting before it decodes reads the same items.
/// `None` for a value the style cannot write (an object nested in a delimited style's object).
pub fn write(
    location: ParamLocation,
    param: &Param,
    value: &Value,
    escape: &dyn Fn(&str) -> String,
) -> Option<Vec<(String, String)>> {
    let name = escape(param.name);
    if param.style == Style::Json {
        return Some(vec![(name, escape(&serde_json::to_string(value).ok()?))]);
    }
    match location {
        ParamLocation::Query | ParamLocation::Cookie => write_pairs(param, value, escape),
        ParamLocation::Path | ParamLocation::Header => Some(vec![(name, write_text(param, value, escape)?)]),
    }
}

fn write_pairs(param: &Param, value: &Value, escape: &dyn Fn(&str) -> String) -> Option<Vec<(String, String)>> {
    let name = escape(param.name);
    let atom = |value: &Value| scalar_text(value).map(|text| escape(&text));
    let bracketed = |key: &str, value: &Value, pairs: &mut Vec<(String, String)>| {
        let mut raw = Vec::new();
        form_pairs(key, value, &mut raw);
        pairs.extend(raw.into_iter().map(|(key, text)| (escape(&key), escape(&text))));
    };
    let mut pairs = Vec::new();
    if param.style == Style::DeepObject {
        bracketed(param.name, value, &mut pairs);
        return Some(pairs);
    }
    // A space delimiter cannot travel as it is.
    let delimiter = param.form_delimiter().map(|d| if d == ' ' { escape(" ") } else { d.to_string() });
    match (value, delimiter) {
        (Value::Array(items), None) => {
            for item in items {
                pairs.push((name.clone(), atom(item)?));
            }
        }
        (Value::Array(items), Some(delimiter)) => {
            let items: Option<Vec<String>> = items.iter().map(atom).collect();
            pairs.push((name, items?.join(&delimiter)));
        }
        (Value::Object(map), None) => {
            for (key, value) in map {
                bracketed(key, value, &mut pairs);
            }
        }
        (Value::Object(map), Some(delimiter)) => {
            let mut atoms = Vec::new();
            for (key, value) in map.iter().filter(|(_, v)| !v.is_null()) {
                atoms.push(escape(key));
                atoms.push(atom(value)?);
            }
            pairs.push((name, atoms.join(&delimiter)));
        }
        (scalar, _) => pairs.push((name, atom(scalar)?)),
    }
    Some(pairs)
}

fn write_text(param: &Param, value: &Value, escape: &dyn Fn(&str) -> String) -> Option<String> {
    let name = escape(param.name);
    let atom = |value: &Value| scalar_text(value).map(|text| escape(&text));
    let (prefix, separator) = match param.style {
        Style::Label => (".", if param.explode { "." } else { "," }),
        Style::Matrix => (";", if param.explode { ";" } else { "," }),
        _ => ("", ","),
    };
    let matrix = param.style == Style::Matrix;
    let named = |text: &str| if matrix { format!("{name}={text}") } else { text.to_string() };
    let text = match value {
        Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(atom).collect();
            let items = items?;
            if matrix && items.is_empty() {
                name.clone()
            } else if matrix && param.explode {
                items.iter().map(|item| named(item)).collect::<Vec<_>>().join(separator)
            } else {
                named(&items.join(separator))
            }
        }
        Value::Object(map) => {
            let entries = map.iter().filter(|(_, v)| !v.is_null());
            if param.explode {
                let pairs: Option<Vec<String>> =
                    entries.map(|(key, value)| Some(format!("{}={}", escape(key), atom(value)?))).collect();
                pairs?.join(separator)
            } else {
                let mut atoms = Vec::new();
                for (key, value) in entries {
                    atoms.push(escape(key));
                    atoms.push(atom(value)?);
                }
                named(&atoms.join(separator))
            }
        }
        Value::String(text) if text.is_empty() && matrix => name.clone(),
        scalar => named(&atom(scalar)?),
    };
    Some(format!("{prefix}{text}"))
}

/// The text of one value (or array item) as its reader takes it back: strings as they are,
/// numbers and booleans in JSON's spelling.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A value as the bracketed pairs form bodies and `deepObject` use: objects as `key[name]`,
/// arrays of scalars as repeated keys, arrays of objects indexed (`key[0][name]`); `null`s left
/// out.
pub fn form_pairs(key: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (name, value) in map {
                form_pairs(&format!("{key}[{name}]"), value, out);
            }
        }
        Value::Array(items) if items.iter().all(|item| scalar_text(item).is_some()) => {
            out.extend(items.iter().filter_map(scalar_text).map(|text| (key.to_string(), text)));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                form_pairs(&format!("{key}[{index}]"), item, out);
            }
        }
        scalar => out.extend(scalar_text(scalar).map(|text| (key.to_string(), text))),
    }
}

#[cfg(all(test, feature = "client"))]
mod tests {
    use super::*;
    use crate::client::encode;
    use serde_json::json;

    static TEXTS: FormShape =
        FormShape { kinds: FormShape::ARRAY, items: Some(&form::shapes::STRING), ..FormShape::ANY };
    static COLOR: FormShape = FormShape {
        kinds: FormShape::OBJECT,
        properties: &[("R", &form::shapes::INTEGER), ("G", &form::shapes::INTEGER), ("B", &form::shapes::INTEGER)],
        ..FormShape::ANY
    };

    /// The value written for `location`, as the router's reader gets it back: a query through its
    /// escaping and form decoding, a path segment percent-decoded as axum decodes it.
    fn wire(location: ParamLocation, param: &Param, value: &Value) -> Vec<(String, String)> {
        let escape: &dyn Fn(&str) -> String = match location {
            ParamLocation::Path => &encode::segment,
            ParamLocation::Query if param.allow_reserved => &encode::query_reserved,
            ParamLocation::Query => &encode::query_atom,
            _ => &|atom| atom.to_string(),
        };
        write(location, param, value, escape).expect("writable")
    }

    fn decoded(location: ParamLocation, pairs: &[(String, String)]) -> Vec<(String, String)> {
        match location {
            ParamLocation::Query => {
                let mut query = String::new();
                for (key, text) in pairs {
                    encode::query_escaped(&mut query, key, text);
                }
                assert!(format!("http://h/p?{query}").parse::<http::Uri>().is_ok(), "{query}");
                form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
            }
            ParamLocation::Path => pairs
                .iter()
                .map(|(k, v)| {
                    assert!(format!("http://h/{v}").parse::<http::Uri>().is_ok(), "{v}");
                    let text = percent_encoding::percent_decode_str(v).decode_utf8().expect("UTF-8").into_owned();
                    (k.clone(), text)
                })
                .collect(),
            _ => pairs.to_vec(),
        }
    }

    fn read_back(location: ParamLocation, param: Param, raw: &[(String, String)]) -> (Value, Violations) {
        let mut out = Violations::new();
        let value = read(location, &[param], raw, &Path::Root, &mut out);
        (value.get(param.name).cloned().unwrap_or(Value::Null), out)
    }

    /// `allowEmptyValue`: a query parameter sent without a value is the flag set for a boolean,
    /// the empty text for a string, and absent for another type; without it, the empty text is
    /// judged by the schema as any other.
    #[test]
    fn an_empty_value_is_read_by_the_type_it_may_be_empty_for() {
        let pairs = |text: &str| vec![("p".to_string(), text.to_string())];
        let flag = Param::form("p", &form::shapes::BOOLEAN).allow_empty();
        assert_eq!(read_back(ParamLocation::Query, flag, &pairs("")).0, json!(true));
        assert_eq!(read_back(ParamLocation::Query, flag, &pairs("false")).0, json!(false));
        let text = Param::form("p", &form::shapes::STRING).allow_empty();
        assert_eq!(read_back(ParamLocation::Query, text, &pairs("")).0, json!(""));
        let number = Param::form("p", &form::shapes::INTEGER).allow_empty();
        assert_eq!(read_back(ParamLocation::Query, number, &pairs("")).0, Value::Null);
        assert_eq!(read_back(ParamLocation::Query, number, &pairs("7")).0, json!(7));
        let strict = Param::form("p", &form::shapes::BOOLEAN);
        assert_eq!(read_back(ParamLocation::Query, strict, &pairs("")).0, json!(""));
    }

    /// OpenAPI's style table (3.0.4 and 3.1.1, which follow RFC 6570 for `label`), for the
    /// string `blue`, the array `blue, black, brown` and the object `R=100, G=200, B=150`: what
    /// the client writes, after decoding, and that the router reads it back.
    #[test]
    fn the_specification_s_style_table() {
        use ParamLocation::{Path as P, Query as Q};
        let (string, array, object) =
            (json!("blue"), json!(["blue", "black", "brown"]), json!({"R": 100, "G": 200, "B": 150}));
        let rows: &[(ParamLocation, Style, bool, &Value, &str)] = &[
            (P, Style::Matrix, false, &string, ";color=blue"),
            (P, Style::Matrix, false, &array, ";color=blue,black,brown"),
            (P, Style::Matrix, false, &object, ";color=R,100,G,200,B,150"),
            (P, Style::Matrix, true, &string, ";color=blue"),
            (P, Style::Matrix, true, &array, ";color=blue;color=black;color=brown"),
            (P, Style::Matrix, true, &object, ";R=100;G=200;B=150"),
            (P, Style::Label, false, &string, ".blue"),
            (P, Style::Label, false, &array, ".blue,black,brown"),
            (P, Style::Label, false, &object, ".R,100,G,200,B,150"),
            (P, Style::Label, true, &array, ".blue.black.brown"),
            (P, Style::Label, true, &object, ".R=100.G=200.B=150"),
            (P, Style::Simple, false, &string, "blue"),
            (P, Style::Simple, false, &array, "blue,black,brown"),
            (P, Style::Simple, false, &object, "R,100,G,200,B,150"),
            (P, Style::Simple, true, &object, "R=100,G=200,B=150"),
            (Q, Style::Form, false, &string, "color=blue"),
            (Q, Style::Form, false, &array, "color=blue,black,brown"),
            (Q, Style::Form, false, &object, "color=R,100,G,200,B,150"),
            (Q, Style::Form, true, &array, "color=blue&color=black&color=brown"),
            (Q, Style::Form, true, &object, "R=100&G=200&B=150"),
            (Q, Style::SpaceDelimited, false, &array, "color=blue%20black%20brown"),
            (Q, Style::SpaceDelimited, false, &object, "color=R%20100%20G%20200%20B%20150"),
            (Q, Style::PipeDelimited, false, &array, "color=blue|black|brown"),
            (Q, Style::PipeDelimited, false, &object, "color=R|100|G|200|B|150"),
            (Q, Style::DeepObject, true, &object, "color[R]=100&color[G]=200&color[B]=150"),
        ];
        for &(location, style, explode, value, table) in rows {
            let shape = match value {
                Value::String(_) => &form::shapes::STRING,
                Value::Array(_) => &TEXTS,
                _ => &COLOR,
            };
            let param = Param::new("color", style, shape).explode(explode);
            let written = decoded(location, &wire(location, &param, value));
            let expected: Vec<(String, String)> = match location {
                ParamLocation::Query => {
                    form_urlencoded::parse(table.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
                }
                _ => vec![("color".to_string(), table.to_string())],
            };
            assert_eq!(written, expected, "{style:?} explode={explode} {value}");
            let (read, out) = read_back(location, param, &expected);
            assert!(out.is_empty(), "{style:?} explode={explode} {table}: {out}");
            assert_eq!(&read, value, "{style:?} explode={explode} {table}");
        }
    }

    #[test]
    fn delimiters_travel_raw_and_values_escaped() {
        let param = Param::new("ids", Style::Form, &TEXTS).explode(false);
        let pairs = wire(ParamLocation::Query, &param, &json!(["a&b", "c=d", "é"]));
        assert_eq!(pairs, vec![("ids".to_string(), "a%26b,c%3Dd,%C3%A9".to_string())]);
        let reserved = Param::new("next", Style::Form, &form::shapes::STRING).allow_reserved();
        let pairs = wire(ParamLocation::Query, &reserved, &json!("/a?b=c&d#e f"));
        assert_eq!(pairs, vec![("next".to_string(), "/a?b%3Dc%26d%23e%20f".to_string())]);
    }

    /// JSON:API's names hold brackets (`filter[category]`, `page[size]`): such a parameter is its
    /// whole name, not a field `filter` with a key `category`.
    #[test]
    fn a_name_with_brackets_is_read_whole() {
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let delimited = Param::new("filter[category]", Style::Form, &TEXTS).explode(false);
        let raw = [pair("filter[category]", "cash,cards"), pair("filter[other]", "x")];
        let (value, out) = read_back(ParamLocation::Query, delimited, &raw);
        assert_eq!((value, out.is_empty()), (json!(["cash", "cards"]), true));
        let exploded = Param::new("filter[status]", Style::Form, &TEXTS);
        let raw = [pair("filter[status]", "a"), pair("filter[status]", "b"), pair("filter[statusx]", "c")];
        assert_eq!(read_back(ParamLocation::Query, exploded, &raw).0, json!(["a", "b"]));
        assert_eq!(read_back(ParamLocation::Query, exploded, &[pair("filter[status][]", "a")]).0, json!(["a"]));
        assert_eq!(read_back(ParamLocation::Query, exploded, &[pair("filter", "a")]).0, Value::Null);
    }

    /// An empty array sent as one value (`explode: false`) is `ids=`, read back as the empty array
    /// (not as one empty item, which an enum of items refuses).
    #[test]
    fn an_empty_delimited_array_reads_back_empty() {
        for location in [ParamLocation::Query, ParamLocation::Header] {
            let style = if location == ParamLocation::Query { Style::Form } else { Style::Simple };
            let param = Param::new("ids", style, &TEXTS).explode(false);
            let pairs = wire(location, &param, &json!([]));
            assert_eq!(pairs, vec![("ids".to_string(), String::new())], "{location:?}");
            let (value, out) = read_back(location, param, &pairs);
            assert_eq!((value, out.is_empty()), (json!([]), true), "{location:?}");
        }
        let (value, _) = read_back(
            ParamLocation::Query,
            Param::new("ids", Style::Form, &TEXTS).explode(false),
            &[("ids".to_string(), ",".to_string())],
        );
        assert_eq!(value, json!(["", ""]));
    }

    #[test]
    fn a_value_out_of_style_is_a_violation_never_a_panic() {
        let texts = ["", ".", ";", ";color", ";color=", ";other=1", ";color=a;b", "a,b,c", ",,,", "=", "==,", "é;=.,"];
        for style in [Style::Matrix, Style::Label, Style::Simple] {
            for explode in [false, true] {
                for shape in [&form::shapes::STRING, &TEXTS, &COLOR] {
                    for text in texts {
                        let param = Param::new("color", style, shape).explode(explode);
                        let raw = [("color".to_string(), text.to_string())];
                        let (_, out) = read_back(ParamLocation::Path, param, &raw);
                        assert!(out.as_slice().iter().all(|v| v.keyword == "style"), "{out}");
                    }
                }
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text without any style's delimiter (which no item can hold; see the module's doc),
        /// with what escaping must carry: `%`, `&`, `=`, `+`, `#`, `/`, `?`, non-ASCII.
        fn atom() -> impl Strategy<Value = String> {
            proptest::string::string_regex("[a-zA-Z0-9%&=+#/?~_é-]{1,6}").expect("a valid regex")
        }

        fn styles() -> impl Strategy<Value = (ParamLocation, Style, bool)> {
            prop_oneof![
                Just((ParamLocation::Path, Style::Matrix, false)),
                Just((ParamLocation::Path, Style::Matrix, true)),
                Just((ParamLocation::Path, Style::Label, false)),
                Just((ParamLocation::Path, Style::Label, true)),
                Just((ParamLocation::Path, Style::Simple, false)),
                Just((ParamLocation::Path, Style::Simple, true)),
                Just((ParamLocation::Query, Style::Form, false)),
                Just((ParamLocation::Query, Style::Form, true)),
                Just((ParamLocation::Query, Style::PipeDelimited, false)),
                Just((ParamLocation::Query, Style::SpaceDelimited, false)),
                Just((ParamLocation::Query, Style::DeepObject, true)),
            ]
        }

        proptest! {
            /// Whatever the client writes, the router reads back as the same value.
            #[test]
            fn what_is_written_reads_back(
                (location, style, explode) in styles(),
                scalar in atom(),
                items in proptest::collection::vec(atom(), 1..5),
                colors in proptest::collection::vec(0i64..1000, 3),
                reserved in any::<bool>(),
            ) {
                let object = json!({"R": colors[0], "G": colors[1], "B": colors[2]});
                let cases: [(&'static FormShape, Value); 3] =
                    [(&form::shapes::STRING, json!(scalar)), (&TEXTS, json!(items)), (&COLOR, object)];
                for (shape, value) in cases {
                    if style == Style::DeepObject && shape.kinds != FormShape::OBJECT {
                        continue;
                    }
                    let mut param = Param::new("color", style, shape).explode(explode);
                    if reserved && location == ParamLocation::Query {
                        param = param.allow_reserved();
                    }
                    let raw = decoded(location, &wire(location, &param, &value));
                    let (read, out) = read_back(location, param, &raw);
                    prop_assert!(out.is_empty(), "{:?} {}: {}", style, value, out);
                    prop_assert_eq!(read, value);
                }
            }

            /// Any text at all, in any style and shape: a value, or violations of the style.
            #[test]
            fn any_text_reads_without_panicking(
                (location, style, explode) in styles(),
                text in ".{0,24}",
                repeated in any::<bool>(),
            ) {
                for shape in [&form::shapes::STRING, &TEXTS, &COLOR, &FormShape::ANY] {
                    let param = Param::new("color", style, shape).explode(explode);
                    let mut raw = vec![("color".to_string(), text.clone()), (format!("color[{text}]"), text.clone())];
                    if repeated {
                        raw.push(("color".to_string(), text.clone()));
                    }
                    let (_, out) = read_back(location, param, &raw);
                    prop_assert!(out.as_slice().iter().all(|v| !v.message.contains(&text) || text.len() < 3));
                }
            }
        }
    }
}
