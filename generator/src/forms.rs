//! The shapes of form, multipart and XML bodies and of parameters: for each place of a body or
//! parameter, which JSON types its schema allows (and, for XML, how its XML Object names it), so
//! that the runtime reads text as the JSON the validator expects, and the client writes XML. A
//! pass over the lowered types; a shape only guides the reading, the validator still decides
//! validity.

use crate::ir::{Additional, Api, BodyReader, Check, FormShape, FormShapeRef, JsonType, ResponseBody, Style, Ty};
use std::collections::{HashMap, HashSet, VecDeque};

/// Fills in the shape of every form body and parameter, and the table of named shapes they reach.
pub fn shapes(api: &mut Api) {
    let Api { types, operations, webhooks, form_shapes, .. } = api;
    let checks: HashMap<&str, &Check> = types.iter().map(|t| (t.name.as_str(), &t.check)).collect();
    let mut builder = Builder {
        checks: &checks,
        queued: HashSet::new(),
        queue: VecDeque::new(),
        merged: HashMap::new(),
        merging: HashSet::new(),
    };
    let mut roots = Vec::new();
    let mut param_shapes = Vec::new();
    for op in operations.iter_mut().chain(webhooks.iter_mut()) {
        // Every parameter struct with an impl of its own, served or not: the client writes them.
        for group in op.params.iter_mut().filter(|group| !group.shared) {
            let check = checks.get(group.type_name.as_str()).copied();
            for param in &mut group.params {
                let property = check.and_then(|c| c.properties.iter().find(|(n, _)| *n == param.name));
                param.shape = match property {
                    // A JSON text is read whole.
                    Some(_) if param.style == Style::Json => FormShapeRef::Inline(FormShape::default()),
                    Some((_, property)) => builder.place(property),
                    None => FormShapeRef::Inline(FormShape::default()),
                };
                if let FormShapeRef::Inline(shape) = &param.shape {
                    if !shape.is_scalar() {
                        // Named (`Type.param`), so that it is a static the `DECLARED` constant
                        // can refer to.
                        let name = format!("{}.{}", group.type_name, param.name);
                        param_shapes.push((name.clone(), shape.clone()));
                        param.shape = FormShapeRef::Named(name);
                    }
                }
                roots.push(param.shape.clone());
            }
        }
        // XML responses: the router writes them, the client reads them.
        for response in op.responses.iter_mut().filter_map(|r| r.body.as_mut()) {
            for body in response.each_media_mut() {
                if let ResponseBody::Xml { ty, shape, .. } = body {
                    *shape = match ty {
                        Ty::Named(name) => builder.named(name),
                        _ => FormShapeRef::Inline(FormShape::default()),
                    };
                    roots.push(shape.clone());
                }
            }
        }
        // Only served operations have handlers that read their forms; the client writes XML.
        let served = op.route.is_some();
        let Some(body) = &mut op.body else { continue };
        for media in &mut body.media {
            let shaped = match &mut media.reader {
                BodyReader::Form { ty, shape, .. } | BodyReader::Multipart { ty, shape, .. } if served => {
                    Some((ty, shape))
                }
                BodyReader::Xml { ty, shape, .. } => Some((ty, shape)),
                _ => None,
            };
            if let Some((ty, shape)) = shaped {
                *shape = match ty {
                    Ty::Named(name) => builder.named(name),
                    _ => FormShapeRef::Inline(FormShape::default()),
                };
                roots.push(shape.clone());
            }
        }
    }
    let mut table = param_shapes;
    while let Some(name) = builder.queue.pop_front() {
        let shape = match checks.get(name.as_str()) {
            Some(check) => builder.build(check),
            None => FormShape::default(),
        };
        table.push((name, shape));
    }
    // Merging keeps the first description of a place, so a shape built for a later one may be
    // reached from nowhere: only the shapes the bodies reach are kept.
    let by_name: HashMap<&str, &FormShape> = table.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let mut reached = HashSet::new();
    let mut pending: Vec<&FormShapeRef> = roots.iter().collect();
    while let Some(shape) = pending.pop() {
        match shape {
            FormShapeRef::Named(name) => {
                if reached.insert(name.clone()) {
                    if let Some(shape) = by_name.get(name.as_str()) {
                        children(shape, &mut pending);
                    }
                }
            }
            FormShapeRef::Inline(shape) => children(shape, &mut pending),
        }
    }
    table.retain(|(name, _)| reached.contains(name));
    *form_shapes = table;
}

fn children<'s>(shape: &'s FormShape, out: &mut Vec<&'s FormShapeRef>) {
    out.extend(shape.items.as_deref());
    out.extend(shape.properties.iter().map(|(_, s)| s));
    out.extend(shape.additional.as_deref());
}

struct Builder<'a> {
    checks: &'a HashMap<&'a str, &'a Check>,
    queued: HashSet<String>,
    queue: VecDeque<String>,
    /// The shapes of types merged into others (`allOf: [$ref]`), built once each.
    merged: HashMap<String, FormShape>,
    /// The types being merged, so that a reference cycle through `allOf` ends.
    merging: HashSet<String>,
}

impl Builder<'_> {
    /// The named shape of a generated type, queued to be built.
    fn named(&mut self, name: &str) -> FormShapeRef {
        if self.queued.insert(name.to_string()) {
            self.queue.push_back(name.to_string());
        }
        FormShapeRef::Named(name.to_string())
    }

    /// The shape at a place: the referenced type's own when the place only refers to one (so that
    /// recursive types stay finite), else a shape of its own.
    fn place(&mut self, check: &Check) -> FormShapeRef {
        match &check.reference {
            Some(name) if only_refers(check) => self.named(name),
            _ => FormShapeRef::Inline(self.build(check)),
        }
    }

    /// The shape of a type merged into another.
    fn merged(&mut self, name: &str) -> FormShape {
        if let Some(shape) = self.merged.get(name) {
            return shape.clone();
        }
        let checks = self.checks;
        let Some(check) = checks.get(name).copied() else { return FormShape::default() };
        if !self.merging.insert(name.to_string()) {
            return FormShape::default();
        }
        let shape = self.build(check);
        self.merging.remove(name);
        self.merged.insert(name.to_string(), shape.clone());
        shape
    }

    fn build(&mut self, check: &Check) -> FormShape {
        let mut shape = FormShape { xml: check.xml.clone(), ..FormShape::default() };
        shape.kinds.extend(check.ty);
        if let Some(items) = &check.items {
            shape.items = Some(Box::new(self.place(items)));
        }
        for (name, property) in &check.properties {
            let property = self.place(property);
            shape.properties.push((name.clone(), property));
        }
        if let Additional::Schema(additional) = &check.additional {
            shape.additional = Some(Box::new(self.place(additional)));
        }
        if let Some(name) = &check.reference {
            let referenced = self.merged(name);
            merge(&mut shape, referenced);
        }
        for branch in check.all_of.iter().chain(&check.any_of).chain(&check.one_of) {
            let branch = self.build(branch);
            merge(&mut shape, branch);
        }
        if !check.prefix_items.is_empty() && !shape.kinds.contains(&JsonType::Array) {
            shape.kinds.push(JsonType::Array);
        }
        if shape.kinds.is_empty() && !shape.properties.is_empty() {
            shape.kinds.push(JsonType::Object);
        }
        if shape.kinds.is_empty() && shape.items.is_some() {
            shape.kinds.push(JsonType::Array);
        }
        shape
    }
}

/// True when the check does nothing but refer to a type (and perhaps allow `null`).
fn only_refers(check: &Check) -> bool {
    let bare = Check { reference: check.reference.clone(), nullable: check.nullable, ..Check::default() };
    *check == bare
}

/// Adds what `other` allows to `shape`; where both describe the same place, the first one's
/// description is kept.
fn merge(shape: &mut FormShape, other: FormShape) {
    for kind in other.kinds {
        if !shape.kinds.contains(&kind) {
            shape.kinds.push(kind);
        }
    }
    if shape.items.is_none() {
        shape.items = other.items;
    }
    for (name, property) in other.properties {
        if !shape.properties.iter().any(|(n, _)| *n == name) {
            shape.properties.push((name, property));
        }
    }
    if shape.additional.is_none() {
        shape.additional = other.additional;
    }
    if shape.xml.is_none() {
        shape.xml = other.xml;
    }
}
