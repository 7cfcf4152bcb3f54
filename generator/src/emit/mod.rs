//! Emit: IR → `TokenStream`, with `quote!` only. One small function per item; `format` turns the
//! tokens into text.

mod applied;
mod bodies;
mod client;
mod credentials;
mod dispatch;
mod fast;
mod models;
mod responses;
mod routes;
mod scalar_checks;
mod serde_impls;
mod tokens;
mod unevaluated;
mod validate;

use crate::ir::{Api, TypeDef};
use crate::typed_plan::TypedPlan;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use tokens::{doc_attrs, ident};

/// The items of `api`'s module, in output order.
#[derive(Clone, Copy, Debug)]
enum Part<'a> {
    /// A model and its `rt::Schema` impl.
    Type(&'a TypeDef),
    /// `validate_component`, and `parse_component` when asked for.
    Dispatchers,
    /// An item of the HTTP layer.
    Route(routes::RoutePart<'a>),
    /// The typed client's struct and own functions.
    Client,
    /// A block of the typed client's operation methods: the operations in this range.
    ClientMethods(usize, usize),
}

/// A generated module ready to be emitted item by item: what the items share (compiled pattern
/// names, rejection plans; the typed plan comes planned) is computed once here, as plain data, so
/// that the formatting threads can each emit and print a share of the items.
pub struct Emitter<'a> {
    api: &'a Api,
    statics: validate::Statics,
    typed_plan: &'a TypedPlan,
    routes: routes::Routes<'a>,
    parts: Vec<Part<'a>>,
    component_parsers: bool,
    server: bool,
    /// The client method of each operation (empty without the client).
    client_names: Vec<String>,
    /// The parameter groups by struct name, whose `Params` impl follows the struct (only when the
    /// HTTP layer is emitted).
    params: std::collections::HashMap<&'a str, &'a crate::ir::ParamGroup>,
}

impl<'a> Emitter<'a> {
    pub fn new(api: &'a Api, typed_plan: &'a TypedPlan, options: &crate::options::Options) -> Self {
        let routes = routes::Routes::new(api, options.server, options.client, options.default_stubs);
        let parts = api
            .types
            .iter()
            .map(Part::Type)
            .chain([Part::Dispatchers])
            .chain(routes.parts().iter().copied().map(Part::Route))
            .chain(client_parts(api, options.client))
            .collect();
        let client_names = if options.client { client::method_names(api) } else { Vec::new() };
        let statics = validate::Statics::collect(api);
        let http = options.server || options.client;
        let params = api
            .operations
            .iter()
            .chain(&api.webhooks)
            .flat_map(|op| &op.params)
            .filter(|group| http && !group.shared)
            .map(|group| (group.type_name.as_str(), group))
            .collect();
        Emitter {
            api,
            statics,
            typed_plan,
            routes,
            parts,
            component_parsers: options.component_parsers,
            server: options.server,
            client_names,
            params,
        }
    }
}

/// True when an operation or webhook has an XML body (a request's, read by its handler and
/// written by the client, or a response's, written by the router and read by the client).
fn has_xml_body(api: &Api) -> bool {
    api.operations.iter().chain(&api.webhooks).any(|op| op.xml_shapes().next().is_some())
}

/// True when an operation or webhook reads a YAML request body.
fn reads_yaml(api: &Api) -> bool {
    let mut media = api.operations.iter().chain(&api.webhooks).filter_map(|op| op.body.as_ref()).flat_map(|b| &b.media);
    media.any(|m| matches!(m.reader, crate::ir::BodyReader::Yaml(_)))
}

/// True when an operation or webhook declares a YAML response, which the client reads.
fn has_yaml_response(api: &Api) -> bool {
    let mut media = api.operations.iter().chain(&api.webhooks).flat_map(|op| op.response_media());
    media.any(|body| matches!(body, crate::ir::ResponseBody::Yaml { .. }))
}

impl crate::format::ModuleSource for Emitter<'_> {
    fn name(&self) -> Ident {
        ident(&self.api.module)
    }

    fn head(&self) -> (TokenStream, TokenStream) {
        let api = self.api;
        let statics = self.statics.emit();
        let into_response = self.routes.has_handlers().then(|| {
            quote!(
                use rt::axum::response::IntoResponse as _;
            )
        });
        // Handlers that read YAML need the runtime's `yaml` feature; without it, this says so;
        // and a client that reads YAML responses.
        let yaml = ((self.routes.has_handlers() && reads_yaml(api))
            || (!self.client_names.is_empty() && has_yaml_response(api)))
        .then(|| quote!(rt::require_yaml!();));
        // Handlers and a client that read or write XML need the runtime's `xml` feature.
        let xml = ((self.routes.has_handlers() || !self.client_names.is_empty()) && has_xml_body(api))
            .then(|| quote!(rt::require_xml!();));
        // Doc comments carry the spec's prose as written; its list formatting is the spec author's,
        // not something generated code can fix. Variant names are the spec's values, and an enum's
        // variants hold what the spec's schemas hold, whatever their sizes. Method names are the
        // spec's operationIds, which may read like a conversion (`new`, `into_pdf`, `to_json`).
        // Field types nest as deep as the spec's inline schemas do (a map of lists of lists of maps).
        // The module is named after the spec's file, which may be `webhooks.yaml`: then the
        // webhooks' receiver module inside it has its name.
        let inception = (api.module == "webhooks" && self.routes.has_webhooks()).then(|| {
            quote!(
                #![allow(clippy::module_inception)]
            )
        });
        let prelude = quote! {
            #![allow(
                clippy::doc_lazy_continuation,
                clippy::doc_overindented_list_items,
                clippy::enum_variant_names,
                clippy::large_enum_variant,
                clippy::type_complexity,
                clippy::wrong_self_convention
            )]
            #inception
            use ::openapi_forge_runtime::codegen as rt;
            #yaml
            #xml
            #into_response
            #statics
        };
        (doc_attrs(&api.doc), prelude)
    }

    fn len(&self) -> usize {
        self.parts.len()
    }

    fn weight(&self, index: usize) -> usize {
        self.parts.get(index).map_or(1, |part| part_weight(part, self.api))
    }

    fn item(&self, index: usize) -> TokenStream {
        let Some(part) = self.parts.get(index) else { return TokenStream::new() };
        match *part {
            Part::Type(t) => match &t.alias_of {
                // The alias is its target's type, whose checks and fast path serve both.
                Some(target) => models::emit_alias(t, target),
                None => {
                    let model = models::emit_type(t);
                    let members = [fast::emit_fast(t, self.typed_plan, &self.statics), models::schema_members(t)];
                    let schema = validate::emit_schema_impl(t, &self.statics, quote!(#(#members)*));
                    // A parameter struct's wire table stands beside it.
                    let params = self.params.get(t.name.as_str()).map(|group| self.routes.params_impl(group));
                    quote! { #model #schema #params }
                }
            },
            Part::Dispatchers => validate::emit_component_dispatcher(self.api, self.component_parsers),
            Part::Route(part) => routes::emit_part(self.api, &self.routes, part),
            Part::Client => client::emit_client(self.api, self.server),
            Part::ClientMethods(start, end) => {
                client::emit_methods(self.api, &self.client_names, start..end, self.routes.shapes())
            }
        }
    }
}

/// About how many tokens a part emits, from its kind and size: fitted to the items of nexus,
/// GitHub and PagerDuty (a struct about 380 tokens and 90 per field, an operation's handler,
/// types and client method about 200 each). Only the formatting's division of work uses it.
fn part_weight(part: &Part<'_>, api: &Api) -> usize {
    use routes::RoutePart;
    let operations = api.operations.len();
    match *part {
        Part::Type(t) if t.alias_of.is_some() => 20,
        Part::Type(t) => match &t.shape {
            crate::ir::Shape::Struct(fields) => 380 + 90 * fields.len(),
            crate::ir::Shape::Enum(variants) => 370 + 30 * variants.len(),
            crate::ir::Shape::Union(variants) => 150 + 30 * variants.len(),
            crate::ir::Shape::Newtype(_) => 170,
        },
        Part::Dispatchers => 4 * api.types.len(),
        Part::Route(RoutePart::Handler(_) | RoutePart::Types(_)) => 200,
        Part::Route(RoutePart::Service) => 80 * operations,
        Part::Route(RoutePart::Router) => 30 * operations,
        Part::Route(RoutePart::Webhooks) => 500 * api.webhooks.len(),
        Part::Route(RoutePart::Credential(_) | RoutePart::FormShapes) => 500,
        Part::Client => 300,
        Part::ClientMethods(start, end) => 250 * (end - start),
    }
}

/// The client's parts: its struct, then its methods in blocks of [`client::METHODS_PER_BLOCK`].
fn client_parts(api: &Api, client: bool) -> Vec<Part<'static>> {
    let count = if client { api.operations.len() } else { 0 };
    let blocks = (0..count)
        .step_by(client::METHODS_PER_BLOCK)
        .map(|start| Part::ClientMethods(start, (start + client::METHODS_PER_BLOCK).min(count)));
    (count > 0).then_some(Part::Client).into_iter().chain(blocks).collect()
}

/// The text of an include file: one `include!` per generated module, and with `registry` the
/// `MODULES` table of them all.
pub fn include_file(modules: &[&str], registry: bool) -> TokenStream {
    let includes = modules.iter().map(|module| {
        let path = format!("/{module}.rs");
        quote!(include!(concat!(env!("OUT_DIR"), #path));)
    });
    let registry = registry.then(|| {
        let entries = modules.iter().map(|module| {
            let name = ident(module);
            quote! {
                ::openapi_forge_runtime::GeneratedModule { name: #module, validate_component: #name::validate_component }
            }
        });
        quote! {
            /// Every module generated from a spec, in name order, with its component validator.
            pub const MODULES: &[::openapi_forge_runtime::GeneratedModule] = &[#(#entries),*];
        }
    });
    quote!(#(#includes)* #registry)
}
