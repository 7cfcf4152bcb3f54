//! One small function per schema keyword, called by generated validators. Each records a violation
//! naming the keyword and the limit, never the value.

use crate::numbers::number_eq;
use crate::{format, Direction, Map, Path, Schema, Violations};
use serde_json::{Number, Value};

/// The JSON types of the Schema Object's `type` keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    /// `null`
    Null,
    /// `true` or `false`
    Boolean,
    /// A number without a fractional part.
    Integer,
    /// Any number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The type the `type` keyword names.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "null" => JsonType::Null,
            "boolean" => JsonType::Boolean,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "string" => JsonType::String,
            "array" => JsonType::Array,
            "object" => JsonType::Object,
            _ => return None,
        })
    }

    /// The keyword's spelling of the type.
    pub const fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }

    /// True when `value` is of this type.
    pub fn matches(self, value: &Value) -> bool {
        match self {
            JsonType::Null => value.is_null(),
            JsonType::Boolean => value.is_boolean(),
            JsonType::Integer => value.as_number().is_some_and(is_integer),
            JsonType::Number => value.is_number(),
            JsonType::String => value.is_string(),
            JsonType::Array => value.is_array(),
            JsonType::Object => value.is_object(),
        }
    }
}

/// True for numbers with no fractional part, however written: `1`, `1.0`, `2e3`. JSON Schema's
/// `integer` since draft 6, and so OpenAPI 3.1's (draft 4, which OpenAPI 3.0 follows, leaves `1.0`
/// open; Python's `json.dumps(100.0)` writes it). A valid value that holds such a float where the
/// generated type has an integer is read again with it written as one, so that it still fits.
pub fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// `type` with `nullable`: records a violation unless `value` is of `ty` (or null when nullable).
pub fn expect(value: &Value, ty: JsonType, nullable: bool, path: &Path<'_>, out: &mut Violations) {
    if !(ty.matches(value) || (nullable && value.is_null())) {
        type_violation(ty, path, out);
    }
}

/// The string, when `value` is one; records a `type` violation unless it is (or is an allowed null).
pub fn string<'v>(value: &'v Value, nullable: bool, path: &Path<'_>, out: &mut Violations) -> Option<&'v String> {
    expect(value, JsonType::String, nullable, path, out);
    match value {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// The number, when `value` is one (an integer when `integer`); records a `type` violation otherwise.
pub fn number<'v>(
    value: &'v Value,
    integer: bool,
    nullable: bool,
    path: &Path<'_>,
    out: &mut Violations,
) -> Option<&'v Number> {
    let ty = if integer { JsonType::Integer } else { JsonType::Number };
    expect(value, ty, nullable, path, out);
    value.as_number().filter(|n| !integer || is_integer(n))
}

/// The items, when `value` is an array; records a `type` violation otherwise.
pub fn array<'v>(value: &'v Value, nullable: bool, path: &Path<'_>, out: &mut Violations) -> Option<&'v Vec<Value>> {
    expect(value, JsonType::Array, nullable, path, out);
    value.as_array()
}

/// The properties, when `value` is an object; records a `type` violation otherwise.
pub fn object<'v>(value: &'v Value, nullable: bool, path: &Path<'_>, out: &mut Violations) -> Option<&'v Map> {
    expect(value, JsonType::Object, nullable, path, out);
    value.as_object()
}

/// The property `key` of `map`, when present, with its location.
pub fn entry<'a>(map: &'a Map, key: &'a str, path: &'a Path<'a>) -> Option<(&'a Value, Path<'a>)> {
    map.get(key).map(|value| (value, path.key(key)))
}

/// The entries of `map` in key order. The typed models hold maps as `BTreeMap`s, so the typed
/// checks meet entries in key order; the JSON checks walk them in the same order, so a report does
/// not depend on which path produced it (or on the order the client wrote the properties in).
/// A map whose keys are already in order (any map of one entry, say) is walked in place, with no
/// allocation.
pub fn in_key_order(map: &Map) -> impl Iterator<Item = (&String, &Value)> {
    let in_place = map.keys().is_sorted().then(|| map.iter());
    let mut reordered = Vec::new();
    if in_place.is_none() {
        reordered.extend(map.iter());
        reordered.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    in_place.into_iter().flatten().chain(reordered)
}

/// Checks the property `key`, when present, against `T`'s schema.
pub fn property<T: Schema>(map: &Map, key: &str, path: &Path<'_>, out: &mut Violations) {
    if let Some((value, path)) = entry(map, key, path) {
        T::validate(value, &path, out);
    }
}

/// A string enum: `value` must be a string equal to one of `values` (the generated enum's wire
/// values, which the message lists).
pub fn check_string_enum(value: &Value, values: &'static [&'static str], path: &Path<'_>, out: &mut Violations) {
    let Some(text) = value.as_str() else {
        type_violation(JsonType::String, path, out);
        return;
    };
    if !values.contains(&text) {
        out.push(path, "enum", one_of(values));
    }
}

/// "must be one of `a`, `b`", written into one string; past twelve values, their count instead.
fn one_of(variants: &[&str]) -> String {
    if variants.len() > 12 {
        return format!("must be one of the {} values of the enum", variants.len());
    }
    let mut message = String::with_capacity(16 + variants.iter().map(|v| v.len() + 4).sum::<usize>());
    message.push_str("must be one of ");
    for (i, variant) in variants.iter().enumerate() {
        if i > 0 {
            message.push_str(", ");
        }
        message.push('`');
        message.push_str(variant);
        message.push('`');
    }
    message
}

/// Checks the `type` of the property `key`, when present.
pub fn property_type(map: &Map, key: &str, ty: JsonType, nullable: bool, path: &Path<'_>, out: &mut Violations) {
    if let Some((value, path)) = entry(map, key, path) {
        expect(value, ty, nullable, &path, out);
    }
}

/// `discriminator` on an object: the tag property must be present, a string, and one of `tags`.
pub fn check_discriminator(value: &Value, property: &str, tags: &[&str], path: &Path<'_>, out: &mut Violations) {
    discriminated(value, property, tags, path, out);
}

/// The index in `tags` of the tag an object carries in `property`; `None`, recording why, when it
/// carries none of them, and `None` without a violation for a value that is not an object (its
/// type is checked elsewhere). An empty `tags` admits any string (its index is then 0).
pub fn discriminated(
    value: &Value,
    property: &str,
    tags: &[&str],
    path: &Path<'_>,
    out: &mut Violations,
) -> Option<usize> {
    let Value::Object(map) = value else { return None };
    match map.get(property) {
        None => out.push(&path.key(property), "discriminator", "the discriminator property is required"),
        Some(Value::String(_)) if tags.is_empty() => return Some(0),
        Some(Value::String(tag)) => match tags.iter().position(|t| t == tag) {
            Some(index) => return Some(index),
            None => {
                let listed = tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
                out.push(&path.key(property), "discriminator", format!("must be one of {listed}"));
            }
        },
        Some(_) => out.push(&path.key(property), "discriminator", "the discriminator property must be a string"),
    }
    None
}

/// Checks every item against `T`'s schema.
pub fn items<T: Schema>(items: &[Value], path: &Path<'_>, out: &mut Violations) {
    for (index, item) in items.iter().enumerate() {
        T::validate(item, &path.index(index), out);
    }
}

/// Records a `type` violation.
pub fn type_violation(ty: JsonType, path: &Path<'_>, out: &mut Violations) {
    // A fixed text per type: this is the commonest violation of a malformed body, and needs no formatting.
    let message = match ty {
        JsonType::Null => "must be of type null",
        JsonType::Boolean => "must be of type boolean",
        JsonType::Integer => "must be of type integer",
        JsonType::Number => "must be of type number",
        JsonType::String => "must be of type string",
        JsonType::Array => "must be of type array",
        JsonType::Object => "must be of type object",
    };
    out.push(path, "type", message);
}

/// Records a `required` violation for every name of `required` that `map` lacks.
pub fn check_required(map: &Map, required: &[&str], path: &Path<'_>, out: &mut Violations) {
    for name in required {
        if !map.contains_key(*name) {
            out.push(&path.key(name), "required", "is required but missing");
        }
    }
}

/// `required` for the properties required one way only (`writeOnly` of requests, `readOnly` of
/// responses): each name of `required` that `map` lacks, when the value travels that way.
pub fn check_required_one_way(map: &Map, required: &[(&str, Direction)], path: &Path<'_>, out: &mut Violations) {
    for (name, direction) in required {
        require_one_way(map.contains_key(*name), name, *direction, path, out);
    }
}

/// The typed path's `required` for a property required one way only: `present` tells whether the
/// field holds a value.
pub fn require_one_way(present: bool, name: &str, direction: Direction, path: &Path<'_>, out: &mut Violations) {
    if present || out.direction() != direction {
        return;
    }
    let message = match direction {
        Direction::Request => "is required in requests but missing",
        Direction::Response => "is required in responses but missing",
        Direction::Unknown => "is required but missing",
    };
    out.push(&path.key(name), "required", message);
}

/// `minLength` / `maxLength`, counted in Unicode characters (code points), not bytes.
pub fn check_length(s: &str, min: Option<u64>, max: Option<u64>, path: &Path<'_>, out: &mut Violations) {
    // The byte length bounds the character count from above, so most strings need no count.
    let bytes = s.len() as u64;
    if max.is_none_or(|m| bytes <= m) && min.is_none_or(|m| m == 0) {
        return;
    }
    let chars = s.chars().count() as u64;
    if let Some(min) = min.filter(|m| chars < *m) {
        out.push(path, "minLength", format!("must be at least {min} characters long"));
    }
    if let Some(max) = max.filter(|m| chars > *m) {
        out.push(path, "maxLength", format!("must be at most {max} characters long"));
    }
}

/// `pattern`: an unanchored ECMA-262 search, as JSON Schema defines it.
pub fn check_pattern(s: &str, pattern: &Pattern, path: &Path<'_>, out: &mut Violations) {
    if !pattern.is_match(s) {
        out.push(path, "pattern", format!("must match the pattern `{}`", pattern.source()));
    }
}

/// A spec's `pattern`, held in a generated static: its source, which messages quote, and its
/// regular expression, compiled on first use.
pub struct Pattern {
    source: &'static str,
    /// What is compiled: the source, or its ECMA-262 reading (`format::pattern_reading`).
    compiled: &'static str,
    flags: &'static str,
    regex: std::sync::OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// The pattern `source`, compiled with `flags` (`u` for Unicode mode, empty for legacy mode).
    pub const fn new(source: &'static str, flags: &'static str) -> Self {
        Pattern { source, compiled: source, flags, regex: std::sync::OnceLock::new() }
    }

    /// The pattern `source` compiled from `compiled` with `flags`: the generator's ECMA-262
    /// reading of a source written in another dialect (Java's POSIX classes); messages still quote
    /// the source.
    pub const fn read_as(source: &'static str, compiled: &'static str, flags: &'static str) -> Self {
        Pattern { source, compiled, flags, regex: std::sync::OnceLock::new() }
    }

    /// The pattern as the spec writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// True when the pattern matches somewhere in `s`. The generator checks that every pattern
    /// compiles; one that did not would match nothing, refusing values rather than panicking.
    pub fn is_match(&self, s: &str) -> bool {
        let regex = self.regex.get_or_init(|| regress::Regex::with_flags(self.compiled, self.flags).ok());
        regex.as_ref().is_some_and(|regex| regex.find(s).is_some())
    }
}

/// The string formats this runtime checks. Others are accepted, as the standard says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// RFC 3339 date-time.
    DateTime,
    /// RFC 3339 full-date.
    Date,
    /// RFC 4122 UUID.
    Uuid,
    /// E-mail address.
    Email,
    /// An Internet host name (RFC 1123, section 2.1).
    Hostname,
    /// Dotted-quad IPv4 address.
    Ipv4,
    /// IPv6 address.
    Ipv6,
    /// Absolute URI.
    Uri,
    /// Base64 data.
    Byte,
    /// An ECMA-262 regular expression.
    Regex,
    /// An ISO 8601 duration (RFC 3339, Appendix A).
    Duration,
}

impl Format {
    /// The format a spec's `format` name on a string denotes, when this runtime checks it.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "uuid" => Format::Uuid,
            "email" => Format::Email,
            "hostname" => Format::Hostname,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "uri" => Format::Uri,
            "byte" => Format::Byte,
            "regex" => Format::Regex,
            "duration" => Format::Duration,
            _ => return None,
        })
    }

    /// The format's name in the spec.
    pub const fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Uuid => "uuid",
            Format::Email => "email",
            Format::Hostname => "hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
            Format::Byte => "byte",
            Format::Regex => "regex",
            Format::Duration => "duration",
        }
    }

    /// A string of the format, for a value that must fill a required property (a router's error
    /// body, when the spec's error schema requires a `uuid` or a `date-time`).
    pub const fn example(self) -> &'static str {
        match self {
            Format::DateTime => "1970-01-01T00:00:00Z",
            Format::Date => "1970-01-01",
            Format::Uuid => "00000000-0000-0000-0000-000000000000",
            Format::Email => "user@example.com",
            Format::Hostname => "example.com",
            Format::Ipv4 => "0.0.0.0",
            Format::Ipv6 => "::",
            Format::Uri => "https://example.com/",
            Format::Byte | Format::Regex => "",
            Format::Duration => "P0D",
        }
    }

    pub(crate) fn accepts(self, s: &str) -> bool {
        match self {
            Format::DateTime => format::is_date_time(s),
            Format::Date => format::is_date(s),
            Format::Uuid => format::is_uuid(s),
            Format::Email => format::is_email(s),
            Format::Hostname => format::is_hostname(s),
            Format::Ipv4 => format::is_ipv4(s),
            Format::Ipv6 => format::is_ipv6(s),
            Format::Uri => format::is_uri(s),
            Format::Byte => format::is_byte(s),
            Format::Regex => format::is_regex(s),
            Format::Duration => format::is_duration(s),
        }
    }
}

/// `format` on a string.
pub fn check_format(s: &str, fmt: Format, path: &Path<'_>, out: &mut Violations) {
    if !fmt.accepts(s) {
        out.push(path, "format", format!("must be a valid {}", fmt.name()));
    }
}

/// Checks every typed item against its schema's typed rules.
pub fn each_typed<T: Schema>(items: &[T], path: &Path<'_>, out: &mut Violations) {
    for (index, item) in items.iter().enumerate() {
        item.validate_typed(&path.index(index), out);
    }
}

/// Checks every value of a typed map against its schema's typed rules.
pub fn each_typed_value<T: Schema>(map: &std::collections::BTreeMap<String, T>, path: &Path<'_>, out: &mut Violations) {
    for (key, value) in map {
        value.validate_typed(&path.key(key), out);
    }
}

/// `items: false` after `prefixItems`: no more than the prefix's `len` items.
pub fn check_closed_tuple(len: usize, prefix: usize, path: &Path<'_>, out: &mut Violations) {
    if len > prefix {
        out.push(
            path,
            "items",
            format!("must have at most {prefix} items (no items are allowed after the first {prefix})"),
        );
    }
}

/// `minItems` / `maxItems`.
pub fn check_items_count(len: usize, min: Option<u64>, max: Option<u64>, path: &Path<'_>, out: &mut Violations) {
    let len = len as u64;
    if let Some(min) = min.filter(|m| len < *m) {
        out.push(path, "minItems", format!("must have at least {min} items"));
    }
    if let Some(max) = max.filter(|m| len > *m) {
        out.push(path, "maxItems", format!("must have at most {max} items"));
    }
}

/// `minProperties` / `maxProperties`.
pub fn check_properties_count(len: usize, min: Option<u64>, max: Option<u64>, path: &Path<'_>, out: &mut Violations) {
    let len = len as u64;
    if let Some(min) = min.filter(|m| len < *m) {
        out.push(path, "minProperties", format!("must have at least {min} properties"));
    }
    if let Some(max) = max.filter(|m| len > *m) {
        out.push(path, "maxProperties", format!("must have at most {max} properties"));
    }
}

/// `uniqueItems: true`: each later duplicate (by JSON equality) is reported at its own index.
pub fn check_unique_items(items: &[Value], path: &Path<'_>, out: &mut Violations) {
    unique_by(items, json_eq, path, out);
}

/// `uniqueItems: true` on typed items whose equality is JSON's (strings, booleans, integers, string
/// enums): the same violations as [`check_unique_items`] on their JSON.
pub fn check_unique_typed<T: PartialEq>(items: &[T], path: &Path<'_>, out: &mut Violations) {
    unique_by(items, T::eq, path, out);
}

fn unique_by<T>(items: &[T], eq: impl Fn(&T, &T) -> bool, path: &Path<'_>, out: &mut Violations) {
    for (i, item) in items.iter().enumerate() {
        if let Some(first) = items[..i].iter().position(|earlier| eq(earlier, item)) {
            out.push(&path.index(i), "uniqueItems", format!("duplicates item {first}; items must be unique"));
        }
    }
}

/// `x-max-combined-items`: the arrays under `properties` together hold at most `limit` items.
pub fn check_combined_items(map: &Map, properties: &[&str], limit: u64, path: &Path<'_>, out: &mut Violations) {
    let total: usize = properties.iter().filter_map(|p| map.get(*p)?.as_array().map(Vec::len)).sum();
    check_combined_count(total, properties, limit, path, out);
}

/// `x-max-combined-items` on typed arrays holding `total` items together.
pub fn check_combined_count(total: usize, properties: &[&str], limit: u64, path: &Path<'_>, out: &mut Violations) {
    if total as u64 > limit {
        out.push(
            path,
            "x-max-combined-items",
            format!("{} must have at most {limit} items together", properties.join(" + ")),
        );
    }
}

/// JSON equality as JSON Schema defines it: numbers compare by value (`1 == 1.0`), objects ignore key
/// order.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number_eq(x, y),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Records an `enum` violation; `allowed` lists the permitted values for the message.
pub fn enum_violation(allowed: &str, path: &Path<'_>, out: &mut Violations) {
    out.push(path, "enum", format!("must be one of {allowed}"));
}

/// Records an `additionalProperties: false` violation for the property `key`.
pub fn unknown_property(key: &str, path: &Path<'_>, out: &mut Violations) {
    out.push(&path.key(key), "additionalProperties", "is not a declared property");
}

/// Checks `anyOf`, `oneOf` and `not` from the number of branches a value passed.
pub fn check_branch_count(keyword: &'static str, passed: usize, total: usize, path: &Path<'_>, out: &mut Violations) {
    match keyword {
        "anyOf" if passed == 0 => out.push(path, keyword, format!("must match at least one of {total} schemas")),
        "oneOf" if passed != 1 => {
            out.push(path, keyword, format!("must match exactly one of {total} schemas, matched {passed}"))
        }
        "not" if passed == 1 => out.push(path, keyword, "must not match the schema"),
        _ => {}
    }
}

/// `contains`, `minContains` and `maxContains`, from the number of items that matched `contains`.
pub fn check_contains(matched: usize, min: u64, max: Option<u64>, path: &Path<'_>, out: &mut Violations) {
    let matched = matched as u64;
    if matched < min {
        let keyword = if min == 1 { "contains" } else { "minContains" };
        out.push(path, keyword, format!("must contain at least {min} matching items, has {matched}"));
    }
    if let Some(max) = max.filter(|max| matched > *max) {
        out.push(path, "maxContains", format!("must contain at most {max} matching items, has {matched}"));
    }
}

/// `dependentRequired`: for each property of `map` that is a key of `needs`, the properties it
/// requires, reported missing at their own places (as `required` reports them).
pub fn check_dependent_required(map: &Map, needs: &[(&str, &[&str])], path: &Path<'_>, out: &mut Violations) {
    for (name, needed) in needs {
        if !map.contains_key(*name) {
            continue;
        }
        for needed in needed.iter().filter(|needed| !map.contains_key(**needed)) {
            // The message names the declared property that requires it, never a value of the client's.
            out.push(&path.key(needed), "dependentRequired", format!("is required when `{name}` is present"));
        }
    }
}

/// `propertyNames`: the names of `map` that `matches` refuses, each handed to it as a JSON string.
/// One string value is refilled for every name, so an object costs one allocation, not one per
/// property.
pub fn names_not_matching(map: &Map, mut matches: impl FnMut(&Value) -> bool) -> Vec<&str> {
    let mut name = Value::String(String::new());
    let mut refused = Vec::new();
    for key in map.keys() {
        if let Value::String(text) = &mut name {
            text.clear();
            text.push_str(key);
        }
        if !matches(&name) {
            refused.push(key.as_str());
        }
    }
    refused
}

/// `propertyNames`: a property of the object whose name does not match the schema, reported at
/// the property (its name is in the pointer, so the message does not repeat it).
pub fn invalid_property_name(key: &str, path: &Path<'_>, out: &mut Violations) {
    out.push(&path.key(key), "propertyNames", "has a name that does not match `propertyNames`");
}

/// Runs `validate` into a scratch list (for a value travelling in `direction`, the outer list's)
/// and answers whether it passed, leaving the outer list unchanged.
pub fn passes(direction: Direction, validate: impl FnOnce(&mut Violations)) -> bool {
    let mut scratch = Violations::travelling(direction);
    validate(&mut scratch);
    scratch.is_empty()
}

/// True when `value` passes `T`'s schema (a branch of `anyOf`, `oneOf` or `not`).
pub fn passes_schema<T: Schema>(value: &Value, path: &Path<'_>, direction: Direction) -> bool {
    passes(direction, |out| T::validate(value, path, out))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    /// The (pointer, keyword) of each violation `f` reports.
    pub(crate) fn run(f: impl FnOnce(&mut Violations)) -> Vec<(String, &'static str)> {
        let mut out = Violations::new();
        f(&mut out);
        out.into_vec().into_iter().map(|v| (v.pointer, v.keyword)).collect()
    }

    #[test]
    fn each_format_s_example_is_of_the_format() {
        let names =
            ["date-time", "date", "uuid", "email", "hostname", "ipv4", "ipv6", "uri", "byte", "regex", "duration"];
        for name in names {
            let format = Format::from_name(name).unwrap();
            assert_eq!(format.name(), name);
            assert!(format.accepts(format.example()), "{name}: {:?}", format.example());
        }
    }

    #[test]
    fn property_names_are_each_offered_as_a_string_once() {
        let map = json!({"ok": 1, "Bad": 2, "": 3, "also-ok": 4});
        let mut offered = Vec::new();
        let refused = names_not_matching(map.as_object().unwrap(), |name| {
            let name = name.as_str().unwrap().to_string();
            offered.push(name.clone());
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        });
        assert_eq!(offered, ["ok", "Bad", "", "also-ok"], "every name, whole, in the map's order");
        assert_eq!(refused, ["Bad", ""]);
        let refused_at = run(|out| {
            for key in refused {
                invalid_property_name(key, &Path::Root, out);
            }
        });
        assert_eq!(refused_at, [("/Bad".to_string(), "propertyNames"), ("/".to_string(), "propertyNames")]);
    }

    #[test]
    fn map_entries_come_in_key_order_whatever_order_they_were_written_in() {
        let keys = |value: Value| -> Vec<String> {
            in_key_order(value.as_object().unwrap()).map(|(key, _)| key.clone()).collect()
        };
        assert_eq!(keys(json!({"a": 1, "b": 2, "c": 3})), ["a", "b", "c"]);
        assert_eq!(keys(json!({"c": 3, "a": 1, "b": 2})), ["a", "b", "c"]);
        assert!(keys(json!({})).is_empty());
    }

    #[test]
    fn length_counts_characters_at_and_past_the_limit() {
        let root = Path::Root;
        assert!(run(|o| check_length("ééé", Some(3), Some(3), &root, o)).is_empty());
        assert_eq!(run(|o| check_length("éééé", None, Some(3), &root, o)), vec![(String::new(), "maxLength")]);
        assert_eq!(run(|o| check_length("éé", Some(3), None, &root, o)), vec![(String::new(), "minLength")]);
    }

    #[test]
    fn unique_items_uses_json_equality() {
        let root = Path::Root;
        let items = vec![json!(1), json!({"a": 1, "b": 2}), json!(1.0), json!({"b": 2, "a": 1})];
        assert_eq!(
            run(|o| check_unique_items(&items, &root, o)),
            vec![("/2".to_string(), "uniqueItems"), ("/3".to_string(), "uniqueItems")]
        );
    }

    #[test]
    fn patterns_search_unanchored_and_a_broken_one_matches_nothing() {
        static DIGITS: Pattern = Pattern::new("[0-9]{2}", "u");
        static LEGACY: Pattern = Pattern::new("^a\\_b$", "");
        static BROKEN: Pattern = Pattern::new("(", "u");
        let root = Path::Root;
        assert!(DIGITS.is_match("ab12cd"));
        assert!(!DIGITS.is_match("a1b2"));
        assert!(LEGACY.is_match("a_b"));
        assert!(!BROKEN.is_match(""));
        assert!(run(|o| check_pattern("x42", &DIGITS, &root, o)).is_empty());
        assert_eq!(run(|o| check_pattern("x4", &DIGITS, &root, o)), vec![(String::new(), "pattern")]);
    }
}
