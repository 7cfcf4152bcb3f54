//! Credentials: the enum of what a caller may present for an operation, how the router reads it
//! from a request, and where each scheme travels (shared with the client).

use super::tokens::{doc_attrs, ident};
use crate::ir::{CredentialSource, Security};
use proc_macro2::TokenStream;
use quote::quote;

/// The credential enum of `security` and how the router reads it from a request.
pub(super) fn emit_credential(security: &Security) -> TokenStream {
    let name = ident(&security.type_name);
    let variants = security.alternatives.iter().map(|alt| {
        let variant = ident(&alt.variant);
        let doc = doc_attrs(&format!(
            "Credentials of the security scheme(s) {}.",
            alt.parts.iter().map(|(_, scheme, _)| format!("`{scheme}`")).collect::<Vec<_>>().join(" and ")
        ));
        let fields = alt.parts.iter().map(|(field, scheme, source)| {
            let field = ident(field);
            let doc = doc_attrs(&format!("`{scheme}`: {source}."));
            quote!(#doc #field: String,)
        });
        quote! {
            #doc
            #variant { #(#fields)* },
        }
    });
    let read = emit_credential_read(security);
    quote! {
        /// The credentials a caller presented, one variant per accepted security alternative.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum #name {
            #(#variants)*
        }

        impl rt::http::Credentials for #name {
            fn read(
                request: &rt::http::Incoming,
            ) -> Result<Option<Self>, rt::http::CredentialFault> {
                #read
            }
        }
    }
}

/// The body of `Credentials::read`: the alternatives in the spec's order; the first whose every
/// part is present is taken. A part of an alternative being tried that is present but unreadable or
/// ambiguous refuses the request: it never falls through to the next alternative.
fn emit_credential_read(security: &Security) -> TokenStream {
    let branches = security.alternatives.iter().map(|alt| {
        let variant = ident(&alt.variant);
        let fields: Vec<_> = alt.parts.iter().map(|(field, _, _)| ident(field)).collect();
        let lookups: Vec<TokenStream> = alt
            .parts
            .iter()
            .map(|(_, _, source)| {
                let source = credential_source(source);
                quote!(request.credential_part(#source)?)
            })
            .collect();
        let (pattern, scrutinee) = match (fields.as_slice(), lookups.as_slice()) {
            ([field], [lookup]) => (quote!(Some(#field)), lookup.clone()),
            _ => (quote!((#(Some(#fields),)*)), quote!((#(#lookups,)*))),
        };
        quote! {
            if let #pattern = #scrutinee {
                return Ok(Some(Self::#variant { #(#fields),* }));
            }
        }
    });
    quote!(#(#branches)* Ok(None))
}

pub(super) fn credential_source(source: &CredentialSource) -> TokenStream {
    match source {
        CredentialSource::Header(name) => quote!(rt::http::CredentialSource::Header(#name)),
        CredentialSource::Query(name) => quote!(rt::http::CredentialSource::Query(#name)),
        CredentialSource::Cookie(name) => quote!(rt::http::CredentialSource::Cookie(#name)),
        CredentialSource::Bearer => quote!(rt::http::CredentialSource::Bearer),
        CredentialSource::Basic => quote!(rt::http::CredentialSource::Basic),
        CredentialSource::Authorization(scheme) => quote!(rt::http::CredentialSource::Authorization(#scheme)),
    }
}
