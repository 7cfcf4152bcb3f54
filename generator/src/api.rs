//! Lower, the step: a checked document → the whole IR. `lower` builds the types of the component
//! and inline schemas, `operations` the operations and webhooks; then come the passes that need
//! them all (shared parameter types, form shapes).

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, ServerIr};
use crate::lower::{Lowerer, Tuples};
use crate::names::type_name;
use crate::{forms, operations};
use openapiv3::OpenAPI;

/// Builds the IR of one document; `webhooks` is the same document with its `webhooks` as its
/// paths, when it has any.
pub fn lower<'d>(
    doc: &'d OpenAPI,
    webhooks: Option<&'d OpenAPI>,
    tuples: &'d Tuples,
    module: &str,
    diags: &mut Diagnostics,
) -> Api {
    let params = operations::ParamSchemas::build(doc);
    let webhook_params = webhooks.map(operations::ParamSchemas::build);
    let mut lowerer = Lowerer::new(doc, tuples, diags);
    lowerer.lower_components();
    let mut operations = operations::lower_operations(&mut lowerer, &params, operations::Section::Paths);
    let mut webhook_ops = match (webhooks, &webhook_params) {
        (Some(webhooks), Some(params)) => {
            lowerer.doc = webhooks;
            let ops = operations::lower_operations(&mut lowerer, params, operations::Section::Webhooks);
            lowerer.doc = doc;
            ops
        }
        _ => Vec::new(),
    };
    let service_trait = lowerer.claim_name(&format!("{}Api", type_name(module)));
    let webhook_trait = if webhook_ops.is_empty() {
        String::new()
    } else {
        lowerer.claim_name(&format!("{}Webhooks", type_name(module)))
    };
    let mut types = lowerer.take_types();
    operations::share_identical_param_types(&mut types, &mut operations);
    operations::share_identical_param_types(&mut types, &mut webhook_ops);
    let mut api = Api {
        module: module.to_string(),
        doc: module_doc(doc),
        types,
        operations,
        service_trait,
        webhooks: webhook_ops,
        webhook_trait,
        form_shapes: Vec::new(),
        servers: servers(doc),
    };
    forms::shapes(&mut api);
    api
}

/// The spec's servers, as a client is told of them.
fn servers(doc: &OpenAPI) -> Vec<ServerIr> {
    doc.servers
        .iter()
        .map(|server| ServerIr {
            url: server.url.clone(),
            doc: server.description.clone().unwrap_or_default(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| (name.clone(), variable.default.clone()))
                .collect(),
        })
        .collect()
}

/// The module's doc comment: the API's title, version and description.
fn module_doc(doc: &OpenAPI) -> String {
    let mut text = format!("{} (version {})", doc.info.title.trim(), doc.info.version.trim());
    if let Some(description) = &doc.info.description {
        text.push_str("\n\n");
        text.push_str(description.trim());
    }
    text
}
