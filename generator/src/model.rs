//! Model: the bundled, checked document read into openapiv3's 3.0 model, which the lowering reads.
//!
//! The checks cover what the generator needs to know; openapiv3 refuses more (a parameter `in:
//! body`, a response that is not an object, `servers: 5`). serde says what it refused but not
//! where (openapiv3's flattened extensions hide the path), so a refused document is read again
//! part by part, by its structure: each refusal is reported at the deepest object that is refused
//! while its typed parts are not, with serde's reason. Every refusal is reported, as the checks'
//! findings are, up to [`MAX_REFUSALS`]; a document that fits is read once.

use crate::codes::Code;
use crate::diagnostics::{push_token, Diagnostic, Diagnostics};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The most refusals reported for one document; past them, reading again costs more than it tells.
const MAX_REFUSALS: usize = 50;

/// The document in the 3.0 model; `None`, with every refusal among `diags`, when it does not fit.
pub fn read(doc: &Value, diags: &mut Diagnostics) -> Option<openapiv3::OpenAPI> {
    read_located(doc, diags, |pointer| pointer.to_string())
}

/// The document with its `webhooks` in place of its paths, so that webhooks lower as operations
/// do; `None` when it has none, `Some(None)` when they do not fit the model (the refusals are among
/// `diags`, at the webhooks' own pointers).
pub fn read_webhooks(doc: &Value, diags: &mut Diagnostics) -> Option<Option<openapiv3::OpenAPI>> {
    let webhooks = doc.get("webhooks").filter(|w| w.as_object().is_some_and(|m| !m.is_empty()))?;
    let mut view = Map::new();
    // The root `security` is the API's own; a webhook is sent by the provider, so only its own
    // `security` applies.
    for key in ["openapi", "info", "components"] {
        if let Some(value) = doc.get(key) {
            view.insert(key.into(), value.clone());
        }
    }
    // openapiv3 reads only keys that start with `/` as paths; the lowering takes the `/` off again.
    let named: Map<String, Value> = webhooks
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, _)| !name.starts_with("x-"))
        .map(|(name, item)| (format!("/{name}"), item.clone()))
        .collect();
    view.insert("paths".into(), Value::Object(named));
    // `/paths/~1name/...` in the view is `/webhooks/name/...` in the document.
    let located = |pointer: &str| match pointer.strip_prefix("/paths/~1") {
        Some(rest) => format!("/webhooks/{rest}"),
        None => pointer.to_string(),
    };
    Some(read_located(&Value::Object(view), diags, located))
}

fn read_located(doc: &Value, diags: &mut Diagnostics, locate: impl Fn(&str) -> String) -> Option<openapiv3::OpenAPI> {
    let whole = match openapiv3::OpenAPI::deserialize(doc) {
        Ok(model) => return Some(model),
        Err(err) => err,
    };
    let mut refusals = Vec::new();
    let mut pointer = String::new();
    Part::Document.refusals(doc, &mut pointer, &mut refusals);
    if refusals.is_empty() {
        // Not expected (the document is refused, so some part is); the reason stands unlocated.
        refusals.push((String::new(), whole.to_string()));
    }
    for (pointer, reason) in refusals {
        diags.push(
            Diagnostic::error(Code::InvalidStructure, locate(&pointer), format!("not valid OpenAPI here: {reason}"))
                .with_hint("the structure does not match the OpenAPI object this place holds"),
        );
    }
    None
}

/// The parts of a document, each with its type in the 3.0 model.
#[derive(Clone, Copy)]
enum Part {
    Document,
    Info,
    Server,
    Tag,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    Schema,
    SecurityScheme,
}

/// How a part holds a child: under one key, or as each value of a map or item of a list there
/// (`""`: the part itself is that map).
#[derive(Clone, Copy)]
enum Holds {
    One,
    Entries,
    Items,
}

impl Part {
    /// Why the model refuses `value` as this part, if it does.
    fn refused(self, value: &Value) -> Option<String> {
        use openapiv3::{self as o, ReferenceOr as R};
        fn fits<'v, T: Deserialize<'v>>(value: &'v Value) -> Option<String> {
            T::deserialize(value).err().map(|err| err.to_string())
        }
        match self {
            Part::Document => fits::<o::OpenAPI>(value),
            Part::Info => fits::<o::Info>(value),
            Part::Server => fits::<o::Server>(value),
            Part::Tag => fits::<o::Tag>(value),
            Part::Components => fits::<o::Components>(value),
            Part::PathItem => fits::<R<o::PathItem>>(value),
            Part::Operation => fits::<o::Operation>(value),
            Part::Parameter => fits::<R<o::Parameter>>(value),
            Part::RequestBody => fits::<R<o::RequestBody>>(value),
            Part::Response => fits::<R<o::Response>>(value),
            Part::Header => fits::<R<o::Header>>(value),
            Part::MediaType => fits::<o::MediaType>(value),
            Part::Encoding => fits::<o::Encoding>(value),
            Part::Example => fits::<R<o::Example>>(value),
            Part::Link => fits::<R<o::Link>>(value),
            Part::Callback => fits::<R<o::Callback>>(value),
            Part::Schema => fits::<R<o::Schema>>(value),
            Part::SecurityScheme => fits::<R<o::SecurityScheme>>(value),
        }
    }

    /// Where this part's typed children are.
    fn children(self) -> &'static [(&'static str, Holds, Part)] {
        use Holds::*;
        match self {
            Part::Document => &[
                ("info", One, Part::Info),
                ("servers", Items, Part::Server),
                ("paths", Entries, Part::PathItem),
                ("components", One, Part::Components),
                ("tags", Items, Part::Tag),
            ],
            Part::Components => &[
                ("schemas", Entries, Part::Schema),
                ("responses", Entries, Part::Response),
                ("parameters", Entries, Part::Parameter),
                ("examples", Entries, Part::Example),
                ("requestBodies", Entries, Part::RequestBody),
                ("headers", Entries, Part::Header),
                ("securitySchemes", Entries, Part::SecurityScheme),
                ("links", Entries, Part::Link),
                ("callbacks", Entries, Part::Callback),
            ],
            Part::PathItem => &[
                ("servers", Items, Part::Server),
                ("parameters", Items, Part::Parameter),
                ("get", One, Part::Operation),
                ("put", One, Part::Operation),
                ("post", One, Part::Operation),
                ("delete", One, Part::Operation),
                ("options", One, Part::Operation),
                ("head", One, Part::Operation),
                ("patch", One, Part::Operation),
                ("trace", One, Part::Operation),
            ],
            Part::Operation => &[
                ("servers", Items, Part::Server),
                ("parameters", Items, Part::Parameter),
                ("requestBody", One, Part::RequestBody),
                ("responses", Entries, Part::Response),
                ("callbacks", Entries, Part::Callback),
            ],
            Part::Parameter | Part::Header => &[
                ("schema", One, Part::Schema),
                ("content", Entries, Part::MediaType),
                ("examples", Entries, Part::Example),
            ],
            Part::RequestBody => &[("content", Entries, Part::MediaType)],
            Part::Response => &[
                ("headers", Entries, Part::Header),
                ("content", Entries, Part::MediaType),
                ("links", Entries, Part::Link),
            ],
            Part::MediaType => &[
                ("schema", One, Part::Schema),
                ("examples", Entries, Part::Example),
                ("encoding", Entries, Part::Encoding),
            ],
            Part::Encoding => &[("headers", Entries, Part::Header)],
            Part::Callback => &[("", Entries, Part::PathItem)],
            Part::Schema => &[
                ("properties", Entries, Part::Schema),
                ("items", One, Part::Schema),
                ("additionalProperties", One, Part::Schema),
                ("allOf", Items, Part::Schema),
                ("anyOf", Items, Part::Schema),
                ("oneOf", Items, Part::Schema),
                ("not", One, Part::Schema),
            ],
            Part::Info | Part::Server | Part::Tag | Part::Example | Part::Link | Part::SecurityScheme => &[],
        }
    }

    /// Adds to `out` each refused part of `value` (this part, at `pointer`) that has no refused
    /// child, with the model's reason. `pointer` is restored on return.
    fn refusals(self, value: &Value, pointer: &mut String, out: &mut Vec<(String, String)>) {
        let Some(reason) = self.refused(value) else { return };
        let before = out.len();
        let mut child_reasons = Vec::new();
        for &(key, holds, part) in self.children() {
            let holder = if key.is_empty() { Some(value) } else { value.get(key) };
            let Some(holder) = holder else { continue };
            let base = pointer.len();
            if !key.is_empty() {
                push_token(pointer, key);
            }
            // `additionalProperties: true` is the one boolean the model takes where a schema goes.
            let typed = |child: &Value| !(matches!(part, Part::Schema) && child.is_boolean());
            // Each child with the token that extends the holder's pointer to it (none for `One`).
            let children: Vec<(Option<String>, &Value)> = match (holds, holder) {
                (Holds::One, child) => vec![(None, child)],
                (Holds::Entries, Value::Object(map)) => {
                    map.iter().filter(|(name, _)| !name.starts_with("x-")).map(|(n, c)| (Some(n.clone()), c)).collect()
                }
                (Holds::Items, Value::Array(items)) => {
                    items.iter().enumerate().map(|(i, c)| (Some(i.to_string()), c)).collect()
                }
                _ => Vec::new(),
            };
            for (token, child) in children.into_iter().filter(|(_, child)| typed(child)) {
                let at = pointer.len();
                if let Some(token) = token {
                    push_token(pointer, &token);
                }
                part.descend(child, pointer, out, &mut child_reasons);
                pointer.truncate(at);
            }
            pointer.truncate(base);
            if out.len() >= MAX_REFUSALS {
                return;
            }
        }
        // serde stops at the first refused field, so this part's own reason is a child's when a
        // child was refused for it; otherwise the fault is this part's own.
        if out.len() == before || !child_reasons.contains(&reason) {
            let mut place = pointer.clone();
            if let Some(key) = self.refused_member(value, &reason) {
                push_token(&mut place, &key);
            }
            out.push((place, reason));
        }
    }

    /// The member of `value` that `reason` is about: the first without which the part is taken or
    /// refused for another reason (a required member of the wrong type is then missing). serde
    /// reports the first fault it meets, so the reason changes exactly when its member is gone.
    fn refused_member(self, value: &Value, reason: &str) -> Option<String> {
        let map = value.as_object()?;
        map.keys()
            .find(|key| {
                let mut without = map.clone();
                without.shift_remove(key.as_str());
                self.refused(&Value::Object(without)).is_none_or(|other| other != reason)
            })
            .cloned()
    }

    fn descend(self, child: &Value, pointer: &mut String, out: &mut Vec<(String, String)>, reasons: &mut Vec<String>) {
        if out.len() >= MAX_REFUSALS {
            return;
        }
        let before = out.len();
        self.refusals(child, pointer, out);
        reasons.extend(out[before..].iter().map(|(_, reason)| reason.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusals(doc: Value) -> Vec<String> {
        let mut diags = Diagnostics::default();
        assert!(read(&doc, &mut diags).is_none());
        diags.0.iter().map(|d| format!("{} {}", d.pointer, d.message)).collect()
    }

    #[test]
    fn every_refusal_is_located_and_reported_once() {
        let found = refusals(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {
                    "parameters": [{"name": "a", "in": "body", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}}
                }},
                "/b": {"get": {"servers": 5, "responses": {"200": {"description": "ok"}}}},
                "/c": {"post": {"responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {"type": "object", "properties": {"n": {"type": 7}}}}
                }}}}}
            }
        }));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("/paths/~1a/get/parameters/0/in "), "{found:#?}");
        assert!(found[0].contains("unknown variant `body`"), "{found:#?}");
        assert!(found[1].starts_with("/paths/~1b/get/servers "), "{found:#?}");
        assert!(found[1].contains("invalid type: integer `5`"), "{found:#?}");
        assert!(
            found[2].starts_with("/paths/~1c/post/responses/200/content/application~1json/schema/properties/n/type "),
            "{found:#?}"
        );
    }

    #[test]
    fn a_refused_root_member_is_the_place() {
        let found = refusals(serde_json::json!({"openapi": "3.0.3", "info": 5, "paths": {}}));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].starts_with("/info "), "{found:#?}");
        assert!(found[0].contains("invalid type: integer `5`"), "{found:#?}");
    }

    #[test]
    fn refusals_are_bounded() {
        let paths: Map<String, Value> = (0..200)
            .map(|i| (format!("/p{i}"), serde_json::json!({"get": {"parameters": [{"name": "a", "in": "body"}]}})))
            .collect();
        let found =
            refusals(serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}));
        assert_eq!(found.len(), MAX_REFUSALS, "{found:#?}");
    }

    #[test]
    fn a_webhook_refusal_names_the_webhook() {
        let mut diags = Diagnostics::default();
        let doc = serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "webhooks": {"ping": {"post": {"parameters": [{"name": "a", "in": "body"}], "responses": {}}}}
        });
        assert!(matches!(read_webhooks(&doc, &mut diags), Some(None)));
        assert_eq!(diags.0[0].pointer, "/webhooks/ping/post/parameters/0/in", "{:?}", diags.0);
    }
}
