//! The words of OpenAPI that the generator and generated code share: where a parameter travels and
//! how it is written, where a credential travels, how a refusal answers. One definition, which the
//! generator reads specs into and generated code names, so that the two cannot drift apart (the
//! JSON types and the string and integer formats live beside their checks, in `checks`).

use std::fmt;

/// The most operations, and the most (operation, required parameter) entries in all, that one
/// method and route told apart by the parameters each requires may have: the server reads them
/// into fixed-size bit sets (`rt::http::PresenceDispatch`), and the generator tells no larger group
/// apart so.
pub const PRESENCE_LIMIT: usize = 128;

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// A path template variable.
    Path,
    /// A query parameter.
    Query,
    /// A header, matched without regard to case.
    Header,
    /// A cookie of the `Cookie` header, its value as sent.
    Cookie,
}

impl ParamLocation {
    /// Every location, in the order their structs appear in an operation's input.
    pub const ALL: [ParamLocation; 4] =
        [ParamLocation::Path, ParamLocation::Query, ParamLocation::Header, ParamLocation::Cookie];

    /// The location's name in OpenAPI (`in`), the first segment of its violations' pointers.
    pub const fn name(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// A parameter's `style` (OpenAPI 3, "Style Values"), plus `Json` for a parameter described by
/// `content` of a JSON media type, whose text is a JSON document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `form` (query, cookie): `id=5`, arrays `id=3&id=4` or `id=3,4`, objects `a=1&b=2` or `o=a,1,b,2`.
    Form,
    /// `simple` (path, header): `5`, `3,4`, objects `a=1,b=2` or `a,1,b,2`.
    Simple,
    /// `matrix` (path): `;id=5`, `;id=3;id=4` or `;id=3,4`, objects `;a=1;b=2` or `;o=a,1,b,2`.
    Matrix,
    /// `label` (path): `.5`, `.3.4` or `.3,4`, objects `.a=1.b=2` or `.a,1,b,2`.
    Label,
    /// `spaceDelimited` (query): `id=3 4`, objects `o=a 1 b 2`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `id=3|4`, objects `o=a|1|b|2`.
    PipeDelimited,
    /// `deepObject` (query): `o[a]=1&o[b]=2`, nested as form bodies nest (`o[a][0][b]=1`).
    DeepObject,
    /// `content: application/json`: the text is a JSON document.
    Json,
}

impl Style {
    /// The style's default `explode` (true for `form` only).
    pub const fn explodes_by_default(self) -> bool {
        matches!(self, Style::Form)
    }
}

/// Where a credential travels. The names are `&'static str` in generated code; the generator
/// holds them as `String` while it reads a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CredentialSource<S = &'static str> {
    /// A request header, by name.
    Header(S),
    /// A query parameter, by name.
    Query(S),
    /// A cookie, by name.
    Cookie(S),
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <credentials>`.
    Basic,
    /// `Authorization: <scheme> <credentials>` for another HTTP scheme (`Digest`, `Negotiate`),
    /// by the scheme's name; what follows the name is handed over as it is.
    Authorization(S),
}

impl<S: fmt::Display> fmt::Display for CredentialSource<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Header(name) => write!(f, "the `{name}` header"),
            CredentialSource::Query(name) => write!(f, "the `{name}` query parameter"),
            CredentialSource::Cookie(name) => write!(f, "the `{name}` cookie"),
            CredentialSource::Bearer => f.write_str("the bearer token of the `Authorization` header"),
            CredentialSource::Basic => f.write_str("the basic credentials of the `Authorization` header"),
            CredentialSource::Authorization(scheme) => {
                write!(f, "the `{scheme}` credentials of the `Authorization` header")
            }
        }
    }
}

/// The error body shape a spec declares for the requests a router refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorShape<S = &'static str> {
    /// A JSON object built to the spec's error schema: the code, the status and the message go into
    /// the properties named here (when the schema has them, of a fitting type), and the other
    /// properties it requires take fixed values.
    Json {
        /// The body's media type (`application/json`, `application/problem+json`).
        media_type: S,
        /// The property that holds the error object when the spec nests it (`{"error": {...}}`).
        within: Option<S>,
        /// The string property for a short error code (`error_code`).
        code: Option<S>,
        /// The integer property for the HTTP status (`status`, or an integer `code`).
        status: Option<S>,
        /// The string property for the message listing the violations (`error_msg`).
        message: Option<S>,
        /// The other properties the error object requires, as JSON members (`"request_id":""`),
        /// written as they are; empty when there are none.
        fixed: S,
    },
    /// A plain-text body.
    Text,
    /// No body.
    Empty,
}

/// The statuses and error shape an operation's spec declares for requests it refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RejectionPlan<S = &'static str> {
    /// Missing credentials.
    pub unauthenticated: u16,
    /// Parameters or body that break the spec.
    pub invalid: u16,
    /// A body over the limit.
    pub too_large: u16,
    /// A body that is not of the declared media type.
    pub unsupported_media_type: u16,
    /// The error body.
    pub shape: ErrorShape<S>,
    /// The error body of the unauthenticated status, when its response declares one of its own
    /// that differs (Svix's 401 `{code, detail}` beside its 422 `{detail: [..]}`); `None`: `shape`.
    pub unauthenticated_shape: Option<ErrorShape<S>>,
}

/// Whether a media type's essence (`type/subtype`, lower case, no parameters) names JSON:
/// `application/json`, any `+json` type, and `text/json`, which .NET's Swashbuckle writes beside
/// `application/json` for every body. The one home of this rule, for the generator (which reader a
/// declared body gets) and the runtime (a multipart part's `Content-Type`).
pub fn is_json_media(essence: &str) -> bool {
    matches!(essence, "application/json" | "text/json") || essence.ends_with("+json")
}

/// Whether a media type's essence names a structured format that no reader parses: XML
/// (`application/xml`, `text/xml`, any `+xml` type) or YAML (`application/yaml`,
/// `application/x-yaml`, `text/yaml`, `text/x-yaml`, `text/vnd.yaml`, `*/yml`, any `+yaml` type,
/// such as Kubernetes' `application/apply-patch+yaml`). The one home of this rule: the generator
/// hands a declared body of such a type over as bytes (and warns that its schema is not checked),
/// and a `*/*` range read as JSON refuses it (415) rather than report its text as malformed JSON.
pub fn is_unparsed_structured_media(essence: &str) -> bool {
    is_xml_media(essence) || is_yaml_media(essence)
}

/// Whether a media type's essence names XML (`application/xml`, `text/xml`, any `+xml` type):
/// the generator reads a request body of such a type with a schema as XML when asked to
/// (`xml_bodies`).
pub fn is_xml_media(essence: &str) -> bool {
    structured_suffix(essence) == "xml"
}

/// Whether a media type's essence names YAML (`application/yaml`, `application/x-yaml`,
/// `text/yaml`, `text/x-yaml`, `text/vnd.yaml`, `*/yml`, any `+yaml` type): the generator reads a
/// request body of such a type with a schema as YAML when asked to (`yaml_bodies`).
pub fn is_yaml_media(essence: &str) -> bool {
    matches!(structured_suffix(essence), "yaml" | "yml" | "x-yaml" | "x-yml" | "vnd.yaml")
}

/// The subtype's structured-syntax suffix (`apply-patch+yaml` → `yaml`), or the subtype.
fn structured_suffix(essence: &str) -> &str {
    let subtype = essence.split_once('/').map_or(essence, |(_, subtype)| subtype);
    subtype.rsplit_once('+').map_or(subtype, |(_, suffix)| suffix)
}
