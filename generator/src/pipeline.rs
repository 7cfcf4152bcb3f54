//! The pipeline of one spec, step by step: load → bundle → select → check → lower → emit →
//! format, with every diagnostic placed at its file, line and column. Pure: nothing is written.

use crate::bundle::{self};
use crate::carried::Carried;
use crate::codes::Code;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::options::Options;
use crate::resolve::{FileSystem, Reader, Sources};
use crate::{api, check, emit, format, load, locate, model, names, select, type_depth, typed_plan};
use std::path::{Path, PathBuf};

/// The result of generating one spec.
#[derive(Debug)]
pub struct Generated {
    /// The Rust module name (`roma_connect`).
    pub module: String,
    /// The formatted Rust source.
    pub code: String,
    /// Warnings and notes (generation succeeded).
    pub diagnostics: Diagnostics,
    /// Every local file the spec is made of, the root first (for `cargo:rerun-if-changed`).
    pub sources: Vec<PathBuf>,
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

/// [`generate`] with the given options. Files the spec refers to are read from disk; remote
/// references are refused. The passes run on a thread of their own with a deep stack (256 MiB),
/// so that a deeply nested document cannot overflow the caller's, in an unoptimized build too.
pub fn generate_with(file: &Path, text: &str, module: &str, options: &Options) -> Result<Generated, Diagnostics> {
    on_deep_stack(|| generate_from(file, text, module, options, &FileSystem))
}

/// The stack the passes run on in [`generate_with`] and [`lint_with`]. Each pass recurses over
/// the document, which the loader lets nest 128 levels, and the 3.1 rewriting nests deeper still
/// (a list of types becomes an `anyOf`, each level three); unoptimized, as build scripts are
/// compiled, the deepest passes take up to ~80 KiB per level, and a 3.1 document of a hundred
/// nested type lists overflowed the 8 MiB of a main thread. A thread's stack is reserved, not
/// used until touched.
const DEEP_STACK: usize = 256 << 20;

/// Runs `work` on a thread with a stack of [`DEEP_STACK`] (on this thread when none can be made);
/// a panic in it is resumed here.
fn on_deep_stack<T: Send>(work: impl Fn() -> T + Sync) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new().name("openapi-forge".into()).stack_size(DEEP_STACK);
        match thread.spawn_scoped(scope, &work) {
            Ok(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => work(),
        }
    })
}

/// [`generate`] with the given options, reading the files the spec refers to through `reader`.
/// Runs on the caller's stack: unlike [`generate_with`], a document nested a hundred levels deep
/// may need a deep one in an unoptimized build.
pub fn generate_from(
    file: &Path,
    text: &str,
    module: &str,
    options: &Options,
    reader: &dyn Reader,
) -> Result<Generated, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut sources = Sources::new(file, text.to_string(), reader, &mut diags);
    let (result, origins) = run_pipeline(file, &mut sources, module, options, Until::Written, &mut diags);
    finish_diagnostics(&mut diags, &sources, origins.as_ref(), options);
    match result {
        Some(code) if !diags.has_errors() => {
            Ok(Generated { module: module.to_string(), code, diagnostics: diags, sources: sources.local_paths() })
        }
        _ => Err(diags),
    }
}

/// Places every diagnostic, leaves out the warnings and notes [`Options::allowed`] names and,
/// with [`Options::strict`], makes the other warnings errors.
fn finish_diagnostics(
    diags: &mut Diagnostics,
    sources: &Sources,
    origins: Option<&bundle::Origins>,
    options: &Options,
) {
    place(diags, sources, origins);
    if !options.allowed.is_empty() {
        diags.0.retain(|d| d.severity == Severity::Error || !options.allowed.contains(&d.code));
    }
    if options.strict {
        for d in diags.0.iter_mut().filter(|d| d.severity == Severity::Warning) {
            d.severity = Severity::Error;
        }
    }
}

/// Names the file, pointer, line and column of each diagnostic: those about the bundled document
/// are traced back to the file and node they came from.
fn place(diags: &mut Diagnostics, sources: &Sources, origins: Option<&bundle::Origins>) {
    for d in diags.0.iter_mut().filter(|d| d.file.as_os_str().is_empty()) {
        let (file, pointer) = origins.map_or((0, d.pointer.clone()), |o| o.source(&d.pointer));
        d.pointer = pointer;
        d.file = sources.path(file);
    }
    for source in &sources.files {
        let mut here: Vec<&mut Diagnostic> = diags.0.iter_mut().filter(|d| d.file == source.path).collect();
        if !here.is_empty() {
            locate::locate(&source.text, &mut here);
        }
    }
}

/// The spec as the generator reads it: every file and `$ref` bundled into one document in the
/// 3.0 form (3.1 schemas rewritten), each reference `#/components/<section>/<name>`. Files the spec
/// refers to are read through `reader`.
pub fn bundle(file: &Path, text: &str, reader: &dyn Reader) -> Result<serde_json::Value, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut sources = Sources::new(file, text.to_string(), reader, &mut diags);
    let bundled = sources
        .root()
        .and_then(|root| load::version(root, &mut diags))
        .and_then(|version| bundle::bundle(&mut sources, version, &mut diags));
    place(&mut diags, &sources, bundled.as_ref().map(|b| &b.origins));
    match bundled {
        Some(bundled) if !diags.has_errors() => Ok(bundled.doc),
        _ => Err(diags),
    }
}

/// Diagnostics only: what `openapi-forge lint` prints.
pub fn lint(file: &Path, text: &str) -> Diagnostics {
    lint_with(file, text, &Options::default())
}

/// [`lint`] with the given options ([`Options::strict`] makes warnings errors).
///
/// Every phase that can find a problem in the spec runs, up to and including the lowering; the
/// code is not emitted, as nothing after the lowering reports on the spec (a lint of nexus takes
/// a quarter of its generation's time). The passes run on a deep stack, as in [`generate_with`].
pub fn lint_with(file: &Path, text: &str, options: &Options) -> Diagnostics {
    on_deep_stack(|| lint_from(file, text, options, &FileSystem))
}

/// [`lint_with`], reading the files the spec refers to through `reader`, on the caller's stack
/// (see [`generate_from`]).
pub fn lint_from(file: &Path, text: &str, options: &Options, reader: &dyn Reader) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut sources = Sources::new(file, text.to_string(), reader, &mut diags);
    let (_, origins) = run_pipeline(file, &mut sources, "lint", options, Until::Lowered, &mut diags);
    finish_diagnostics(&mut diags, &sources, origins.as_ref(), options);
    diags
}

/// How far [`run_pipeline`] goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Until {
    /// Through the lowering: every diagnostic about the spec, no code.
    Lowered,
    /// Through emission and formatting: the module's text.
    Written,
}

/// The process's resident memory other than mapped files, where `/proc` tells it (Linux): on a VM,
/// faulting in fresh memory is a large share of a run, so the phases report how much they hold.
fn anonymous_resident_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|line| line.strip_prefix("RssAnon:"))?;
    let kib: f64 = line.trim().strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib / 1024.0)
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
            let ms = (now - self.last).as_secs_f64() * 1e3;
            match anonymous_resident_mib() {
                Some(mib) => eprintln!("openapi-forge: {phase:<11} {ms:>8.2} ms, {mib:>6.1} MiB resident"),
                None => eprintln!("openapi-forge: {phase:<11} {ms:>8.2} ms"),
            }
            self.last = now;
        }
    }
}

fn run_pipeline(
    file: &Path,
    sources: &mut Sources<'_>,
    module: &str,
    options: &Options,
    until: Until,
    diags: &mut Diagnostics,
) -> (Option<String>, Option<bundle::Origins>) {
    let mut phases = Phases::start();
    let Some(version) = sources.root().and_then(|root| load::version(root, diags)) else { return (None, None) };
    let Some(mut bundled) = bundle::bundle(sources, version, diags) else { return (None, None) };
    sources.drop_trees();
    phases.done("load");
    select::select(&mut bundled.doc, &options.selection, diags);
    check::check(&bundled.doc, diags);
    phases.done("check");
    if diags.has_errors() {
        return (None, Some(bundled.origins));
    }
    let Some(doc) = model::read(&bundled.doc, diags) else { return (None, Some(bundled.origins)) };
    let webhooks = match model::read_webhooks(&bundled.doc, diags) {
        Some(Some(webhooks)) => Some(webhooks),
        Some(None) => return (None, Some(bundled.origins)),
        None => None,
    };
    let carried = if version == load::Version::V31 { Carried::collect(&bundled.doc) } else { Carried::default() };
    let api = api::lower(&doc, webhooks.as_ref(), &carried, module, options, diags);
    type_depth::check(&api.types, diags);
    phases.done("lower");
    if diags.has_errors() || until == Until::Lowered {
        return (None, Some(bundled.origins));
    }
    // The documents are not read again: freed before formatting, their memory is reused by the
    // formatting (this thread is one of its workers) rather than fresh pages faulted in.
    drop((doc, webhooks, carried));
    let origins = bundled.origins;
    drop(bundled.doc);
    let typed_plan = typed_plan::plan(&api);
    phases.done("plan");
    let emitter = emit::Emitter::new(&api, &typed_plan, options);
    let source_name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    let formatted = format::format_module(&emitter, &source_name, options.format);
    phases.done("emit+format");
    let code = match formatted {
        Ok(code) => Some(code),
        Err(message) => {
            diags.push(
                Diagnostic::error(Code::Internal, "", message)
                    .with_hint("this is a bug in openapi-forge; please report it with the spec"),
            );
            None
        }
    };
    (code, Some(origins))
}
