//! The intermediate representation between a spec and Rust code: plain data, in the spec's order.
//! `lower` builds it; `emit` turns it into tokens. Nothing here knows about YAML or about `quote!`.

use serde_json::Value;

/// One spec, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// The Rust module name (`roma_connect`).
    pub module: String,
    /// Doc comment of the module: the spec's title, version and description.
    pub doc: String,
    /// Named types, in the order the spec introduces them.
    pub types: Vec<TypeDef>,
    /// Operations, in path order then method order.
    pub operations: Vec<Operation>,
}

/// A Rust type generated from a schema.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// Rust identifier (`AssetBatchRequest`).
    pub name: String,
    /// The schema's name in the spec: the component name, or the synthesized name of an inline schema.
    pub schema_name: String,
    /// True for `components/schemas` entries (they get a by-name validator).
    pub is_component: bool,
    /// Doc comment.
    pub doc: String,
    /// The Rust shape.
    pub shape: Shape,
    /// What the validator checks.
    pub check: Check,
}

/// The Rust shape of a generated type.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// An object with named properties.
    Struct(Vec<Field>),
    /// A string enum.
    Enum(Vec<Variant>),
    /// One of several types (`oneOf`/`anyOf`), tried in order after validation picked a branch.
    Union(Vec<UnionVariant>),
    /// A newtype around another type (`serde(transparent)`).
    Newtype(Ty),
}

/// A struct field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Rust identifier (raw identifier syntax included, e.g. `r#type`).
    pub name: String,
    /// The property's name on the wire.
    pub wire: String,
    /// Doc comment.
    pub doc: String,
    /// The field type, `Option` included for optional or nullable fields.
    pub ty: Ty,
    /// True when the property is in `required`.
    pub required: bool,
    /// The spec's default, when serde fills it in for an absent property (the field is then not an
    /// `Option`).
    pub default: Option<DefaultValue>,
}

/// A default value the model can hold without an `Option`.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A string, boolean or number literal of the field's type.
    Literal(Value),
    /// A variant of the field's string enum, by Rust name.
    Variant(String),
}

/// A variant of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Rust identifier.
    pub name: String,
    /// The exact wire value.
    pub wire: String,
}

/// A variant of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// Rust identifier.
    pub name: String,
    /// The branch's type.
    pub ty: Ty,
}

/// A Rust type expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u64` (for integers whose range only fits unsigned)
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `serde_json::Value`: any JSON.
    Json,
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// A generated type, by Rust name.
    Named(String),
    /// `Option<T>`
    Option(Box<Ty>),
    /// `Box<T>`, to break a recursive type.
    Boxed(Box<Ty>),
}

/// A schema's constraints, as the generated validator checks them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Check {
    /// Delegate to a named type's validator instead of checking inline.
    pub reference: Option<String>,
    /// `type`
    pub ty: Option<JsonType>,
    /// `nullable: true`
    pub nullable: bool,
    /// `enum`
    pub enumeration: Option<Vec<Value>>,
    /// `minLength`
    pub min_length: Option<u64>,
    /// `maxLength`
    pub max_length: Option<u64>,
    /// `pattern` (checked to compile at generation time)
    pub pattern: Option<String>,
    /// `format`, when it is one the runtime checks on strings.
    pub string_format: Option<StringFormat>,
    /// `format: int32|int64`: the inclusive range and the format's name.
    pub integer_range: Option<(i64, i64, &'static str)>,
    /// `minimum` and `exclusiveMinimum`
    pub minimum: Option<(f64, bool)>,
    /// `maximum` and `exclusiveMaximum`
    pub maximum: Option<(f64, bool)>,
    /// `multipleOf`
    pub multiple_of: Option<f64>,
    /// `items`
    pub items: Option<Box<Check>>,
    /// `minItems`
    pub min_items: Option<u64>,
    /// `maxItems`
    pub max_items: Option<u64>,
    /// `uniqueItems: true`
    pub unique_items: bool,
    /// `required`
    pub required: Vec<String>,
    /// `properties`, in the spec's order.
    pub properties: Vec<(String, Check)>,
    /// `additionalProperties`
    pub additional: Additional,
    /// `minProperties`
    pub min_properties: Option<u64>,
    /// `maxProperties`
    pub max_properties: Option<u64>,
    /// `x-max-combined-items`: array properties whose lengths are summed, and the limit.
    pub combined_items: Option<(Vec<String>, u64)>,
    /// `allOf`
    pub all_of: Vec<Check>,
    /// `anyOf`
    pub any_of: Vec<Check>,
    /// `oneOf`
    pub one_of: Vec<Check>,
    /// `not`
    pub not: Option<Box<Check>>,
}

impl Check {
    /// A check that only delegates to the named type.
    pub fn reference(name: impl Into<String>) -> Self {
        Check { reference: Some(name.into()), ..Check::default() }
    }
}

/// `additionalProperties`.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Additional {
    /// Absent or `true`: anything goes.
    #[default]
    Any,
    /// `false`: only declared properties.
    Forbidden,
    /// A schema every undeclared property must meet.
    Schema(Box<Check>),
}

/// The JSON types of `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonType {
    /// boolean
    Boolean,
    /// integer
    Integer,
    /// number
    Number,
    /// string
    String,
    /// array
    Array,
    /// object
    Object,
}

/// String formats the runtime checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringFormat {
    /// date-time
    DateTime,
    /// date
    Date,
    /// uuid
    Uuid,
    /// email
    Email,
    /// ipv4
    Ipv4,
    /// ipv6
    Ipv6,
    /// uri
    Uri,
    /// byte
    Byte,
    /// regex
    Regex,
}

/// An operation: what routes and clients are generated from.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The spec's operationId.
    pub id: String,
    /// Rust method name (`delete_asset`).
    pub method_name: String,
    /// HTTP method, upper case.
    pub http_method: String,
    /// Path template as in the spec.
    pub path: String,
    /// Doc comment.
    pub doc: String,
}
