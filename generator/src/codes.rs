//! The code of each kind of diagnostic: a short, stable name (`duplicate-key`) that output shows
//! beside the severity (`error[duplicate-key]`), so that a reader can look a problem up, and a
//! program (a CI filter, the conformance harness) can tell kinds apart without reading messages,
//! whose wording may change.

use std::fmt;

/// Declares the codes: each variant's documentation is what the code means.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// The kind of a [`Diagnostic`](crate::Diagnostic). Its name ([`Code::name`]) is stable.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order of the documentation.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The code's name, as output shows it: lower case, words joined by `-`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// What the code means: its documentation, line by line as written (`openapi-forge
            /// explain` prints it as one line).
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc, "\n"),+),)+
                }
            }

            /// The code of `name`, when there is one.
            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|code| code.name() == name)
            }
        }
    };
}

codes! {
    // Reading the document.
    /// The text is not YAML or JSON (a syntax error, a bad merge key).
    Syntax = "syntax",
    /// A mapping repeats a key.
    DuplicateKey = "duplicate-key",
    /// A value JSON cannot represent: NaN or infinity, a mapping key that is not a scalar.
    NotJson = "not-json",
    /// A spec file that cannot be read: missing, not a file, or not text in an encoding the loader
    /// knows (UTF-8, UTF-16).
    UnreadableFile = "unreadable-file",
    /// The document nests deeper than the loader follows.
    TooDeep = "too-deep",
    /// The document is empty, or not a mapping.
    NotADocument = "not-a-document",
    /// The document is Swagger 2.0.
    Swagger2 = "swagger-2",
    /// The `openapi` field is missing, or names a version other than 3.0.x or 3.1.x.
    OpenapiVersion = "openapi-version",
    /// A 3.1 document's `jsonSchemaDialect` is one the generator does not read, or reads as 2020-12.
    SchemaDialect = "schema-dialect",
    /// A node does not have the shape of the OpenAPI object its place holds.
    InvalidStructure = "invalid-structure",
    /// An unknown top-level field (a misspelling is an error, anything else a warning).
    UnknownField = "unknown-field",

    // References.
    /// A `$ref` names nothing, or names what may not be read (a remote document, a file that is not
    /// YAML or JSON, an anchor no schema declares).
    UnresolvedRef = "unresolved-ref",
    /// References lead only to other references, in a circle.
    CircularRef = "circular-ref",
    /// A reference's target contains the reference itself.
    SelfContainingRef = "self-containing-ref",
    /// A schema `$ref` that does not name a schema under `#/components/schemas`.
    NotASchemaRef = "not-a-schema-ref",
    /// A `$ref` where OpenAPI allows none, or one the generator does not follow (a path item, an
    /// operation, `$dynamicRef` and `$recursiveRef`).
    UnsupportedRef = "unsupported-ref",
    /// A `discriminator` mapping entry names nothing; it is left out.
    UnresolvedMapping = "unresolved-mapping",
    /// Schemas apply one another to the same value without end: no validator could finish.
    EndlessSchema = "endless-schema",

    // Schemas.
    /// A schema that is not a mapping.
    SchemaNotMapping = "schema-not-mapping",
    /// A keyword whose value is not of the kind it takes (a length that is not a non-negative
    /// integer, a `required` that is not a list, ...). Where it is read tolerantly, a warning.
    KeywordValue = "keyword-value",
    /// A keyword no JSON Schema vocabulary the generator reads defines; it is ignored.
    UnknownKeyword = "unknown-keyword",
    /// Keywords beside a `$ref` in OpenAPI 3.0, which ignores them.
    RefSiblings = "ref-siblings",
    /// A `type` no JSON Schema defines, or a list of types in OpenAPI 3.0.
    UnknownType = "unknown-type",
    /// `allOf`, `anyOf` or `oneOf` without a schema.
    EmptyComposition = "empty-composition",
    /// An `allOf` branch forbids the properties another branch declares.
    ClosedAllOfBranch = "closed-allof-branch",
    /// Bounds no value can satisfy (a minimum above the maximum, an empty exclusive range).
    UnsatisfiableBounds = "unsatisfiable-bounds",
    /// A `pattern` that does not compile as an ECMA-262 regular expression.
    InvalidPattern = "invalid-pattern",
    /// A `pattern` that names Java's POSIX classes; it is read as their ECMA-262 equivalent.
    PosixClassPattern = "posix-class-pattern",
    /// An `enum` that admits no value (empty, or no value of the schema's type).
    EmptyEnum = "empty-enum",
    /// An `enum` that lists a value more than once.
    RepeatedEnumValue = "repeated-enum-value",
    /// An `enum` with values of another type than the schema's, read as values of its type.
    EnumType = "enum-type",
    /// A `default` of another type than the schema's, read as a value of its type.
    DefaultType = "default-type",
    /// A `default` of another type than the schema's that cannot be read as one; it is ignored.
    DefaultIgnored = "default-ignored",
    /// A number written as a string in a numeric keyword; it is read as the number.
    QuotedNumber = "quoted-number",
    /// `required: true` inside a property schema; read as the object's `required` list.
    RequiredFlag = "required-flag",
    /// `nullable` beside `$ref` (ignored by OpenAPI 3.0, honoured here), or `nullable` in 3.1.
    Nullable = "nullable",
    /// A keyword written as an older JSON Schema draft writes it (a boolean exclusive bound in 3.1,
    /// `items` as a list); read as that draft meant it.
    OlderDraftKeyword = "older-draft-keyword",
    /// A `format` the generator does not know; accepted without being checked.
    UncheckedFormat = "unchecked-format",

    // Operations and paths.
    /// Two operations share an `operationId`.
    DuplicateOperationId = "duplicate-operation-id",
    /// A response key that is not a status, a range such as `4XX`, or `default`.
    InvalidStatus = "invalid-status",
    /// An operation declares no responses.
    NoResponses = "no-responses",
    /// A path parameter without `required: true`.
    PathParameterNotRequired = "path-parameter-not-required",
    /// A path parameter that is not declared, not in the path, or braced in the path's query string.
    PathParameter = "path-parameter",
    /// A path no router can match as written (two parameters with nothing between them, an
    /// unclosed brace, a fragment), or one read another way (Express-style `:name`, a query string
    /// in the key).
    PathTemplate = "path-template",
    /// Two operations match the same requests.
    OverlappingRoutes = "overlapping-routes",
    /// A media type that is not `type/subtype`.
    InvalidMediaType = "invalid-media-type",
    /// A request body the routes do not read, or read as bytes unchecked against its schema.
    UnreadBody = "unread-body",
    /// An error body requires a property the router cannot fill when it refuses a request.
    UnfillableErrorBody = "unfillable-error-body",

    // Security.
    /// A security scheme that is not declared, or one generated code cannot check (`mutualTLS`).
    UncheckedSecurity = "unchecked-security",
    /// A header parameter named as a credential header, read as the operation's credential.
    CredentialHeader = "credential-header",

    // Names.
    /// Two spec names become one Rust name; the later one is renamed.
    NameClash = "name-clash",
    /// A generated type nests so deep that rustc may refuse it past its default recursion limit.
    DeepTypes = "deep-types",

    // The selection of operations (`Config::include_tags` and the like).
    /// The selection names what no operation has, or keeps no operation.
    Selection = "selection",

    /// A defect of openapi-forge itself, reported rather than panicking.
    Internal = "internal",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_lower_case_words() {
        let mut seen = BTreeSet::new();
        for code in Code::ALL {
            let name = code.name();
            assert!(seen.insert(name), "{name} twice");
            assert!(
                name.split('-')
                    .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{name}"
            );
            assert_eq!(Code::from_name(name), Some(*code));
            assert!(code.explanation().trim().ends_with('.'), "{name}: {}", code.explanation());
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }
}
