//! The options of one generation run: what goes into a module beyond its models, validators and
//! routes, and which operations it keeps.

use crate::codes::Code;
use crate::select::Selection;

/// What goes into a generated module beyond its models, validators and routes.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Also emit `parse_component(name, bytes)`, which reads JSON bytes as the component schema of
    /// that name the way a server reads a body. Off by default: it instantiates every component's
    /// `Deserialize`, response-only types included, which on a large spec is most of the code the
    /// compiler generates (on nexus.json, 70 % of the module's LLVM IR).
    pub component_parsers: bool,
    /// Treat every warning as an error: a spec generates only when nothing in it needed a
    /// tolerant reading. Off by default.
    pub strict: bool,
    /// Warnings and notes of these codes are not reported (and so not made errors by `strict`):
    /// a spec's known, accepted slips stay out of the way of new ones. Errors are always reported.
    /// None by default.
    pub allowed: Vec<Code>,
    /// Also emit the typed `Client` (it needs the runtime's `client` feature, on by default). On by
    /// default.
    pub client: bool,
    /// Also emit the server side: the service trait, the axum router and its handlers, credential
    /// types and the outputs' responses (it needs the runtime's `server` feature, on by default).
    /// On by default. With neither server nor client, a module holds models and validators only
    /// and needs the runtime without default features (serde, serde_json, regress).
    pub server: bool,
    /// Give every object schema and string enum a type of its own, even when an earlier one has
    /// the same fields (or values) and checks. Off by default: such a type is then a `pub type`
    /// alias of the first, which rustc compiles once (on PagerDuty's spec, 301 structs and 179
    /// enums, about a tenth of the compiler's peak memory); the alias keeps its name and doc, but
    /// the two names are one type (one set of impls, one `Schema::NAME`).
    pub distinct_types: bool,
    /// Give every method of the service trait a default body that answers 501 Not Implemented
    /// in the spec's error shape, as tonic-build's default stubs do: a mock or a partial
    /// implementation of a large API overrides only the operations it serves. Each served
    /// operation's output then has an `Unimplemented` variant for that answer (which the client
    /// never returns). Off by default: the compiler then names every operation a service has not
    /// implemented.
    pub default_stubs: bool,
    /// Read YAML request bodies (`application/yaml`, `+yaml` types such as Kubernetes'
    /// `application/apply-patch+yaml`) with a schema into their type, checked like JSON, and type
    /// YAML responses (the router writes their JSON text, the client reads and checks them); a
    /// module that does needs the runtime's `yaml` feature. On by default. Off, such bodies are
    /// bytes, unchecked (the generator warns of request bodies).
    pub yaml_bodies: bool,
    /// Read XML request bodies (`application/xml`, `text/xml`, `+xml` types) with a schema into
    /// their type, laid out as the schema's XML Objects say and checked like JSON, and have the
    /// client write them so; type XML responses the same way (the router writes them, the client
    /// reads and checks them). A module that does needs the runtime's `xml` feature. On by
    /// default. Off, such bodies are bytes (`text/xml` responses text), unchecked (the generator
    /// warns of request bodies).
    pub xml_bodies: bool,
    /// Which operations to generate (all by default), and with them only the components they
    /// reach.
    pub selection: Selection,
    /// Pretty-print the module (syn and prettyplease). On by default. Off, the tokens are written
    /// as they print, a line break after each statement and block: the same code to the compiler,
    /// in about half the time (formatting is most of a large spec's generation), for build scripts
    /// whose output nobody reads.
    pub format: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            component_parsers: false,
            strict: false,
            allowed: Vec::new(),
            client: true,
            server: true,
            distinct_types: false,
            default_stubs: false,
            yaml_bodies: true,
            xml_bodies: true,
            selection: Selection::default(),
            format: true,
        }
    }
}

impl Options {
    /// These options with [`Options::format`] set to `on`.
    pub fn format(mut self, on: bool) -> Self {
        self.format = on;
        self
    }

    /// These options with [`Options::component_parsers`] set to `on`.
    pub fn component_parsers(mut self, on: bool) -> Self {
        self.component_parsers = on;
        self
    }

    /// These options with [`Options::strict`] set to `on`.
    pub fn strict(mut self, on: bool) -> Self {
        self.strict = on;
        self
    }

    /// These options with `codes` added to [`Options::allowed`].
    pub fn allow(mut self, codes: impl IntoIterator<Item = Code>) -> Self {
        self.allowed.extend(codes);
        self
    }

    /// These options with [`Options::client`] set to `on`.
    pub fn client(mut self, on: bool) -> Self {
        self.client = on;
        self
    }

    /// These options with [`Options::yaml_bodies`] set to `on`.
    pub fn yaml_bodies(mut self, on: bool) -> Self {
        self.yaml_bodies = on;
        self
    }

    /// These options with [`Options::xml_bodies`] set to `on`.
    pub fn xml_bodies(mut self, on: bool) -> Self {
        self.xml_bodies = on;
        self
    }

    /// These options with [`Options::server`] set to `on`.
    pub fn server(mut self, on: bool) -> Self {
        self.server = on;
        self
    }

    /// These options with [`Options::default_stubs`] set to `on`.
    pub fn default_stubs(mut self, on: bool) -> Self {
        self.default_stubs = on;
        self
    }

    /// These options with [`Options::distinct_types`] set to `on`.
    pub fn distinct_types(mut self, on: bool) -> Self {
        self.distinct_types = on;
        self
    }

    /// Generates only the operations with at least one of `tags` (and the components they reach).
    pub fn include_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.selection.include_tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Leaves out the operations with any of `tags`.
    pub fn exclude_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.selection.exclude_tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Generates only the operations with one of these `operationId`s.
    pub fn include_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.selection.include_operations.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Leaves out the operations with any of these `operationId`s.
    pub fn exclude_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.selection.exclude_operations.extend(ids.into_iter().map(Into::into));
        self
    }
}
