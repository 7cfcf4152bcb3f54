//! The operations of the router by route and method, and the handler of a method and route that
//! several operations share, told apart by a parameter's value, the text after a parameter or the
//! parameters each requires (see `route_table`): it calls the handler of the operation the request
//! names. A route whose templates differ in the text after a parameter also gets a table of its
//! methods by the templates a path fits, so that its 405 names only the methods the path has.

use super::tokens::doc_attrs;
use crate::ir::{Operation, ParamLocation, Route};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::HashMap;

/// The name of the `index`-th dispatcher of a router.
pub(super) fn dispatcher_name(method: &str, index: usize) -> Ident {
    format_ident!("dispatch_{}_{}", method, index)
}

/// A method of a route and the operations it serves (several when a parameter's value tells them
/// apart).
pub(super) type MethodOperations<'a> = (&'a str, Vec<&'a Operation>);

/// The served operations by route, in the spec's order: each route with its methods, and each
/// method with its operations (several when a parameter's value tells them apart).
pub(super) fn operations_by_route<'a>(
    served: impl Iterator<Item = &'a Operation>,
) -> Vec<(&'a str, Vec<MethodOperations<'a>>)> {
    let mut routes: Vec<(&str, Vec<MethodOperations<'_>>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for op in served {
        let Some(route) = &op.route else { continue };
        let i = *index.entry(&route.path).or_insert_with(|| {
            routes.push((&route.path, Vec::new()));
            routes.len() - 1
        });
        let methods = &mut routes[i].1;
        match methods.iter_mut().find(|(method, _)| *method == op.http_method) {
            Some((_, ops)) => ops.push(op),
            None => methods.push((&op.http_method, vec![op])),
        }
    }
    routes
}

/// The routes that have a table of their methods by the templates a path fits, with their index
/// in the router's order (see `dispatch::route_methods`).
pub(super) fn route_tables<'a>(served: impl Iterator<Item = &'a Operation>) -> HashMap<&'a str, usize> {
    let routes = operations_by_route(served).into_iter().enumerate();
    let tabled =
        routes.filter(|(_, (_, methods))| has_route_methods(methods.iter().flat_map(|(_, ops)| ops.iter().copied())));
    tabled.map(|(index, (path, _))| (path, index)).collect()
}

/// The dispatcher `name` of `ops` (two or more, each with its `Route::dispatch`, `by_suffix` or
/// `presence`), refusing a request that names none of them with `plan`, the first operation's
/// rejection plan.
pub(super) fn emit_dispatcher(
    service: &Ident,
    name: &Ident,
    ops: &[&Operation],
    handler: impl Fn(&Operation) -> Ident,
    plan: TokenStream,
    methods: Option<&Ident>,
) -> TokenStream {
    let all = |kind: fn(&Route) -> bool| ops.iter().all(|op| op.route.as_ref().is_some_and(kind));
    let (doc, table, ordered) = if all(|r| r.by_suffix) {
        let (doc, table) = suffix_table(ops);
        (doc, table, ops.to_vec())
    } else if all(|r| r.presence.is_some()) {
        let (doc, table) = presence_table(ops);
        (doc, table, ops.to_vec())
    } else if all(|r| r.by_path) {
        let (doc, table) = path_table(ops);
        (doc, table, ops.to_vec())
    } else {
        match value_table(ops) {
            Some(value) => value,
            None => {
                return quote!(compile_error!("openapi-forge bug: operations sharing a route have no dispatching parameter"););
            }
        }
    };
    // A path may belong to no template of this method, but to another method's (see
    // `route_methods`): the route's table answers it.
    let (select, refuse) = match methods {
        Some(methods) if all(|r| r.by_suffix) => (
            quote!(DISPATCH.select(&request).filter(|_| #methods.serves_request(&request))),
            quote!(#methods.refuse_request(&request, &#plan)),
        ),
        _ => (quote!(DISPATCH.select(&request)), quote!(DISPATCH.refuse(&#plan))),
    };
    dispatcher_fn((service, name, doc), table, &ordered, handler, (select, refuse))
}

/// The doc and table of operations told apart by one parameter's value, and the operations in the
/// table's order (the one serving requests without the parameter last); `None` when one of them
/// has no value.
fn value_table<'o>(ops: &[&'o Operation]) -> Option<(TokenStream, TokenStream, Vec<&'o Operation>)> {
    let dispatches: Vec<_> = ops.iter().filter_map(|op| op.route.as_ref()?.dispatch.as_ref()).collect();
    let (Some(first), true) = (dispatches.first(), dispatches.len() == ops.len()) else { return None };
    let location = match first.location {
        ParamLocation::Header => quote!(Header),
        _ => quote!(Query),
    };
    let param = &first.name;
    // The operations named by a value, in the spec's order, then the one serving requests without
    // the parameter (the runtime's index after the values).
    let mut order: Vec<(&Operation, Option<&String>)> =
        ops.iter().zip(&dispatches).map(|(op, d)| (*op, d.value.as_ref())).collect();
    order.sort_by_key(|(_, value)| value.is_none());
    let values = order.iter().filter_map(|(_, value)| *value);
    let fallback = order.last().is_some_and(|(_, value)| value.is_none());
    let ordered: Vec<&Operation> = order.iter().map(|(op, _)| *op).collect();
    let kind = if first.location == ParamLocation::Header { "header" } else { "query parameter" };
    let method = ops[0].http_method.to_ascii_uppercase();
    let path = ops[0].route.as_ref().map_or("", |r| r.path.as_str());
    let ids = order.iter().filter(|(_, value)| value.is_some()).map(|(op, _)| format!("`{}`", op.id));
    let ids = ids.collect::<Vec<_>>().join(", ");
    let without = match order.last() {
        Some((op, None)) => format!(" (`{}` when it has no `{param}`)", op.id),
        _ => String::new(),
    };
    let doc = doc_attrs(&format!(
        "`{method} {path}`: calls the operation that the request's `{param}` {kind} names ({ids}){without}; \
         a request that names none is refused before its credentials are read, like one for an unknown path."
    ));
    let table = quote! {
        static DISPATCH: rt::http::Dispatch = rt::http::Dispatch {
            location: rt::http::ParamLocation::#location,
            name: #param,
            values: &[#(#values),*],
            fallback: #fallback,
        };
    };
    Some((doc, table, ordered))
}

/// The doc and table of operations that each require parameters the others do not.
fn presence_table(ops: &[&Operation]) -> (TokenStream, TokenStream) {
    let required = ops.iter().map(|op| {
        let params = op.route.iter().flat_map(|r| r.presence.iter().flatten()).map(|(location, name)| {
            let location = match location {
                ParamLocation::Header => quote!(Header),
                _ => quote!(Query),
            };
            quote!((rt::http::ParamLocation::#location, #name))
        });
        quote!(&[#(#params),*])
    });
    let method = ops[0].http_method.to_ascii_uppercase();
    let route = ops[0].route.as_ref().map_or("", |r| r.path.as_str());
    let ids = ops.iter().map(|op| format!("`{}`", op.id)).collect::<Vec<_>>().join(", ");
    let doc = doc_attrs(&format!(
        "`{method} {route}`: calls the operation whose required parameters the request carries ({ids}), the \
         most specific; a request that names none is refused before its credentials are read."
    ));
    let table = quote! {
        static DISPATCH: rt::http::PresenceDispatch = rt::http::PresenceDispatch {
            operations: &[#(#required),*],
        };
    };
    (doc, table)
}

/// The dispatcher's function: its `static DISPATCH` (`table`), then the handler of the operation
/// whose index `DISPATCH.select` gives (the `ops`' order), else `DISPATCH.refuse` with `plan`.
fn dispatcher_fn(
    (service, name, doc): (&Ident, &Ident, TokenStream),
    table: TokenStream,
    ops: &[&Operation],
    handler: impl Fn(&Operation) -> Ident,
    (select, refuse): (TokenStream, TokenStream),
) -> TokenStream {
    let arms = ops.iter().enumerate().map(|(i, op)| {
        let index = Literal::usize_unsuffixed(i);
        let handler = handler(op);
        quote!(Some(#index) => #handler::<S>(state, request).await,)
    });
    quote! {
        #doc
        async fn #name<S: #service>(
            state: rt::axum::extract::State<::std::sync::Arc<S>>,
            request: rt::axum::extract::Request,
        ) -> rt::axum::response::Response {
            #table
            match #select {
                #(#arms)*
                _ => #refuse,
            }
        }
    }
}

/// The doc and table of operations whose templates differ only in their path parameters' names
/// and schemas: each one's own route and the check of its path parameters' struct.
fn path_table(ops: &[&Operation]) -> (TokenStream, TokenStream) {
    let checks = ops.iter().map(|op| {
        let own = op.route.as_ref().map_or("", |r| r.own.as_deref().unwrap_or(&r.path));
        match op.params.iter().find(|group| group.location == ParamLocation::Path) {
            Some(group) => {
                let ty = super::tokens::ident(&group.type_name);
                quote!((#own, rt::http::path_fits::<#ty>))
            }
            None => quote!((#own, |_: &[(String, String)]| true)),
        }
    });
    let method = ops[0].http_method.to_ascii_uppercase();
    let route = ops[0].route.as_ref().map_or("", |r| r.path.as_str());
    let paths = ops.iter().map(|op| format!("`{}`", op.path)).collect::<Vec<_>>().join(", ");
    let doc = doc_attrs(&format!(
        "`{method} {route}`: calls the first operation whose path parameters' schemas the request's path \
         passes ({paths}), else the first, which answers with its violations."
    ));
    let table = quote! {
        static DISPATCH: rt::http::PathDispatch = rt::http::PathDispatch {
            operations: &[#(#checks),*],
        };
    };
    (doc, table)
}

/// The doc and table of operations whose templates differ in the text after a parameter: each
/// one's suffixes with the route segment they end.
/// The `(segment, suffix)` pairs of `op`'s template as the runtime checks a path against them:
/// each parameter with text after it in its segment, the segment counted as `str::split('/')`
/// counts it.
fn suffix_pairs(op: &Operation) -> Vec<TokenStream> {
    suffix_ends(op)
        .into_iter()
        .map(|(at, suffix)| {
            let at = Literal::usize_unsuffixed(at);
            quote!((#at, #suffix))
        })
        .collect()
}

/// The data of [`suffix_pairs`]: `(segment, suffix)` for each parameter with text after it.
fn suffix_ends(op: &Operation) -> Vec<(usize, &str)> {
    // The segments of the operation's own route, which names its parameters.
    let own = op.route.as_ref().map_or("", |r| r.own.as_deref().unwrap_or(&r.path));
    let segments: Vec<&str> = own.split('/').collect();
    // A segment of several parameters ends with the text after its last.
    let route = op.route.iter();
    let ends = route.clone().flat_map(|r| &r.suffixes).map(|(param, suffix)| (param, suffix));
    let ends = ends.chain(route.flat_map(|r| &r.splits).map(|split| (&split.param, &split.suffix)));
    let pairs = ends.filter(|(_, suffix)| !suffix.is_empty()).filter_map(|(param, suffix)| {
        let braced = format!("{{{param}}}");
        Some((segments.iter().position(|s| s.ends_with(&braced))?, suffix.as_str()))
    });
    pairs.collect()
}

/// True when a template of `ops` (a route's operations) has text after a parameter: the route
/// then has a [`route_methods`] table.
pub(super) fn has_route_methods<'o>(mut ops: impl Iterator<Item = &'o Operation>) -> bool {
    ops.any(|op| !suffix_ends(op).is_empty())
}

/// The name of the [`route_methods`] table of the route at `index` in the router's order.
pub(super) fn route_methods_name(index: usize) -> Ident {
    format_ident!("ROUTE_METHODS_{}", index)
}

/// The table of a route's methods by the templates a path fits (`rt::http::RouteMethods`), when
/// some template of the route has text after a parameter: a path may then fit one method's
/// templates and not another's, which the route's 405 `Allow` and its 404 follow.
pub(super) fn route_methods(index: usize, methods: &[(&str, Vec<&Operation>)]) -> Option<TokenStream> {
    if !has_route_methods(methods.iter().flat_map(|(_, ops)| ops.iter().copied())) {
        return None;
    }
    let templates: Vec<Vec<Vec<TokenStream>>> =
        methods.iter().map(|(_, ops)| ops.iter().map(|op| suffix_pairs(op)).collect()).collect();
    let name = route_methods_name(index);
    let route = methods.first().and_then(|(_, ops)| ops.first()?.route.as_ref()).map_or("", |r| r.path.as_str());
    let doc = doc_attrs(&format!("The methods of `{route}` by the templates a request's path fits."));
    let entries = methods.iter().zip(&templates).map(|((method, _), templates)| {
        let method = method.to_ascii_uppercase();
        let templates = templates.iter().map(|pairs| quote!(&[#(#pairs),*]));
        quote!((#method, &[#(#templates),*]))
    });
    Some(quote! {
        #doc
        static #name: rt::http::RouteMethods = rt::http::RouteMethods { methods: &[#(#entries),*] };
    })
}

fn suffix_table(ops: &[&Operation]) -> (TokenStream, TokenStream) {
    let route = ops[0].route.as_ref().map_or("", |r| r.path.as_str());
    let suffixes = ops.iter().map(|op| {
        let pairs = suffix_pairs(op);
        quote!(&[#(#pairs),*])
    });
    let method = ops[0].http_method.to_ascii_uppercase();
    let paths = ops.iter().map(|op| format!("`{}`", op.path)).collect::<Vec<_>>().join(", ");
    let doc = doc_attrs(&format!(
        "`{method} {route}`: calls the operation whose template the request's path fits ({paths}), the \
         longest text after a parameter first; a path that fits none is answered 404, or 405 when another \
         method's template fits it."
    ));
    let table = quote! {
        static DISPATCH: rt::http::SuffixDispatch = rt::http::SuffixDispatch {
            operations: &[#(#suffixes),*],
        };
    };
    (doc, table)
}
