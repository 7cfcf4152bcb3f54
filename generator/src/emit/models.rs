//! Model types: structs, string enums, unions and newtypes, with serde attributes for the exact wire
//! names and the spec's descriptions as doc comments.

use super::serde_impls;
use super::tokens::{doc_attrs, ident, ty_tokens};
use crate::ir::{DefaultValue, Field, Shape, Ty, TypeDef, UnionVariant, Variant};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

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

/// What the model adds to the type's `Schema` impl: the object reader of a struct whose
/// `Deserialize` is written.
pub fn schema_members(t: &TypeDef) -> TokenStream {
    match &t.shape {
        Shape::Struct(fields) if serde_impls::writes_struct_impls(fields) => {
            let default_fn = |f: &Field| f.default.as_ref().map(|_| default_fn_name(f));
            serde_impls::object_reader(t, fields, default_fn)
        }
        _ => TokenStream::new(),
    }
}

/// A type identical to `target`: its own name and doc, `target`'s definition.
pub fn emit_alias(t: &TypeDef, target: &str) -> TokenStream {
    let (name, target) = (ident(&t.name), ident(target));
    let same = if matches!(t.shape, Shape::Enum(_)) { "values" } else { "fields" };
    let doc = doc_attrs(&format!("{}\n\nThe same {same} as [`{target}`], so the same type.", t.doc));
    quote! {
        #doc
        pub type #name = #target;
    }
}

fn emit_struct(t: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&t.name);
    let doc = doc_attrs(&t.doc);
    // Each default is a function of the type's own: named after the field alone, it cannot meet
    // another type's (`A` + `b_c` and `A_b` + `c` would both be `default_a_b_c` at module level).
    let default_fns: Vec<TokenStream> = fields.iter().filter_map(|f| emit_default_fn(t, f)).collect();
    let defaults = (!default_fns.is_empty()).then(|| {
        quote! {
            impl #name {
                #(#default_fns)*
            }
        }
    });
    // A struct without flattened fields gets written serde impls (a fifth of the derives' code);
    // the others derive them, with one serde attribute per field that needs one.
    if serde_impls::writes_struct_impls(fields) {
        let serialize = serde_impls::struct_serialize(t, fields);
        let deserialize = serde_impls::struct_deserialize(t);
        let fields = fields.iter().map(|f| {
            let (name, doc, ty) = (ident(&f.name), doc_attrs(&f.doc), ty_tokens(&f.ty));
            quote!(#doc pub #name: #ty,)
        });
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq)]
            pub struct #name {
                #(#fields)*
            }

            #serialize

            #deserialize

            #defaults
        };
    }
    // A flattened field: serde's `deny_unknown_fields` does not work beside one, so such a struct
    // is never closed to serde (the validator still refuses what `additionalProperties` refuses).
    // `Serialize` is derived; `Deserialize` is written unless a map takes the undeclared keys.
    let written = serde_impls::writes_flattened_deserialize(fields);
    let (derive, deserialize) = if written {
        let default_fn = |f: &Field| f.default.as_ref().map(|_| default_fn_name(f));
        (quote!(rt::serde::Serialize), serde_impls::flattened_deserialize(t, fields, default_fn))
    } else {
        (quote!(rt::serde::Serialize, rt::serde::Deserialize), quote!())
    };
    let fields = fields.iter().map(|f| emit_field(t, f, !written));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #derive)]
        #[serde(crate = #SERDE_CRATE)]
        pub struct #name {
            #(#fields)*
        }

        #deserialize

        #defaults
    }
}

/// The name of the type's function that gives field `f`'s default.
fn default_fn_name(f: &Field) -> String {
    format!("default_{}", f.name.trim_start_matches("r#"))
}

/// The function serde calls for an absent property with a default.
fn emit_default_fn(t: &TypeDef, f: &Field) -> Option<TokenStream> {
    let default = f.default.as_ref()?;
    let name = ident(&default_fn_name(f));
    let ty = ty_tokens(&f.ty);
    let value = match (default, &f.ty) {
        (DefaultValue::Variant(variant), Ty::Named(enum_name)) => {
            let (enum_name, variant) = (ident(enum_name), ident(variant));
            quote!(#enum_name::#variant)
        }
        (DefaultValue::Literal(Value::String(s)), _) => quote!(String::from(#s)),
        (DefaultValue::Literal(Value::Bool(b)), _) => quote!(#b),
        (DefaultValue::Literal(Value::Number(n)), Ty::F32 | Ty::F64) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0));
            quote!(#lit)
        }
        // A negative default is the negation of its magnitude's literal (a literal token holds no
        // sign), which also writes `i64::MIN`.
        (DefaultValue::Literal(Value::Number(n)), _) => match n.as_i64() {
            Some(i) if i < 0 => {
                let lit = proc_macro2::Literal::u64_unsuffixed(i.unsigned_abs());
                quote!(-#lit)
            }
            Some(i) => {
                let lit = proc_macro2::Literal::i64_unsuffixed(i);
                quote!(#lit)
            }
            None => {
                let lit = proc_macro2::Literal::u64_unsuffixed(n.as_u64().unwrap_or(0));
                quote!(#lit)
            }
        },
        _ => return None,
    };
    let doc = doc_attrs(&format!("The default of `{}.{}`.", t.schema_name, f.wire));
    Some(quote! {
        #doc
        fn #name() -> #ty {
            #value
        }
    })
}

/// A field of a struct whose `Serialize` is derived, with its serde attribute; what reading needs
/// too when `Deserialize` is `derived` as well.
fn emit_field(t: &TypeDef, f: &Field, derived: bool) -> TokenStream {
    let name = ident(&f.name);
    let doc = doc_attrs(&f.doc);
    let ty = ty_tokens(&f.ty);
    let wire = &f.wire;
    let serde = if f.flattened {
        quote!(#[serde(flatten)])
    } else {
        let rename = (f.name.trim_start_matches("r#") != wire).then(|| quote!(rename = #wire));
        let default_fn = f.default.as_ref().map(|_| default_fn_name(f));
        // What reading needs, then what writing needs.
        // What reading needs; what writing needs is the rule the written impls share.
        let read = match (&f.ty, f.required) {
            _ if default_fn.is_some() => {
                // serde calls it from its own visitor, where `Self` is not this type.
                let path = format!("{}::{}", t.name, default_fn.unwrap_or_default());
                Some(quote!(default = #path))
            }
            // `non_null`: present means a value, as the schema says, not `None` (see rt::non_null).
            (Ty::Option(_), false) if !f.nullable => {
                Some(quote!(default, deserialize_with = "rt::non_null::deserialize"))
            }
            (Ty::Option(_), _) | (Ty::Json, false) => Some(quote!(default)),
            _ => None,
        };
        let write = serde_impls::skipped(f).map(|skipped| match skipped {
            serde_impls::Skipped::WhenNone => quote!(skip_serializing_if = "Option::is_none"),
            serde_impls::Skipped::WhenNull => quote!(skip_serializing_if = "rt::Value::is_null"),
        });
        let read = read.filter(|_| derived);
        let parts: Vec<TokenStream> = [rename, read, write].into_iter().flatten().collect();
        // One attribute per field, whatever it holds (the formatter breaks a long one over lines).
        if parts.is_empty() {
            quote!()
        } else {
            quote!(#[serde(#(#parts),*)])
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
            #variant,
        }
    });
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let serde = serde_impls::string_enum(t);
    let wires = variants.iter().map(|v| &v.wire);
    let parses = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Ok(Self::#variant),)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#decls)*
        }

        impl #name {
            /// The values on the wire, in the spec's order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

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

        impl ::std::str::FromStr for #name {
            type Err = rt::UnknownValue;

            /// The variant whose wire value is `s` exactly.
            fn from_str(s: &str) -> Result<Self, rt::UnknownValue> {
                match s {
                    #(#parses)*
                    _ => Err(rt::UnknownValue { schema: <Self as rt::Schema>::NAME }),
                }
            }
        }

        #serde
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
    let Some(discriminator) = t.check.discriminator.as_ref().filter(|d| d.tags.iter().any(|(_, b)| b.is_some())) else {
        return quote! {
            #doc
            #[derive(Clone, Debug, PartialEq, rt::serde::Serialize, rt::serde::Deserialize)]
            #[serde(crate = #SERDE_CRATE, untagged)]
            pub enum #name {
                #(#decls)*
            }
        };
    };
    // Read by the tag (serde's untagged enum would take the first branch that fits, whatever the
    // tag says), falling back to the first that fits when the tag names no branch.
    let property = &discriminator.property;
    let tags = discriminator.tags.iter().map(|(tag, branch)| {
        let branch = branch.map_or(quote!(None), |b| {
            let b = Literal::usize_unsuffixed(b);
            quote!(Some(#b))
        });
        quote!((#tag, #branch))
    });
    let count = Literal::usize_unsuffixed(variants.len());
    let reads = variants.iter().enumerate().map(|(index, v)| {
        let index = Literal::usize_unsuffixed(index);
        let variant = ident(&v.name);
        quote!(#index => rt::read_branch(value).map(Self::#variant),)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, rt::serde::Serialize)]
        #[serde(crate = #SERDE_CRATE, untagged)]
        pub enum #name {
            #(#decls)*
        }
        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                rt::read_discriminated(input, #property, &[#(#tags),*], #count, |branch, value| match branch {
                    #(#reads)*
                    _ => None,
                })
            }
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
