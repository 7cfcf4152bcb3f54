//! Request bodies in the handlers: the type the input holds (the media type's value, or the choice
//! enum of several), the statements reading it, and the form shapes that guide form reading.

use super::tokens::{doc_attrs, ident, ty_tokens};
use crate::ir::{Api, BodyMedia, BodyReader, FileField, FormShape, FormShapeRef, JsonType, Operation, RequestBody};
use crate::names::{field_name, Scope};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use std::collections::{HashMap, HashSet};

/// The constant names of the API's named form shapes (`FORM_CHARGE_PARAMS`), by type name.
pub type ShapeNames = HashMap<String, String>;

/// Names the form shapes of `api`, each unique.
pub fn shape_names(api: &Api) -> ShapeNames {
    let mut scope = Scope::default();
    api.form_shapes
        .iter()
        .map(|(name, _)| {
            let constant = scope.claim(&format!("form_{}", field_name(name).trim_start_matches("r#")));
            (name.clone(), constant.to_ascii_uppercase())
        })
        .collect()
}

/// The named form shapes that parameters read through and XML bodies are written by, with those
/// they nest: all a client needs (it writes forms from their values alone), while a server's
/// handlers read bodies through the rest.
pub fn client_shapes(api: &Api) -> HashSet<String> {
    reached_shapes(api, true)
}

/// The named shapes reached from the XML bodies (and, with `params`, from the parameters), with
/// those they nest.
fn reached_shapes(api: &Api, params: bool) -> HashSet<String> {
    fn named<'a>(shape: &'a FormShapeRef, out: &mut Vec<&'a str>) {
        match shape {
            FormShapeRef::Named(name) => out.push(name),
            FormShapeRef::Inline(inline) => nested(inline, out),
        }
    }
    fn nested<'a>(shape: &'a FormShape, out: &mut Vec<&'a str>) {
        let below = shape.items.iter().chain(shape.additional.iter()).map(|s| &**s);
        for s in below.chain(shape.properties.iter().map(|(_, s)| s)) {
            named(s, out);
        }
    }
    let mut pending = Vec::new();
    for op in api.operations.iter().chain(&api.webhooks) {
        if params {
            for param in op.params.iter().flat_map(|group| &group.params) {
                named(&param.shape, &mut pending);
            }
        }
        for shape in op.xml_shapes() {
            named(shape, &mut pending);
        }
    }
    let by_name: HashMap<&str, &FormShape> = api.form_shapes.iter().map(|(n, s)| (n.as_str(), s)).collect();
    let mut reached = HashSet::new();
    while let Some(name) = pending.pop() {
        if reached.insert(name.to_string()) {
            if let Some(shape) = by_name.get(name) {
                nested(shape, &mut pending);
            }
        }
    }
    reached
}

/// The statics holding the named form shapes (only those in `only`, when given).
pub fn emit_form_shapes(api: &Api, names: &ShapeNames, only: Option<&HashSet<String>>) -> TokenStream {
    let kept = api.form_shapes.iter().filter(|(name, _)| only.is_none_or(|only| only.contains(name)));
    let xml = reached_shapes(api, false);
    let items = kept.map(|(name, shape)| {
        let constant = ident(&names[name]);
        let doc = match name.split_once('.') {
            Some((params, param)) => format!("How the `{param}` parameter of [`{params}`] is read."),
            None if xml.contains(name) => format!("How a form or an XML body is read into [`{name}`]."),
            None => format!("How a form is read into [`{name}`]."),
        };
        let doc = doc_attrs(&doc);
        let shape = shape_tokens(shape, names);
        quote!(#doc static #constant: rt::form::FormShape = #shape;)
    });
    quote!(#(#items)*)
}

fn shape_tokens(shape: &FormShape, names: &ShapeNames) -> TokenStream {
    let kinds: Vec<TokenStream> = shape
        .kinds
        .iter()
        .filter_map(|kind| match kind {
            JsonType::String => Some(quote!(rt::form::FormShape::STRING)),
            JsonType::Integer => Some(quote!(rt::form::FormShape::INTEGER)),
            JsonType::Number => Some(quote!(rt::form::FormShape::NUMBER)),
            JsonType::Boolean => Some(quote!(rt::form::FormShape::BOOLEAN)),
            JsonType::Array => Some(quote!(rt::form::FormShape::ARRAY)),
            JsonType::Object => Some(quote!(rt::form::FormShape::OBJECT)),
            // Text never reads as null: a form has no null to guide.
            JsonType::Null => None,
        })
        .collect();
    let kinds = if kinds.is_empty() { quote!(0) } else { quote!(#(#kinds)|*) };
    if shape.items.is_none() && shape.properties.is_empty() && shape.additional.is_none() && shape.xml.is_none() {
        return quote!(rt::form::FormShape::of(#kinds));
    }
    let items = shape.items.as_ref().map_or(quote!(None), |s| {
        let s = shape_ref_tokens(s, names);
        quote!(Some(#s))
    });
    let properties = shape.properties.iter().map(|(name, s)| {
        let s = shape_ref_tokens(s, names);
        quote!((#name, #s))
    });
    let additional = shape.additional.as_ref().map_or(quote!(None), |s| {
        let s = shape_ref_tokens(s, names);
        quote!(Some(#s))
    });
    let xml = shape.xml.as_ref().map_or(quote!(None), |xml| {
        let name = xml.name.as_ref().map_or(quote!(None), |name| quote!(Some(#name)));
        let (attribute, wrapped) = (xml.attribute, xml.wrapped);
        quote!(Some(&rt::form::XmlNaming { name: #name, attribute: #attribute, wrapped: #wrapped }))
    });
    quote! {
        rt::form::FormShape {
            kinds: #kinds,
            items: #items,
            properties: &[#(#properties),*],
            additional: #additional,
            xml: #xml,
        }
    }
}

pub fn shape_ref_tokens(shape: &FormShapeRef, names: &ShapeNames) -> TokenStream {
    match shape {
        FormShapeRef::Named(name) => match names.get(name) {
            Some(constant) => {
                let constant = ident(constant);
                quote!(&#constant)
            }
            None => quote!(&rt::form::FormShape::ANY),
        },
        FormShapeRef::Inline(shape) => {
            // The shapes of one scalar type are the runtime's own statics.
            let shared = match shape.kinds.as_slice() {
                _ if !shape.is_scalar() => None,
                [JsonType::String] => Some(quote!(STRING)),
                [JsonType::Integer] => Some(quote!(INTEGER)),
                [JsonType::Number] => Some(quote!(NUMBER)),
                [JsonType::Boolean] => Some(quote!(BOOLEAN)),
                _ => Some(quote!(ANY)),
            };
            if let Some(shared) = shared {
                return quote!(&rt::form::shapes::#shared);
            }
            let shape = shape_tokens(shape, names);
            quote!(&#shape)
        }
    }
}

/// The type of one media type's value.
fn media_ty(media: &BodyMedia) -> TokenStream {
    match &media.reader {
        BodyReader::Json(ty)
        | BodyReader::Yaml(ty)
        | BodyReader::Xml { ty, .. }
        | BodyReader::Form { ty, .. }
        | BodyReader::Text(ty) => ty_tokens(ty),
        BodyReader::Multipart { ty, .. } => {
            let ty = ty_tokens(ty);
            quote!(rt::http::Multipart<#ty>)
        }
        BodyReader::Bytes => quote!(rt::http::Bytes),
    }
}

/// The type of the input's `body` field.
pub fn body_ty(body: &RequestBody) -> TokenStream {
    let ty = match (&body.choice, body.media.as_slice()) {
        (Some(choice), _) => {
            let choice = ident(choice);
            quote!(#choice)
        }
        (None, [media]) => media_ty(media),
        (None, _) => quote!(rt::http::Bytes),
    };
    if body.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The choice enum of a body with several media types.
pub fn emit_choice(op: &Operation) -> TokenStream {
    let Some(body) = &op.body else { return quote!() };
    let Some(choice) = &body.choice else { return quote!() };
    let name = ident(choice);
    let doc = doc_attrs(&format!("The request body of `{}`, by the media type it was sent as.", op.id));
    let variants = body.media.iter().map(|media| {
        let variant = ident(&media.variant);
        let ty = media_ty(media);
        let doc = doc_attrs(&format!("Sent as `{}`.", media.media_type));
        quote!(#doc #variant(#ty),)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// True when the operation takes `multipart/form-data` among its media types.
pub fn is_multipart(body: &RequestBody) -> bool {
    multipart_media(body).is_some()
}

/// The `multipart/form-data` media type of the body, when it has one: its index among the body's
/// media types, the shape its fields are read with, and its file properties.
fn multipart_media(body: &RequestBody) -> Option<(usize, &FormShapeRef, &[FileField])> {
    body.media.iter().enumerate().find_map(|(at, media)| match &media.reader {
        BodyReader::Multipart { shape, files, .. } => Some((at, shape, files.as_slice())),
        _ => None,
    })
}

/// How the body is read into `raw`, as the builder calls that end an `rt::http::Admission`: its
/// bytes, or for an operation that takes `multipart/form-data`, the parts of such a body parsed as
/// they arrive, by the `static MULTIPART` that comes first (`keep_bytes`: the bytes too, for
/// `verify_body`).
pub fn body_read(body: &RequestBody, names: &ShapeNames, keep_bytes: bool) -> (TokenStream, TokenStream) {
    let media = body.media.iter().map(|m| &m.media_type);
    let limit = body.limit.map(|limit| {
        let limit = Literal::u64_unsuffixed(limit);
        quote!(.limit(#limit))
    });
    let (plan, plan_ref) = match multipart_media(body) {
        None => (quote!(), quote!()),
        Some((at, shape, files)) => {
            let at = Literal::usize_unsuffixed(at);
            let shape = shape_ref_tokens(shape, names);
            let files = files.iter().map(|file| {
                let (name, many, media) = (&file.name, file.many, &file.media);
                quote!(rt::http::FileField { name: #name, many: #many, media: &[#(#media),*] })
            });
            let plan = quote! {
                /// How a `multipart/form-data` body is parsed as it arrives.
                static MULTIPART: rt::http::MultipartPlan =
                    rt::http::MultipartPlan { shape: #shape, files: &[#(#files),*], media: #at, keep_bytes: #keep_bytes };
            };
            (plan, quote!(.multipart(&MULTIPART)))
        }
    };
    // A range read as JSON (`*/*` with a schema) refuses the formats it cannot be, by name
    // (`rt::http::Admission::ranges_as_json`).
    let mut ranges = body.media.iter().filter(|m| m.media_type.contains('*')).peekable();
    let json_ranges = ranges.peek().is_some() && ranges.all(|m| matches!(m.reader, BodyReader::Json(_)));
    let ranges_as_json = json_ranges.then(|| quote!(.ranges_as_json()));
    (plan, quote!(.body(&[#(#media),*]) #ranges_as_json #limit #plan_ref))
}

/// The expression reading the body from `raw`, of the input field's type wrapped in the `Option`
/// that says whether it was read. An optional body that was not sent is `None`; what "not sent"
/// means is the reader's (see `RawBody::is_absent`).
pub fn read_body(body: &RequestBody, names: &ShapeNames) -> TokenStream {
    let optional = !body.required;
    match (&body.choice, body.media.as_slice()) {
        (None, [media]) => {
            let read = read_media(media, names);
            match optional {
                true => {
                    let absent = absent(media);
                    quote!(if #absent { Some(None) } else { #read.map(Some) })
                }
                false => read,
            }
        }
        (choice, media) => {
            let choice = ident(choice.as_deref().unwrap_or("Body"));
            let last = media.len().saturating_sub(1);
            let arms = media.iter().enumerate().map(|(at, m)| {
                let read = read_media(m, names);
                let variant = ident(&m.variant);
                let pattern = if at == last { quote!(_) } else { Literal::usize_unsuffixed(at).into_token_stream() };
                match optional {
                    true => {
                        let absent = absent(m);
                        quote!(#pattern => if #absent { Some(None) } else { #read.map(|body| Some(#choice::#variant(body))) },)
                    }
                    false => quote!(#pattern => #read.map(#choice::#variant),),
                }
            });
            quote!(match raw.media() { #(#arms)* })
        }
    }
}

/// Whether no body of `media` was sent: zero bytes are no JSON, YAML or XML document and no multipart
/// body, but with a `Content-Type` they are an empty form, text or bytes.
fn absent(media: &BodyMedia) -> TokenStream {
    match media.reader {
        BodyReader::Json(_) | BodyReader::Yaml(_) | BodyReader::Xml { .. } | BodyReader::Multipart { .. } => {
            quote!(raw.is_empty())
        }
        BodyReader::Form { .. } | BodyReader::Text(_) | BodyReader::Bytes => quote!(raw.is_absent()),
    }
}

/// True when [`read_body`] is a `match` or an `if`.
pub fn ends_in_block(body: Option<&RequestBody>) -> bool {
    body.is_some_and(|body| body.choice.is_some() || !body.required)
}

fn read_media(media: &BodyMedia, names: &ShapeNames) -> TokenStream {
    match &media.reader {
        BodyReader::Json(ty) => {
            let ty = ty_tokens(ty);
            quote!(request.json::<#ty>(&raw))
        }
        BodyReader::Form { ty, shape, delimited } => {
            let ty = ty_tokens(ty);
            let shape = shape_ref_tokens(shape, names);
            let delimited = delimited.iter().map(|(name, delimiter)| quote!((#name, #delimiter)));
            quote!(request.form::<#ty>(&raw, #shape, &[#(#delimited),*]))
        }
        BodyReader::Text(ty) => {
            let ty = ty_tokens(ty);
            quote!(request.text::<#ty>(&raw))
        }
        BodyReader::Yaml(ty) => {
            let ty = ty_tokens(ty);
            quote!(request.yaml::<#ty>(&raw))
        }
        BodyReader::Xml { ty, shape, .. } => {
            let ty = ty_tokens(ty);
            let shape = shape_ref_tokens(shape, names);
            quote!(request.xml::<#ty>(&raw, #shape))
        }
        BodyReader::Multipart { ty, .. } => {
            let ty = ty_tokens(ty);
            quote!(request.multipart::<#ty>(&mut raw))
        }
        BodyReader::Bytes => quote!(request.bytes(&raw)),
    }
}
