//! Validators: one `rt::Schema` impl per type, checking a JSON value against every keyword of its
//! schema and reporting all violations. The checks for one JSON kind sit in one `match` arm, so a
//! value pays only for the keywords of its own type; patterns are compiled once, in statics.

use super::applied::{applied_tokens, Emitters};
use super::scalar_checks::{allowed_text, float, json_type_tokens, number_checks};
use super::tokens::{direction_tokens, doc_attrs, format_tokens, ident, opt_u64, value_binding};
use super::unevaluated::{self, Leftover};
use crate::ir::{Additional, Api, Check, JsonType, TypeDef};
use indexmap::IndexSet;
use openapi_forge_runtime::format::pattern_reading;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

/// Statics the validators share: compiled patterns and complex enum values, each once. They are
/// numbered in the order a walk over the API's checks first meets them, before anything is emitted,
/// so that items can be emitted in any order and on any thread.
#[derive(Default)]
pub struct Statics {
    patterns: IndexSet<String>,
    json_values: IndexSet<String>,
    /// The spec uses `unevaluatedProperties` or `unevaluatedItems`: checks record what they
    /// evaluate (see [`super::unevaluated`]).
    annotations: bool,
}

impl Statics {
    /// Every pattern and complex enum value of `api`'s checks.
    pub fn collect(api: &Api) -> Self {
        let annotations = api.types.iter().any(|t| unevaluated::used_in(&t.check));
        let mut statics = Statics { annotations, ..Statics::default() };
        for t in &api.types {
            statics.visit(&t.check);
        }
        statics
    }

    fn visit(&mut self, check: &Check) {
        // Each kind's keywords apply to values of that kind only: a check typed otherwise never
        // reads them (a `pattern` beside `type: number`, `items` beside `type: string`, as real
        // specs write), and what no check reads must not become an unused static.
        let reads = |kind: JsonType| check.ty.is_none_or(|ty| ty == kind);
        if let Some(pattern) = check.pattern.as_ref().filter(|_| reads(JsonType::String)) {
            self.patterns.insert(pattern.clone());
        }
        let complex = check.enumeration.iter().flatten().filter(|v| v.is_array() || v.is_object());
        for value in complex {
            self.json_values.insert(value.to_string());
        }
        let items = check.items.iter().map(|c| &**c).chain(&check.prefix_items).filter(|_| reads(JsonType::Array));
        let additional = match &check.additional {
            Additional::Schema(schema) => Some(&**schema),
            _ => None,
        };
        let members = check.properties.iter().map(|(_, c)| c).chain(additional).filter(|_| reads(JsonType::Object));
        let composed = check.all_of.iter().chain(&check.any_of).chain(&check.one_of).chain(check.not.as_deref());
        // With annotations, every pattern is recorded as what its property evaluates.
        let patterns_read = (reads(JsonType::Object) && additional_read(check, self.annotations)) || self.annotations;
        for (pattern, schema) in check.applied.iter().flat_map(|a| &a.pattern_properties) {
            if patterns_read || !emits_nothing(schema, self.annotations) {
                self.patterns.insert(pattern.clone());
            }
        }
        let annotations = self.annotations;
        let applied = check.applied.as_deref().into_iter().flat_map(|a| {
            let (contains, names) = (a.contains.as_ref().map(|(c, _, _)| c), a.property_names.as_ref());
            let patterned = a.pattern_properties.iter().map(|(_, c)| c);
            let dependent = a.dependent_schemas.iter().map(|(_, c)| c);
            // `if` is emitted only when `then` or `else` asks something, or for what it evaluates.
            let decides = |(_, t, e): &&(Check, Option<Check>, Option<Check>)| {
                annotations || t.iter().chain(e).any(|branch| !emits_nothing(branch, annotations))
            };
            let conditional =
                a.conditional.iter().filter(decides).flat_map(|(i, t, e)| std::iter::once(i).chain(t).chain(e));
            let leftovers = a.unevaluated_properties.iter().chain(&a.unevaluated_items);
            contains.into_iter().chain(names).chain(patterned).chain(dependent).chain(conditional).chain(leftovers)
        });
        for child in items.chain(members).chain(composed).chain(applied) {
            self.visit(child);
        }
    }

    /// The static of `source`. The walk in [`Statics::collect`] visits every check, so a miss is a
    /// generator bug: it fails the generated code's compilation, loudly, rather than compile a
    /// pattern on every call.
    pub(crate) fn pattern(&self, source: &str) -> TokenStream {
        match self.patterns.get_index_of(source) {
            Some(index) => {
                let name = format_ident!("PATTERN_{}", index);
                quote!(#name)
            }
            None => quote!(compile_error!("openapi-forge bug: a pattern was not collected")),
        }
    }

    fn json_value(&self, value: &Value) -> TokenStream {
        match self.json_values.get_index_of(&value.to_string()) {
            Some(index) => {
                let name = format_ident!("ENUM_VALUE_{}", index);
                quote!(&#name)
            }
            None => quote!(compile_error!("openapi-forge bug: an enum value was not collected")),
        }
    }

    /// The static declarations.
    pub fn emit(&self) -> TokenStream {
        let patterns = self.patterns.iter().enumerate().map(|(i, source)| {
            let name = format_ident!("PATTERN_{}", i);
            // The check phase refused a pattern that compiles in no reading.
            let (compiled, flags) = pattern_reading(source).unwrap_or((source.as_str().into(), "u"));
            if compiled == source.as_str() {
                let doc = doc_attrs(&format!("The pattern `{source}`, compiled on first use."));
                return quote! {
                    #doc
                    static #name: rt::Pattern = rt::Pattern::new(#source, #flags);
                };
            }
            let doc = doc_attrs(&format!(
                "The pattern `{source}`, compiled on first use as `{compiled}` (Java's POSIX classes as ECMA-262 classes)."
            ));
            let compiled = compiled.as_ref();
            quote! {
                #doc
                static #name: rt::Pattern = rt::Pattern::read_as(#source, #compiled, #flags);
            }
        });
        let values = self.json_values.iter().enumerate().map(|(i, json)| {
            let name = format_ident!("ENUM_VALUE_{}", i);
            let doc = doc_attrs(&format!("The enum value `{json}`."));
            quote! {
                #doc
                static #name: ::std::sync::LazyLock<rt::Value> = ::std::sync::LazyLock::new(|| {
                    rt::serde_json::from_str(#json).unwrap_or_default()
                });
            }
        });
        quote!(#(#patterns)* #(#values)*)
    }
}

/// `impl rt::Schema for Type`, with `members` from the typed plan and the model.
pub fn emit_schema_impl(t: &TypeDef, statics: &Statics, members: TokenStream) -> TokenStream {
    let name = ident(&t.name);
    let schema_name = &t.schema_name;
    if object_only(&t.check) {
        // The trait's default `validate` checks that the value is an object.
        let body = object_checks(&t.check, statics);
        // Every object check reads the map and reports at the path into `out`.
        let validate = (!body.is_empty())
            .then(|| quote!(fn validate_object(map: &rt::Map, path: &rt::Path, out: &mut rt::Violations) { #body }));
        return quote! {
            impl rt::Schema for #name {
                const NAME: &'static str = #schema_name;
                #validate
                #members
            }
        };
    }
    let body = if is_plain_string_enum(t) {
        quote!(rt::check_string_enum(value, Self::VALUES, path, out);)
    } else {
        check_tokens(&t.check, statics, true)
    };
    let params = if body.is_empty() {
        quote!(_: &rt::Value, _: &rt::Path, _: &mut rt::Violations)
    } else {
        let value = value_binding(&body);
        quote!(#value: &rt::Value, path: &rt::Path, out: &mut rt::Violations)
    };
    quote! {
        impl rt::Schema for #name {
                        const NAME: &'static str = #schema_name;
            fn validate(#params) {
                #body
            }
            #members
        }
    }
}

/// A string enum type whose schema is nothing but its values: serde's own reading of the enum
/// decides membership, and its list of variants names them in the message, so the validator needs
/// no list of its own.
fn is_plain_string_enum(t: &TypeDef) -> bool {
    let (crate::ir::Shape::Enum(_), Some(values)) = (&t.shape, &t.check.enumeration) else { return false };
    let bare = Check { ty: Some(JsonType::String), enumeration: Some(values.clone()), ..Check::default() };
    t.check == bare && values.iter().all(Value::is_string)
}

/// `validate_component(name, value)`: a component schema's validator by its spec name; with
/// `parsers`, also `parse_component(name, bytes)`, its typed reader.
pub fn emit_component_dispatcher(api: &Api, parsers: bool) -> TokenStream {
    let (validate_params, validate_body) =
        by_component_name(api, ("value", quote!(&rt::Value)), |ty| quote!(rt::validate::<#ty>(value)));
    let parse = parsers.then(|| {
        let (parse_params, parse_body) =
            by_component_name(api, ("bytes", quote!(&[u8])), |ty| quote!(rt::from_slice::<#ty>(bytes).map(drop)));
        let (bytes_params, bytes_body) =
            by_component_name(api, ("bytes", quote!(&[u8])), |ty| quote!(rt::validate_slice::<#ty>(bytes)));
        quote! {
            /// Reads JSON bytes as the component schema of that name, as a server reads a body (typed
            /// fast path first); `None` when the spec has no such schema.
            pub fn parse_component(#parse_params) -> Option<Result<(), rt::Violations>> {
                #parse_body
            }

            /// Checks JSON bytes against the component schema of that name with the full validator
            /// only (no typed read); `None` when the spec has no such schema.
            pub fn validate_component_bytes(#bytes_params) -> Option<Result<(), rt::Violations>> {
                #bytes_body
            }
        }
    });
    quote! {
        /// Checks a value against the component schema of that name in the spec; `None` when the spec
        /// has no such schema.
        pub fn validate_component(#validate_params) -> Option<Result<(), rt::Violations>> {
            #validate_body
        }

        #parse
    }
}

/// The parameters (`name` and `input`) and body of a function answering `call(Type)` for the
/// component named `name`; with no components, the parameters are unused and the answer is `None`.
fn by_component_name(
    api: &Api,
    (input, input_ty): (&str, TokenStream),
    call: impl Fn(&TokenStream) -> TokenStream,
) -> (TokenStream, TokenStream) {
    let arms: Vec<TokenStream> = api
        .types
        .iter()
        .filter(|t| t.is_component)
        .map(|t| {
            let (name, schema_name) = (ident(&t.name), &t.schema_name);
            // A nullable schema's value is typed as the generator types a reference to it.
            let ty = if t.check.nullable { quote!(Option<#name>) } else { quote!(#name) };
            let answer = call(&ty);
            quote!(#schema_name => Some(#answer),)
        })
        .collect();
    if arms.is_empty() {
        return (quote!(_: &str, _: #input_ty), quote!(None));
    }
    let input = format_ident!("{}", input);
    (quote!(name: &str, #input: #input_ty), quote!(match name { #(#arms)* _ => None, }))
}

/// The schema type a reference check validates with: the referenced type, or `rt::OrNull<_>` of it
/// when the reference itself is nullable (`nullable: true` beside `allOf: [$ref]`, the OpenAPI 3.0
/// way of writing an optional reference, which the generated type holds as an `Option`).
fn referenced_schema(check: &Check) -> Option<TokenStream> {
    let name = ident(check.reference.as_ref()?);
    Some(if check.nullable { quote!(rt::OrNull<#name>) } else { quote!(#name) })
}

/// The statements checking `value` (at `path`, into `out`) against `check`; empty when the check
/// accepts everything. `whole_body`: they are the whole body of `validate`, so a value of the wrong
/// kind can end it early (`let ... else { return; }`) and the checks need no nesting.
fn check_tokens(check: &Check, statics: &Statics, whole_body: bool) -> TokenStream {
    let statements = check_statements(check, statics, whole_body);
    let Some(applied) = check.applied.as_deref() else { return statements };
    let leftover = |schema: &Option<Check>| {
        schema.as_ref().map(|schema| Leftover::of(schema, check_tokens(schema, statics, false)))
    };
    match (leftover(&applied.unevaluated_properties), leftover(&applied.unevaluated_items)) {
        (None, None) => statements,
        (properties, items) => unevaluated::around(statements, properties, items),
    }
}

/// The statements of `check` but those of `unevaluatedProperties` and `unevaluatedItems`, which
/// [`check_tokens`] puts around them.
fn check_statements(check: &Check, statics: &Statics, whole_body: bool) -> TokenStream {
    if let Some(name) = referenced_schema(check) {
        return quote!(<#name as rt::Schema>::validate(value, path, out););
    }
    let kinds = kind_checks(check, statics, whole_body && kinds_only(check));
    // A string enum on a string schema is checked inside the string arm (see `string_checks`), so a
    // value of the wrong type gets one violation, not two.
    let enumeration = check
        .enumeration
        .as_ref()
        .filter(|_| !string_enum_in_arm(check))
        .map(|values| enum_tokens(values, check.nullable, false, statics));
    let all_of: Vec<TokenStream> =
        check.all_of.iter().map(|c| check_tokens(c, statics, false)).filter(|t| !t.is_empty()).collect();
    let not = check.not.as_ref().map(|c| branch_count("not", std::slice::from_ref(c), statics));
    // Applicators apply to every value, null included (they let pass what they do not concern).
    let applied = check.applied.as_deref().map_or_else(TokenStream::new, |applied| {
        let emitters = Emitters {
            check: &|sub: &Check| check_tokens(sub, statics, false),
            passes: passes_tokens,
            passes_in_place: if statics.annotations { passes_in_tokens } else { passes_tokens },
            pattern: &|source: &str| statics.pattern(source),
            annotations: statics.annotations,
        };
        applied_tokens(applied, &emitters)
    });
    let Some(discriminator) = &check.discriminator else {
        let any_of = branch_count("anyOf", &check.any_of, statics);
        let one_of = branch_count("oneOf", &check.one_of, statics);
        let composed = unless_null(check, quote!(#(#all_of)* #any_of #one_of #not));
        return quote!(#kinds #enumeration #composed #applied);
    };
    // The tag names the branch the object is checked against; the union's count applies only to
    // a tag the mapping points outside the branches.
    let (keyword, branches, other) = if check.one_of.is_empty() {
        ("anyOf", &check.any_of, branch_count("oneOf", &check.one_of, statics))
    } else {
        ("oneOf", &check.one_of, branch_count("anyOf", &check.any_of, statics))
    };
    let count = branch_count(keyword, branches, statics);
    let property = &discriminator.property;
    if discriminator.tags.is_empty() {
        // No branch to name (a base schema that `allOf` branches extend): any string tag.
        let composed = unless_null(
            check,
            quote!(#(#all_of)* #other #count #not rt::check_discriminator(value, #property, &[], path, out);),
        );
        return quote!(#kinds #enumeration #composed #applied);
    }
    let tags = discriminator.tags.iter().map(|(tag, _)| tag);
    let arms = discriminator.tags.iter().enumerate().map(|(index, (_, branch))| {
        let index = Literal::usize_unsuffixed(index);
        let body = match branch.and_then(|b| branches.get(b)) {
            Some(b) => match referenced_schema(b) {
                Some(name) => quote!(<#name as rt::Schema>::validate(value, path, out);),
                None => check_tokens(b, statics, false),
            },
            None => count.clone(),
        };
        quote!(Some(#index) => { #body })
    });
    let composed = unless_null(
        check,
        quote! {
            #(#all_of)* #other #not
            match rt::discriminated(value, #property, &[#(#tags),*], path, out) {
                #(#arms)*
                // A tag that names no branch was reported; a value that is not an object is
                // counted against the branches, which all refuse it.
                None if value.is_object() => {}
                _ => { #count }
            }
        },
    );
    quote!(#kinds #enumeration #composed #applied)
}

/// The checks of a schema's `allOf`, `anyOf`, `oneOf` and `not`, which a nullable schema's null
/// passes without them (as its `type` and `enum` do): what `oneOf: [{type: 'null'}, X]` becomes
/// when read as a nullable X, whose `allOf` would otherwise refuse the null its first branch takes
/// (Discord's `event_webhooks_status`).
fn unless_null(check: &Check, composed: TokenStream) -> TokenStream {
    if check.nullable && !composed.is_empty() {
        quote!(if !value.is_null() { #composed })
    } else {
        composed
    }
}

/// True when `check` has nothing but `type` and the keywords of each kind of value.
fn kinds_only(check: &Check) -> bool {
    (check.enumeration.is_none() || string_enum_in_arm(check))
        // A branch that asks nothing (what a broken `$ref` beside keywords leaves) emits nothing.
        && check.all_of.iter().all(is_empty)
        && check.any_of.is_empty()
        && check.one_of.is_empty()
        && check.not.is_none()
        && check.discriminator.is_none()
        && check.applied.is_none()
}

/// A property's check as the binding of its value and the statements on it. A check without
/// `type` whose keywords concern one kind of value gives that kind's pattern instead of `value`,
/// which the caller folds into a pattern of its own (clippy::collapsible_match).
fn property_tokens(property: &Check, statics: &Statics) -> (TokenStream, TokenStream) {
    let check = sole_branch(property);
    if check.reference.is_none() && check.ty.is_none() && kinds_only(check) {
        let mut arms = untyped_arms(check, statics);
        if arms.len() == 1 {
            return arms.remove(0);
        }
        // What `check_tokens` would emit, from the arms already emitted: emitting them again
        // would cost twice per level of nesting.
        let body = arms_tokens(arms, false);
        return (value_binding(&body), body);
    }
    let body = check_tokens(property, statics, false);
    (value_binding(&body), body)
}

/// The branch that alone decides a check made of nothing but `allOf` with one branch that asks
/// something (a `$ref` beside keywords is read as `allOf`, and a broken one leaves a single
/// branch), so that it folds as if written alone; else `check` itself.
fn sole_branch(check: &Check) -> &Check {
    if check.all_of.is_empty() || check.ty.is_some() || check.reference.is_some() {
        return check;
    }
    let mut asking = check.all_of.iter().filter(|branch| !is_empty(branch));
    match (asking.next(), asking.next()) {
        (Some(branch), None) if *check == Check { all_of: check.all_of.clone(), ..Check::default() } => {
            sole_branch(branch)
        }
        _ => check,
    }
}

/// The kinds a check without `type` has keywords for: each kind's pattern and its checks.
fn untyped_arms(check: &Check, statics: &Statics) -> Vec<(TokenStream, TokenStream)> {
    [
        (quote!(rt::Value::String(s)), string_checks(check, statics)),
        (quote!(rt::Value::Number(n)), number_checks(check, check.integer_format, &quote!(n))),
        (quote!(rt::Value::Array(items)), array_checks(check, statics)),
        (quote!(rt::Value::Object(map)), object_checks(check, statics)),
    ]
    .into_iter()
    .filter(|(_, body)| !body.is_empty())
    .collect()
}

/// The type of a check that has nothing but `type` (and `nullable`).
fn type_only(check: &Check) -> Option<JsonType> {
    let ty = check.ty?;
    let bare = Check { ty: Some(ty), nullable: check.nullable, ..Check::default() };
    (*check == bare).then_some(ty)
}

/// A non-null object schema with nothing but object keywords: its checks go in `validate_object`.
fn object_only(check: &Check) -> bool {
    check.ty == Some(JsonType::Object)
        && !check.nullable
        && check.reference.is_none()
        && check.enumeration.is_none()
        && check.all_of.is_empty()
        && check.any_of.is_empty()
        && check.one_of.is_empty()
        && check.not.is_none()
        && check.discriminator.is_none()
        && check.applied.is_none()
}

fn is_empty(check: &Check) -> bool {
    check == &Check::default()
        || (check.reference.is_none()
            && check.ty.is_none()
            && *check == Check { nullable: check.nullable, ..Check::default() })
}

/// The `type` check and the per-kind keywords, as one match on the value's kind.
fn kind_checks(check: &Check, statics: &Statics, early_return: bool) -> TokenStream {
    let Some(ty) = check.ty else {
        return arms_tokens(untyped_arms(check, statics), early_return);
    };
    // One helper call per kind: it records the `type` violation and hands over the value when it
    // has the kind, so the keywords run only then.
    let nullable = check.nullable;
    let (body, binding, helper) = match ty {
        JsonType::String => (string_checks(check, statics), quote!(s), quote!(rt::string(value, #nullable, path, out))),
        JsonType::Integer => (
            number_checks(check, check.integer_format, &quote!(n)),
            quote!(n),
            quote!(rt::number(value, true, #nullable, path, out)),
        ),
        JsonType::Number => (
            number_checks(check, check.integer_format, &quote!(n)),
            quote!(n),
            quote!(rt::number(value, false, #nullable, path, out)),
        ),
        JsonType::Array => {
            (array_checks(check, statics), quote!(items), quote!(rt::array(value, #nullable, path, out)))
        }
        JsonType::Object => {
            (object_checks(check, statics), quote!(map), quote!(rt::object(value, #nullable, path, out)))
        }
        JsonType::Boolean | JsonType::Null => (TokenStream::new(), quote!(_), quote!(())),
    };
    if body.is_empty() {
        let json_type = json_type_tokens(ty);
        quote!(rt::expect(value, #json_type, #nullable, path, out);)
    } else if early_return {
        quote!(let Some(#binding) = #helper else { return; }; #body)
    } else {
        quote!(if let Some(#binding) = #helper { #body })
    }
}

/// One match on the value's kind, of the arms of a check without `type`.
fn arms_tokens(arms: Vec<(TokenStream, TokenStream)>, early_return: bool) -> TokenStream {
    match arms.as_slice() {
        [] => quote!(),
        // `if let` rather than a one-armed match (clippy::single_match).
        [(pattern, body)] if early_return => quote!(let #pattern = value else { return; }; #body),
        [(pattern, body)] => quote!(if let #pattern = value { #body }),
        _ => {
            let arms = arms.iter().map(|(pattern, body)| quote!(#pattern => { #body }));
            quote! {
                match value {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    }
}

fn string_enum_in_arm(check: &Check) -> bool {
    check.ty == Some(JsonType::String)
        && check.enumeration.as_ref().is_some_and(|values| values.iter().all(Value::is_string))
}

fn string_checks(check: &Check, statics: &Statics) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(values) = check.enumeration.as_ref().filter(|_| string_enum_in_arm(check)) {
        out.extend(enum_tokens(values, false, true, statics));
    }
    if check.min_length.is_some() || check.max_length.is_some() {
        let (min, max) = (opt_u64(check.min_length), opt_u64(check.max_length));
        out.extend(quote!(rt::check_length(s, #min, #max, path, out);));
    }
    if let Some(pattern) = &check.pattern {
        let regex = statics.pattern(pattern);
        out.extend(quote!(rt::check_pattern(s, &#regex, path, out);));
    }
    if let Some(format) = check.string_format {
        let format = format_tokens(format);
        out.extend(quote!(rt::check_format(s, #format, path, out);));
    }
    out
}

fn array_checks(check: &Check, statics: &Statics) -> TokenStream {
    let mut out = TokenStream::new();
    if statics.annotations {
        out.extend(unevaluated::item_records(check));
    }
    if check.min_items.is_some() || check.max_items.is_some() {
        let (min, max) = (opt_u64(check.min_items), opt_u64(check.max_items));
        out.extend(quote!(rt::check_items_count(items.len(), #min, #max, path, out);));
    }
    if check.unique_items {
        out.extend(quote!(rt::check_unique_items(items, path, out);));
    }
    // A tuple: each leading item its own schema, then `items` (or nothing) for the rest.
    let prefix = check.prefix_items.len();
    for (i, item) in check.prefix_items.iter().enumerate().filter(|(_, c)| !is_empty(c)) {
        let item = check_tokens(item, statics, false);
        if item.is_empty() {
            continue;
        }
        let value = value_binding(&item);
        // `first()` for the first: clippy (`get_first`) holds generated code to it too.
        let get = if i == 0 { quote!(items.first()) } else { quote!(items.get(#i)) };
        out.extend(quote! {
            if let Some(#value) = #get {
                let path = &path.index(#i);
                #item
            }
        });
    }
    if check.closed_tuple {
        out.extend(quote!(rt::check_closed_tuple(items.len(), #prefix, path, out);));
    }
    if prefix > 0 {
        let item = check.items.as_deref().filter(|c| !is_empty(c)).map(|c| check_tokens(c, statics, false));
        if let Some(item) = item.filter(|tokens| !tokens.is_empty()) {
            let value = value_binding(&item);
            out.extend(quote! {
                for (index, #value) in items.iter().enumerate().skip(#prefix) {
                    let path = &path.index(index);
                    #item
                }
            });
        }
    } else if let Some(name) = check.items.as_deref().and_then(referenced_schema) {
        out.extend(quote!(rt::items::<#name>(items, path, out);));
    } else if let Some(item) = check
        .items
        .as_deref()
        .filter(|c| !is_empty(c))
        .map(|c| check_tokens(c, statics, false))
        .filter(|tokens| !tokens.is_empty())
    {
        let value = value_binding(&item);
        out.extend(quote! {
            for (index, #value) in items.iter().enumerate() {
                let path = &path.index(index);
                #item
            }
        });
    }
    out
}

fn object_checks(check: &Check, statics: &Statics) -> TokenStream {
    let mut out = TokenStream::new();
    if statics.annotations {
        out.extend(unevaluated::property_records(check));
    }
    if !check.required.is_empty() {
        let required = &check.required;
        out.extend(quote!(rt::check_required(map, &[#(#required),*], path, out);));
    }
    if !check.required_one_way.is_empty() {
        let pairs = check.required_one_way.iter().map(|(name, direction)| {
            let direction = direction_tokens(*direction);
            quote!((#name, #direction))
        });
        out.extend(quote!(rt::check_required_one_way(map, &[#(#pairs),*], path, out);));
    }
    if check.min_properties.is_some() || check.max_properties.is_some() {
        let (min, max) = (opt_u64(check.min_properties), opt_u64(check.max_properties));
        out.extend(quote!(rt::check_properties_count(map.len(), #min, #max, path, out);));
    }
    for (wire, property) in check.properties.iter().filter(|(_, c)| !is_empty(c)) {
        if let Some(name) = referenced_schema(property) {
            out.extend(quote!(rt::property::<#name>(map, #wire, path, out);));
            continue;
        }
        if let Some(ty) = type_only(property) {
            let (json_type, nullable) = (json_type_tokens(ty), property.nullable);
            out.extend(quote!(rt::property_type(map, #wire, #json_type, #nullable, path, out);));
            continue;
        }
        // A check on one kind of value folds its pattern into the entry's (clippy::collapsible_match).
        let (value, body) = property_tokens(property, statics);
        // A check that asks nothing in the end (`additionalProperties: {}` alone) is not looked up.
        if body.is_empty() {
            continue;
        }
        out.extend(quote! {
            if let Some((#value, ref path)) = rt::entry(map, #wire, path) {
                #body
            }
        });
    }
    out.extend(additional_checks(check, statics));
    if let Some((properties, limit)) = &check.combined_items {
        let limit = Literal::u64_unsuffixed(*limit);
        out.extend(quote!(rt::check_combined_items(map, &[#(#properties),*], #limit, path, out);));
    }
    out
}

/// True when `check` emits no statement. (Emptiness does not depend on which statics exist: a
/// missing one is spelled as an error, never as nothing.)
fn emits_nothing(check: &Check, annotations: bool) -> bool {
    check_tokens(check, &Statics { annotations, ..Statics::default() }, false).is_empty()
}

/// True when [`additional_checks`] emits anything: only then does it test names against the
/// patterns of `patternProperties`.
fn additional_read(check: &Check, annotations: bool) -> bool {
    match &check.additional {
        Additional::Any | Additional::Allowed => false,
        Additional::Forbidden => true,
        Additional::Schema(schema) => !is_empty(schema) && !emits_nothing(schema, annotations),
    }
}

/// The checks of the properties the object does not declare (`additionalProperties`); nothing
/// when they may be anything, whether written `true`, `{}` or left out.
fn additional_checks(check: &Check, statics: &Statics) -> TokenStream {
    let declared: Vec<&String> = check.properties.iter().map(|(wire, _)| wire).collect();
    // A name that a pattern of `patternProperties` matches is not additional either.
    let patterns = check.applied.iter().flat_map(|a| &a.pattern_properties).map(|(source, _)| statics.pattern(source));
    let unmatched: Vec<TokenStream> = patterns.map(|pattern| quote!(!#pattern.is_match(key))).collect();
    let undeclared = match (declared.is_empty(), unmatched.is_empty()) {
        (true, true) => quote!(true),
        (true, false) => quote!(#(#unmatched)&&*),
        (false, true) => quote!(!matches!(key.as_str(), #(#declared)|*)),
        (false, false) => quote!(!matches!(key.as_str(), #(#declared)|*) #(&& #unmatched)*),
    };
    match &check.additional {
        Additional::Any | Additional::Allowed => TokenStream::new(),
        Additional::Forbidden => quote! {
            for key in map.keys() {
                if #undeclared {
                    rt::unknown_property(key, path, out);
                }
            }
        },
        Additional::Schema(schema) => {
            let body = if is_empty(schema) { TokenStream::new() } else { check_tokens(schema, statics, false) };
            if body.is_empty() {
                return body;
            }
            let body = if declared.is_empty() && unmatched.is_empty() {
                quote!(let path = &path.key(key); #body)
            } else {
                quote!(if #undeclared { let path = &path.key(key); #body })
            };
            let value = value_binding(&body);
            quote! {
                for (key, #value) in rt::in_key_order(map) {
                    #body
                }
            }
        }
    }
}

/// The `enum` check; `in_string_arm` tests the string `s` bound by the string arm instead of `value`.
fn enum_tokens(values: &[Value], nullable: bool, in_string_arm: bool, statics: &Statics) -> TokenStream {
    let allowed = allowed_text(values);
    let null_ok = nullable || values.iter().any(Value::is_null);
    let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    let condition = if strings.len() == values.iter().filter(|v| !v.is_null()).count() && !strings.is_empty() {
        if in_string_arm {
            quote!(matches!(s.as_str(), #(#strings)|*))
        } else {
            let null = null_ok.then(|| quote!(|| value.is_null()));
            quote!(matches!(value.as_str(), Some(#(#strings)|*)) #null)
        }
    } else {
        let tests = values.iter().map(|v| match v {
            Value::Null => quote!(value.is_null()),
            Value::Bool(b) => quote!(value.as_bool() == Some(#b)),
            Value::Number(n) => {
                let n = float(n.as_f64().unwrap_or(f64::NAN));
                quote!(rt::is_number_value(value, #n))
            }
            Value::String(s) => quote!(value.as_str() == Some(#s)),
            other => {
                let value_static = statics.json_value(other);
                quote!(rt::json_eq(value, #value_static))
            }
        });
        let null = (nullable && !values.iter().any(Value::is_null)).then(|| quote!(|| value.is_null()));
        quote!(#(#tests)||* #null)
    };
    quote! {
        let allowed = #condition;
        if !allowed {
            rt::enum_violation(#allowed, path, out);
        }
    }
}

/// `anyOf`, `oneOf` and `not`: count the branches the value passes, each into a scratch list.
fn branch_count(keyword: &str, branches: &[Check], statics: &Statics) -> TokenStream {
    if branches.is_empty() {
        return quote!();
    }
    let total = branches.len();
    // Each branch is emitted once: branches nest, and emitting one twice per level (to ask whether
    // it is empty, then to use it) costs exponential time in the depth.
    let bodies: Vec<TokenStream> = branches.iter().map(|b| check_tokens(b, statics, false)).collect();
    let always = bodies.iter().any(TokenStream::is_empty);
    match keyword {
        // A branch that accepts everything decides `anyOf` (always met) and `not` (never met).
        "anyOf" if always => return quote!(),
        "not" if always => return quote!(rt::check_branch_count("not", 1, 1, path, out);),
        _ => {}
    }
    // What a branch of `anyOf` or `oneOf` evaluates counts when it passes (`not`'s never does).
    let in_place = statics.annotations && keyword != "not";
    let passes: Vec<TokenStream> = branches
        .iter()
        .zip(bodies)
        .map(|(b, body)| if in_place { passes_in_tokens(b, body) } else { passes_tokens(b, body) })
        .collect();
    let passed = match keyword {
        // Every branch that passes evaluates, so none is skipped.
        "anyOf" if in_place => quote!(usize::from([#(#passes),*].contains(&true))),
        // anyOf stops at the first branch that passes.
        "anyOf" | "not" => quote!(usize::from(#(#passes)||*)),
        _ => quote!([#(#passes),*].into_iter().filter(|passed| *passed).count()),
    };
    quote!(rt::check_branch_count(#keyword, #passed, #total, path, out);)
}

/// Whether `value` passes `check`, whose statements (from [`check_tokens`]) are `body`, as an
/// expression (its violations go to a scratch list).
fn passes_tokens(check: &Check, body: TokenStream) -> TokenStream {
    if let Some(name) = referenced_schema(check) {
        return quote!(rt::passes_schema::<#name>(value, path, out.direction()));
    }
    if body.is_empty() {
        quote!(true)
    } else {
        quote!(rt::passes(out.direction(), |out: &mut rt::Violations| { #body }))
    }
}

/// [`passes_tokens`] for a branch applied in place while an evaluation may be open: what it
/// evaluates counts only when it passes.
fn passes_in_tokens(check: &Check, body: TokenStream) -> TokenStream {
    if let Some(name) = referenced_schema(check) {
        return quote!(rt::passes_schema_in::<#name>(value, path, out));
    }
    if body.is_empty() {
        quote!(true)
    } else {
        quote!(rt::passes_in(out, |out: &mut rt::Violations| { #body }))
    }
}
