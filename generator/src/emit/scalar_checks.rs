//! The checks of number keywords and the texts of scalar ones, which need no statics: shared by the
//! tree validators ([`super::validate`]) and the typed ones ([`super::fast`]).

use super::tokens::{ident, integer_format_tokens};
use crate::ir::{Check, IntegerFormat, JsonType, Limit};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// The number keywords on `n` (a JSON number or a typed one); `format` is the
/// integer format to check (the schema's, or none where the Rust type already holds the value to it).
pub(super) fn number_checks(check: &Check, format: Option<IntegerFormat>, n: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(format) = format {
        let format = integer_format_tokens(format);
        out.extend(quote!(rt::check_integer_format(#n, #format, path, out);));
    }
    if check.float32 {
        out.extend(quote!(rt::check_float32(#n, path, out);));
    }
    if let Some((limit, exclusive)) = check.minimum {
        let limit = limit_tokens(limit);
        out.extend(quote!(rt::check_minimum(#n, #limit, #exclusive, path, out);));
    }
    if let Some((limit, exclusive)) = check.maximum {
        let limit = limit_tokens(limit);
        out.extend(quote!(rt::check_maximum(#n, #limit, #exclusive, path, out);));
    }
    if let Some(divisor) = check.multiple_of {
        let divisor = float(divisor);
        out.extend(quote!(rt::check_multiple_of(#n, #divisor, path, out);));
    }
    out
}

pub(super) fn json_type_tokens(ty: JsonType) -> TokenStream {
    let variant = ident(&format!("{ty:?}"));
    quote!(rt::JsonType::#variant)
}

pub(super) fn float(v: f64) -> TokenStream {
    if v.is_finite() {
        let lit = Literal::f64_unsuffixed(v);
        quote!(#lit)
    } else {
        quote!(f64::NAN)
    }
}

/// A `minimum`/`maximum`: a float literal where a float holds it exactly, else the integer as
/// written (`18014398509481983i64`), which the runtime compares exactly.
fn limit_tokens(limit: Limit) -> TokenStream {
    match limit {
        Limit::Integer(i) if !limit.is_exact_float() => {
            let lit = Literal::i64_suffixed(i);
            quote!(#lit)
        }
        _ => float(limit.as_f64()),
    }
}

/// The allowed values of an enum as a violation message lists them (`rt::check_string_enum` lists a
/// string enum's variants by the same rule).
pub(super) fn allowed_text(values: &[Value]) -> String {
    let listed = values
        .iter()
        .map(|v| match v {
            Value::String(s) => format!("`{s}`"),
            other => format!("`{other}`"),
        })
        .collect::<Vec<_>>();
    if listed.len() <= 12 {
        listed.join(", ")
    } else {
        format!("the {} values of the enum", listed.len())
    }
}
