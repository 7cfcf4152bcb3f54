//! XML bodies (feature `xml`): one document read into the JSON tree its schema's shape says it
//! stands for, so that the same validators check it, and a JSON value written back as XML (the
//! client's side), following OpenAPI's XML Object: a property is a child element named by the
//! property (or its `xml.name`), or an attribute (`xml.attribute`); an array's items are repeated
//! elements, inside one element of the property's name when `xml.wrapped`; text becomes the
//! number or boolean the schema expects at its place, as in a form.
//!
//! Reading is lenient about names, never about values: the root element may have any name, a
//! property may be written under its own name or its `xml.name`, as an element or an attribute,
//! with any namespace prefix; what is read is then checked against the schema like JSON. A
//! document type declaration is refused (so no entity is ever defined or expanded, and no
//! external one fetched), as are entities other than XML's five and character references,
//! nesting past [`MAX_DEPTH`] elements and anything that is not well-formed: one violation of
//! keyword `xml`, with its line and column, never the text.

use crate::form::{scalar, FormShape, XmlNaming};
use crate::{Map, Path, Value, Violation, Violations};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

/// At most this many nested elements.
pub const MAX_DEPTH: usize = 128;

/// An element as read: its local name, attributes (local names), child elements and text.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
    /// `xsi:nil="true"`: the element stands for `null`.
    nil: bool,
}

/// Reads an XML document as the JSON `shape` describes. The error is the one violation to report
/// when the document is not read (malformed, a DTD, an unknown entity, too deep); problems of a
/// read document (an element repeated where one value goes) are added to `out`.
pub(crate) fn read(bytes: &[u8], shape: &FormShape, out: &mut Violations) -> Result<Value, Violation> {
    let root = parse(bytes).map_err(|(position, what)| {
        let (line, column) = line_and_column(bytes, position);
        Violation::new(&Path::Root, "xml", format!("{what} at line {line}, column {column}"))
    })?;
    Ok(value(&root, shape, &Path::Root, out))
}

/// The document's root element, or where and why it is not read.
fn parse(bytes: &[u8]) -> Result<Element, (usize, Cow<'static, str>)> {
    let text = std::str::from_utf8(bytes).map_err(|err| (err.valid_up_to(), "text that is not UTF-8".into()))?;
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|_| (at, "malformed XML".into()))?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() && open.is_empty() => {
                return Err((at, "a second root element".into()));
            }
            Event::Start(start) => {
                if open.len() >= MAX_DEPTH {
                    return Err((at, format!("elements nested deeper than {MAX_DEPTH}").into()));
                }
                open.push(element(&start).map_err(|what| (at, what))?);
            }
            Event::Empty(start) => {
                let element = element(&start).map_err(|what| (at, what))?;
                close(element, &mut open, &mut root);
            }
            Event::End(_) => match open.pop() {
                Some(element) => close(element, &mut open, &mut root),
                None => return Err((at, "malformed XML".into())),
            },
            Event::Text(text) => {
                let text = text.decode().map_err(|_| (at, "malformed XML".into()))?;
                push_text(&mut open, &text).map_err(|what| (at, what))?;
            }
            Event::CData(data) => {
                let data = data.decode().map_err(|_| (at, "malformed XML".into()))?;
                push_text(&mut open, &data).map_err(|what| (at, what))?;
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*reference {
                        b"lt" => '<',
                        b"gt" => '>',
                        b"amp" => '&',
                        b"apos" => '\'',
                        b"quot" => '"',
                        _ => return Err((at, "an entity XML does not define".into())),
                    },
                    Err(_) => return Err((at, "a character reference to no character".into())),
                };
                push_text(&mut open, resolved.encode_utf8(&mut [0; 4])).map_err(|what| (at, what))?;
            }
            Event::DocType(_) => return Err((at, "a document type declaration (not read: no entities)".into())),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => {
                return match (root, open.is_empty()) {
                    (Some(root), true) => Ok(root),
                    (_, false) => Err((at, "an element left open".into())),
                    (None, true) => Err((at, "no root element".into())),
                };
            }
        }
    }
}

/// Ends `element`: a child of the element still open, else the root.
fn close(element: Element, open: &mut [Element], root: &mut Option<Element>) {
    match open.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

/// Text inside the open element; outside the root, only white space may stand.
fn push_text(open: &mut [Element], text: &str) -> Result<(), Cow<'static, str>> {
    allowed(text)?;
    match open.last_mut() {
        Some(element) => {
            element.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err("text outside the root element".into()),
    }
}

/// An element's name and attributes: namespace declarations, XML's own attributes (`xml:lang`,
/// `xml:space`) and XML Schema instance ones (`xsi:type`, `xsi:schemaLocation`; `xsi:nil` makes
/// the element null) say how the document is written, not what it holds, and are left out.
fn element(start: &BytesStart<'_>) -> Result<Element, Cow<'static, str>> {
    let name = local(start.local_name().into_inner())?;
    let mut element = Element { name, ..Element::default() };
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|_| Cow::from("malformed XML"))?;
        let key = attribute.key;
        if key.as_namespace_binding().is_some() {
            continue;
        }
        let value = attribute.unescape_value().map_err(|_| Cow::from("an entity XML does not define"))?;
        allowed(&value)?;
        let name = local(key.local_name().into_inner())?;
        match key.prefix().map(|prefix| prefix.into_inner()) {
            Some(b"xsi") => element.nil |= name == "nil" && value == "true",
            Some(b"xml") => {}
            _ => element.attributes.push((name, value.into_owned())),
        }
    }
    Ok(element)
}

/// XML 1.0's characters: no control character but tab, line feed and carriage return, no
/// U+FFFE or U+FFFF (a document with one is not well-formed).
fn allowed(text: &str) -> Result<(), Cow<'static, str>> {
    let refused = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}');
    match text.chars().any(refused) {
        true => Err("a character XML does not allow".into()),
        false => Ok(()),
    }
}

fn local(name: &[u8]) -> Result<String, Cow<'static, str>> {
    std::str::from_utf8(name).map(str::to_string).map_err(|_| "malformed XML".into())
}

/// The JSON value an element stands for at a place of `shape`. What the shape does not expect is
/// read as what it is (an element with children as an object, text as a string), for the schema
/// to refuse: nothing is dropped unseen.
fn value(element: &Element, shape: &FormShape, at: &Path<'_>, out: &mut Violations) -> Value {
    if element.nil {
        return Value::Null;
    }
    let structured = !element.children.is_empty() || !element.attributes.is_empty();
    let has_text = !element.text.trim().is_empty();
    if shape.allows(FormShape::ARRAY) && !shape.allows(FormShape::OBJECT) && !has_text && element.attributes.is_empty()
    {
        // An array in its own element (the document's root, or an array's item): each child an item.
        let items = shape.items.unwrap_or(&FormShape::ANY);
        let items = element.children.iter().enumerate().map(|(i, child)| value(child, items, &at.index(i), out));
        return Value::Array(items.collect());
    }
    if structured || (!has_text && shape.allows(FormShape::OBJECT) && !shape.allows(SCALARS)) {
        if has_text {
            out.push(at, "xml", "text beside an object's elements");
        }
        return object(element, shape, at, out);
    }
    read_text(&element.text, shape)
}

/// An element's or an attribute's text as the scalar its place expects: a string as written, a
/// number or boolean as XML Schema reads one (white space around it is not part of it).
fn read_text(text: &str, shape: &FormShape) -> Value {
    if shape.allows(FormShape::STRING) || shape.kinds == 0 {
        return Value::String(text.to_string());
    }
    scalar(text.trim(), shape)
}

const SCALARS: u8 = FormShape::STRING | FormShape::INTEGER | FormShape::NUMBER | FormShape::BOOLEAN;

/// An element read as an object: its attributes and child elements, each a property.
fn object(element: &Element, shape: &FormShape, at: &Path<'_>, out: &mut Violations) -> Value {
    let mut map = Map::new();
    for (name, text) in &element.attributes {
        let (property, place) = property(shape, name);
        if map.contains_key(property) {
            out.push(&at.key(property), "xml", "given twice, as an attribute and an element, or twice");
            continue;
        }
        map.insert(property.to_string(), read_text(text, place));
    }
    for child in &element.children {
        let (property, place) = property(shape, &child.name);
        let here = at.key(property);
        if place.allows(FormShape::ARRAY) && !place.allows(FormShape::OBJECT) {
            let items = place.items.unwrap_or(&FormShape::ANY);
            let wrapped = place.xml.is_some_and(|xml| xml.wrapped);
            let entry = map.entry(property.to_string()).or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(list) = entry else {
                out.push(&here, "xml", "given twice, as an attribute and an element");
                continue;
            };
            if wrapped && !child.nil {
                for item in &child.children {
                    let index = list.len();
                    list.push(value(item, items, &here.index(index), out));
                }
            } else {
                let index = list.len();
                list.push(value(child, items, &here.index(index), out));
            }
            continue;
        }
        let declared = shape.properties.iter().any(|(name, _)| *name == property);
        match map.get_mut(property) {
            // An undeclared property says nothing of its values: repeated, it is a list of them,
            // as a repeated key of a form is.
            Some(existing) if !declared => {
                if !existing.is_array() {
                    *existing = Value::Array(vec![existing.take()]);
                }
                if let Value::Array(list) = existing {
                    let index = list.len();
                    list.push(value(child, place, &here.index(index), out));
                }
            }
            Some(_) => out.push(&here, "xml", "an element repeated where one value goes"),
            None => {
                let read = value(child, place, &here, out);
                map.insert(property.to_string(), read);
            }
        }
    }
    Value::Object(map)
}

/// The property an element or attribute named `name` stands for, and the shape at its place: a
/// declared property of that name or `xml.name`, or one whose array items carry that name (an
/// unwrapped array), else an undeclared one of that name.
fn property<'s, 'n>(shape: &'s FormShape, name: &'n str) -> (&'n str, &'s FormShape)
where
    's: 'n,
{
    let named = |place: &FormShape| place.xml.and_then(|xml| xml.name) == Some(name);
    if let Some((property, place)) = shape.properties.iter().find(|(property, place)| *property == name || named(place))
    {
        return (property, place);
    }
    let item_named = |place: &FormShape| {
        place.allows(FormShape::ARRAY) && !place.xml.is_some_and(|xml| xml.wrapped) && place.items.is_some_and(named)
    };
    if let Some((property, place)) = shape.properties.iter().find(|(_, place)| item_named(place)) {
        return (property, place);
    }
    (name, shape.additional.unwrap_or(&FormShape::ANY))
}

/// The 1-based line and column (in characters) of byte `position` of `bytes`.
fn line_and_column(bytes: &[u8], position: usize) -> (usize, usize) {
    let before = &bytes[..position.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// Writes `value` as an XML document whose root element is named by the shape's `xml.name`, else
/// `root` (the schema's name); `None` when a property's name cannot be an XML name or a string
/// holds a character XML cannot carry.
#[cfg_attr(not(feature = "client"), allow(dead_code))] // the client's; a server-only build reads
pub(crate) fn write(value: &Value, shape: &FormShape, root: &str) -> Option<String> {
    let name = shape.xml.and_then(|xml| xml.name).unwrap_or(root);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    write_element(name, value, shape, &mut out, 0)?;
    Some(out)
}

fn write_element(name: &str, value: &Value, shape: &FormShape, out: &mut String, depth: usize) -> Option<()> {
    if !is_name(name) || depth > MAX_DEPTH {
        return None;
    }
    out.push('<');
    out.push_str(name);
    match value {
        Value::Null => {
            out.push_str(" xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>");
            return Some(());
        }
        Value::Object(map) => {
            let mut children = Vec::new();
            for (property, item) in map {
                let place = declared(shape, property);
                let naming = place.xml.copied().unwrap_or(XmlNaming::NONE);
                let scalar = !matches!(item, Value::Object(_) | Value::Array(_) | Value::Null);
                if naming.attribute && scalar {
                    let attribute = naming.name.unwrap_or(property);
                    if !is_name(attribute) {
                        return None;
                    }
                    out.push(' ');
                    out.push_str(attribute);
                    out.push_str("=\"");
                    escape(&text(item), out)?;
                    out.push('"');
                } else {
                    children.push((property.as_str(), item, place, naming));
                }
            }
            out.push('>');
            for (property, item, place, naming) in children {
                let element = naming.name.unwrap_or(property);
                match item {
                    // A list is its items' elements (in one wrapper when `xml.wrapped`), which is
                    // also how an undeclared property's repeated elements read back.
                    Value::Array(items) => {
                        let item_shape = place.items.unwrap_or(&FormShape::ANY);
                        let item_name = item_shape.xml.and_then(|xml| xml.name);
                        if naming.wrapped {
                            out.push('<');
                            out.push_str(element);
                            out.push('>');
                            for item in items {
                                write_element(item_name.unwrap_or(element), item, item_shape, out, depth + 1)?;
                            }
                            close_tag(element, out);
                        } else {
                            // Unwrapped, the array's own `xml.name` names nothing (OpenAPI's XML
                            // Object): each item is named by its own, else by the property.
                            for item in items {
                                write_element(item_name.unwrap_or(property), item, item_shape, out, depth + 1)?;
                            }
                        }
                    }
                    _ => write_element(element, item, place, out, depth + 1)?,
                }
            }
        }
        Value::Array(items) => {
            out.push('>');
            let item_shape = shape.items.unwrap_or(&FormShape::ANY);
            let item_name = item_shape.xml.and_then(|xml| xml.name).unwrap_or("item");
            for item in items {
                write_element(item_name, item, item_shape, out, depth + 1)?;
            }
        }
        scalar => {
            out.push('>');
            escape(&text(scalar), out)?;
        }
    }
    close_tag(name, out);
    Some(())
}

fn close_tag(name: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// The shape of a declared property, or of an undeclared one.
fn declared<'s>(shape: &'s FormShape, property: &str) -> &'s FormShape {
    shape
        .properties
        .iter()
        .find(|(name, _)| *name == property)
        .map_or(shape.additional.unwrap_or(&FormShape::ANY), |(_, place)| place)
}

fn text(scalar: &Value) -> Cow<'_, str> {
    match scalar {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

/// Escapes text for an element's content or a double-quoted attribute; `None` for a character
/// XML cannot carry at all (a control character but tab, line feed and carriage return).
fn escape(text: &str, out: &mut String) -> Option<()> {
    allowed(text).ok()?;
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Some(())
}

/// True for a name XML takes as an element's or an attribute's (without a prefix): a letter or
/// `_` first, then letters, digits, `-`, `_` and `.` (non-ASCII letters included).
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    first_ok
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("xml"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    static TEXT: FormShape = FormShape::of(FormShape::STRING);
    static INT: FormShape = FormShape::of(FormShape::INTEGER);
    static FLAG: FormShape = FormShape::of(FormShape::BOOLEAN);
    static ID: FormShape = FormShape {
        kinds: FormShape::STRING,
        xml: Some(&XmlNaming { name: Some("key"), attribute: true, wrapped: false }),
        ..FormShape::ANY
    };
    static TAG: FormShape = FormShape {
        kinds: FormShape::STRING,
        xml: Some(&XmlNaming { name: Some("tag"), ..XmlNaming::NONE }),
        ..FormShape::ANY
    };
    static TAGS: FormShape = FormShape {
        kinds: FormShape::ARRAY,
        items: Some(&TAG),
        xml: Some(&XmlNaming { wrapped: true, ..XmlNaming::NONE }),
        ..FormShape::ANY
    };
    static PORT: FormShape = FormShape {
        kinds: FormShape::INTEGER,
        xml: Some(&XmlNaming { name: Some("port"), ..XmlNaming::NONE }),
        ..FormShape::ANY
    };
    static PORTS: FormShape = FormShape { kinds: FormShape::ARRAY, items: Some(&PORT), ..FormShape::ANY };
    static NODE: FormShape = FormShape {
        kinds: FormShape::OBJECT,
        properties: &[("id", &ID), ("name", &TEXT), ("count", &INT), ("on", &FLAG), ("tags", &TAGS), ("ports", &PORTS)],
        additional: Some(&TEXT),
        xml: Some(&XmlNaming { name: Some("node"), ..XmlNaming::NONE }),
        ..FormShape::ANY
    };

    fn read_ok(text: &str) -> Value {
        let mut out = Violations::default();
        let value = read(text.as_bytes(), &NODE, &mut out).unwrap();
        assert!(out.is_empty(), "{out:?}");
        value
    }

    #[test]
    fn reads_the_layout_the_schema_names() {
        let text = r#"<node key="k"><name>a&lt;b&#x41;</name><count>-2</count><on>false</on>
            <tags><tag>x</tag><tag/></tags><port>1</port><port>2</port><extra>e</extra></node>"#;
        let expected = json!({"id": "k", "name": "a<bA", "count": -2, "on": false, "tags": ["x", ""], "ports": [1, 2], "extra": "e"});
        assert_eq!(read_ok(text), expected);
        // Written as it was read, and read back the same.
        assert_eq!(read_ok(&write(&expected, &NODE, "Node").unwrap()), expected);
        // Names as the properties are called, the attribute as an element, the items under the
        // array's own name: the same tree.
        // An attribute's text is read as an element's: a number with white space around it.
        assert_eq!(read_ok(r#"<node count=" 7 "/>"#), json!({"count": 7}));
        let text = "<whatever><id>k</id><ports>1</ports><ports>2</ports></whatever>";
        assert_eq!(read_ok(text), json!({"id": "k", "ports": [1, 2]}));
        // An undeclared property repeated is a list of its values; a declared one is one value.
        let text = "<node><extra>a</extra><extra>b</extra><extra>c</extra></node>";
        assert_eq!(read_ok(text), json!({"extra": ["a", "b", "c"]}));
        assert_eq!(
            read_ok(&write(&json!({"extra": ["a", "b"]}), &NODE, "Node").unwrap()),
            json!({"extra": ["a", "b"]})
        );
        let mut out = Violations::default();
        read(b"<node><name>a</name><name>b</name></node>", &NODE, &mut out).unwrap();
        assert_eq!(format!("{out:?}").matches("an element repeated").count(), 1, "{out:?}");
        // XML's and XML Schema's own attributes say nothing of the value.
        let text = r#"<node xml:lang="en" xmlns:xsi="urn:xsi" xsi:schemaLocation="urn:x"><name xml:space="preserve"> a </name></node>"#;
        assert_eq!(read_ok(text), json!({"name": " a "}));
        // `xsi:nil` is null; text the schema does not take as a number stays text, for the
        // validator to refuse.
        let text = r#"<node xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><name xsi:nil="true"/><count>x</count></node>"#;
        assert_eq!(read_ok(text), json!({"name": null, "count": "x"}));
    }

    #[test]
    fn what_is_not_read_is_one_violation_where_never_what() {
        for (text, found) in [
            ("<node><name>s3cr3t</x></node>", "malformed XML at line 1, column 19"),
            ("<node>\n<a>s3cr3t</a>", "an element left open at line 2"),
            ("<!DOCTYPE node SYSTEM \"file:///etc/passwd\"><node/>", "document type declaration"),
            ("<node>&xxe;</node>", "an entity XML does not define"),
            ("<node>&#0;</node>", "a character reference to no character"),
            ("<a/><b/>", "a second root element"),
            ("", "no root element"),
            ("<node>\u{0}</node>", "a character XML does not allow"),
            ("<node a='&#1;'/>", "a character XML does not allow"),
            ("<node/>\u{ff}", "text outside the root element"),
        ] {
            let mut out = Violations::default();
            let violation = read(text.as_bytes(), &NODE, &mut out).unwrap_err();
            let shown = format!("{violation:?}");
            assert!(shown.contains(found) && !shown.contains("s3cr3t"), "{text}: {shown}");
        }
        let mut out = Violations::default();
        assert!(read(b"<a>\xff</a>", &NODE, &mut out).is_err(), "not UTF-8");
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(format!("{:?}", read(deep.as_bytes(), &NODE, &mut out).unwrap_err()).contains("nested deeper"));
    }

    #[test]
    fn names_that_cannot_be_xml_are_not_written() {
        assert!(write(&json!({"a b": "x"}), &NODE, "Node").is_none());
        assert!(write(&json!({"xmlns": "x"}), &NODE, "Node").is_none());
        assert!(write(&json!({"ok": "x"}), &NODE, "1Node").is_some(), "the shape names the root");
        assert!(write(&json!("x"), &TEXT, "1Node").is_none());
        assert!(write(&json!({"name": "a\u{1}"}), &NODE, "Node").is_none(), "no control characters in XML");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// No bytes make the reader panic or loop; whatever it reads, the writer can write.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let mut out = Violations::default();
            let _ = read(&bytes, &NODE, &mut out);
        }

        /// Text that looks like XML: tags, entities, CDATA and declarations mixed at random.
        #[test]
        fn xml_like_text_never_panics(parts in prop::collection::vec(prop::sample::select(vec![
            "<node>", "</node>", "<name>", "</name>", "<tags>", "</tags>", "<tag/>", "<a x='1'>", "</a>",
            "&amp;", "&#x41;", "&#99999999;", "&e;", "<![CDATA[x]]>", "<!--c-->", "<?pi?>", "<!DOCTYPE a>",
            "text", " ", "\n", "<", ">", "&", "\"", "xsi:nil", "=",
        ]), 0..30)) {
            let text: String = parts.concat();
            let mut out = Violations::default();
            let _ = read(text.as_bytes(), &NODE, &mut out);
        }

        /// A value of the shape, written, reads back as itself.
        #[test]
        fn written_values_read_back(
            id in proptest::option::of("[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{fffe}\u{ffff}]{0,8}"),
            name in "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{fffe}\u{ffff}]{0,12}",
            count in any::<i64>(),
            on in any::<bool>(),
            tags in prop::collection::vec("[a-z<&>\"' ]{0,5}", 0..4),
            ports in prop::collection::vec(any::<u32>(), 0..4),
        ) {
            let mut value = json!({"name": name, "count": count, "on": on, "tags": tags, "ports": ports});
            if let Some(id) = id {
                value["id"] = json!(id);
            }
            let text = write(&value, &NODE, "Node").unwrap();
            let mut out = Violations::default();
            let back = read(text.as_bytes(), &NODE, &mut out).unwrap();
            prop_assert!(out.is_empty());
            // An unwrapped array without items reads back as absent: it has no element.
            if ports.is_empty() {
                value.as_object_mut().unwrap().remove("ports");
            }
            prop_assert_eq!(back, value, "{}", text);
        }
    }
}
