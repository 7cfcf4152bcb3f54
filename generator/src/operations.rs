//! Operations: the paths and methods of a spec, with the types of their bodies. Inline body schemas
//! get types named after the operation (`DeleteAssetRequest`, `DeleteAssetResponse200`).

use crate::diagnostics::child_pointer;
use crate::ir::Operation;
use crate::lower::Lowerer;
use crate::names::{field_name, type_name};
use crate::schema_view::SchemaRef;
use openapiv3::{Operation as SpecOperation, ReferenceOr};

/// Lowers every operation of the document, in path order then method order.
pub fn lower_operations<'d>(lowerer: &mut Lowerer<'d>) -> Vec<Operation> {
    let doc = lowerer.doc;
    let mut out = Vec::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        let path_pointer = child_pointer("/paths", path);
        for (method, op) in item.iter() {
            let pointer = child_pointer(&path_pointer, method);
            let id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
            lower_bodies(lowerer, op, &type_name(&id), &pointer);
            out.push(Operation {
                method_name: field_name(&id),
                http_method: method.to_ascii_uppercase(),
                path: path.clone(),
                doc: operation_doc(op, method, path),
                id,
            });
        }
    }
    out
}

fn operation_doc(op: &SpecOperation, method: &str, path: &str) -> String {
    let mut doc = format!("`{} {path}`", method.to_ascii_uppercase());
    for text in [&op.summary, &op.description].into_iter().flatten() {
        doc.push_str("\n\n");
        doc.push_str(text.trim());
    }
    doc
}

fn lower_bodies<'d>(lowerer: &mut Lowerer<'d>, op: &'d SpecOperation, base: &str, pointer: &str) {
    if let Some(ReferenceOr::Item(body)) = &op.request_body {
        for (media, content) in &body.content {
            if let Some(schema) = &content.schema {
                let at = child_pointer(&child_pointer(&format!("{pointer}/requestBody/content"), media), "schema");
                lowerer.lower_schema(SchemaRef::from(schema), &format!("{base}Request"), &at);
            }
        }
    }
    let responses = op
        .responses
        .default
        .iter()
        .map(|r| ("default".to_string(), r))
        .chain(op.responses.responses.iter().map(|(status, r)| (status.to_string(), r)));
    for (status, response) in responses {
        let ReferenceOr::Item(response) = response else { continue };
        for (media, content) in &response.content {
            if let Some(schema) = &content.schema {
                let at = child_pointer(
                    &child_pointer(&child_pointer(&format!("{pointer}/responses"), &status), "content"),
                    media,
                );
                let hint = format!("{base}Response_{status}");
                lowerer.lower_schema(SchemaRef::from(schema), &hint, &child_pointer(&at, "schema"));
            }
        }
    }
}
