//! Lower, the step: a checked document → the whole IR. `lower` builds the types of the component
//! and inline schemas, `operations` the operations and webhooks; then come the passes that need
//! them all (shared parameter types and enums, form shapes).

use crate::carried::Carried;
use crate::diagnostics::Diagnostics;
use crate::ir::{Api, Field, ServerIr, Shape, TypeDef};
use crate::lower::Lowerer;
use crate::names::type_name;
use crate::options::Options;
use crate::{forms, operations};
use openapiv3::OpenAPI;
use std::collections::{HashMap, HashSet};

/// Builds the IR of one document; `webhooks` is the same document with its `webhooks` as its
/// paths, when it has any. Unless [`Options::distinct_types`], a struct or string enum that repeats
/// an earlier one is an alias of it.
pub fn lower<'d>(
    doc: &'d OpenAPI,
    webhooks: Option<&'d OpenAPI>,
    carried: &'d Carried,
    module: &str,
    options: &Options,
    diags: &mut Diagnostics,
) -> Api {
    let params = operations::ParamSchemas::build(doc);
    let webhook_params = webhooks.map(operations::ParamSchemas::build);
    let mut lowerer = Lowerer::new(doc, carried, diags);
    lowerer.yaml_bodies = options.yaml_bodies;
    lowerer.xml_bodies = options.xml_bodies;
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
    if !options.distinct_types {
        share_identical_enums(&mut types);
        let param_types: HashSet<&str> =
            operations.iter().chain(&webhook_ops).flat_map(|op| &op.params).map(|g| g.type_name.as_str()).collect();
        share_identical_structs(&mut types, &param_types);
    }
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

/// Marks every string enum whose values and checks are those of an earlier one as an alias of the
/// first. Specs repeat small enums under many names (PagerDuty: 470 enums, 291 distinct value
/// lists, e.g. `asc`/`desc` ten times), and each would otherwise carry its own fourteen impls to
/// compile. The alias keeps its name and doc; its `Schema::NAME` is the first's.
fn share_identical_enums(types: &mut [TypeDef]) {
    // Keyed by the wire values, so that only enums with the same list are compared in full.
    let mut firsts: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    let mut aliases = Vec::new();
    for (slot, t) in types.iter().enumerate() {
        let (Shape::Enum(variants), None) = (&t.shape, &t.alias_of) else { continue };
        let candidates = firsts.entry(variants.iter().map(|v| v.wire.as_str()).collect()).or_default();
        match candidates.iter().find(|&&first| types[first].shape == t.shape && types[first].check == t.check) {
            Some(&first) => aliases.push((slot, first)),
            None => candidates.push(slot),
        }
    }
    for (slot, first) in aliases {
        types[slot].alias_of = Some(types[first].name.clone());
    }
}

/// Marks every struct whose fields and checks are those of an earlier one as an alias of the
/// first; only the docs may differ. Specs repeat small inline objects under many names
/// (PagerDuty: 1,881 structs, 335 repeats, such as one reference object 27 times), and each
/// would otherwise carry its own impls for rustc to check and keep (BENCHMARKS.md, section 10).
/// Parameter structs are shared by their own pass, with their parameter tables. The alias keeps
/// its name and doc; its `Schema::NAME` is the first's. Two structs that differ only in naming
/// two aliases of one type are left apart: the pass compares names, not what they stand for.
fn share_identical_structs(types: &mut [TypeDef], param_types: &HashSet<&str>) {
    // Keyed by everything compared below (each field's names, type, requiredness, nullability
    // and default, and the checks), so that only equal structs meet in a bucket: keyed by the
    // wire names alone, thousands of one-property structs were compared pairwise.
    let mut firsts: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut aliases = Vec::new();
    for (slot, t) in types.iter().enumerate() {
        let (Shape::Struct(fields), None) = (&t.shape, &t.alias_of) else { continue };
        if param_types.contains(t.name.as_str()) {
            continue;
        }
        let candidates = firsts.entry(struct_digest(fields, &t.check)).or_default();
        let same = |&&first: &&usize| match &types[first].shape {
            Shape::Struct(earlier) => same_fields(earlier, fields) && types[first].check == t.check,
            _ => false,
        };
        match candidates.iter().find(same) {
            Some(&first) => aliases.push((slot, first)),
            None => candidates.push(slot),
        }
    }
    for (slot, first) in aliases {
        types[slot].alias_of = Some(types[first].name.clone());
    }
}

/// A digest of what [`share_identical_structs`] compares, defaults and most of the checks aside
/// (compared in full within a bucket): each field's names, type and flags, and the checks' bounds. Writing all
/// of it out with `Debug` as the key cost a fifth of a lint of nexus.
fn struct_digest(fields: &[Field], check: &crate::ir::Check) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut digest = std::collections::hash_map::DefaultHasher::new();
    for f in fields {
        (&f.wire, &f.name, &f.ty, f.required, f.nullable, f.default.is_some(), f.flattened).hash(&mut digest);
    }
    operations::bounds_digest(check, &mut digest);
    digest.finish()
}

/// The same fields, docs aside: names, wire names, types, requiredness, nullability, defaults.
fn same_fields(a: &[Field], b: &[Field]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            a.name == b.name
                && a.wire == b.wire
                && a.ty == b.ty
                && a.required == b.required
                && a.nullable == b.nullable
                && a.default == b.default
                && a.flattened == b.flattened
        })
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
