//! Emit: IR → `TokenStream`, with `quote!` only. One small function per item; `format` turns the
//! tokens into text.

mod models;
mod validate;

use crate::ir::{Api, Ty};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Tokens of the whole generated module for `api`.
pub fn emit_api(api: &Api) -> TokenStream {
    let mut statics = validate::Statics::default();
    let types: Vec<TokenStream> = api
        .types
        .iter()
        .map(|t| {
            let model = models::emit_type(t);
            let schema = validate::emit_schema_impl(t, &mut statics);
            quote! { #model #schema }
        })
        .collect();
    let dispatcher = validate::emit_component_dispatcher(api);
    let statics = statics.emit();
    let module = ident(&api.module);
    let doc = doc_attrs(&api.doc);
    quote! {
        #doc
        pub mod #module {
            use ::openapi_forge_runtime as rt;
            #statics
            #(#types)*
            #dispatcher
        }
    }
}

/// `#[doc]` attributes, one per line, each with the leading space that makes it read `/// text`.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// An identifier; `r#name` spellings become raw identifiers.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Tokens of a Rust type expression.
pub(crate) fn ty_tokens(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::U64 => quote!(u64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(rt::serde_json::Value),
        Ty::Vec(inner) => {
            let inner = ty_tokens(inner);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Option(inner) => {
            let inner = ty_tokens(inner);
            quote!(Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty_tokens(inner);
            quote!(Box<#inner>)
        }
    }
}
