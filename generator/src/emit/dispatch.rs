//! The handler of a method and route that several operations share, told apart by a parameter's
//! value, the text after a parameter or the parameters each requires (see `route_table`): it calls
//! the handler of the operation the request names.

use super::tokens::doc_attrs;
use crate::ir::{Operation, ParamLocation, Route};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The name of the `index`-th dispatcher of a router.
pub(super) fn dispatcher_name(method: &str, index: usize) -> Ident {
    format_ident!("dispatch_{}_{}", method, index)
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
    dispatcher_fn((service, name, doc), table, &ordered, handler, plan)
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
    plan: TokenStream,
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
            match DISPATCH.select(&request) {
                #(#arms)*
                _ => DISPATCH.refuse(&#plan),
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
fn suffix_table(ops: &[&Operation]) -> (TokenStream, TokenStream) {
    let route = ops[0].route.as_ref().map_or("", |r| r.path.as_str());
    let suffixes = ops.iter().map(|op| {
        // The segments of the operation's own route, which names its parameters.
        let own = op.route.as_ref().map_or("", |r| r.own.as_deref().unwrap_or(&r.path));
        let segments: Vec<&str> = own.split('/').collect();
        // A segment of several parameters ends with the text after its last.
        let route = op.route.iter();
        let ends = route.clone().flat_map(|r| &r.suffixes).map(|(param, suffix)| (param, suffix));
        let ends = ends.chain(route.flat_map(|r| &r.splits).map(|split| (&split.param, &split.suffix)));
        let pairs = ends.filter(|(_, suffix)| !suffix.is_empty()).filter_map(|(param, suffix)| {
            let braced = format!("{{{param}}}");
            let at = segments.iter().position(|s| s.ends_with(&braced))?;
            let at = Literal::usize_unsuffixed(at);
            Some(quote!((#at, #suffix)))
        });
        quote!(&[#(#pairs),*])
    });
    let method = ops[0].http_method.to_ascii_uppercase();
    let paths = ops.iter().map(|op| format!("`{}`", op.path)).collect::<Vec<_>>().join(", ");
    let doc = doc_attrs(&format!(
        "`{method} {route}`: calls the operation whose template the request's path fits ({paths}), the \
         longest text after a parameter first; a path that fits none is answered 404."
    ));
    let table = quote! {
        static DISPATCH: rt::http::SuffixDispatch = rt::http::SuffixDispatch {
            operations: &[#(#suffixes),*],
        };
    };
    (doc, table)
}
