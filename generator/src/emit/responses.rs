//! Responses: each operation's output enum (one variant per documented status) and how the
//! router writes it, the enums of responses that declare several media types, and the `Accept`
//! enum of the media types a request may ask for.

use super::bodies::ShapeNames;
use super::tokens::{doc_attrs, ident, shape_tokens, ty_tokens};
use crate::ir::{ErrorShape, Operation, ResponseBody, ResponseIr, StatusIr, Ty};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

fn response_body_ty(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(ty) | ResponseBody::Yaml { ty, .. } | ResponseBody::Xml { ty, .. } => ty_tokens(ty),
        ResponseBody::Text(_) => quote!(String),
        ResponseBody::Bytes(_) => quote!(rt::http::Bytes),
        ResponseBody::Choice { type_name, .. } => {
            let ty = ident(type_name);
            quote!(#ty)
        }
    }
}

/// The enums of the responses that declare several media types (`GetPetOkBody`).
pub fn emit_response_choices(op: &Operation) -> TokenStream {
    let choices = op.responses.iter().filter_map(|r| match &r.body {
        Some(ResponseBody::Choice { type_name, media }) => Some((r, type_name, media)),
        _ => None,
    });
    let items = choices.map(|(r, type_name, media)| {
        let name = ident(type_name);
        let doc = doc_attrs(&format!(
            "The body of `{}`'s {} response, in one of the media types it declares.",
            op.id,
            status_key(r.status)
        ));
        let variants = media.iter().map(|m| {
            let variant = ident(&m.variant);
            let doc = doc_attrs(&format!("`{}`", m.media_type));
            let ty = response_body_ty(&m.body);
            quote!(#doc #variant(#ty),)
        });
        quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name { #(#variants)* }
        }
    });
    quote!(#(#items)*)
}

fn status_key(status: StatusIr) -> String {
    match status {
        StatusIr::Code(code) => code.to_string(),
        StatusIr::Range(digit) => format!("{digit}XX"),
        StatusIr::Default => "default".to_string(),
    }
}

/// The enum of the response media types a request may ask for (`GetPetAccept`).
pub fn emit_accept(op: &Operation) -> TokenStream {
    let Some(accept) = &op.accept else { return quote!() };
    let name = ident(&accept.type_name);
    let doc = doc_attrs(&format!(
        "The response media types `{}` offers where a response declares several: the router sets it\n\
         from the request's `Accept` header (the first when the request does not say), and the\n\
         client sends it as `Accept`.",
        op.id
    ));
    let variants = accept.media.iter().enumerate().map(|(at, (variant, media))| {
        let variant = ident(variant);
        let doc = doc_attrs(&format!("`{media}`"));
        let default = (at == 0).then(|| quote!(#[default]));
        quote!(#doc #default #variant,)
    });
    let media: Vec<&String> = accept.media.iter().map(|(_, m)| m).collect();
    let from_index = accept.media.iter().enumerate().map(|(at, (variant, _))| {
        let (variant, at) = (ident(variant), Literal::usize_unsuffixed(at));
        quote!(#at => Some(Self::#variant),)
    });
    let to_media = accept.media.iter().map(|(variant, media)| {
        let variant = ident(variant);
        quote!(Self::#variant => #media,)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub enum #name { #(#variants)* }

        impl #name {
            /// The media types, in the order of the variants.
            pub const MEDIA: &'static [&'static str] = &[#(#media),*];

            /// The variant of `MEDIA[index]`.
            pub fn from_index(index: usize) -> Option<Self> {
                match index {
                    #(#from_index)*
                    _ => None,
                }
            }

            /// The media type.
            pub fn media_type(self) -> &'static str {
                match self {
                    #(#to_media)*
                }
            }
        }
    }
}

/// The name of the output variant a default stub answers with: `Unimplemented`, or with a digit
/// when a documented response took that name.
pub fn unimplemented_variant(op: &Operation) -> String {
    let taken = |name: &str| op.responses.iter().any(|r| r.variant == name);
    let mut name = "Unimplemented".to_string();
    let mut n = 1;
    while taken(&name) {
        n += 1;
        name = format!("Unimplemented{n}");
    }
    name
}

/// The output enum of `op`, and with `server` how each variant answers as a response. With
/// `stub` (the operation's error shape), the variant the service trait's default body answers.
pub fn emit_output(op: &Operation, server: bool, stub: Option<&ErrorShape>, shapes: &ShapeNames) -> TokenStream {
    let name = ident(&op.output_type);
    let doc = doc_attrs(&format!("The responses of `{}`, one variant per documented status.", op.id));
    let stub_variant = stub.map(|_| ident(&unimplemented_variant(op)));
    let stub_decl = stub_variant.as_ref().map(|variant| {
        quote! {
            /// 501: the service does not implement this operation (the service trait's default
            /// body), answered in the spec's error shape. The client never returns it.
            #variant,
        }
    });
    let variants = op.responses.iter().map(emit_output_variant);
    let into_response = server.then(|| {
        let stub_arm = stub.zip(stub_variant.as_ref()).map(|(shape, variant)| {
            let (shape, id) = (shape_tokens(shape), &op.id);
            quote!(Self::#variant => rt::http::not_implemented(#shape, #id),)
        });
        let arms = op.responses.iter().map(|r| emit_output_arm(r, shapes)).chain(stub_arm);
        let id = &op.id;
        let reply = (!op.responses.is_empty()).then(|| quote!(let reply = rt::http::Reply(#id);));
        quote! {
            impl rt::axum::response::IntoResponse for #name {
                fn into_response(self) -> rt::axum::response::Response {
                    #reply
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
            #stub_decl
        }

        #into_response
    }
}

fn has_status_field(r: &ResponseIr) -> bool {
    !matches!(r.status, StatusIr::Code(_))
}

fn emit_output_variant(r: &ResponseIr) -> TokenStream {
    let variant = ident(&r.variant);
    let doc = doc_attrs(&r.doc);
    let body = r.body.as_ref().map(response_body_ty);
    if r.headers.is_empty() {
        // Without headers a variant is a tuple: (body), (status), (status, body), as documented.
        let status = has_status_field(r).then(|| quote!(u16));
        let holds = match (&status, &body) {
            (Some(_), Some(_)) => Some("the status code, then the body"),
            (Some(_), None) => Some("the status code"),
            _ => None,
        };
        let doc = match holds {
            // A one-line description takes the note in brackets; a longer one, as a paragraph.
            Some(holds) if !r.doc.contains('\n') => {
                doc_attrs(&format!("{} ({holds})", r.doc.trim_end().trim_end_matches('.')))
            }
            Some(holds) => doc_attrs(&format!("{}\n\nHolds {holds}.", r.doc)),
            None => doc,
        };
        return match (status, body) {
            (None, None) => quote!(#doc #variant,),
            (status, body) => {
                let fields = status.into_iter().chain(body);
                quote!(#doc #variant(#(#fields),*),)
            }
        };
    }
    let status = has_status_field(r).then(|| {
        quote!(/// The status code.
        status: u16,)
    });
    let body = body.map(|ty| {
        quote!(/// The body.
        body: #ty,)
    });
    let headers = r.headers.iter().map(|(field, wire, required)| {
        let field = ident(field);
        let doc = doc_attrs(&format!("The `{wire}` header."));
        let ty = if *required { quote!(String) } else { quote!(Option<String>) };
        quote!(#doc #field: #ty,)
    });
    quote! {
        #doc
        #variant { #status #body #(#headers)* },
    }
}

fn emit_output_arm(r: &ResponseIr, shapes: &ShapeNames) -> TokenStream {
    let variant = ident(&r.variant);
    let status = match r.status {
        StatusIr::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        _ => quote!(status),
    };
    let build = match &r.body {
        Some(ResponseBody::Choice { type_name, media }) => {
            let choice = ident(type_name);
            let arms = media.iter().map(|m| {
                let variant = ident(&m.variant);
                let build = reply_with(Some(&m.body), r.status, &status, shapes);
                quote!(#choice::#variant(body) => #build,)
            });
            quote!(match body { #(#arms)* })
        }
        body => reply_with(body.as_ref(), r.status, &status, shapes),
    };
    if r.headers.is_empty() {
        let status_field = has_status_field(r).then(|| quote!(status));
        let body_field = r.body.as_ref().map(|_| quote!(body));
        return match (status_field, body_field) {
            (None, None) => quote!(Self::#variant => #build,),
            (status, body) => {
                let fields = status.into_iter().chain(body);
                quote!(Self::#variant(#(#fields),*) => #build,)
            }
        };
    }
    let status_field = has_status_field(r).then(|| quote!(status,));
    let body_field = r.body.as_ref().map(|_| quote!(body,));
    let fields = r.headers.iter().map(|(field, _, _)| ident(field));
    let with_headers = r.headers.iter().fold(build, |response, (field, wire, required)| {
        let field = ident(field);
        let value = if *required { quote!(Some(#field)) } else { quote!(#field) };
        quote!(rt::http::with_header(#response, #wire, #value))
    });
    quote!(Self::#variant { #status_field #body_field #(#fields,)* } => #with_headers,)
}

/// The response `reply` builds for a body of one media type (bound to `body`).
fn reply_with(
    body: Option<&ResponseBody>,
    r_status: StatusIr,
    status: &TokenStream,
    shapes: &ShapeNames,
) -> TokenStream {
    let named = matches!(body, Some(ResponseBody::Json(Ty::Named(_))));
    let reply = match r_status {
        StatusIr::Range(digit) if !named => {
            let digit = Literal::u16_unsuffixed(digit);
            quote!(reply.in_range(#digit, status))
        }
        _ => quote!(reply),
    };
    match (body, r_status) {
        (Some(ResponseBody::Json(_)), StatusIr::Range(digit)) if named => {
            let digit = Literal::u16_unsuffixed(digit);
            quote!(reply.json_in(#digit, status, &body))
        }
        (Some(ResponseBody::Json(_)), _) if named => quote!(#reply.json(#status, &body)),
        (Some(ResponseBody::Json(_)), _) => quote!(#reply.serialized(#status, &body)),
        (Some(ResponseBody::Yaml { media, .. }), _) => quote!(#reply.yaml(#status, #media, &body)),
        (Some(ResponseBody::Xml { shape, root, media, .. }), _) => {
            let shape = super::bodies::shape_ref_tokens(shape, shapes);
            quote!(#reply.xml(#status, #media, &body, #shape, #root))
        }
        (Some(ResponseBody::Text(media)), _) => quote!(#reply.text(#status, #media, body)),
        (Some(ResponseBody::Bytes(media)), _) => quote!(#reply.bytes(#status, #media, body)),
        // A choice's media are never choices themselves.
        (Some(ResponseBody::Choice { .. }), _) | (None, _) => quote!(#reply.empty(#status)),
    }
}
