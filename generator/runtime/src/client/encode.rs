//! What a call puts on the wire, written as the generated router reads it: parameters by their
//! declared kinds (`http::Params`), form bodies in the bracketed keys `form::read` takes apart, and
//! multipart bodies whose file parts and JSON parts the multipart reader tells apart.

use crate::http::FilePart;
use crate::params::{form_pairs, scalar_text};
use crate::Value;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;

/// Everything but RFC 3986's unreserved characters is escaped in a path segment, so that no value
/// can add a segment (`/`), end the path (`?`, `#`) or be read as an escape (`%`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// RFC 3986's reserved characters that `allowReserved` sends as they are: all but `&`, `=`, `+`
/// and `#`, which would end the pair, the value, or the query (and `%`, which starts an escape).
const QUERY_RESERVED_KEPT: &AsciiSet = &QUERY_FORM
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b',')
    .remove(b';');

/// What `application/x-www-form-urlencoded` escapes (space aside, written `%20` here).
const QUERY_FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// `text` escaped as a query name or value, as forms escape it (a space as `%20`).
pub(crate) fn query_atom(text: &str) -> String {
    utf8_percent_encode(text, QUERY_FORM).to_string()
}

/// [`query_atom`] for an `allowReserved` parameter: the reserved characters that cannot change
/// how the query is read travel as they are.
pub(crate) fn query_reserved(text: &str) -> String {
    utf8_percent_encode(text, QUERY_RESERVED_KEPT).to_string()
}

/// Appends `key=text`, both already escaped, to the query string `query`.
pub(crate) fn query_escaped(query: &mut String, key: &str, text: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.push_str(key);
    query.push('=');
    query.push_str(text);
}

/// `value` escaped as one path segment. `.` and `..` are escaped too: as they are, they are dot
/// segments, which a URL resolver (or a proxy) removes together with the segment before them.
pub(crate) fn segment(value: &str) -> String {
    match value {
        "." => "%2E".to_string(),
        ".." => "%2E%2E".to_string(),
        _ => utf8_percent_encode(value, SEGMENT).to_string(),
    }
}

/// Fills the `{name}` variables of `template` from `values`, each already escaped atom by atom
/// (see [`segment`]); a variable without a value is an error naming it. A fragment (`#add_link`, which tells operations apart in some specs) is not
/// part of a request path.
pub(crate) fn fill_path(template: &str, values: &[(&'static str, String)]) -> Result<String, String> {
    let template = template.split('#').next().unwrap_or("");
    let mut out = String::with_capacity(template.len() + 16);
    let mut at = 0;
    while let Some(open) = template[at..].find('{').map(|o| at + o) {
        out.push_str(&template[at..open]);
        let Some(close) = template[open..].find('}').map(|c| open + c) else {
            at = open;
            break;
        };
        let name = &template[open + 1..close];
        // A segment of several parameters: the server tells them apart by the literal text
        // between them, which a value must not carry as it is.
        let segment_start = template[..open].rfind('/').map_or(0, |s| s + 1);
        let segment_end = template[close..].find('/').map_or(template.len(), |e| close + e);
        let segment_text = &template[segment_start..segment_end];
        let between = segment_text.matches('{').nth(1).map(|_| literal_after_first(segment_text));
        match values.iter().find(|(n, _)| *n == name) {
            // A label value can be a dot segment as a whole (`.` for an empty string).
            Some((_, value)) if value == "." || value == ".." => out.push_str(&segment(value)),
            Some((_, value)) => match between {
                Some(between) => escape_chars_of(value, &between, &mut out),
                None => out.push_str(value),
            },
            None => return Err(format!("the path parameter `{name}` has no value")),
        }
        at = close + 1;
    }
    out.push_str(&template[at..]);
    Ok(out)
}

/// The literal text of a segment of several parameters after its first `{`: the text between
/// them and after the last (`-` of `{from}-{to}`, `,b=` and `)` of `f(a={a},b={b})`).
fn literal_after_first(segment: &str) -> String {
    let mut literal = String::new();
    for piece in segment.split('{').skip(1) {
        literal.push_str(piece.split_once('}').map_or("", |(_, after)| after));
    }
    literal
}

/// Writes `value`, already escaped as a segment, with each character it still carries as it is
/// that `literal` holds escaped too (an escape's own `%XX` is copied as it is), so that the
/// literal text between two parameters never occurs inside a value.
fn escape_chars_of(value: &str, literal: &str, out: &mut String) {
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            out.push(c);
            out.extend(chars.by_ref().take(2));
        } else if c.is_ascii() && literal.contains(c) {
            // Only unreserved ASCII is left unescaped by `segment`, so `c` is one byte.
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let byte = c as u8;
            out.extend(['%', char::from(HEX[usize::from(byte >> 4)]), char::from(HEX[usize::from(byte & 15)])]);
        } else {
            out.push(c);
        }
    }
}

/// A form body (`application/x-www-form-urlencoded`): objects as bracketed keys
/// (`metadata[key]=v`), arrays of scalars as repeated keys, arrays of objects indexed
/// (`items[0][price]=p`); `delimited` properties' arrays joined into one value.
pub(crate) fn form(value: &Value, delimited: &[(&str, char)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if let Value::Object(map) = value {
        for (name, value) in map {
            match (delimited.iter().find(|(n, _)| n == name), value) {
                (Some((_, delimiter)), Value::Array(items)) => {
                    let joined: Vec<String> = items.iter().filter_map(scalar_text).collect();
                    out.append_pair(name, &joined.join(&delimiter.to_string()));
                }
                _ => {
                    let mut pairs = Vec::new();
                    form_pairs(name, value, &mut pairs);
                    for (key, text) in pairs {
                        out.append_pair(&key, &text);
                    }
                }
            }
        }
    }
    out.finish()
}

/// A `multipart/form-data` body and its boundary: each field of `fields` a part (text for scalars,
/// `application/json` for objects and arrays, one part per item for arrays of scalars), the
/// properties in `file_fields` left out (the files travel as parts of their own), then each file.
pub(crate) fn multipart(fields: &Value, file_fields: &[&str], files: &[FilePart]) -> (String, Vec<u8>) {
    // Every part first, so that the boundary can be checked against exactly the bytes that travel.
    let mut parts: Vec<Part<'_>> = Vec::new();
    if let Value::Object(map) = fields {
        for (name, value) in map.iter().filter(|(name, _)| !file_fields.contains(&name.as_str())) {
            match value {
                Value::Null => {}
                Value::Array(items) if items.iter().all(|item| scalar_text(item).is_some()) => {
                    for text in items.iter().filter_map(scalar_text) {
                        parts.push((name, None, None, Cow::Owned(text.into_bytes())));
                    }
                }
                Value::Array(_) | Value::Object(_) => {
                    // A `Value` always serializes.
                    let json = serde_json::to_vec(value).unwrap_or_default();
                    parts.push((name, None, Some("application/json"), Cow::Owned(json)));
                }
                scalar => {
                    let text = scalar_text(scalar).unwrap_or_default();
                    parts.push((name, None, None, Cow::Owned(text.into_bytes())));
                }
            }
        }
    }
    for file in files {
        let media = file.media_type.as_deref().unwrap_or("application/octet-stream");
        // A part with a file name is what tells a reader that it is a file.
        let file_name = file.file_name.as_deref().unwrap_or(&file.name);
        parts.push((&file.name, Some(file_name), Some(media), Cow::Borrowed(&file.bytes[..])));
    }
    let boundary = boundary(parts.iter().map(|(.., bytes)| &bytes[..]));
    let mut out = Vec::with_capacity(parts.iter().map(|(.., bytes)| bytes.len() + 128).sum());
    for (name, file_name, media, bytes) in &parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        out.extend_from_slice(quoted(name).as_bytes());
        out.push(b'"');
        if let Some(file_name) = file_name {
            out.extend_from_slice(b"; filename=\"");
            out.extend_from_slice(quoted(file_name).as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(b"\r\n");
        if let Some(media) = media {
            out.extend_from_slice(b"Content-Type: ");
            out.extend_from_slice(media.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--");
    out.extend_from_slice(boundary.as_bytes());
    out.extend_from_slice(b"--\r\n");
    (boundary, out)
}

/// One part of a multipart body: name, file name, media type, bytes.
type Part<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Cow<'a, [u8]>);

/// A name or file name inside a quoted `Content-Disposition` parameter: quotes and line breaks
/// escaped as browsers do (WHATWG's multipart encoding), so no value can end the header.
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// A boundary that occurs in no part: random, and tried again in the unlikely case it does.
fn boundary<'a>(parts: impl Iterator<Item = &'a [u8]> + Clone) -> String {
    loop {
        let candidate = format!("forge-{:016x}{:016x}", super::retry::random(), super::retry::random());
        let inside = |bytes: &[u8]| bytes.windows(candidate.len()).any(|w| w == candidate.as_bytes());
        if !parts.clone().any(inside) {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_values_cannot_add_segments() {
        let path = fill_path("/a/{id}/b#frag", &[("id", segment("x/../y?z#%"))]).unwrap();
        assert_eq!(path, "/a/x%2F..%2Fy%3Fz%23%25/b");
        assert!(fill_path("/a/{id}", &[]).is_err());
        assert_eq!(fill_path("/a/{id}/b", &[("id", segment(".."))]).unwrap(), "/a/%2E%2E/b");
        assert_eq!(fill_path("/a/{id}/b", &[("id", "..".to_string())]).unwrap(), "/a/%2E%2E/b");
        assert_eq!(fill_path("/a/{id}.json", &[("id", ".".to_string())]).unwrap(), "/a/%2E.json");
        // In a segment of several parameters, the characters of the literal text between them are
        // escaped in values (not those of an escape).
        let values = [("from", "-1.5_~".to_string()), ("to", "b-c".to_string()), ("x", "d-e".to_string())];
        assert_eq!(fill_path("/r/{from}-{to}/{x}", &values).unwrap(), "/r/%2D1.5_~-b%2Dc/d-e");
        let values = [("a", "x%2C2".to_string()), ("b", "2b".to_string())];
        assert_eq!(fill_path("/f(a={a},b2={b})", &values).unwrap(), "/f(a=x%2C%32,b2=%32%62)");
    }

    #[test]
    fn forms_nest_in_brackets() {
        let body = json!({"a": 1, "m": {"k": "v"}, "t": ["x", "y"], "items": [{"p": "q"}], "d": [1, 2], "n": null});
        let text = form(&body, &[("d", '|')]);
        assert_eq!(text, "a=1&m%5Bk%5D=v&t=x&t=y&items%5B0%5D%5Bp%5D=q&d=1%7C2");
    }
}
