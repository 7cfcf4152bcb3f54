//! The serde impls written in place of serde's derives where the derive costs more than the type
//! needs: both directions of a struct without flattened fields and of a string enum.
//! A derived struct `Deserialize` is about 225 lines of expanded code (an array reading, an
//! identifier enum and its visitor, a wrapper type per `deserialize_with` field, twice); the
//! written one reads an object with one `match` on the key and the runtime's generic helpers
//! (`rt::read_once` and its siblings, see the runtime's `serde_impls`), about a fifth of that.

use super::tokens::ident;
use crate::ir::{Field, Ty, TypeDef};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

/// True when a struct's `Serialize` and `Deserialize` are written here: it has no flattened field (serde's
/// flattening buffers the object, which only the derive does).
pub fn writes_struct_impls(fields: &[Field]) -> bool {
    fields.iter().all(|f| !f.flattened)
}

/// How a field's value is read and what its field gets when the object is done.
enum Reading {
    /// A value required by the schema: missing is an error.
    Required,
    /// Absent is the field's `Default` (`None`, or JSON `null`): an optional nullable property, a
    /// required nullable one (the validator reports its absence), or any JSON.
    OrDefault,
    /// An optional property that may not be `null`: present is `Some` of its value.
    Present,
    /// Absent is the spec's default, from the type's function of this name.
    DefaultFn(String),
}

fn reading(f: &Field, default_fn: Option<String>) -> Reading {
    if let Some(path) = default_fn {
        return Reading::DefaultFn(path);
    }
    match (&f.ty, f.required) {
        (Ty::Option(_), false) if !f.nullable => Reading::Present,
        (Ty::Option(_), _) | (Ty::Json, false) => Reading::OrDefault,
        _ => Reading::Required,
    }
}

/// True when a struct with flattened fields gets a written `Deserialize` (its `Serialize` stays
/// derived): every flattened field is an `allOf` branch of a named type, none is the map of
/// `additionalProperties`, whose share of the keys depends on the branches' own.
pub fn writes_flattened_deserialize(fields: &[Field]) -> bool {
    fields.iter().filter(|f| f.flattened).all(|f| matches!(f.ty, Ty::Named(_)))
}

/// `Deserialize` for a struct with `allOf` branches (see [`writes_flattened_deserialize`]): the
/// object is read once into a tree, each own property from it, and each branch from all of it.
pub fn flattened_deserialize(
    t: &TypeDef,
    fields: &[Field],
    default_fn: impl Fn(&Field) -> Option<String>,
) -> TokenStream {
    let name = ident(&t.name);
    let (object, map) = (fresh("object", fields), fresh("map", fields));
    let own: Vec<&Field> = fields.iter().filter(|f| !f.flattened).collect();
    let reads = own.iter().map(|f| {
        let (slot, wire) = (ident(&f.name), &f.wire);
        quote!(let #slot = rt::read_property(#map, #wire)?;)
    });
    let values = fields.iter().map(|f| {
        let slot = ident(&f.name);
        if f.flattened {
            quote!(#slot: rt::read_flattened(&#object)?)
        } else {
            field_value(f, default_fn(f))
        }
    });
    let map_binding = if own.is_empty() { quote!() } else { quote!(let #map = rt::as_object(&#object)?;) };
    let check_object = if own.is_empty() { quote!(rt::as_object::<D::Error>(&#object)?;) } else { quote!() };
    quote! {
        impl<'de> rt::Deserialize<'de> for #name {
            #[allow(clippy::disallowed_names)]
            fn deserialize<D: rt::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                let #object = <rt::Value as rt::Deserialize>::deserialize(input)?;
                #map_binding
                #check_object
                #(#reads)*
                Ok(#name { #(#values),* })
            }
        }
    }
}

/// The expression that fills a field of a written `Deserialize` from its slot (`Option` of what
/// was read), named as the field.
fn field_value(f: &Field, default_fn: Option<String>) -> TokenStream {
    let (slot, wire) = (ident(&f.name), &f.wire);
    match reading(f, default_fn) {
        Reading::Present => quote!(#slot),
        Reading::OrDefault => quote!(#slot: #slot.unwrap_or_default()),
        Reading::Required => quote!(#slot: rt::required(#slot, #wire)?),
        Reading::DefaultFn(path) => {
            let path = ident(&path);
            quote!(#slot: #slot.unwrap_or_else(Self::#path))
        }
    }
}

/// When a field is left out of the JSON written for its struct.
pub enum Skipped {
    /// An optional property (nullable or not) whose field is `None`.
    WhenNone,
    /// An optional property of any JSON whose value is `null`.
    WhenNull,
}

/// The rule for every struct, derived or written: an absent optional property stays absent.
pub fn skipped(f: &Field) -> Option<Skipped> {
    match (&f.ty, f.required) {
        _ if f.default.is_some() => None,
        (Ty::Option(_), false) => Some(Skipped::WhenNone),
        (Ty::Json, false) => Some(Skipped::WhenNull),
        _ => None,
    }
}

/// `Serialize` for a struct of named fields (see [`writes_struct_impls`]): the properties in
/// the spec's order, each under its wire name, an absent optional one left out.
pub fn struct_serialize(t: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = ident(&t.name);
    let struct_name = &t.name;
    let always = fields.iter().filter(|f| skipped(f).is_none()).count();
    let optional: Vec<TokenStream> = fields
        .iter()
        .filter(|f| skipped(f).is_some())
        .map(|f| {
            let field = ident(&f.name);
            quote!(rt::Present::is_present(&self.#field))
        })
        .collect();
    let always_lit = proc_macro2::Literal::usize_unsuffixed(always);
    let len = match (always, optional.is_empty()) {
        (_, true) => always_lit.into_token_stream(),
        (0, false) => quote!(rt::count_present(&[#(#optional),*])),
        _ => quote!(#always_lit + rt::count_present(&[#(#optional),*])),
    };
    let writes = fields.iter().map(|f| {
        let (field, wire) = (ident(&f.name), &f.wire);
        match skipped(f) {
            None => quote!(object.serialize_field(#wire, &self.#field)?;),
            Some(_) => quote!(rt::write_present(&mut object, #wire, &self.#field)?;),
        }
    });
    let body = if fields.is_empty() {
        quote!(rt::SerializeStruct::end(output.serialize_struct(#struct_name, 0)?))
    } else {
        quote! {
            use rt::SerializeStruct as _;
            let mut object = output.serialize_struct(#struct_name, #len)?;
            #(#writes)*
            object.end()
        }
    };
    quote! {
        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// `name`, or `name_`, `name__`, ... : the first that no field of the struct is called.
fn fresh(name: &str, fields: &[Field]) -> Ident {
    let mut candidate = name.to_string();
    while fields.iter().any(|f| f.name == candidate) {
        candidate.push('_');
    }
    ident(&candidate)
}

/// `Deserialize` for a struct of named fields (see [`writes_struct_impls`]): the runtime's one
/// object visitor, which calls the struct's [`object_reader`].
pub fn struct_deserialize(t: &TypeDef) -> TokenStream {
    let name = ident(&t.name);
    quote! {
        impl<'de> rt::Deserialize<'de> for #name {
            fn deserialize<D: rt::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                rt::deserialize_object(input)
            }
        }
    }
}

/// The `FIELDS` and `read_object` members of a struct's `Schema` impl (see [`writes_struct_impls`]): its
/// properties read from an object; `default_fn` names the function that gives a field's spec
/// default. It lives in the `Schema` impl every struct has, not in a visitor of its own: one impl
/// per struct fewer for rustc to check (the runtime's `Schema::read_object` says why).
pub fn object_reader(t: &TypeDef, fields: &[Field], default_fn: impl Fn(&Field) -> Option<String>) -> TokenStream {
    let (map, key) = (fresh("map", fields), fresh("key", fields));
    let slots: Vec<Ident> = fields.iter().map(|f| ident(&f.name)).collect();
    let arms = fields.iter().zip(&slots).map(|(f, slot)| {
        let wire = &f.wire;
        quote!(#wire => rt::read_once(&mut #map, &mut #slot),)
    });
    let values = fields.iter().map(|f| field_value(f, default_fn(f)));
    // `additionalProperties: false`: an undeclared property is refused, as the validator does,
    // naming the declared ones.
    // Names a pattern of `patternProperties` matches are allowed beside the declared ones: the
    // validator decides on them, and the typed read skips them.
    let patterned = t.check.applied.as_ref().is_some_and(|a| !a.pattern_properties.is_empty());
    let closed = t.check.additional == crate::ir::Additional::Forbidden && !patterned;
    let wires = fields.iter().map(|f| f.wire.as_str());
    let read = match (fields.is_empty(), closed) {
        (true, true) => quote! {
            if let Some(#key) = #map.next_key::<rt::Key<'de>>()? {
                return Err(rt::undeclared_property(&#key, Self::FIELDS));
            }
        },
        (true, false) => quote! {
            while #map.next_key::<rt::Key<'de>>()?.is_some() {
                rt::skip_value(&mut #map)?;
            }
        },
        (false, _) => {
            let other = if closed {
                quote!(_ => Err(rt::undeclared_property(&#key, Self::FIELDS)),)
            } else {
                quote!(_ => rt::skip_value(&mut #map),)
            };
            // One `?` for the match, not one per arm: each is a branch of its own in the MIR that
            // rustc checks and keeps for every struct.
            quote! {
                while let Some(#key) = #map.next_key::<rt::Key<'de>>()? {
                    match #key.as_str() {
                        #(#arms)*
                        #other
                    }?;
                }
            }
        }
    };
    quote! {
        // The locals are named after the fields, whose names the spec chose.
        const FIELDS: &'static [&'static str] = &[#(#wires),*];
        #[allow(clippy::disallowed_names)]
        fn read_object<'de, A: rt::MapAccess<'de>>(mut #map: A) -> Result<Self, A::Error> {
            #(let mut #slots = None;)*
            #read
            Ok(Self { #(#values),* })
        }
    }
}

/// `Serialize` and `Deserialize` of a string enum: its wire value, through `as_str` and `FromStr`.
pub fn string_enum(t: &TypeDef) -> TokenStream {
    let name = ident(&t.name);
    quote! {
        impl rt::Serialize for #name {
            fn serialize<S: rt::Serializer>(&self, output: S) -> Result<S::Ok, S::Error> {
                output.serialize_str(self.as_str())
            }
        }

        impl<'de> rt::Deserialize<'de> for #name {
            /// From a JSON string that is one of the wire values exactly.
            fn deserialize<D: rt::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                rt::string_enum(input)
            }
        }
    }
}
