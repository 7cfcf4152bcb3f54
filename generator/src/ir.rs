//! The intermediate representation between a spec and Rust code: plain data, in the spec's order.
//! `lower` builds it; `emit` turns it into tokens. Nothing here knows about YAML or about `quote!`.

/// The JSON types, formats, parameter locations and styles of the IR are the runtime's own, the one home of
/// that vocabulary (generated code names the same enums).
pub use openapi_forge_runtime::codegen::{Direction, Format, IntegerFormat, JsonType, Limit, ParamLocation, Style};

/// Where a credential travels (the runtime's enum, with the names the spec gives).
pub type CredentialSource = openapi_forge_runtime::codegen::CredentialSource<String>;
/// The error body of a rejection (the runtime's enum, with the spec's property names).
pub type ErrorShape = openapi_forge_runtime::codegen::ErrorShape<String>;
/// The statuses and error shape of an operation's refusals (the runtime's plan, with the spec's
/// property names).
pub type Rejections = openapi_forge_runtime::codegen::RejectionPlan<String>;
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
    /// The service trait (`RomaConnectApi`).
    pub service_trait: String,
    /// The 3.1 `webhooks`: requests the API's provider sends, which a receiver serves. Each is an
    /// operation routed at `/<webhook name>`.
    pub webhooks: Vec<Operation>,
    /// The receiver trait of the webhooks (`MuseumWebhooks`).
    pub webhook_trait: String,
    /// The form shapes of the types that form bodies reach, by type name.
    pub form_shapes: Vec<(String, FormShape)>,
    /// The spec's `servers`, in order: where a client may call the API.
    pub servers: Vec<ServerIr>,
}

/// A server of the spec: a URL template and its variables.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerIr {
    /// The URL as written (`https://clouddc.{region}.myhuaweicloud.com`).
    pub url: String,
    /// The description.
    pub doc: String,
    /// Each variable's name and default, in the spec's order.
    pub variables: Vec<(String, String)>,
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
    /// Set on a parameter struct identical to an earlier operation's (same parameters, kinds and
    /// checks): it is emitted as `pub type` of that one, so each distinct set is compiled once.
    pub alias_of: Option<String>,
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

impl Shape {
    /// The types a value of this shape holds: its fields', its variants' or its inner type.
    pub fn held(&self) -> Vec<&Ty> {
        match self {
            Shape::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
            Shape::Union(variants) => variants.iter().map(|v| &v.ty).collect(),
            Shape::Newtype(ty) => vec![ty],
            Shape::Enum(_) => Vec::new(),
        }
    }
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
    /// True when the property's schema allows `null`.
    pub nullable: bool,
    /// The spec's default, when serde fills it in for an absent property (the field is then not an
    /// `Option`).
    pub default: Option<DefaultValue>,
    /// Read from the object itself rather than from one of its properties: an `allOf` branch's
    /// struct, or the map of undeclared properties. Its `wire` is empty, but an empty `wire` alone
    /// is a property named `""`, which JSON allows.
    pub flattened: bool,
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
    pub string_format: Option<Format>,
    /// An integer `format` whose range the value must fit.
    pub integer_format: Option<IntegerFormat>,
    /// `format: float`: the value must fit an `f32` (the type that holds it).
    pub float32: bool,
    /// `minimum` and `exclusiveMinimum`
    pub minimum: Option<(Limit, bool)>,
    /// `maximum` and `exclusiveMaximum`
    pub maximum: Option<(Limit, bool)>,
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
    /// `required`, less the properties that are `readOnly` or `writeOnly`.
    pub required: Vec<String>,
    /// The `required` properties that are `writeOnly` (required of requests only) and those that
    /// are `readOnly` (of responses only), as OpenAPI's Schema Object says.
    pub required_one_way: Vec<(String, Direction)>,
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
    /// `prefixItems` (3.1 tuples): the schema of each leading item; `items` then checks the
    /// items after them.
    pub prefix_items: Vec<Check>,
    /// `items: false` beside `prefixItems`: no item after the prefix.
    pub closed_tuple: bool,
    /// `discriminator`: the tag property and the tags it may hold.
    pub discriminator: Option<Discriminator>,
    /// JSON Schema 2020-12's conditional and counting applicators (3.1 documents only).
    pub applied: Option<Box<Applied>>,
    /// `xml`: how the value is named and laid out in an XML body (no check; the XML reader and
    /// writer follow it).
    pub xml: Option<XmlNaming>,
}

/// The applicators of JSON Schema 2020-12 that OpenAPI 3.0 has no form for: each applies a schema
/// to part of the value, or to the whole value under a condition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Applied {
    /// `contains`, with `minContains` (1 unless written) and `maxContains`: how many items must
    /// match it.
    pub contains: Option<(Check, u64, Option<u64>)>,
    /// `propertyNames`: each property name, as a string, must match it.
    pub property_names: Option<Check>,
    /// `patternProperties`: a pattern, and the schema of the properties whose names match it
    /// (`additionalProperties` then applies only to the names no pattern matches either).
    pub pattern_properties: Vec<(String, Check)>,
    /// `dependentRequired`: a property, and the properties the object must then have.
    pub dependent_required: Vec<(String, Vec<String>)>,
    /// `dependentSchemas`: a property, and the schema the whole object must then match.
    pub dependent_schemas: Vec<(String, Check)>,
    /// `if`, with `then` (applied when the value matches `if`) and `else` (when it does not).
    pub conditional: Option<(Check, Option<Check>, Option<Check>)>,
    /// `unevaluatedProperties`: the schema of each property that no schema applied in place to
    /// the object evaluated (see the runtime's `evaluation`).
    pub unevaluated_properties: Option<Check>,
    /// `unevaluatedItems`: the schema of each item that no schema applied in place evaluated.
    pub unevaluated_items: Option<Check>,
}

/// A schema's XML Object, as the XML reader and writer follow it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct XmlNaming {
    /// `name`
    pub name: Option<String>,
    /// `attribute`
    pub attribute: bool,
    /// `wrapped`
    pub wrapped: bool,
}

/// A `discriminator`: the property whose value names the branch of `oneOf` (or `anyOf`) that an
/// object is to be read and checked as.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Discriminator {
    /// `propertyName`.
    pub property: String,
    /// Each tag (the mapping's keys, then the component names of the branches no key maps to) and
    /// the index of the branch it names, when it names one of the branches.
    pub tags: Vec<(String, Option<usize>)>,
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
    /// Absent: anything goes.
    #[default]
    Any,
    /// `true`: anything goes, and every property counts as evaluated (for
    /// `unevaluatedProperties`).
    Allowed,
    /// `false`: only declared properties.
    Forbidden,
    /// A schema every undeclared property must meet.
    Schema(Box<Check>),
}

/// An operation: what the service trait, the typed input and output, and the route come from.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The spec's operationId (or `METHOD path` when it has none).
    pub id: String,
    /// Rust method name (`delete_asset`).
    pub method_name: String,
    /// HTTP method, lower case (`post`).
    pub http_method: String,
    /// Path template as in the spec.
    pub path: String,
    /// The path a client fills: `{name}` for every parameter (Express-style `:name` included),
    /// without a fragment.
    pub request_path: String,
    /// How the router reaches it; `None` when it cannot be served (its models are still
    /// generated, but the router and the service trait leave it out).
    pub route: Option<Route>,
    /// Doc comment.
    pub doc: String,
    /// The typed input struct (`DeleteAssetInput`).
    pub input_type: String,
    /// The output enum (`DeleteAssetOutput`).
    pub output_type: String,
    /// Path, query, header and cookie parameters, one struct per location that has any.
    pub params: Vec<ParamGroup>,
    /// The request body.
    pub body: Option<RequestBody>,
    /// Accepted credentials; `None` when the operation needs none (or none can be given, see
    /// `unauthenticatable`).
    pub security: Option<Security>,
    /// Every security requirement names an undeclared scheme: no request can be authenticated, so
    /// the router leaves the operation out and the client refuses to call it.
    pub unauthenticatable: bool,
    /// Documented responses, in the spec's order.
    pub responses: Vec<ResponseIr>,
    /// The media types a request may ask for, where a response declares several.
    pub accept: Option<AcceptIr>,
    /// How refused requests are answered.
    pub rejections: Rejections,
    /// The body of the 501 a default stub answers: the shape of the response the spec declares for
    /// it (`501`, `5XX`, `default`), else the rejections' shape.
    pub unimplemented: ErrorShape,
}

impl Operation {
    /// The bodies of one media type its responses declare, in order.
    pub fn response_media(&self) -> impl Iterator<Item = &ResponseBody> {
        self.responses.iter().filter_map(|r| r.body.as_ref()).flat_map(ResponseBody::each_media)
    }

    /// The shapes of its XML bodies: the request's, then the responses'.
    pub fn xml_shapes(&self) -> impl Iterator<Item = &FormShapeRef> {
        let requests = self.body.iter().flat_map(|body| &body.media).filter_map(|media| match &media.reader {
            BodyReader::Xml { shape, .. } => Some(shape),
            _ => None,
        });
        let responses = self.response_media().filter_map(|body| match body {
            ResponseBody::Xml { shape, .. } => Some(shape),
            _ => None,
        });
        requests.chain(responses)
    }
}

/// An operation's place in the router.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The axum route (`{name}` syntax, each parameter a whole segment or a segment's end).
    pub path: String,
    /// The operation's own route when it names its parameters otherwise than `path`, the route of
    /// the operations it shares (Google's `/v1/{parent}:bind` beside `/v1/{name}:cancel`).
    pub own: Option<String>,
    /// Parameters with literal text after them in their segment (`{Sid}.json`): axum matches the
    /// whole segment, and the handler strips the text (a request without it is a 404).
    pub suffixes: Vec<(String, String)>,
    /// Segments of several parameters (`{from}-{to}`): axum matches the segment as the first, and
    /// the handler splits it (a request it cannot split is a 404).
    pub splits: Vec<PathSplit>,
    /// Set when other operations share this one's method and route: the parameter whose value
    /// names this one.
    pub dispatch: Option<Dispatch>,
    /// Other operations share this one's method and route and differ from it only in the text
    /// after a parameter (Google's `/v1/{name}:cancel` beside `/v1/{name}:deploy`): the request's
    /// path segments tell them apart.
    pub by_suffix: bool,
    /// Set when other operations share this one's method and route and each requires header and
    /// query parameters the others do not (S3's `GET /{Bucket}?cors` beside `GET /{Bucket}`): the
    /// parameters this one requires, sorted, a header's name in lower case.
    pub presence: Option<Vec<(ParamLocation, String)>>,
    /// Other operations share this one's method and route, their templates differing only in
    /// their path parameters' names and schemas (`/collection/{id}` beside `/collection/{slug}`):
    /// the request's path parameters tell them apart.
    pub by_path: bool,
}

impl Route {
    /// The route `path` of one operation, nothing shared.
    pub fn new(path: String, suffixes: Vec<(String, String)>, splits: Vec<PathSplit>) -> Route {
        Route { path, own: None, suffixes, splits, dispatch: None, by_suffix: false, presence: None, by_path: false }
    }
}

/// A path segment of several parameters, each parted from the one before by literal text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathSplit {
    /// The segment's place in the path, as `str::split('/')` counts it.
    pub segment: usize,
    /// The literal text before the first parameter, which axum matches.
    pub prefix: String,
    /// The first parameter, which axum matches (the segment's literal prefix already stripped).
    pub param: String,
    /// Each further parameter with the literal text before it: `(text, name)`.
    pub more: Vec<(String, String)>,
    /// The literal text after the last parameter.
    pub suffix: String,
}

/// The parameter value that names an operation among those sharing its method and route (AWS's
/// `X-Amz-Target` header, `Action` query parameter): a required header or query parameter whose
/// schema allows this one string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispatch {
    /// `Header` or `Query`.
    pub location: ParamLocation,
    /// The parameter's name as the spec writes it.
    pub name: String,
    /// The one value its schema allows; `None` for the one operation of the route and method that
    /// serves requests without the parameter.
    pub value: Option<String>,
}

/// The parameters of one location.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamGroup {
    /// Where they travel (which also names the input struct's field).
    pub location: ParamLocation,
    /// The generated struct holding them.
    pub type_name: String,
    /// Each parameter, in the spec's order.
    pub params: Vec<ParamIr>,
    /// The struct is an alias of an earlier group's identical one, whose `Params` impl serves both.
    pub shared: bool,
}

/// One parameter: its wire name and how it is serialized (OpenAPI's `style`, `explode`,
/// `allowReserved`), and the form shape that guides reading its text as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamIr {
    /// The wire name.
    pub name: String,
    /// `style` (or `Json` for `content` of a JSON media type).
    pub style: Style,
    /// `explode`, its default filled in (true for `form` only).
    pub explode: bool,
    /// `allowReserved`
    pub allow_reserved: bool,
    /// `allowEmptyValue` (a query parameter sent without a value, S3's `?cors`).
    pub allow_empty: bool,
    /// The JSON types of the value and below; filled in by `forms::shapes`.
    pub shape: FormShapeRef,
}

/// A request body: the media types it may be sent as, each with its reader.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// `requestBody.required`
    pub required: bool,
    /// `x-body-limit` in bytes; `None` for the runtime's default.
    pub limit: Option<u64>,
    /// The declared media types, in the spec's order: the request's `Content-Type` picks one.
    pub media: Vec<BodyMedia>,
    /// With several media types, the enum telling which one was sent (`PatchNodeBody`); with one,
    /// the input holds that media type's value itself.
    pub choice: Option<String>,
}

/// One media type a request body may be sent as.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyMedia {
    /// The media type or range as the spec writes it (`application/json`, `image/*`).
    pub media_type: String,
    /// The `Content-Type` a client sends it as: the media type, or for a range the plainest type
    /// within it that the reader takes.
    pub sent_as: String,
    /// The variant of the choice enum (`Json`, `Form`, `MergePatchJson`).
    pub variant: String,
    /// How the bytes are read.
    pub reader: BodyReader,
}

/// How a request body's bytes become the handler's value.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyReader {
    /// JSON, checked against the type's schema.
    Json(Ty),
    /// `application/x-www-form-urlencoded`: the form read into the type's shape (bracketed keys
    /// nest, repeated keys make arrays, text becomes the numbers and booleans the schema expects),
    /// then checked like JSON.
    Form {
        /// The body's type.
        ty: Ty,
        /// How the form's text is read into JSON.
        shape: FormShapeRef,
        /// Properties whose `encoding` puts an array in one delimited value (`explode: false`,
        /// `spaceDelimited`, `pipeDelimited`), with the delimiter.
        delimited: Vec<(String, char)>,
    },
    /// `multipart/form-data`: file parts kept as bytes, the other parts read like a form's fields,
    /// and the whole checked against the schema (a file property holds the part's file name).
    Multipart {
        /// The body's type.
        ty: Ty,
        /// How the other parts' text is read into JSON.
        shape: FormShapeRef,
        /// The properties that arrive as file parts.
        files: Vec<FileField>,
    },
    /// Text (`text/plain`, `text/csv`): UTF-8, checked against the schema's string keywords.
    Text(Ty),
    /// YAML (`application/yaml`, `+yaml` types): one document, read into the JSON tree it stands
    /// for and checked like JSON (the runtime's `yaml` feature).
    Yaml(Ty),
    /// XML (`application/xml`, `text/xml`, `+xml` types): one document, read into the JSON tree
    /// `shape` says it stands for and checked like JSON; the client writes it the same way (the
    /// runtime's `xml` feature).
    Xml {
        /// The body's type.
        ty: Ty,
        /// How elements and attributes are read into JSON, and written from it.
        shape: FormShapeRef,
        /// The root element's name when the schema gives none (its name in the spec).
        root: String,
    },
    /// Any other media type (`application/octet-stream`, `image/*`, `*/*`): the bytes.
    Bytes,
}

/// A property of a multipart body's schema that arrives as file parts: a `format: binary` string,
/// or an array of them.
#[derive(Clone, Debug, PartialEq)]
pub struct FileField {
    /// The property's name.
    pub name: String,
    /// An array of files.
    pub many: bool,
    /// The media types or ranges a part may have (the `encoding`'s `contentType`), as lowercase
    /// essences without parameters; empty: any.
    pub media: Vec<String>,
}

/// How form text is read as JSON at one place of a body: which JSON types the schema allows there
/// and, for objects and arrays, the shapes below. It only guides the reading; the validator
/// decides validity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormShape {
    /// The JSON types the schema allows (empty: any, read as text).
    pub kinds: Vec<JsonType>,
    /// The items' shape, for arrays.
    pub items: Option<Box<FormShapeRef>>,
    /// The declared properties' shapes, for objects.
    pub properties: Vec<(String, FormShapeRef)>,
    /// The shape of other properties.
    pub additional: Option<Box<FormShapeRef>>,
    /// The place's XML Object (XML bodies only read it).
    pub xml: Option<XmlNaming>,
}

impl FormShape {
    /// True for the shape of one scalar type (or of any value) with nothing below it.
    pub fn is_scalar(&self) -> bool {
        self.kinds.len() <= 1
            && !self.kinds.iter().any(|k| matches!(k, JsonType::Array | JsonType::Object))
            && self.items.is_none()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.xml.is_none()
    }
}

/// A form shape, written in place or named after the type whose shape it is (so that recursive
/// types have finite shapes).
#[derive(Clone, Debug, PartialEq)]
pub enum FormShapeRef {
    /// The shape of the named generated type (in [`Api::form_shapes`]).
    Named(String),
    /// A shape of its own.
    Inline(FormShape),
}

/// The credentials an operation accepts: one alternative must be present.
#[derive(Clone, Debug, PartialEq)]
pub struct Security {
    /// The credential enum.
    pub type_name: String,
    /// The service trait's method authenticating it (`authenticate` for the first credential type;
    /// claimed among the operation methods, so that neither can shadow the other).
    pub authenticate: String,
    /// The alternatives, in the spec's order.
    pub alternatives: Vec<SecurityAlternative>,
    /// True when `{}` is among the alternatives: anonymous calls are allowed.
    pub optional: bool,
}

/// One accepted set of credentials.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityAlternative {
    /// Enum variant name.
    pub variant: String,
    /// Each part: field name, scheme name and where it travels.
    pub parts: Vec<(String, String, CredentialSource)>,
}

/// A documented response.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseIr {
    /// Variant name (`Ok`, `Forbidden`, `Default`, `ClientError`).
    pub variant: String,
    /// The status it stands for.
    pub status: StatusIr,
    /// Doc comment (the response's description).
    pub doc: String,
    /// The body, if any.
    pub body: Option<ResponseBody>,
    /// Response headers: field, wire name, required.
    pub headers: Vec<(String, String, bool)>,
}

/// A response status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusIr {
    /// One status code.
    Code(u16),
    /// A range such as `4XX` (the digit).
    Range(u16),
    /// `default`
    Default,
}

/// A response body.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    /// JSON of this type.
    Json(Ty),
    /// YAML of this generated type: the router writes it as its JSON text (which YAML 1.2 reads),
    /// the client reads it with the YAML reader (the runtime's `yaml` feature) and checks it.
    Yaml {
        /// The body's type.
        ty: Ty,
        /// The `Content-Type` the router sends.
        media: String,
    },
    /// XML of this generated type, laid out as its XML Objects say, both ways (the runtime's `xml`
    /// feature).
    Xml {
        /// The body's type.
        ty: Ty,
        /// How elements and attributes are read into JSON, and written from it.
        shape: FormShapeRef,
        /// The root element's name when the schema gives none (its name in the spec).
        root: String,
        /// The `Content-Type` the router sends.
        media: String,
    },
    /// Text, sent with this `Content-Type`.
    Text(String),
    /// Bytes, sent with this `Content-Type`.
    Bytes(String),
    /// One of several media types, as the enum `type_name` says which.
    Choice {
        /// The generated enum (`GetPetOkBody`).
        type_name: String,
        /// Each declared media type, in the spec's order.
        media: Vec<ResponseMedia>,
    },
}

impl ResponseBody {
    /// The bodies of one media type it holds: itself, or each of a choice's.
    pub fn each_media(&self) -> impl Iterator<Item = &ResponseBody> {
        let (one, choices) = match self {
            ResponseBody::Choice { media, .. } => (None, media.as_slice()),
            body => (Some(body), &[][..]),
        };
        one.into_iter().chain(choices.iter().map(|m| &m.body))
    }

    /// [`ResponseBody::each_media`], to fill in.
    pub fn each_media_mut(&mut self) -> impl Iterator<Item = &mut ResponseBody> {
        let (one, choices) = match self {
            ResponseBody::Choice { media, .. } => (None, media.as_mut_slice()),
            body => (Some(body), &mut [][..]),
        };
        one.into_iter().chain(choices.iter_mut().map(|m| &mut m.body))
    }
}

/// One media type of a response that declares several.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseMedia {
    /// The enum variant (`Json`, `Xml`).
    pub variant: String,
    /// The media type as declared (a range such as `image/*` included).
    pub media_type: String,
    /// How a body of it is written and read (never a `Choice`).
    pub body: ResponseBody,
}

/// The response media types an operation offers where a response declares several: the input's
/// `accept` field, which the router fills from the request's `Accept` header and the client sends.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptIr {
    /// The generated enum (`GetPetAccept`).
    pub type_name: String,
    /// (variant, media type), in the spec's order; the first is the default.
    pub media: Vec<(String, String)>,
}
