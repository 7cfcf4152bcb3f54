//! The typed client: one method per operation, taking the input the operation's handler receives
//! and returning the output it returns, written and read through `rt::client` with the same
//! validators and parameter tables as the router.

use super::bodies::ShapeNames;
use super::credentials::credential_source;
use super::tokens::{doc_attrs, ident, ty_tokens};
use crate::ir::{Api, BodyMedia, BodyReader, Operation, RequestBody, ResponseBody, ResponseIr, StatusIr, Ty};
use crate::names::{location_field, Scope};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// The names of the client's own associated functions, which operation methods must not take (the
/// methods of the traits it implements are no operation's: [`crate::names::STD_METHODS`]).
const RESERVED: &[&str] = &["new", "builder", "from_builder", "inner", "server_url"];

/// The client method name of each operation, in order: its trait method name, or, where that is
/// one of [`RESERVED`] or taken by an earlier operation, the first free `name_operation`,
/// `name_operation2`, ...
pub fn method_names(api: &Api) -> Vec<String> {
    let mut scope = Scope::default();
    for name in RESERVED {
        scope.claim(name);
    }
    api.operations
        .iter()
        .map(|op| {
            if RESERVED.contains(&op.method_name.as_str()) {
                scope.claim(&format!("{}_operation", op.method_name))
            } else {
                scope.claim(&op.method_name)
            }
        })
        .collect()
}

/// How many operations' methods one `impl Client` block holds: the block is one item to the
/// formatting threads, so a large spec's client is several items of about this size rather than one
/// that a single thread prints while the other waits.
pub const METHODS_PER_BLOCK: usize = 16;

/// The `Client` struct and its own functions, and with the `server` side `serve_local`; nothing for
/// an API without operations. The operations' methods follow in blocks ([`emit_methods`]).
pub fn emit_client(api: &Api, server: bool) -> TokenStream {
    if api.operations.is_empty() {
        return quote!();
    }
    let server_url = api.servers.first().map(|server| {
        let url = &server.url;
        let defaults = server.variables.iter().map(|(name, default)| quote!((#name, #default)));
        let doc = doc_attrs(&format!(
            "The URL of the spec's first server, its variables taken from `vars` or else their defaults:\n\
             `{url}`."
        ));
        quote! {
            #doc
            pub fn server_url(vars: &[(&str, &str)]) -> String {
                rt::client::server_url(#url, &[#(#defaults),*], vars)
            }
        }
    });
    let serve_local = (server && api.operations.iter().any(|op| op.route.is_some())).then(|| {
        let service = ident(&api.service_trait);
        quote! {
            /// Serves `service` with [`router`] on an ephemeral port of `127.0.0.1` and returns a
            /// client of it: a test mocks this API with the generated types on both sides. The
            /// server stops when the returned [`rt::client::LocalServer`] is dropped.
            pub async fn serve_local<S: #service>(
                service: S,
            ) -> ::std::io::Result<(Client, rt::client::LocalServer)> {
                let server = rt::client::serve_local(router(service)).await?;
                Ok((Client::new(server.url()), server))
            }
        }
    });
    quote! {
        #serve_local

        /// A client of this API: one method per operation, taking the input its handler receives and
        /// returning the output it returns. Every input is checked against the spec before it is
        /// sent; a status the spec does not document is an error, with the answer kept.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: rt::client::Client,
        }

        impl From<rt::client::Client> for Client {
            fn from(inner: rt::client::Client) -> Self {
                Client { inner }
            }
        }

        impl Client {
            /// A client of the API at `base_url`, with the default options.
            pub fn new(base_url: impl Into<String>) -> Self {
                Client { inner: rt::client::Client::new(base_url) }
            }

            /// The options of a client of the API at `base_url` (credentials, timeout, retries,
            /// signing); finish with [`Client::from_builder`].
            pub fn builder(base_url: impl Into<String>) -> rt::client::Builder {
                rt::client::Client::builder(base_url)
            }

            /// The client `builder` describes.
            pub fn from_builder(builder: rt::client::Builder) -> Self {
                Client { inner: builder.build() }
            }

            /// The untyped client underneath.
            pub fn inner(&self) -> &rt::client::Client {
                &self.inner
            }

            #server_url
        }
    }
}

/// One `impl Client` block of the methods of `api`'s operations `range`, named `names` (the result of
/// [`method_names`], computed once for all blocks).
pub fn emit_methods(api: &Api, names: &[String], range: std::ops::Range<usize>, shapes: &ShapeNames) -> TokenStream {
    let operations = api.operations.get(range.clone()).unwrap_or_default();
    let names = names.get(range).unwrap_or_default();
    let methods = operations.iter().zip(names).map(|(op, name)| emit_method(op, ident(name), shapes));
    quote! {
        impl Client {
            #(#methods)*
        }
    }
}

fn emit_method(op: &Operation, name: proc_macro2::Ident, shapes: &ShapeNames) -> TokenStream {
    let input = ident(&op.input_type);
    let output = ident(&op.output_type);
    let doc = doc_attrs(&op.doc);
    let (id, path) = (&op.id, &op.request_path);
    if op.unauthenticatable {
        // Decided here rather than per call: no credential can satisfy a scheme the spec never
        // declared, and calling without one would be the opposite of what the operation says.
        let doc = doc_attrs(&format!(
            "{}\n\nEvery security requirement of this operation names a scheme the spec does not declare:\n\
             no request can be authenticated, so this method always answers\n\
             [`MissingCredentials`](rt::client::Error::MissingCredentials) and sends nothing.",
            op.doc
        ));
        return quote! {
            #doc
            pub async fn #name(&self, input: #input) -> Result<#output, rt::client::Error> {
                let _ = input;
                Err(rt::client::Error::MissingCredentials { operation: #id })
            }
        };
    }
    // Every method OpenAPI knows has a constant of its own in `http`: nothing is parsed per call.
    let method = format_ident!("{}", op.http_method.to_ascii_uppercase());
    let (security, anonymous) = match &op.security {
        Some(security) => {
            let alternatives = security.alternatives.iter().map(|alternative| {
                let parts = alternative.parts.iter().map(|(_, scheme, source)| {
                    let source = credential_source(source);
                    quote!((#scheme, #source))
                });
                quote!(&[#(#parts),*])
            });
            (quote!(&[#(#alternatives),*]), security.optional)
        }
        None => (quote!(&[]), false),
    };
    let params = op.params.iter().map(|group| {
        let field = ident(location_field(group.location));
        quote!(call.params(&input.#field);)
    });
    let body = op.body.as_ref().map(|body| emit_body(body, shapes));
    let accept = op.accept.as_ref().map(|_| quote!(call.accept(input.accept.media_type());));
    let nothing_to_write = op.params.is_empty() && op.body.is_none() && op.accept.is_none();
    let unused = nothing_to_write.then(|| quote!(let _ = input;));
    let call = if nothing_to_write {
        quote!(let call = self.inner.call(&OPERATION);)
    } else {
        quote!(let mut call = self.inner.call(&OPERATION);)
    };
    let arms = emit_arms(op, shapes);
    quote! {
        #doc
        pub async fn #name(&self, input: #input) -> Result<#output, rt::client::Error> {
            static OPERATION: rt::client::Operation = rt::client::Operation {
                id: #id,
                method: rt::http::Method::#method,
                path: #path,
                security: #security,
                anonymous: #anonymous,
            };
            #unused
            #call
            #(#params)*
            #accept
            #body
            let response = call.send().await?;
            #arms
        }
    }
}

/// The statements writing the body (`input.body`).
fn emit_body(body: &RequestBody, shapes: &ShapeNames) -> TokenStream {
    let write = match (&body.choice, body.media.as_slice()) {
        (None, [media]) => write_media(media, shapes),
        (Some(choice), media) => {
            let choice = ident(choice);
            let arms = media.iter().map(|m| {
                let variant = ident(&m.variant);
                let write = write_media(m, shapes);
                quote!(#choice::#variant(body) => { #write })
            });
            quote!(match body { #(#arms)* })
        }
        // Several media types read alike as bytes: the first is sent.
        (None, media) => {
            let sent_as = media.first().map_or("application/octet-stream", |m| m.sent_as.as_str());
            quote!(call.bytes(body, #sent_as);)
        }
    };
    if body.required {
        quote! {
            let body = &input.body;
            #write
        }
    } else {
        quote! {
            if let Some(body) = &input.body {
                #write
            }
        }
    }
}

fn write_media(media: &BodyMedia, shapes: &ShapeNames) -> TokenStream {
    let sent_as = &media.sent_as;
    match &media.reader {
        // YAML 1.2 is a superset of JSON: a YAML body is sent as its JSON text, under its own type.
        BodyReader::Json(ty) | BodyReader::Yaml(ty) => {
            let ty = ty_tokens(ty);
            quote!(call.json::<#ty>(body, #sent_as);)
        }
        BodyReader::Form { ty, delimited, .. } => {
            let ty = ty_tokens(ty);
            let delimited = delimited.iter().map(|(name, delimiter)| quote!((#name, #delimiter)));
            quote!(call.form::<#ty>(body, #sent_as, &[#(#delimited),*]);)
        }
        BodyReader::Text(ty) => {
            let ty = ty_tokens(ty);
            quote!(call.text::<#ty>(body, #sent_as);)
        }
        BodyReader::Xml { ty, shape, root } => {
            let ty = ty_tokens(ty);
            let shape = super::bodies::shape_ref_tokens(shape, shapes);
            quote!(call.xml::<#ty>(body, #sent_as, #shape, #root);)
        }
        BodyReader::Multipart { ty, files, .. } => {
            let ty = ty_tokens(ty);
            let files = files.iter().map(|file| {
                let (name, many) = (&file.name, file.many);
                quote!((#name, #many))
            });
            quote!(call.multipart::<#ty>(body, &[#(#files),*]);)
        }
        BodyReader::Bytes => quote!(call.bytes(body, #sent_as);),
    }
}

/// The `match` typing the answer by status: exact codes, then ranges, then `default`, then an
/// error for any other status.
fn emit_arms(op: &Operation, shapes: &ShapeNames) -> TokenStream {
    let output = ident(&op.output_type);
    let rank = |r: &&ResponseIr| match r.status {
        StatusIr::Code(_) => 0,
        StatusIr::Range(_) => 1,
        StatusIr::Default => 2,
    };
    let mut responses: Vec<&ResponseIr> = op.responses.iter().collect();
    responses.sort_by_key(rank);
    if let [only] = responses.as_slice() {
        if only.status == StatusIr::Default {
            // Every status is this one answer: no match to make.
            let (_, build) = emit_arm(&output, only, shapes);
            return quote! {
                let status = response.status();
                Ok(#build)
            };
        }
    }
    let arms = responses.iter().map(|r| {
        let (pattern, build) = emit_arm(&output, r, shapes);
        quote!(#pattern => #build,)
    });
    let undocumented = (!op.responses.iter().any(|r| r.status == StatusIr::Default))
        .then(|| quote!(_ => return Err(response.undocumented()),));
    quote! {
        let output = match response.status() {
            #(#arms)*
            #undocumented
        };
        Ok(output)
    }
}

/// The pattern of a response's statuses and the expression building its output variant.
fn emit_arm(output: &proc_macro2::Ident, r: &ResponseIr, shapes: &ShapeNames) -> (TokenStream, TokenStream) {
    let variant = ident(&r.variant);
    let pattern = match r.status {
        StatusIr::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusIr::Range(digit) => {
            let (low, high) = (Literal::u16_unsuffixed(digit * 100), Literal::u16_unsuffixed(digit * 100 + 99));
            quote!(status @ #low..=#high)
        }
        StatusIr::Default => quote!(status),
    };
    let with_status = !matches!(r.status, StatusIr::Code(_));
    let body = r.body.as_ref().map(|body| read_body(body, shapes));
    if r.headers.is_empty() {
        let status = with_status.then(|| quote!(status));
        let fields: Vec<TokenStream> = status.into_iter().chain(body).collect();
        return if fields.is_empty() {
            (pattern, quote!(#output::#variant))
        } else {
            (pattern, quote!(#output::#variant(#(#fields),*)))
        };
    }
    let status = with_status.then(|| quote!(status,));
    let body = body.map(|body| quote!(body: #body,));
    let headers = r.headers.iter().map(|(field, wire, required)| {
        let field = ident(field);
        if *required {
            quote!(#field: response.required_header(#wire)?,)
        } else {
            quote!(#field: response.header(#wire)?,)
        }
    });
    (pattern, quote!(#output::#variant { #status #body #(#headers)* }))
}

/// The expression reading an answer's body.
fn read_body(body: &ResponseBody, shapes: &ShapeNames) -> TokenStream {
    match body {
        // A generated type is checked against its schema (when responses are validated); another
        // type (`Vec<Pet>`, `String`) has no schema of its own and is read by serde alone, as the
        // router writes it unchecked.
        ResponseBody::Json(ty @ Ty::Named(_)) => {
            let ty = ty_tokens(ty);
            quote!(response.json::<#ty>()?)
        }
        ResponseBody::Json(ty) => {
            let ty = ty_tokens(ty);
            quote!(response.decode::<#ty>()?)
        }
        ResponseBody::Yaml { ty, .. } => {
            let ty = ty_tokens(ty);
            quote!(response.yaml::<#ty>()?)
        }
        ResponseBody::Xml { ty, shape, .. } => {
            let ty = ty_tokens(ty);
            let shape = super::bodies::shape_ref_tokens(shape, shapes);
            quote!(response.xml::<#ty>(#shape)?)
        }
        ResponseBody::Text(_) => quote!(response.text()?),
        ResponseBody::Bytes(_) => quote!(response.bytes()),
        // The answer's `Content-Type` says which of the declared media types it is.
        ResponseBody::Choice { type_name, media } => {
            let choice = ident(type_name);
            let declared = media.iter().map(|m| &m.media_type);
            let arms = media.iter().enumerate().map(|(at, m)| {
                let (variant, at) = (ident(&m.variant), Literal::usize_unsuffixed(at));
                let read = read_body(&m.body, shapes);
                quote!(Some(#at) => #choice::#variant(#read),)
            });
            quote! {
                match response.media(&[#(#declared),*]) {
                    #(#arms)*
                    _ => return Err(response.undeclared_media()),
                }
            }
        }
    }
}
