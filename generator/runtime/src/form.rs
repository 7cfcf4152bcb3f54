//! `application/x-www-form-urlencoded` bodies read into the JSON their schema describes, so that
//! the same validators check them: bracketed keys nest (`metadata[key]=v`, `items[0][price]=p`,
//! `tags[]=a`), a repeated key makes an array, and text becomes the number or boolean the schema
//! expects at its place. What cannot be read one way only is a violation at its pointer.

use crate::{Map, Path, Value, Violations};
use std::collections::HashMap;

/// The JSON types a schema allows at one place of a form, multipart or XML body (or a parameter),
/// the shapes below it and, for XML, how the place is named. Generated from the schema; it guides
/// the reading (and the client's writing of XML) only.
#[derive(Debug)]
pub struct FormShape {
    /// The allowed JSON types, a union of the `STRING`... bits (0: any, text kept as text).
    pub kinds: u8,
    /// The items' shape, for arrays.
    pub items: Option<&'static FormShape>,
    /// The declared properties' shapes.
    pub properties: &'static [(&'static str, &'static FormShape)],
    /// The shape of other properties.
    pub additional: Option<&'static FormShape>,
    /// How the place is written in XML (its schema's `xml` object), when the schema says.
    pub xml: Option<&'static XmlNaming>,
}

/// A schema's XML Object: how a value at its place is named and laid out in an XML body.
#[derive(Clone, Copy, Debug)]
pub struct XmlNaming {
    /// `name`: the element's (or attribute's) name, or an array item's.
    pub name: Option<&'static str>,
    /// `attribute`: a property written as an attribute of its object's element.
    pub attribute: bool,
    /// `wrapped`: an array's items inside one element named by the property.
    pub wrapped: bool,
}

impl XmlNaming {
    /// What a schema without an `xml` object says: nothing.
    pub const NONE: XmlNaming = XmlNaming { name: None, attribute: false, wrapped: false };
}

impl FormShape {
    /// `string`
    pub const STRING: u8 = 1;
    /// `integer`
    pub const INTEGER: u8 = 2;
    /// `number`
    pub const NUMBER: u8 = 4;
    /// `boolean`
    pub const BOOLEAN: u8 = 8;
    /// `array`
    pub const ARRAY: u8 = 16;
    /// `object`
    pub const OBJECT: u8 = 32;
    /// Any value: text stays text, brackets make objects, repeated keys arrays.
    pub const ANY: FormShape = FormShape { kinds: 0, items: None, properties: &[], additional: None, xml: None };

    /// A shape of these kinds with nothing below it (a scalar's).
    pub const fn of(kinds: u8) -> FormShape {
        FormShape { kinds, items: None, properties: &[], additional: None, xml: None }
    }

    pub(crate) fn allows(&self, kind: u8) -> bool {
        self.kinds & kind != 0
    }

    pub(crate) fn property(&self, name: &str) -> &'static FormShape {
        self.properties.iter().find(|(n, _)| *n == name).map(|(_, s)| *s).or(self.additional).unwrap_or(&ANY)
    }
}

static ANY: FormShape = FormShape::ANY;

/// The shapes of one scalar type, shared by the parameters and fields that have them.
pub mod shapes {
    use super::FormShape;

    /// Any value.
    pub static ANY: FormShape = FormShape::ANY;
    /// A string.
    pub static STRING: FormShape = FormShape::of(FormShape::STRING);
    /// An integer.
    pub static INTEGER: FormShape = FormShape::of(FormShape::INTEGER);
    /// A number.
    pub static NUMBER: FormShape = FormShape::of(FormShape::NUMBER);
    /// A boolean.
    pub static BOOLEAN: FormShape = FormShape::of(FormShape::BOOLEAN);
}

/// At most this many bracketed segments in a key; the rest of the key is one literal segment.
const MAX_DEPTH: usize = 32;

/// Reads a form body as the JSON `shape` describes. `delimited` names the top-level properties
/// whose array items arrive in one value split by the delimiter (`explode: false`). Problems that
/// have no reading (a key that is both a value and an object) are added to `out`.
pub fn read(bytes: &[u8], shape: &FormShape, delimited: &[(&str, char)], out: &mut Violations) -> Value {
    let pairs = form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned()));
    read_pairs(pairs, shape, delimited, out)
}

/// [`read`] for fields already split into names and values (the parts of a multipart body).
pub fn read_pairs(
    pairs: impl IntoIterator<Item = (String, String)>,
    shape: &FormShape,
    delimited: &[(&str, char)],
    out: &mut Violations,
) -> Value {
    read_pairs_at(pairs, shape, delimited, &Path::Root, out)
}

/// [`read_pairs`] for an object read at `at` (a query or cookie parameter's properties).
pub(crate) fn read_pairs_at(
    pairs: impl IntoIterator<Item = (String, String)>,
    shape: &FormShape,
    delimited: &[(&str, char)],
    at: &Path<'_>,
    out: &mut Violations,
) -> Value {
    let mut root = Node::default();
    for (key, value) in pairs {
        let segments = declared_segments(shape, &key).unwrap_or_else(|| segments(&key));
        root.insert(&segments, value);
    }
    let mut object = Map::new();
    for (name, node) in root.fields {
        let at = at.key(&name);
        let property = shape.property(&name);
        let delimiter = delimited.iter().find(|(n, _)| *n == name).map(|(_, d)| *d);
        let value = node.into_value(property, delimiter, &at, out);
        object.insert(name, value);
    }
    Value::Object(object)
}

/// The value of the one field `name` among `pairs` (`name=v`, `name[]=v`, `name[k]=v`, `name[0][k]=v`;
/// other keys are passed over), read as `shape` describes, a single value split by `delimiter`
/// when the shape is an array's; `None` when no key is the field's.
pub(crate) fn read_field<'p>(
    name: &str,
    pairs: impl IntoIterator<Item = (&'p str, &'p str)>,
    shape: &FormShape,
    delimiter: Option<char>,
    at: &Path<'_>,
    out: &mut Violations,
) -> Option<Value> {
    let mut field = Node::default();
    let mut found = false;
    for (key, value) in pairs {
        // The field's own key, or its key followed by brackets. The name may hold brackets itself
        // (JSON:API's `filter[category]`, `page[size]`), so the key is matched on the name whole.
        let Some(tail) = key.strip_prefix(name) else { continue };
        let mut path = Vec::new();
        if tail.is_empty() || (tail.starts_with('[') && brackets(tail, &mut path)) {
            field.insert(&path, value.to_string());
            found = true;
        }
    }
    found.then(|| field.into_value(shape, delimiter, at, out))
}

/// The segments of `key` when it is, or begins with, a declared property whose name holds brackets
/// itself (SoundCloud's multipart `track[title]`, JSON:API's `page[size]`): that name is one
/// segment, as the spec declares it, and only brackets after it nest. The longest such name wins.
fn declared_segments<'k>(shape: &FormShape, key: &'k str) -> Option<Vec<&'k str>> {
    // Most keys have no bracket: nothing to look up for them.
    if !key.contains('[') {
        return None;
    }
    let name = shape
        .properties
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| name.contains('['))
        .filter(|name| key.strip_prefix(name).is_some_and(|tail| tail.is_empty() || tail.starts_with('[')))
        .max_by_key(|name| name.len())?;
    let (name, tail) = key.split_at(name.len());
    let mut out = vec![name];
    (tail.is_empty() || brackets(tail, &mut out)).then_some(out)
}

/// `a[b][0][]` as `a`, `b`, `0`, `` (a key with an unclosed bracket is one literal name).
fn segments(key: &str) -> Vec<&str> {
    let Some(open) = key.find('[').filter(|at| *at > 0) else { return vec![key] };
    let mut out = vec![&key[..open]];
    if brackets(&key[open..], &mut out) {
        out
    } else {
        vec![key]
    }
}

/// Appends to `out` the segments of `text`, `[b][0][]...`; false when its first bracket does not
/// close (the key is then one literal name). Text after the last bracket, or past the depth
/// limit, is kept as one last segment.
fn brackets<'k>(text: &'k str, out: &mut Vec<&'k str>) -> bool {
    let start = out.len();
    let mut rest = text;
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else { break };
        if out.len() > MAX_DEPTH {
            break;
        }
        out.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    if !rest.is_empty() {
        if out.len() == start {
            return false;
        }
        out.push(rest);
    }
    true
}

/// The values and nested fields a key path received, in arrival order.
#[derive(Default)]
struct Node {
    values: Vec<String>,
    fields: Vec<(String, Node)>,
    index: HashMap<String, usize>,
    /// `[]` segments before a nested key (`a[][b]`): each opens a new item.
    appended: usize,
}

impl Node {
    fn insert(&mut self, segments: &[&str], value: String) {
        let Some((first, rest)) = segments.split_first() else {
            self.values.push(value);
            return;
        };
        if rest.is_empty() {
            return self.child(first).values.push(value);
        }
        if first.is_empty() {
            // `a[][b]=1`: a new item for each occurrence.
            let key = self.appended.to_string();
            self.appended += 1;
            return self.child(&key).insert(rest, value);
        }
        self.child(first).insert(rest, value);
    }

    fn child(&mut self, key: &str) -> &mut Node {
        let at = match self.index.get(key) {
            Some(at) => *at,
            None => {
                self.index.insert(key.to_string(), self.fields.len());
                self.fields.push((key.to_string(), Node::default()));
                self.fields.len() - 1
            }
        };
        &mut self.fields[at].1
    }

    fn into_value(self, shape: &FormShape, delimiter: Option<char>, at: &Path<'_>, out: &mut Violations) -> Value {
        let Node { mut values, fields, .. } = self;
        if !fields.is_empty() {
            if !values.is_empty() {
                out.push(at, "form", "the form gives this field both a value and nested fields");
                return Value::Null;
            }
            let all_items = fields.iter().all(|(k, _)| k.is_empty() || k.parse::<usize>().is_ok());
            if all_items && (shape.allows(FormShape::ARRAY) || !shape.allows(FormShape::OBJECT)) {
                return items(fields, shape, at, out);
            }
            let mut object = Map::new();
            for (name, node) in fields {
                let value = node.into_value(shape.property(&name), None, &at.key(&name), out);
                object.insert(name, value);
            }
            return Value::Object(object);
        }
        let item = shape.items.unwrap_or(&ANY);
        if let (Some(delimiter), true) = (delimiter, values.len() == 1) {
            if shape.allows(FormShape::ARRAY) {
                let joined = values.pop().unwrap_or_default();
                // `ids=` is the empty array (OpenAPI's style table writes an empty value so), unless
                // the field may also be a scalar, which the empty text then is.
                if joined.is_empty() && !scalar_allowed(shape) {
                    return Value::Array(Vec::new());
                }
                return Value::Array(joined.split(delimiter).map(|v| scalar(v, item)).collect());
            }
        }
        let as_array = values.len() > 1 || (shape.allows(FormShape::ARRAY) && !scalar_allowed(shape));
        if as_array {
            let item = if shape.allows(FormShape::ARRAY) { item } else { shape };
            return Value::Array(values.iter().map(|v| scalar(v, item)).collect());
        }
        scalar(&values.pop().unwrap_or_default(), shape)
    }
}

/// The items of `a[0]=x&a[1]=y` (or `a[]=x&a[]=y`), in index order; missing indexes close up.
fn items(fields: Vec<(String, Node)>, shape: &FormShape, at: &Path<'_>, out: &mut Violations) -> Value {
    let item = shape.items.unwrap_or(&ANY);
    let mut numbered: Vec<(usize, usize, Node)> = Vec::new();
    let mut items = Vec::new();
    for (order, (key, node)) in fields.into_iter().enumerate() {
        match key.parse::<usize>() {
            Ok(index) => numbered.push((index, order, node)),
            // `a[]=x`: the node's values are items in their own right.
            Err(_) => numbered.push((usize::MAX, order, node)),
        }
    }
    numbered.sort_by_key(|(index, order, _)| (*index, *order));
    for (_, _, node) in numbered {
        if node.fields.is_empty() && node.values.len() > 1 {
            items.extend(node.values.iter().map(|v| scalar(v, item)));
            continue;
        }
        let position = items.len();
        items.push(node.into_value(item, None, &at.index(position), out));
    }
    Value::Array(items)
}

pub(crate) fn scalar_allowed(shape: &FormShape) -> bool {
    shape.allows(FormShape::STRING | FormShape::INTEGER | FormShape::NUMBER | FormShape::BOOLEAN)
}

/// Form text as the scalar the shape expects: an integer, a number or a boolean when the text is
/// one and the schema allows it, else the text (for the schema's `type` check to judge).
pub(crate) fn scalar(text: &str, shape: &FormShape) -> Value {
    if shape.allows(FormShape::INTEGER) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::from(n);
        }
        if let Ok(n) = text.parse::<u64>() {
            return Value::from(n);
        }
    }
    if shape.allows(FormShape::NUMBER) {
        if let Some(n) = text.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
            return Value::Number(n);
        }
    }
    if shape.allows(FormShape::BOOLEAN) {
        match text {
            "true" => return Value::Bool(true),
            "false" => return Value::Bool(false),
            _ => {}
        }
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    static INT: FormShape = FormShape { kinds: FormShape::INTEGER, ..FormShape::ANY };
    static TEXT: FormShape = FormShape { kinds: FormShape::STRING, ..FormShape::ANY };
    static INTS: FormShape = FormShape { kinds: FormShape::ARRAY, items: Some(&INT), ..FormShape::ANY };
    static LINE: FormShape =
        FormShape { kinds: FormShape::OBJECT, properties: &[("price", &TEXT), ("quantity", &INT)], ..FormShape::ANY };
    static LINES: FormShape = FormShape { kinds: FormShape::ARRAY, items: Some(&LINE), ..FormShape::ANY };
    static METADATA: FormShape = FormShape { kinds: FormShape::OBJECT, additional: Some(&TEXT), ..FormShape::ANY };
    static BODY: FormShape = FormShape {
        kinds: FormShape::OBJECT,
        properties: &[("count", &INT), ("ids", &INTS), ("items", &LINES), ("metadata", &METADATA)],
        ..FormShape::ANY
    };

    fn read_ok(form: &str, delimited: &[(&str, char)]) -> Value {
        let mut out = Violations::new();
        let value = read(form.as_bytes(), &BODY, delimited, &mut out);
        assert!(out.is_empty(), "{out}");
        value
    }

    #[test]
    fn reads_stripe_style_nesting_and_types() {
        let value = read_ok(
            "count=3&ids=1&ids=2&items[1][price]=p2&items[0][price]=p1&items[0][quantity]=5&metadata[k]=7&x=y",
            &[],
        );
        assert_eq!(
            value,
            serde_json::json!({
                "count": 3, "ids": [1, 2],
                "items": [{"price": "p1", "quantity": 5}, {"price": "p2"}],
                "metadata": {"k": "7"}, "x": "y"
            })
        );
    }

    #[test]
    fn reads_brackets_delimiters_and_single_items() {
        assert_eq!(read_ok("ids[]=1&ids[]=2", &[]), serde_json::json!({"ids": [1, 2]}));
        assert_eq!(read_ok("ids=4", &[]), serde_json::json!({"ids": [4]}));
        assert_eq!(read_ok("ids=1,2,x", &[("ids", ',')]), serde_json::json!({"ids": [1, 2, "x"]}));
        // Text that is not the expected type stays text, for the validator to report.
        assert_eq!(read_ok("count=three&count2=4", &[]), serde_json::json!({"count": "three", "count2": "4"}));
        assert_eq!(read_ok("a%5Bb%5D=1&c+d=e+f", &[]), serde_json::json!({"a": {"b": "1"}, "c d": "e f"}));
        assert_eq!(read_ok("ids[99999999999]=1", &[]), serde_json::json!({"ids": [1]}));
    }

    #[test]
    fn declared_names_that_hold_brackets_are_read_whole() {
        static FLAG: FormShape = FormShape { kinds: FormShape::BOOLEAN, ..FormShape::ANY };
        static TRACK: FormShape =
            FormShape { kinds: FormShape::OBJECT, properties: &[("title", &TEXT)], ..FormShape::ANY };
        static UPLOAD: FormShape = FormShape {
            kinds: FormShape::OBJECT,
            properties: &[("track[streamable]", &FLAG), ("track[tags]", &INTS), ("track", &TRACK)],
            ..FormShape::ANY
        };
        let mut out = Violations::new();
        let value = read(
            b"track[streamable]=true&track[tags][]=1&track[tags][]=2&track[title]=t&track[x][y]=z",
            &UPLOAD,
            &[],
            &mut out,
        );
        assert!(out.is_empty(), "{out}");
        assert_eq!(
            value,
            serde_json::json!({
                "track[streamable]": true, "track[tags]": [1, 2], "track": {"title": "t", "x": {"y": "z"}}
            })
        );
        // A value the declared field's type refuses stays where the validator will find it.
        let value = read(b"track[streamable]={}", &UPLOAD, &[], &mut out);
        assert_eq!(value, serde_json::json!({"track[streamable]": "{}"}));
    }

    #[test]
    fn a_field_that_is_both_a_value_and_an_object_is_a_violation() {
        let mut out = Violations::new();
        read(b"metadata=1&metadata[k]=2", &BODY, &[], &mut out);
        assert_eq!(out.as_slice().len(), 1);
        assert_eq!(out.as_slice()[0].pointer, "/metadata");
    }

    #[test]
    fn deep_and_odd_keys_do_not_nest_without_bound() {
        let key = "a".to_string() + &"[x]".repeat(10_000);
        let mut out = Violations::new();
        let value = read(format!("{key}=1").as_bytes(), &BODY, &[], &mut out);
        let mut depth = 0;
        let mut at = &value;
        while let Some(next) = at.as_object().and_then(|o| o.values().next()) {
            depth += 1;
            at = next;
        }
        assert!(depth <= MAX_DEPTH + 3, "{depth}");
        assert_eq!(read_ok("[a]=1&b[=2&c]=3", &[]), serde_json::json!({"[a]": "1", "b[": "2", "c]": "3"}));
    }
}
