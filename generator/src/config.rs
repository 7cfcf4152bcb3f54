//! The build-script API, in the style of prost-build: a `Config` builder over the pure
//! [`generate`](crate::generate) of the `pipeline`.

use crate::diagnostics::{Diagnostics, Severity};
use crate::options::Options;
use crate::pipeline;
use crate::write::write_if_changed;
use std::fmt;
use std::path::{Path, PathBuf};

/// Settings for generating Rust modules from spec files, typically in `build.rs`:
///
/// ```no_run
/// openapi_forge_build::Config::new().generate(&["spec/roma-connect.yaml"]).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    out_dir: Option<PathBuf>,
    rerun_if_changed: bool,
    include_file: Option<PathBuf>,
    registry: bool,
    options: Options,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            out_dir: None,
            rerun_if_changed: true,
            include_file: None,
            registry: false,
            options: Options::default(),
        }
    }
}

/// One generated module.
#[derive(Debug)]
pub struct GeneratedFile {
    /// The spec it came from.
    pub spec: PathBuf,
    /// The module name.
    pub module: String,
    /// Where it was written.
    pub path: PathBuf,
    /// False when the file already had this content and was left alone.
    pub written: bool,
    /// Warnings and notes.
    pub diagnostics: Diagnostics,
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io(PathBuf, std::io::Error),
    /// The specs have problems; every one of every spec is here.
    Spec(Diagnostics),
    /// No output directory was set and `OUT_DIR` is not set either.
    NoOutDir,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(path, err) => write!(f, "{}: {err}", path.display()),
            Error::Spec(diags) => write!(f, "{} error(s) in the spec(s):\n{diags}", diags.error_count()),
            Error::NoOutDir => f.write_str("no output directory: call Config::out_dir or run from a build script"),
        }
    }
}

impl std::error::Error for Error {}

impl Config {
    /// Defaults: output to `$OUT_DIR`, printing `cargo:rerun-if-changed` lines.
    pub fn new() -> Self {
        Self::default()
    }

    /// Where the modules go (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for every spec (default: true). Turn it off outside
    /// build scripts.
    pub fn cargo_rerun_if_changed(mut self, on: bool) -> Self {
        self.rerun_if_changed = on;
        self
    }

    /// Also writes `name` (in the output directory): a file that includes every generated module, so a
    /// crate can `include!(concat!(env!("OUT_DIR"), "/name"))` once.
    pub fn include_file(mut self, name: impl Into<PathBuf>) -> Self {
        self.include_file = Some(name.into());
        self
    }

    /// With [`Config::include_file`]: the include file also defines `MODULES`, every generated
    /// module as an [`openapi_forge_runtime::GeneratedModule`] (its name and its component
    /// validator), so that code and tests can walk the modules without naming each one.
    pub fn module_registry(mut self, on: bool) -> Self {
        self.registry = on;
        self
    }

    /// Whether to pretty-print the modules (default: true). A build script whose output nobody
    /// reads can turn it off to generate in about half the time; see [`Options::format`].
    pub fn format(mut self, on: bool) -> Self {
        self.options.format = on;
        self
    }

    /// Whether to emit `parse_component` (default: false); see [`Options::component_parsers`].
    pub fn component_parsers(mut self, on: bool) -> Self {
        self.options.component_parsers = on;
        self
    }

    /// Whether every object schema and string enum gets a type of its own even when it repeats an
    /// earlier one (default: false, a repeat is an alias); see [`Options::distinct_types`].
    pub fn distinct_types(mut self, on: bool) -> Self {
        self.options.distinct_types = on;
        self
    }

    /// Read YAML request bodies into their types, checked like JSON, and type YAML responses
    /// (default: true; the module then needs the runtime's `yaml` feature); see
    /// [`Options::yaml_bodies`].
    pub fn yaml_bodies(mut self, on: bool) -> Self {
        self.options.yaml_bodies = on;
        self
    }

    /// Read XML request bodies into their types, checked like JSON, and write them from the client;
    /// type XML responses both ways (default: true; the module then needs the runtime's `xml`
    /// feature); see [`Options::xml_bodies`].
    pub fn xml_bodies(mut self, on: bool) -> Self {
        self.options.xml_bodies = on;
        self
    }

    /// Whether the service trait's methods answer 501 unless overridden (default: false); see
    /// [`Options::default_stubs`].
    pub fn default_stubs(mut self, on: bool) -> Self {
        self.options.default_stubs = on;
        self
    }

    /// Whether to emit the typed client (default: true); see [`Options::client`].
    pub fn client(mut self, on: bool) -> Self {
        self.options.client = on;
        self
    }

    /// Whether to emit the server side: service trait, router, handlers (default: true); see
    /// [`Options::server`]. `.server(false).client(false)` gives models and validators only.
    pub fn server(mut self, on: bool) -> Self {
        self.options.server = on;
        self
    }

    /// Makes every warning an error (see [`Options::strict`]).
    pub fn strict(mut self, on: bool) -> Self {
        self.options.strict = on;
        self
    }

    /// Leaves out the warnings and notes of these codes; see [`Options::allowed`].
    pub fn allow(mut self, codes: impl IntoIterator<Item = crate::Code>) -> Self {
        self.options = self.options.allow(codes);
        self
    }

    /// Generates only the operations with at least one of `tags`; see [`Options::include_tags`].
    pub fn include_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.options = self.options.include_tags(tags);
        self
    }

    /// Leaves out the operations with any of `tags`; see [`Options::exclude_tags`].
    pub fn exclude_tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.options = self.options.exclude_tags(tags);
        self
    }

    /// Generates only these operations; see [`Options::include_operations`].
    pub fn include_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.options = self.options.include_operations(ids);
        self
    }

    /// Leaves out these operations; see [`Options::exclude_operations`].
    pub fn exclude_operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.options = self.options.exclude_operations(ids);
        self
    }

    /// [`Config::generate`] for every spec in `dir` (`*.yaml`, `*.yml` and `*.json`, in name
    /// order); a spec added to or removed from `dir` reruns the build script.
    pub fn generate_dir(&self, dir: impl AsRef<Path>) -> Result<Vec<GeneratedFile>, Error> {
        let dir = dir.as_ref();
        if self.rerun_if_changed {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let specs = spec_files(dir).map_err(|err| Error::Io(dir.to_path_buf(), err))?;
        self.generate(&specs)
    }

    /// Generates `<module>.rs` for every spec into the output directory, writing only files whose
    /// content changed. All specs are generated before any error is reported.
    pub fn generate(&self, specs: &[impl AsRef<Path>]) -> Result<Vec<GeneratedFile>, Error> {
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or(Error::NoOutDir)?,
        };
        let mut files = Vec::new();
        let mut failures = Diagnostics::default();
        for spec in specs {
            let spec = spec.as_ref();
            if self.rerun_if_changed {
                println!("cargo:rerun-if-changed={}", spec.display());
            }
            let text = crate::load::read_spec_file(spec).map_err(|err| Error::Io(spec.to_path_buf(), err))?;
            let module = pipeline::module_name(spec);
            match pipeline::generate_with(spec, &text, &module, &self.options) {
                Ok(generated) => {
                    if self.rerun_if_changed {
                        for source in generated.sources.iter().skip(1) {
                            println!("cargo:rerun-if-changed={}", source.display());
                        }
                    }
                    let path = out_dir.join(format!("{module}.rs"));
                    let written =
                        write_if_changed(&path, &generated.code).map_err(|err| Error::Io(path.clone(), err))?;
                    files.push(GeneratedFile {
                        spec: spec.to_path_buf(),
                        module,
                        path,
                        written,
                        diagnostics: generated.diagnostics,
                    });
                }
                Err(diags) => failures.extend(diags),
            }
        }
        if failures.has_errors() {
            return Err(Error::Spec(failures));
        }
        if let Some(name) = &self.include_file {
            let path = out_dir.join(name);
            let modules: Vec<&str> = files.iter().map(|f| f.module.as_str()).collect();
            let tokens = crate::emit::include_file(&modules, self.registry);
            // Our own tokens: a failure to print them is a generator bug, reported, not a panic.
            let text = crate::format::format_file(tokens, "every generated module.")
                .map_err(|err| Error::Io(path.clone(), std::io::Error::other(err)))?;
            write_if_changed(&path, &text).map_err(|err| Error::Io(path, err))?;
        }
        if self.rerun_if_changed {
            // A vendor's spec can carry hundreds of warnings of one kind: cargo shows a few of each.
            for file in &files {
                let warnings =
                    Diagnostics(file.diagnostics.iter().filter(|d| d.severity == Severity::Warning).cloned().collect());
                let (shown, cut) = warnings.summarized(3);
                for d in shown {
                    println!("cargo:warning={}", d.to_string().replace('\n', " "));
                }
                for (d, more) in cut {
                    let noun = if more == 1 { "warning" } else { "warnings" };
                    println!("cargo:warning={}: … and {more} more {noun} like “{}”", d.file.display(), d.message);
                }
            }
        }
        Ok(files)
    }
}

/// The spec files of `dir` (`*.yaml`, `*.yml`, `*.json`), in name order: one rule for every
/// directory a build script or the command line hands over.
pub fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
            specs.push(path);
        }
    }
    specs.sort();
    Ok(specs)
}
