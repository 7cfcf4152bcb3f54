//! openapi-forge: a spec-first OpenAPI 3.0 code generator for Rust.
//!
//! The pipeline, one module per step: [`load`](crate::generate) (YAML → JSON tree → openapiv3, after
//! a duplicate-key check) → `check` (every spec problem at once, located) → `lower` (spec → plain-data
//! IR) → `emit` (IR → tokens with `quote!`) → `format` (syn + prettyplease) → `write` (only if changed).
//!
//! In a build script, use [`Config`]; to generate from text in memory, [`generate`].

mod check;
mod config;
pub mod diagnostics;
mod emit;
mod format;
mod ir;
mod load;
mod locate;
mod lower;
mod names;
mod operations;
mod schema_view;
mod write;

pub use config::{Config, Error, GeneratedFile, Options};
pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use write::write_if_changed;

use std::path::Path;

/// The result of generating one spec.
#[derive(Debug)]
pub struct Generated {
    /// The Rust module name (`roma_connect`).
    pub module: String,
    /// The formatted Rust source.
    pub code: String,
    /// Warnings and notes (generation succeeded).
    pub diagnostics: Diagnostics,
}

/// The module name of a spec file: its stem in `snake_case` (`roma-connect.yaml` → `roma_connect`).
pub fn module_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    names::field_name(&stem)
}

/// Generates the Rust module for one spec, with the default [`Options`]. `file` names the spec in
/// diagnostics and in the header; nothing is read or written. Every problem of the phase that failed
/// is in the error.
pub fn generate(file: &Path, text: &str, module: &str) -> Result<Generated, Diagnostics> {
    generate_with(file, text, module, &Options::default())
}

/// [`generate`] with the given options.
pub fn generate_with(file: &Path, text: &str, module: &str, options: &Options) -> Result<Generated, Diagnostics> {
    let mut diags = Diagnostics::default();
    let result = run_pipeline(file, text, module, options, &mut diags);
    locate::locate(text, &mut diags.0);
    for d in &mut diags.0 {
        d.file = file.to_path_buf();
    }
    match result {
        Some(code) if !diags.has_errors() => Ok(Generated { module: module.to_string(), code, diagnostics: diags }),
        _ => Err(diags),
    }
}

/// Diagnostics only: what `openapi-forge lint` prints.
pub fn lint(file: &Path, text: &str) -> Diagnostics {
    match generate(file, text, "lint") {
        Ok(generated) => generated.diagnostics,
        Err(diags) => diags,
    }
}

/// With `OPENAPI_FORGE_TIMINGS` set, each phase's wall time goes to stderr (for profiling; the
/// benchmarks time whole runs).
struct Phases {
    enabled: bool,
    last: std::time::Instant,
}

impl Phases {
    fn start() -> Self {
        Phases { enabled: std::env::var_os("OPENAPI_FORGE_TIMINGS").is_some(), last: std::time::Instant::now() }
    }

    fn done(&mut self, phase: &str) {
        if self.enabled {
            let now = std::time::Instant::now();
            eprintln!("openapi-forge: {phase:<11} {:>8.2} ms", (now - self.last).as_secs_f64() * 1e3);
            self.last = now;
        }
    }
}

fn run_pipeline(file: &Path, text: &str, module: &str, options: &Options, diags: &mut Diagnostics) -> Option<String> {
    let mut phases = Phases::start();
    let loaded = load::load(text, diags)?;
    phases.done("load");
    check::check(&loaded.raw, diags);
    phases.done("check");
    if diags.has_errors() {
        return None;
    }
    let doc = match loaded.doc {
        Ok(doc) => doc,
        Err(diag) => {
            diags.push(diag);
            return None;
        }
    };
    let api = lower::lower(&doc, module, diags);
    phases.done("lower");
    if diags.has_errors() {
        return None;
    }
    let emitter = emit::Emitter::new(&api, options);
    let source_name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let formatted = format::format_module(&emitter, &source_name);
    phases.done("emit+format");
    match formatted {
        Ok(code) => Some(code),
        Err(message) => {
            diags.push(
                Diagnostic::error("", message)
                    .with_hint("this is a bug in openapi-forge; please report it with the spec"),
            );
            None
        }
    }
}
