//! Schema identifiers: JSON Schema 2020-12's `$id`, `$anchor` and `$dynamicAnchor`, which a 3.1
//! document's `$ref`s may name instead of a JSON pointer.
//!
//! A `$ref` is a URI reference resolved against the base URI in effect where it is written: the
//! nearest enclosing `$id` (itself resolved against the one above it), else the file's own URI.
//! [`Identifiers`] indexes one file: each `$id` (absolute, without fragment) and each anchor (its
//! resource's URI and name), with the JSON pointer of the schema that declares it. [`crate::resolve`]
//! consults it only for 3.1 documents and only when a file declares any, so every other reference
//! resolves exactly as before. A `$dynamicRef` that can only ever land on one schema (its anchor
//! declared once) is that `$ref`.
//!
//! Values are never read as schemas: the walk skips `example`, `examples`, `default`, `const`,
//! `enum` and extensions, and a property named `$id` has an object, not a string, as its value.

use crate::diagnostics::push_token;
use fluent_uri::{Uri, UriRef};
use serde_json::Value;

/// Keys whose values are data, not schemas or structure.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "const", "enum"];

/// The identifiers one file declares.
#[derive(Debug, Default)]
pub struct Identifiers {
    /// The file's own URI, the base of references outside every `$id`.
    pub uri: String,
    /// `(absolute URI without fragment, pointer)` of each `$id`.
    ids: Vec<(String, String)>,
    /// `(URI of the enclosing resource, name, pointer)` of each `$anchor` and `$dynamicAnchor`.
    anchors: Vec<(String, String, String)>,
    /// The name of each `$dynamicAnchor`.
    dynamic: Vec<String>,
}

impl Identifiers {
    /// The identifiers of `tree`, the file at `path` whose text is `text`. A text that names no
    /// identifier keyword is not walked.
    pub fn of(tree: &Value, text: &str, path: &std::path::Path) -> Identifiers {
        let mut found = Identifiers { uri: file_uri(path), ..Identifiers::default() };
        if ["$id", "$anchor", "$dynamicAnchor"].iter().any(|keyword| text.contains(keyword)) {
            let mut pointer = String::new();
            let base = found.uri.clone();
            found.walk(tree, &base, &mut pointer);
        }
        found
    }

    /// Whether the file declares nothing, so that its references resolve as plain pointers.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty() && self.anchors.is_empty()
    }

    fn walk(&mut self, node: &Value, base: &str, pointer: &mut String) {
        match node {
            Value::Object(map) => {
                let own = own_base(map, base);
                let base = own.as_deref().unwrap_or(base);
                if own.is_some() {
                    self.ids.push((base.to_string(), pointer.clone()));
                }
                for key in ["$anchor", "$dynamicAnchor"] {
                    if let Some(name) = map.get(key).and_then(Value::as_str) {
                        self.anchors.push((base.to_string(), name.to_string(), pointer.clone()));
                        if key == "$dynamicAnchor" {
                            self.dynamic.push(name.to_string());
                        }
                    }
                }
                for (key, child) in map {
                    if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                        continue;
                    }
                    let at = pointer.len();
                    push_token(pointer, key);
                    self.walk(child, base, pointer);
                    pointer.truncate(at);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let at = pointer.len();
                    push_token(pointer, &index.to_string());
                    self.walk(child, base, pointer);
                    pointer.truncate(at);
                }
            }
            _ => {}
        }
    }

    /// The names of the anchors declared.
    pub fn anchor_names(&self) -> impl Iterator<Item = &str> {
        self.anchors.iter().map(|(_, name, _)| name.as_str())
    }

    /// How many schemas declare `$dynamicAnchor: name`.
    pub fn dynamic_anchors(&self, name: &str) -> usize {
        self.dynamic.iter().filter(|n| *n == name).count()
    }

    /// The pointer of the schema whose `$id` is `uri` (absolute, without fragment).
    pub fn resource(&self, uri: &str) -> Option<&str> {
        self.ids.iter().find(|(id, _)| id == uri).map(|(_, pointer)| pointer.as_str())
    }

    /// The pointer of the schema that declares the anchor `name` in the resource `uri`.
    pub fn anchor(&self, uri: &str, name: &str) -> Option<&str> {
        self.anchors.iter().find(|(base, n, _)| base == uri && n == name).map(|(_, _, pointer)| pointer.as_str())
    }
}

/// The base URI a schema object sets with its `$id` (resolved against `base`), if it has one.
/// A `$id` that is only a fragment (draft-04's anchor idiom) sets none.
fn own_base(map: &serde_json::Map<String, Value>, base: &str) -> Option<String> {
    let id = map.get("$id")?.as_str()?;
    if id.starts_with('#') {
        return None;
    }
    resolve(id, base).map(|uri| without_fragment(&uri).to_string())
}

/// The base URI in effect at `pointer` in `tree` (whose URI is `file_uri`): the `$id`s of the
/// nodes the pointer passes through, the node itself included, each resolved against the last.
pub fn base_at(tree: &Value, file_uri: &str, pointer: &str) -> String {
    let mut base = file_uri.to_string();
    let mut node = tree;
    let tokens = pointer.split('/').skip(1).map(crate::diagnostics::unescape_token);
    for token in std::iter::once(None).chain(tokens.map(Some)) {
        if let Some(token) = token {
            let child = match node {
                Value::Object(map) => map.get(&*token),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match child {
                Some(child) => node = child,
                None => break,
            }
        }
        if let Some(own) = node.as_object().and_then(|map| own_base(map, &base)) {
            base = own;
        }
    }
    base
}

/// `reference` resolved against the absolute URI `base` (RFC 3986, section 5.2).
pub fn resolve(reference: &str, base: &str) -> Option<String> {
    let base = Uri::parse(base).ok()?;
    let reference = UriRef::parse(reference).ok()?;
    reference.resolve_against(&base).ok().map(|uri| uri.as_str().to_string())
}

/// `uri` without its fragment.
pub fn without_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(uri, _)| uri)
}

/// The URI of a file at `path` (already a URL for a remote document).
pub fn file_uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    if text.contains("://") {
        return text.into_owned();
    }
    const PATH: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'/').remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    let encoded = percent_encoding::utf8_percent_encode(text.trim_start_matches('/'), PATH);
    format!("file:///{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_and_anchors_are_indexed_with_their_resource() {
        let tree = json!({
            "components": {"schemas": {
                "Pet": {"$id": "https://example.com/schemas/pet", "properties": {
                    "$id": {"type": "string"},
                    "tag": {"$anchor": "tag", "type": "string"}
                }},
                "Owner": {"$id": "owner", "examples": [{"$id": "not-an-id"}]}
            }},
            "x-data": {"$id": "https://example.com/nothing"}
        });
        let ids = Identifiers::of(&tree, "$id", std::path::Path::new("spec/api.yaml"));
        assert_eq!(ids.uri, "file:///spec/api.yaml");
        assert_eq!(ids.resource("https://example.com/schemas/pet"), Some("/components/schemas/Pet"));
        assert_eq!(ids.resource("file:///spec/owner"), Some("/components/schemas/Owner"));
        assert_eq!(ids.resource("https://example.com/nothing"), None);
        assert_eq!(
            ids.anchor("https://example.com/schemas/pet", "tag"),
            Some("/components/schemas/Pet/properties/tag")
        );
        assert_eq!(ids.ids.len(), 2, "{ids:?}");
        let base = base_at(&tree, "file:///spec/api.yaml", "/components/schemas/Pet/properties/tag");
        assert_eq!(base, "https://example.com/schemas/pet");
        assert_eq!(resolve("owner#/x", &base).as_deref(), Some("https://example.com/schemas/owner#/x"));
    }

    #[test]
    fn file_uris_are_valid_uris() {
        let uri = file_uri(std::path::Path::new("spec dir/api v1.yaml"));
        assert_eq!(uri, "file:///spec%20dir/api%20v1.yaml");
        assert!(resolve("#/a", &uri).is_some());
    }
}
