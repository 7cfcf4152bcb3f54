//! Rust names for spec names: case conversion, keywords, invalid characters, and deterministic
//! suffixes when two spec names become the same Rust name.

use crate::ir::ParamLocation;
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{HashMap, HashSet};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// One escape for every name that cannot be an identifier as it is: a keyword takes a
/// trailing `_` (`type_`, `self_`, `Self_`), since some keywords cannot be raw identifiers and one
/// rule reads better than two; a name that starts with a digit takes `N` (`n_` for snake case).
const DIGIT_PREFIX: char = 'N';

/// Type names a schema cannot take, so it gets a suffix (`ResultModel`): every type, trait and
/// variant of Rust's prelude, since a module type of that name would shadow it where the generated
/// code (or the user's) names it unqualified (`Result`, `Into<String>`, `Send + Sync`), and the
/// generated client's own `Client`.
const RESERVED_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Client",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Methods of the prelude's traits and their blanket impls (`Clone`, `Default`, `PartialEq`,
/// `Into`, `ToString`, ...). An operation method of the same name would make `service.clone()` or
/// `Service::default()` ambiguous wherever the service trait is in scope, and would hide the
/// generated client's own `clone()`: such an operation's method takes the suffix `_operation`.
pub const STD_METHODS: &[&str] = &[
    "as_mut",
    "as_ref",
    "borrow",
    "borrow_mut",
    "clamp",
    "clone",
    "clone_from",
    "clone_into",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "drop",
    "eq",
    "fmt",
    "from",
    "ge",
    "gt",
    "hash",
    "into",
    "le",
    "lt",
    "max",
    "min",
    "ne",
    "partial_cmp",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// Keeps ASCII letters, digits and `_` (always valid in identifiers), so `x-foo.bar` and `@type` still
/// convert; other characters separate words.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { ' ' }).collect()
}

/// `UpperCamelCase` type or variant name for any spec string.
pub fn type_name(spec: &str) -> String {
    let mut name = if already_upper_camel(spec) { spec.to_owned() } else { clean(spec).to_upper_camel_case() };
    if name.is_empty() {
        name = "Schema".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, DIGIT_PREFIX);
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// Whether `spec` is its own `UpperCamelCase`, so that heck (which splits words and re-cases them
/// a character at a time: a twelfth of a lint) would return it unchanged: ASCII letters and digits,
/// an uppercase first letter, and every other uppercase letter after a lowercase one, where heck
/// starts a word and keeps the letter. Anything else (an acronym, which heck lowers; an uppercase
/// letter after a digit; a separator) goes to heck; a property test holds the shortcut to heck.
fn already_upper_camel(spec: &str) -> bool {
    let bytes = spec.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes.windows(2).all(|pair| !pair[1].is_ascii_uppercase() || pair[0].is_ascii_lowercase())
}

/// Whether `spec` is its own `snake_case` for heck: lowercase ASCII letters and digits in words
/// joined by single underscores, starting with a letter. Anything else goes to heck; a property
/// test holds the shortcut to heck.
fn already_snake(spec: &str) -> bool {
    let bytes = spec.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes.last().is_some_and(|&b| b != b'_')
        && bytes.iter().all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !spec.contains("__")
}

/// `UpperCamelCase` variant name for an enum value.
pub fn variant_name(value: &str) -> String {
    let mut name = clean(value).to_upper_camel_case();
    if name.is_empty() {
        name = if value.is_empty() { "Empty".to_string() } else { "Value".to_string() };
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, DIGIT_PREFIX);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// `snake_case` field or method name; a keyword takes a trailing `_`.
pub fn field_name(spec: &str) -> String {
    let mut name = if already_snake(spec) { spec.to_owned() } else { clean(spec).to_snake_case() };
    if name.is_empty() {
        name = "field".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
        name.insert(0, DIGIT_PREFIX.to_ascii_lowercase());
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Hands out names unique within one scope: the second `Foo` becomes `Foo2`, the third `Foo3`, in the
/// order names are asked for, so the result depends only on the spec's order.
#[derive(Default, Debug)]
pub struct Scope {
    taken: HashSet<String>,
    /// The next suffix to try for each base: every smaller one is taken (names are never given
    /// back), so a thousand colliding names cost a thousand claims, not half a million.
    next_suffix: HashMap<String, usize>,
}

impl Scope {
    /// Reserves `base`, or the first free `base2`, `base3`, ...; answers what was reserved.
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let (prefix, raw) = match base.strip_prefix("r#") {
            Some(rest) => (rest, true),
            None => (base, false),
        };
        let first = self.next_suffix.get(base).copied().unwrap_or(2);
        let (n, name) = (first..)
            .map(|n| {
                // snake_case names take `_2`; `_` also keeps `V1` + 2 from reading as `V12` and a raw
                // keyword from staying a keyword.
                // A keyword's escape (`type_`, `Self_`) drops its `_` first: rustc's case lints take
                // `type__2` and `Self_2` for the wrong case.
                let prefix = prefix.trim_end_matches('_');
                let name = if raw
                    || prefix.starts_with(|c: char| c.is_ascii_lowercase())
                    || prefix.ends_with(|c: char| c.is_ascii_digit())
                {
                    format!("{prefix}_{n}")
                } else {
                    format!("{prefix}{n}")
                };
                (n, name)
            })
            .find(|(_, candidate)| self.taken.insert(candidate.clone()))
            .unwrap_or_default();
        self.next_suffix.insert(base.to_string(), n + 1);
        name
    }
}

/// The field of an operation's input struct holding the parameters of `location`.
pub fn location_field(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "headers",
        ParamLocation::Cookie => "cookies",
    }
}

/// The suffix of the name of the struct holding the parameters of `location` (`DeleteAssetPath`).
pub fn location_type_suffix(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Headers",
        ParamLocation::Cookie => "Cookies",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, ..Default::default() })]

        /// The shortcut never answers otherwise than heck: on names of letters, digits and the
        /// separators specs use, in every case.
        #[test]
        fn the_snake_shortcut_is_what_heck_returns(spec in "[a-zA-Z0-9_ .-]{0,12}|[a-z][a-z0-9_]{0,12}") {
            if already_snake(&spec) {
                proptest::prop_assert_eq!(clean(&spec).to_snake_case(), spec);
            }
        }

        #[test]
        fn the_upper_camel_shortcut_is_what_heck_returns(spec in "[A-Za-z0-9_ .-]{0,12}|[A-Z][a-zA-Z0-9]{0,10}") {
            if already_upper_camel(&spec) {
                proptest::prop_assert_eq!(clean(&spec).to_upper_camel_case(), spec);
            }
        }
    }

    /// Every object key of the vendors' documents (component, property and parameter names among
    /// them) gets from each shortcut what heck gives it.
    #[test]
    fn the_shortcuts_agree_with_heck_on_the_vendors_names() {
        fn keys(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
            match value {
                serde_json::Value::Object(members) => members.iter().for_each(|(k, v)| {
                    out.insert(k.clone());
                    keys(v, out);
                }),
                serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
                _ => {}
            }
        }
        for (file, doc) in crate::keys::vendor_trees() {
            let mut names = std::collections::BTreeSet::new();
            keys(&doc, &mut names);
            let (mut camel, mut snake) = (0, 0);
            for name in &names {
                if already_upper_camel(name) {
                    camel += 1;
                    assert_eq!(&clean(name).to_upper_camel_case(), name, "{}", file.display());
                }
                if already_snake(name) {
                    snake += 1;
                    assert_eq!(&clean(name).to_snake_case(), name, "{}", file.display());
                }
            }
            eprintln!(
                "{}: {} names, {camel} taken as UpperCamelCase, {snake} as snake_case",
                file.display(),
                names.len()
            );
        }
    }

    #[test]
    fn the_shortcut_takes_only_fixed_points() {
        for name in ["DiskCreate", "Instance", "V1", "Item2value", "A", "Ab3c"] {
            assert!(already_upper_camel(name), "{name}");
            assert_eq!(type_name(name), name);
        }
        // Left to heck: an acronym (which it changes), an uppercase letter after a digit, a separator.
        for name in ["HTTPServer", "Item2Value", "AB", "Disk_create", "disk", "Disk-Create", "Ünique", ""] {
            assert!(!already_upper_camel(name), "{name}");
        }
        assert_eq!(type_name("HTTPServer"), "HttpServer");
    }

    #[test]
    fn the_snake_shortcut_takes_only_fixed_points() {
        for name in ["instance_id", "a", "v1", "page_token2", "x_y_z"] {
            assert!(already_snake(name), "{name}");
            assert_eq!(field_name(name), name);
        }
        for name in ["instanceId", "a__b", "_a", "a_", "2a", "a-b", "", "é"] {
            assert!(!already_snake(name), "{name}");
        }
    }

    #[test]
    fn converts_and_disambiguates() {
        assert_eq!(type_name("asset-batch request"), "AssetBatchRequest");
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(type_name("2fa"), "N2fa");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(variant_name("Self"), "Self_");
        assert_eq!(variant_name("1"), "N1");
        assert_eq!(field_name("@id"), "id");
        assert_eq!(field_name("+1"), "n_1");
        assert_eq!(variant_name("shutting-down"), "ShuttingDown");
        assert_eq!(variant_name(""), "Empty");
        let mut scope = Scope::default();
        assert_eq!(scope.claim("Foo"), "Foo");
        assert_eq!(scope.claim("Foo"), "Foo2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type_2");
        assert_eq!(scope.claim("V1"), "V1");
        assert_eq!(scope.claim("V1"), "V1_2");
        assert_eq!(scope.claim("type_"), "type_");
        assert_eq!(scope.claim("type_"), "type_3");
        assert_eq!(scope.claim("Self_"), "Self_");
        assert_eq!(scope.claim("Self_"), "Self2");
        assert_eq!(type_name("Client"), "ClientModel");
        assert_eq!(type_name("Send"), "SendModel");
    }
}
