//! Builds the axum router a generated module would build, from the module's text: every
//! `.route("PATH", rt::axum::routing::METHOD(..).METHOD(..)..)` it registers, each path with its
//! methods, registered in the same order on an `axum::Router` of placeholder handlers. axum panics
//! at registration on a path its router cannot take (two parameters in a segment, a conflict with
//! an earlier path); the generator must never write one. Shared by `tests/routers_build.rs` and
//! `examples/route_check.rs`, which `.ci/apis-guru` runs on every document's output.

use openapi_forge_runtime::axum::routing::MethodRouter;
use openapi_forge_runtime::axum::Router;
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// A registered path and its methods, as the module registers them.
pub type Route = (String, Vec<String>);

/// The routes `code` registers, in order; `Err` when the text is not Rust tokens.
pub fn routes(code: &str) -> Result<Vec<Route>, String> {
    let tokens: TokenStream = code.parse().map_err(|err| format!("not Rust tokens: {err}"))?;
    let mut routes = Vec::new();
    collect(tokens, &mut routes);
    Ok(routes)
}

fn collect(tokens: TokenStream, routes: &mut Vec<Route>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        let TokenTree::Group(group) = token else { continue };
        let called_route = at >= 2
            && matches!(&tokens[at - 1], TokenTree::Ident(name) if name == "route")
            && matches!(&tokens[at - 2], TokenTree::Punct(dot) if dot.as_char() == '.');
        if called_route && group.delimiter() == Delimiter::Parenthesis {
            let args: Vec<TokenTree> = group.stream().into_iter().collect();
            // A router's `.route(PATH, METHODS)` takes two arguments; an admission's
            // `.route(PATH)`, which names the operation's own parameters, one (printed with a
            // trailing comma when it breaks across lines).
            let comma = args.iter().position(|t| matches!(t, TokenTree::Punct(comma) if comma.as_char() == ','));
            let two = comma.is_some_and(|at| at + 1 < args.len());
            if let (Some(TokenTree::Literal(path)), true) = (args.first(), two) {
                if let Ok(path) = syn::parse_str::<syn::LitStr>(&path.to_string()) {
                    // The methods are the names called at the top level of the second argument:
                    // `rt::axum::routing::get(..).post(..).fallback(..)`.
                    let methods = args
                        .windows(2)
                        .filter_map(|pair| match pair {
                            [TokenTree::Ident(name), TokenTree::Group(call)]
                                if call.delimiter() == Delimiter::Parenthesis =>
                            {
                                Some(name.to_string())
                            }
                            _ => None,
                        })
                        .collect();
                    routes.push((path.value(), methods));
                }
            }
        }
        collect(group.stream(), routes);
    }
}

/// Registers `routes` as the module does; the panic message when axum refuses one.
pub fn build(routes: &[Route]) -> Result<(), String> {
    let register = || {
        let mut router: Router = Router::new();
        for (path, methods) in routes {
            let mut method_router: MethodRouter = MethodRouter::new();
            for method in methods {
                method_router = match method.as_str() {
                    "get" => method_router.get(|| async {}),
                    "post" => method_router.post(|| async {}),
                    "put" => method_router.put(|| async {}),
                    "delete" => method_router.delete(|| async {}),
                    "patch" => method_router.patch(|| async {}),
                    "head" => method_router.head(|| async {}),
                    "options" => method_router.options(|| async {}),
                    "trace" => method_router.trace(|| async {}),
                    "connect" => method_router.connect(|| async {}),
                    "fallback" => method_router.fallback(|| async {}),
                    _ => method_router,
                };
            }
            router = router.route(path, method_router);
        }
    };
    std::panic::catch_unwind(register).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "axum panicked".to_string())
    })
}
