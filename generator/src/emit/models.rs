//! Model types: structs, string enums, unions and newtypes, with serde attributes for the exact wire
//! names and the spec's descriptions as doc comments.

use super::{doc_attrs, ident, ty_tokens};
use crate::ir::{Field, Shape, Ty, TypeDef, UnionVariant, Variant};
use proc_macro2::TokenStream;
use quote::quote;

const SERDE_CRATE: &str = "::openapi_forge_runtime::serde";

/// The model of one type.
pub fn emit_type(t: &TypeDef) -> TokenStream {
    match &t.shape {
        Shape::Struct(fields) => emit_struct(t, fields),
        Shape::Enum(variants) => emit_enum(t, variants),
        Shape::Union(variants) => emit_union(t, variants),
        Shape::Newtype(ty) => emit_newtype(t, ty),
    }
}

fn emit_struct(t: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&t.name);
    let doc = doc_attrs(&t.doc);
    let fields = fields.iter().map(emit_field);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
        #[serde(crate = #SERDE_CRATE)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_field(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let doc = doc_attrs(&f.doc);
    let ty = ty_tokens(&f.ty);
    let wire = &f.wire;
    let serde = if wire.is_empty() {
        quote!(#[serde(flatten)])
    } else {
        let rename = (f.name.trim_start_matches("r#") != wire).then(|| quote!(rename = #wire,));
        let optional = match (&f.ty, f.required) {
            (Ty::Option(_), false) => quote!(default, skip_serializing_if = "Option::is_none",),
            (Ty::Option(_), true) => quote!(default,),
            (Ty::Json, false) => quote!(default, skip_serializing_if = "rt::serde_json::Value::is_null",),
            _ => quote!(),
        };
        if rename.is_none() && optional.is_empty() {
            quote!()
        } else {
            quote!(#[serde(#rename #optional)])
        }
    };
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

fn emit_enum(t: &TypeDef, variants: &[Variant]) -> TokenStream {
    let name = ident(&t.name);
    let doc = doc_attrs(&t.doc);
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        let vdoc = doc_attrs(&format!("`{wire}`"));
        quote! {
            #vdoc
            #[serde(rename = #wire)]
            #variant,
        }
    });
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, rt::serde::Serialize, rt::serde::Deserialize)]
        #[serde(crate = #SERDE_CRATE)]
        #[allow(clippy::enum_variant_names)]
        pub enum #name {
            #(#decls)*
        }

        impl #name {
            /// The value on the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn emit_union(t: &TypeDef, variants: &[UnionVariant]) -> TokenStream {
    let name = ident(&t.name);
    let doc = doc_attrs(&t.doc);
    let decls = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = ty_tokens(&v.ty);
        let vdoc = doc_attrs(&format!("The value matched the `{}` branch.", v.name));
        quote! {
            #vdoc
            #variant(#ty),
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
        #[serde(crate = #SERDE_CRATE, untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#decls)*
        }
    }
}

fn emit_newtype(t: &TypeDef, ty: &Ty) -> TokenStream {
    let name = ident(&t.name);
    let doc = doc_attrs(&t.doc);
    let inner = ty_tokens(ty);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
        #[serde(crate = #SERDE_CRATE, transparent)]
        pub struct #name(pub #inner);
    }
}
