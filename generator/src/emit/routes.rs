//! Routes: the service trait, each operation's typed input (its output is `responses`'), the axum
//! handlers that parse and validate a request before the service sees it, and the router.

use super::bodies::{self, ShapeNames};
use super::credentials::emit_credential;
use super::dispatch;
use super::responses;
use super::tokens::{doc_attrs, ident, shape_tokens};
use crate::ir::{Api, Operation, ParamGroup, ParamLocation, Rejections, Security, Style};
use crate::names::location_field;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::HashMap;

/// The items of `api`'s HTTP layer, in output order; each is emitted on its own by [`emit_part`],
/// on whichever thread formats it.
#[derive(Clone, Copy, Debug)]
pub enum RoutePart<'a> {
    /// A credential enum and how it is read from a request.
    Credential(&'a Security),
    /// An operation's input, parameter and output types.
    Types(&'a Operation),
    /// The service trait.
    Service,
    /// The rejection plans and the router.
    Router,
    /// The statics guiding form bodies' reading.
    FormShapes,
    /// An operation's handler.
    Handler(&'a Operation),
    /// The `webhooks` module: the receiver trait, its router and handlers.
    Webhooks,
}

/// What the route items share, computed once per API.
pub struct Routes<'a> {
    parts: Vec<RoutePart<'a>>,
    plans: Vec<RejectionSet<'a>>,
    shapes: ShapeNames,
    /// The server side is emitted (outputs answer as responses).
    server: bool,
    /// The service trait's methods answer 501 unless overridden ([`Options::default_stubs`]).
    ///
    /// [`Options::default_stubs`]: crate::Options::default_stubs
    stubs: bool,
    /// The routes with a table of their methods by the templates a path fits
    /// (`dispatch::route_methods`): each route's index in the router's order, by path.
    route_tables: HashMap<&'a str, usize>,
}

impl<'a> Routes<'a> {
    /// The parts of `api`'s HTTP layer: with `server`, the service trait, router, handlers and
    /// credentials; with `server` or `client`, the operations' types and parameter tables; with
    /// neither, none. With `stubs` (and `server`), the service trait's methods have default bodies.
    pub fn new(api: &'a Api, server: bool, client: bool, stubs: bool) -> Self {
        let credentials = credential_types(api).into_iter().map(RoutePart::Credential);
        let types = api.operations.iter().chain(&api.webhooks).map(RoutePart::Types);
        let shapes = (!api.form_shapes.is_empty()).then_some(RoutePart::FormShapes);
        let mut parts: Vec<RoutePart<'a>> = if !server && !client {
            Vec::new()
        } else if !server || served(api).next().is_none() {
            // Parameters' shapes are read by the client too.
            types.chain(shapes).collect()
        } else {
            credentials
                .chain(types)
                .chain([RoutePart::Service, RoutePart::Router])
                .chain(shapes)
                .chain(served(api).map(RoutePart::Handler))
                .collect()
        };
        if server && api.webhooks.iter().any(|op| op.route.is_some()) {
            parts.push(RoutePart::Webhooks);
        }
        let route_tables = if server { dispatch::route_tables(served(api)) } else { HashMap::new() };
        let (plans, shapes) = (distinct_plans(api), bodies::shape_names(api));
        Routes { parts, plans, shapes, server, stubs: stubs && server, route_tables }
    }

    /// True when a handler is emitted, the one place generated code calls `.into_response()` (an
    /// operation that cannot be routed has its models only).
    pub fn has_handlers(&self) -> bool {
        self.parts.iter().any(|part| matches!(part, RoutePart::Handler(_)))
    }

    /// True when the webhooks' receiver module (`webhooks`) is emitted.
    pub fn has_webhooks(&self) -> bool {
        self.parts.iter().any(|part| matches!(part, RoutePart::Webhooks))
    }

    /// `impl rt::http::Params` for a parameter group's struct, emitted beside the struct.
    pub fn params_impl(&self, group: &ParamGroup) -> TokenStream {
        emit_params_impl(group, &self.shapes)
    }

    /// The constant names of the form shapes (the client writes XML bodies by them).
    pub fn shapes(&self) -> &ShapeNames {
        &self.shapes
    }

    /// The parts, in output order; none when the API has no operations.
    pub fn parts(&self) -> &[RoutePart<'a>] {
        &self.parts
    }
}

/// The tokens of one part.
pub fn emit_part(api: &Api, routes: &Routes<'_>, part: RoutePart<'_>) -> TokenStream {
    match part {
        RoutePart::Credential(security) => emit_credential(security),
        RoutePart::Types(op) => emit_operation_types(op, routes),
        RoutePart::Service => emit_service(api, routes.stubs),
        RoutePart::Router => emit_router(api, &routes.plans),
        RoutePart::FormShapes => {
            // Without the handlers, only the client's shapes are read (parameters, XML bodies).
            let only = (!routes.server).then(|| bodies::client_shapes(api));
            bodies::emit_form_shapes(api, &routes.shapes, only.as_ref())
        }
        RoutePart::Handler(op) => emit_handler(api, op, routes),
        RoutePart::Webhooks => emit_webhooks(api, routes.stubs),
    }
}

/// The webhooks' receiver: the same trait, router and handlers as the operations', in a module
/// of its own (so that `router`, the plans and the handlers keep their names).
fn emit_webhooks(api: &Api, stubs: bool) -> TokenStream {
    let receiver = Api {
        module: api.module.clone(),
        doc: String::new(),
        types: Vec::new(),
        operations: api.webhooks.clone(),
        service_trait: api.webhook_trait.clone(),
        webhooks: Vec::new(),
        webhook_trait: String::new(),
        form_shapes: Vec::new(),
        servers: Vec::new(),
    };
    let mut routes = Routes::new(&receiver, true, false, stubs);
    routes.shapes = bodies::shape_names(api);
    let items = routes
        .parts()
        .iter()
        .filter(|p| !matches!(p, RoutePart::Types(_)))
        .map(|part| emit_part(&receiver, &routes, *part));
    let doc = doc_attrs(&format!(
        "The webhooks of this API: requests its provider sends. Implement [`{}`] and serve it with\n\
         [`router`](self::router) (each webhook at `/<name>`; nest it where the provider is told to\n\
         send); every input is validated as an operation's is.",
        api.webhook_trait
    ));
    quote! {
        #doc
        pub mod webhooks {
            #[allow(unused_imports)]
            use super::*;
            // The module above imports this only when it has routes of its own.
            #[allow(unused_imports)]
            use rt::axum::response::IntoResponse as _;
            #(#items)*
        }
    }
}

fn emit_operation_types(op: &Operation, routes: &Routes<'_>) -> TokenStream {
    let input = emit_input(op);
    let accept = responses::emit_accept(op);
    let choices = responses::emit_response_choices(op);
    // Only an operation the service trait has a method for gets a default body to answer from.
    let stub = (routes.stubs && op.route.is_some()).then_some(&op.unimplemented);
    let output = responses::emit_output(op, routes.server, stub, &routes.shapes);
    let choice = bodies::emit_choice(op);
    quote!(#input #accept #choice #choices #output)
}

fn emit_input(op: &Operation) -> TokenStream {
    let name = ident(&op.input_type);
    let doc = doc_attrs(&format!("The validated input of `{}`.", op.id));
    let params = op.params.iter().map(|group| {
        let field = ident(location_field(group.location));
        let ty = ident(&group.type_name);
        let doc = doc_attrs(&format!("The {} parameters.", group.location.name()));
        quote!(#doc pub #field: #ty,)
    });
    let body = op.body.as_ref().map(bodies::body_ty).map(|ty| {
        quote!(/// The request body.
        pub body: #ty,)
    });
    let accept = op.accept.as_ref().map(|accept| {
        let ty = ident(&accept.type_name);
        quote!(/// The response media type asked for (`Accept`).
        pub accept: #ty,)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#params)*
            #accept
            #body
        }
    }
}

/// `impl rt::http::Params`: the wire names and serialization of one location's parameters.
fn emit_params_impl(group: &ParamGroup, shapes: &bodies::ShapeNames) -> TokenStream {
    let ty = ident(&group.type_name);
    let location = match group.location {
        ParamLocation::Path => quote!(Path),
        ParamLocation::Query => quote!(Query),
        ParamLocation::Header => quote!(Header),
        ParamLocation::Cookie => quote!(Cookie),
    };
    let declared = group.params.iter().map(|param| {
        let wire = &param.name;
        // One constructor per style keeps each table row on one line.
        let constructor = match param.style {
            Style::Form => quote!(form),
            Style::Simple => quote!(simple),
            Style::Matrix => quote!(matrix),
            Style::Label => quote!(label),
            Style::SpaceDelimited => quote!(space_delimited),
            Style::PipeDelimited => quote!(pipe_delimited),
            Style::DeepObject => quote!(deep_object),
            Style::Json => quote!(json),
        };
        let shape = bodies::shape_ref_tokens(&param.shape, shapes);
        // Only what differs from the style's defaults is written.
        let explode = (param.explode != param.style.explodes_by_default()).then(|| {
            let explode = param.explode;
            quote!(.explode(#explode))
        });
        let reserved = param.allow_reserved.then(|| quote!(.allow_reserved()));
        let empty = param.allow_empty.then(|| quote!(.allow_empty()));
        quote!(rt::http::Param::#constructor(#wire, #shape) #explode #reserved #empty)
    });
    quote! {
        impl rt::http::Params for #ty {
            const LOCATION: rt::http::ParamLocation = rt::http::ParamLocation::#location;
            const DECLARED: &'static [rt::http::Param] = &[#(#declared),*];
        }
    }
}

/// The operations the router serves (the others have models only).
fn served(api: &Api) -> impl Iterator<Item = &Operation> {
    api.operations.iter().filter(|op| op.route.is_some())
}

/// The credential types of the served operations, each once, in the order the operations name
/// them.
fn credential_types(api: &Api) -> Vec<&Security> {
    distinct_securities(api, |a, b| a.type_name == b.type_name)
}

/// The served operations' securities, the first of each class of `same` ones, in operation order.
fn distinct_securities(api: &Api, same: impl Fn(&Security, &Security) -> bool) -> Vec<&Security> {
    let mut seen: Vec<&Security> = Vec::new();
    for security in served(api).filter_map(|op| op.security.as_ref()) {
        if !seen.iter().any(|s| same(s, security)) {
            seen.push(security);
        }
    }
    seen
}

fn emit_service(api: &Api, stubs: bool) -> TokenStream {
    let name = ident(&api.service_trait);
    let credentials = credential_types(api);
    let doc = doc_attrs(if credentials.is_empty() {
        "The operations of this API. Implement it and serve it with [`router`]: every input is already\n\
         validated, and every output is a status the spec documents."
    } else {
        "The operations of this API. Implement it and serve it with [`router`]. For each request the\n\
         router reads the credentials and calls the authentication method of their type before it\n\
         reads the body, then `verify_body` on the body's bytes, then checks parameters and body: an\n\
         operation method gets the principal its authentication returned and an input that is\n\
         already validated, and every output is a status the spec documents."
    });
    let auth = (!credentials.is_empty()).then(|| {
        let methods = credentials.iter().map(|security| {
            let method = ident(&security.authenticate);
            let ty = ident(&security.type_name);
            let doc = doc_attrs(&format!(
                "Decides who presents `credential` (of type [`{}`]), before the body is read: the\n\
                 principal the operation methods get, or the refusal, answered with the operation's\n\
                 unauthenticated status in the spec's error shape.",
                security.type_name
            ));
            quote! {
                #doc
                fn #method(
                    &self,
                    credential: #ty,
                    request: &rt::http::RequestHead<'_>,
                ) -> impl ::std::future::Future<Output = Result<Self::Principal, rt::http::Denied>> + Send;
            }
        });
        quote! {
            /// Who a caller is, as the authentication methods establish it (shared by reference
            /// with `verify_body`, hence `Sync`).
            type Principal: Send + Sync + 'static;

            #(#methods)*

            /// Checks what a credential binds to the body (a signature over it), after the
            /// authentication method and the body's size and media type, before the body is
            /// checked; `body` is empty for an operation without one. A multipart body has been
            /// split into parts as it arrived, but none of its problems is answered before this
            /// check. Accepts by default.
            fn verify_body(
                &self,
                principal: &Self::Principal,
                request: &rt::http::RequestHead<'_>,
                body: &[u8],
            ) -> impl ::std::future::Future<Output = Result<(), rt::http::Denied>> + Send {
                let _ = (principal, request, body);
                ::std::future::ready(Ok(()))
            }
        }
    });
    let methods = served(api).map(|op| {
        let method = ident(&op.method_name);
        let input = ident(&op.input_type);
        let output = ident(&op.output_type);
        let principal = op.security.as_ref().map(|s| {
            if s.optional {
                quote!(principal: Option<Self::Principal>,)
            } else {
                quote!(principal: Self::Principal,)
            }
        });
        if !stubs {
            let doc = doc_attrs(&op.doc);
            return quote! {
                #doc
                fn #method(&self, #principal input: #input) -> impl ::std::future::Future<Output = #output> + Send;
            };
        }
        let doc = doc_attrs(&format!("{}\n\nAnswers 501 Not Implemented unless overridden.", op.doc));
        let unimplemented = ident(&responses::unimplemented_variant(op));
        let unused = match principal {
            Some(_) => quote!(let _ = (principal, input);),
            None => quote!(let _ = input;),
        };
        quote! {
            #doc
            fn #method(&self, #principal input: #input) -> impl ::std::future::Future<Output = #output> + Send {
                #unused
                ::std::future::ready(#output::#unimplemented)
            }
        }
    });
    quote! {
        #doc
        pub trait #name: Send + Sync + 'static {
            #auth
            #(#methods)*
        }
    }
}

/// The distinct rejection plans of the operations that can refuse requests, and the constant
/// name of each (`REJECTIONS` when there is one, else `REJECTIONS_1`, `REJECTIONS_2`, ...).
fn distinct_plans(api: &Api) -> Vec<RejectionSet<'_>> {
    let mut sets: Vec<RejectionSet<'_>> = Vec::new();
    for op in served(api).filter(|op| can_refuse(op)) {
        match sets.iter_mut().find(|set| *set.rejections == op.rejections) {
            Some(set) => set.operations.push(&op.id),
            None => sets.push(RejectionSet {
                rejections: &op.rejections,
                constant: "REJECTIONS".to_string(),
                operations: vec![&op.id],
            }),
        }
    }
    if sets.len() > 1 {
        for (i, set) in sets.iter_mut().enumerate() {
            set.constant = format!("REJECTIONS_{}", i + 1);
        }
    }
    sets
}

/// A distinct rejection plan and the operations that share it. Plain data (no tokens), so that the
/// formatting threads can share it.
struct RejectionSet<'a> {
    /// How the operations answer refused requests.
    rejections: &'a Rejections,
    /// The name of the generated constant that holds it.
    constant: String,
    /// The operationIds that use it.
    operations: Vec<&'a str>,
}

impl RejectionSet<'_> {
    /// The constant's name, as a path expression.
    fn constant_path(&self) -> TokenStream {
        let name = ident(&self.constant);
        quote!(#name)
    }
}

/// The constant of `op`'s plan. [`distinct_plans`] holds a plan for every operation that can refuse,
/// so a miss is a generator bug: it fails the generated code's compilation, loudly.
fn plan_name(plans: &[RejectionSet<'_>], op: &Operation) -> TokenStream {
    match plans.iter().find(|set| *set.rejections == op.rejections) {
        Some(set) => set.constant_path(),
        None => quote!(compile_error!("openapi-forge bug: an operation has no rejection plan")),
    }
}

fn emit_plan(name: &proc_macro2::Ident, doc: &str, r: &Rejections) -> TokenStream {
    let [unauthenticated, invalid, too_large, unsupported] =
        [r.unauthenticated, r.invalid, r.too_large, r.unsupported_media_type].map(Literal::u16_unsuffixed);
    let shape = shape_tokens(&r.shape);
    let unauthenticated_shape = match &r.unauthenticated_shape {
        Some(own) => {
            let own = shape_tokens(own);
            quote!(Some(#own))
        }
        None => quote!(None),
    };
    let doc = doc_attrs(doc);
    quote! {
        #doc
        const #name: rt::http::RejectionPlan = rt::http::RejectionPlan {
            unauthenticated: #unauthenticated,
            invalid: #invalid,
            too_large: #too_large,
            unsupported_media_type: #unsupported,
            shape: #shape,
            unauthenticated_shape: #unauthenticated_shape,
        };
    }
}

fn emit_router(api: &Api, plans: &[RejectionSet<'_>]) -> TokenStream {
    let service = ident(&api.service_trait);
    let (mut dispatchers, mut tables) = (Vec::new(), Vec::new());
    let routes: Vec<TokenStream> = dispatch::operations_by_route(served(api))
        .iter()
        .enumerate()
        .map(|(index, (path, methods))| {
            let table = dispatch::route_methods(index, methods);
            let table_name = table.is_some().then(|| dispatch::route_methods_name(index));
            tables.extend(table);
            let fallback = match &table_name {
                // A path this route's templates do not all fit: 405 naming the methods whose
                // templates it fits, or 404 (axum's `Allow` would name every method of the route).
                Some(table) => quote!(|request: rt::axum::extract::Request| async move {
                    #table.refuse_request(&request, &FALLBACK_REJECTIONS)
                }),
                None => quote!(method_not_allowed),
            };
            let methods = methods.iter().enumerate().map(|(i, (method, ops))| {
                let handler = match ops.as_slice() {
                    [op] => handler_name(op),
                    _ => {
                        let name = dispatch::dispatcher_name(method, dispatchers.len());
                        let plan = plan_name(plans, ops[0]);
                        let refuse = table_name.as_ref();
                        dispatchers.push(dispatch::emit_dispatcher(&service, &name, ops, handler_name, plan, refuse));
                        name
                    }
                };
                let method = format_ident!("{}", method);
                if i == 0 {
                    quote!(rt::axum::routing::#method(#handler::<S>))
                } else {
                    quote!(.#method(#handler::<S>))
                }
            });
            // One statement per path: a method chain as long as a big API's path list overflows the
            // stack of every recursive reader of Rust (syn, prettyplease).
            quote!(let router = router.route(#path, #(#methods)*.fallback(#fallback));)
        })
        .collect();
    // Unused when every route answers its 405s from its table of methods.
    let method_not_allowed = (tables.len() < routes.len()).then(|| {
        quote! {
            async fn method_not_allowed() -> rt::axum::response::Response {
                rt::http::reject(&FALLBACK_REJECTIONS, rt::http::Rejection::MethodNotAllowed)
            }
        }
    });
    let plan_items = plans.iter().map(|set| {
        let ops = set.operations.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
        emit_plan(&ident(&set.constant), &format!("How refused requests are answered by {ops}."), set.rejections)
    });
    // Requests outside every operation are answered like the first operation's refusals.
    let first = match served(api).next() {
        Some(op) => &op.rejections,
        None => return quote!(),
    };
    let admissions = admissions(api).into_iter().map(|security| emit_admission(api, security));
    let fallback = match plans.iter().find(|set| set.rejections == first) {
        Some(set) => {
            let name = set.constant_path();
            quote! {
            /// How requests outside every operation (unknown path, method not allowed) are answered.
            const FALLBACK_REJECTIONS: rt::http::RejectionPlan = #name;
            }
        }
        None => emit_plan(
            &format_ident!("FALLBACK_REJECTIONS"),
            "How requests outside every operation (unknown path, method not allowed) are answered.",
            first,
        ),
    };
    quote! {
        #(#plan_items)*
        #fallback

        /// The axum router of this API: each documented path and method, each request parsed and
        /// validated before `service` sees it; unknown paths get 404 and undocumented methods 405,
        /// in the spec's error shape.
        pub fn router<S: #service>(service: S) -> rt::axum::Router {
            routes(service).fallback(not_found)
        }

        /// [`router`] without the 404 fallback, to merge with other routers (axum allows one
        /// fallback per router).
        pub fn routes<S: #service>(service: S) -> rt::axum::Router {
            let router = rt::axum::Router::new();
            #(#routes)*
            router.with_state(::std::sync::Arc::new(service))
        }

        async fn not_found() -> rt::axum::response::Response {
            rt::http::reject(&FALLBACK_REJECTIONS, rt::http::Rejection::NotFound)
        }

        #method_not_allowed

        #(#tables)*

        #(#dispatchers)*

        #(#admissions)*
    }
}

/// True when the handler can refuse a request: it checks credentials, parameters or a body.
fn can_refuse(op: &Operation) -> bool {
    op.security.is_some() || !op.params.is_empty() || op.body.is_some() || op.accept.is_some()
}

fn handler_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("handle_{}", op.method_name.trim_start_matches("r#"))
}

/// The name of the function that admits a request whose credentials are `security`'s (see
/// [`emit_admission`]): named after its authentication method, which is unique among the service
/// trait's methods (the credential type's name in snake case need not be: `APIKey`, `ApiKey`).
fn admission_name(security: &Security) -> proc_macro2::Ident {
    let optional = if security.optional { "optionally_" } else { "" };
    format_ident!("admit_{}via_{}", optional, security.authenticate)
}

/// The credential types of the served operations, with whether each may be absent: one admission
/// function each.
fn admissions(api: &Api) -> Vec<&Security> {
    distinct_securities(api, |a, b| a.type_name == b.type_name && a.optional == b.optional)
}

/// The function that admits a request whose credentials are `security`'s: the runtime's steps
/// around the service's authentication and body check, in the order of the router contract
/// (credentials, then negotiation and the body's bytes, then `verify_body`). Generic over the
/// service, written once per credential type rather than in every handler.
fn emit_admission(api: &Api, security: &Security) -> TokenStream {
    let service = ident(&api.service_trait);
    let name = admission_name(security);
    let ty = ident(&security.type_name);
    let method = ident(&security.authenticate);
    let deny = quote!(return Err(request.deny(denied)));
    let (principal_ty, authentication, verify) = if security.optional {
        (
            quote!(Option<S::Principal>),
            quote! {
                let Some(credential) = request.optional_credentials::<#ty>() else {
                    return Err(request.refuse());
                };
                let principal = match credential {
                    Some(credential) => match S::#method(service, credential, &request.head()).await {
                        Ok(principal) => Some(principal),
                        Err(denied) => #deny,
                    },
                    None => None,
                };
            },
            quote! {
                if let Some(principal) = &principal {
                    if let Err(denied) = S::verify_body(service, principal, &request.head(), raw.bytes()).await {
                        #deny;
                    }
                }
            },
        )
    } else {
        (
            quote!(S::Principal),
            quote! {
                let Some(credential) = request.credentials::<#ty>() else {
                    return Err(request.refuse());
                };
                let principal = match S::#method(service, credential, &request.head()).await {
                    Ok(principal) => principal,
                    Err(denied) => #deny,
                };
            },
            quote! {
                if let Err(denied) = S::verify_body(service, &principal, &request.head(), raw.bytes()).await {
                    #deny;
                }
            },
        )
    };
    let presence = if security.optional { "may present" } else { "presents" };
    let doc = doc_attrs(&format!(
        "Admits a request whose caller {presence} a [`{}`]: its head, the credentials and their \
         authentication, negotiation and the body's bytes, then the service's check of the body.",
        security.type_name
    ));
    quote! {
        #doc
        async fn #name<S: #service>(
            service: &S,
            request: rt::axum::extract::Request,
            admission: &'static rt::http::Admission,
        ) -> Result<rt::http::Admitted<#principal_ty>, rt::axum::response::Response> {
            let mut request = rt::http::Incoming::admit_head(request, admission).await?;
            #authentication
            let (raw, accept) = request.admit_body(admission).await?;
            #verify
            Ok(rt::http::Admitted { request, raw, accept, principal })
        }
    }
}

/// The handler's `static ADMISSION` (and the multipart plan it names): what the operation reads
/// before its parameters and body.
fn emit_admission_static(op: &Operation, routes: &Routes<'_>) -> TokenStream {
    let plan = plan_name(&routes.plans, op);
    let id = &op.id;
    let suffixes = op.route.as_ref().filter(|r| !r.suffixes.is_empty()).map(|route| {
        let pairs = route.suffixes.iter().map(|(name, suffix)| quote!((#name, #suffix)));
        quote!(.suffixes(&[#(#pairs),*]))
    });
    let splits = op.route.as_ref().filter(|r| !r.splits.is_empty()).map(|route| {
        let splits = route.splits.iter().map(|split| {
            let (param, prefix, suffix) = (&split.param, &split.prefix, &split.suffix);
            let segment = proc_macro2::Literal::usize_unsuffixed(split.segment);
            let more = split.more.iter().map(|(text, name)| quote!((#text, #name)));
            quote!(rt::http::PathSplit {
                segment: #segment,
                prefix: #prefix,
                param: #param,
                more: &[#(#more),*],
                suffix: #suffix,
            })
        });
        quote!(.splits(&[#(#splits),*]))
    });
    // The operation's own route, which names its parameters: for a segment axum cannot decode (it
    // then names no parameter), and where axum matched a route that names them otherwise.
    let route = op.route.as_ref().map(|r| r.own.as_ref().unwrap_or(&r.path)).filter(|path| path.contains('{'));
    let route = route.map(|path| quote!(.route(#path)));
    // A path may belong to the templates of other methods of the route: 405 (or 404).
    let table = op.route.as_ref().and_then(|r| routes.route_tables.get(r.path.as_str()));
    let methods = table.map(|index| {
        let table = dispatch::route_methods_name(*index);
        quote!(.methods(&#table))
    });
    let accept = op.accept.as_ref().map(|accept| {
        let ty = ident(&accept.type_name);
        quote!(.accept(#ty::MEDIA))
    });
    let (multipart, body) = match &op.body {
        Some(body) => bodies::body_read(body, &routes.shapes, op.security.is_some()),
        None => (quote!(), quote!()),
    };
    let doc = doc_attrs(&format!("What `{id}` reads before its parameters and body."));
    quote! {
        #multipart
        #doc
        static ADMISSION: rt::http::Admission =
            rt::http::Admission::new(&#plan, #id) #suffixes #splits #route #methods #accept #body;
    }
}

/// The handler of `op`: one await for its admission (see [`emit_admission`]), then its parameters
/// and body read by the runtime's `Incoming`, which records what is wrong, then one await for the
/// service, which a request that got all its parts reaches.
fn emit_handler(api: &Api, op: &Operation, routes: &Routes<'_>) -> TokenStream {
    let service = ident(&api.service_trait);
    let name = handler_name(op);
    let method = ident(&op.method_name);
    let input = ident(&op.input_type);
    let doc = doc_attrs(&format!("Reads and validates a request for `{}`, then calls the service.", op.id));
    let fields: Vec<proc_macro2::Ident> = op.params.iter().map(|g| ident(location_field(g.location))).collect();
    let body_field = op.body.as_ref().map(|_| quote!(body,));
    let accept_field = op.accept.as_ref().map(|_| quote!(accept,));
    let principal = op.security.as_ref().map(|_| quote!(principal,));
    let call =
        // Called through the bound (`S::`): a method call on the `Arc` would take an operation named
        // `clone` or `into` for the `Arc`'s own.
        quote!(S::#method(&service, #principal #input { #(#fields,)* #accept_field #body_field }).await.into_response());
    let signature = quote! {
        async fn #name<S: #service>(
            rt::axum::extract::State(service): rt::axum::extract::State<::std::sync::Arc<S>>,
            request: rt::axum::extract::Request,
        ) -> rt::axum::response::Response
    };
    if !can_refuse(op) {
        return quote! {
            #doc
            #signature {
                let response = #call;
                rt::http::finish(request, response)
            }
        };
    }
    let admission = emit_admission_static(op, routes);
    let admit = match &op.security {
        Some(security) => {
            let name = admission_name(security);
            quote!(#name(&*service, request, &ADMISSION))
        }
        None => quote!(rt::http::admit(request, &ADMISSION)),
    };
    // The request's answer type was chosen before the body was read; its index is the type's.
    let negotiation = op.accept.as_ref().map(|accept| {
        let ty = ident(&accept.type_name);
        quote! {
            let Some(accept) = accept.and_then(#ty::from_index) else {
                return request.not_acceptable(#ty::MEDIA);
            };
        }
    });
    let params = op.params.iter().map(|group| {
        let field = ident(location_field(group.location));
        let ty = ident(&group.type_name);
        (quote!(#field), quote!(request.params::<#ty>()))
    });
    let body_read = op.body.as_ref().map(|body| (quote!(body), bodies::read_body(body, &routes.shapes)));
    // Every part is read before any refusal, so that all violations are reported together.
    let parts: Vec<(TokenStream, TokenStream)> = params.chain(body_read).collect();
    let reads = match parts.as_slice() {
        [] => quote!(),
        // `let ... else` takes no expression ending in a block (a `match`, an `if`).
        [(name, read)] if bodies::ends_in_block(op.body.as_ref()) => quote! {
            let #name = #read;
            let Some(#name) = #name else { return request.refuse(); };
        },
        [(name, read)] => quote!(let Some(#name) = #read else { return request.refuse(); };),
        _ => {
            let names = parts.iter().map(|(name, _)| name);
            let reads = parts.iter().map(|(name, read)| quote!(let #name = #read;));
            let bound = names.clone();
            quote! {
                #(#reads)*
                let (#(Some(#names),)*) = (#(#bound,)*) else { return request.refuse(); };
            }
        }
    };
    // Bind what the rest of the handler uses, and nothing else (unused bindings are warnings).
    let is_multipart = op.body.as_ref().is_some_and(bodies::is_multipart);
    let request_binding = if parts.is_empty() && op.accept.is_none() { quote!(request) } else { quote!(mut request) };
    let raw_binding = op.body.as_ref().map(|_| if is_multipart { quote!(mut raw,) } else { quote!(raw,) });
    let accept_binding = op.accept.as_ref().map(|_| quote!(accept,));
    let principal_binding = op.security.as_ref().map(|_| quote!(principal,));
    quote! {
        #doc
        #signature {
            #admission
            let admitted = #admit.await;
            let rt::http::Admitted { #request_binding, #raw_binding #accept_binding #principal_binding .. } = match admitted {
                Ok(admitted) => admitted,
                Err(response) => return response,
            };
            #negotiation
            #reads
            let response = #call;
            request.finish(response)
        }
    }
}
