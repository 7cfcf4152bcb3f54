//! The `openapi-forge` command line: `generate`, `check`, `lint` and `explain`.

/// `println!`, except that a reader that has gone (`openapi-forge explain | head -3`) is no error:
/// the rest of the text is dropped, where `println!` would panic, and the work goes on.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!` on the same terms as [`say!`].
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod allocator;
mod render;

use openapi_forge_build::{Options, Severity};
use render::Renderer;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
openapi-forge: generate Rust models, validators, routes and clients from OpenAPI 3.0 and 3.1 specs

USAGE:
    openapi-forge generate [OPTIONS] [SPEC|DIR ...]   write DIR/<module>.rs for each spec (default: spec/ → generated/)
    openapi-forge check    [OPTIONS] [SPEC|DIR ...]   exit 1 and print a diff when DIR is stale
    openapi-forge lint     [OPTIONS] SPEC ...         print diagnostics; exit 1 on errors
    openapi-forge explain [CODE]                     what a diagnostic's code (`warning[name-clash]`) means; all codes without one
    openapi-forge help [COMMAND] | COMMAND --help | --version

OPTIONS:
    -o, --out DIR          the output directory (default: generated)
    --component-parsers    also emit parse_component(name, bytes), the typed reader of every component
    --no-client            leave out the typed client (which needs the runtime's `client` feature)
    --no-server            leave out the service trait, router and handlers (the runtime's `server`
                           feature); with --no-client too, models and validators only
    --strict               treat warnings as errors
    --allow CODE,..        leave out the warnings and notes of these codes (the name in brackets:
                           `warning[name-clash]`); errors are always shown
    --distinct-types       a type of its own for every object schema and string enum, even one that
                           repeats an earlier one (by default a repeat is an alias of the first)
    --default-stubs        every service method answers 501 Not Implemented unless overridden
    --no-yaml-bodies       YAML request and response bodies stay bytes, unchecked (by default they
                           are typed and checked like JSON, which needs the runtime's `yaml` feature)
    --no-xml-bodies        XML request and response bodies stay bytes, unchecked (by default they are
                           typed, read and written as their XML Objects say, and checked like JSON,
                           which needs the runtime's `xml` feature)
    --no-format            write the tokens as they print, not pretty-printed: the same code to the
                           compiler, generated in about half the time
    --include-tags T,..    generate only the operations with one of these tags (and what they reach)
    --exclude-tags T,..    leave out the operations with any of these tags
    --include-operations ID,..   generate only the operations with these operationIds
    --exclude-operations ID,..   leave out the operations with these operationIds
    -v, --verbose          list every diagnostic (by default a kind seen more than 3 times is counted)
    --format text|json     lint only: json writes every diagnostic as one JSON array to standard
                           output (file, line, column, pointer, severity, code, message, hint)

A DIR argument stands for every *.yaml, *.yml and *.json file in it.

EXIT CODES: 0 done; 1 a spec has errors (or, for check, the output is stale); 2 the command line is wrong.";

const GENERATE: &str = "\
openapi-forge generate [OPTIONS] [SPEC|DIR ...]

Writes OUT/<module>.rs for each spec (default: every spec of spec/ into generated/), only the files
whose content changes. Options: -o/--out DIR, --component-parsers, --no-client, --no-server, --strict,
--allow, --distinct-types, --default-stubs, --no-yaml-bodies, --no-xml-bodies, --no-format, --include-tags, --exclude-tags, --include-operations,
--exclude-operations (comma-separated lists; an operation must pass each one given; only the
components the kept operations reach are generated), -v/--verbose.
Exit codes: 0 done; 1 a spec has errors; 2 the command line is wrong.";

const CHECK: &str = "\
openapi-forge check [OPTIONS] [SPEC|DIR ...]

Generates in memory and compares with OUT (default: generated/): prints the diff of every stale file.
Options as for generate. Exit codes: 0 fresh; 1 stale, or a spec has errors; 2 the command line is wrong.";

const LINT: &str = "\
openapi-forge lint [OPTIONS] SPEC|DIR ...

Prints every diagnostic of the specs, located (file:line:column, JSON pointer), with an excerpt.
Options: --strict, --allow, -v/--verbose, --format text|json (json: one array of every diagnostic on
standard output, with file, line, column, pointer, severity, code, message and hint). Exit codes: 0 no errors; 1 errors; 2 the command line is wrong.";

/// What the command line asks for.
enum Request {
    /// Print this text and stop.
    Print(std::borrow::Cow<'static, str>),
    /// Run a command.
    Run { command: String, out: PathBuf, options: Options, verbose: bool, json: bool, inputs: Vec<PathBuf> },
}

fn help_of(command: Option<&str>) -> &'static str {
    match command {
        Some("generate") => GENERATE,
        Some("check") => CHECK,
        Some("lint") => LINT,
        _ => USAGE,
    }
}

/// What a diagnostic's code means, or (without one) every code with its meaning, a line each.
fn explain(code: Option<&str>) -> Result<std::borrow::Cow<'static, str>, String> {
    use openapi_forge_build::Code;
    match code {
        Some(name) => match Code::from_name(name) {
            Some(code) => Ok(format!("{name}: {}", one_line(code.explanation())).into()),
            None => Err(format!("no diagnostic has the code `{name}` (`openapi-forge explain` lists them)")),
        },
        None => {
            let width = Code::ALL.iter().map(|c| c.name().len()).max().unwrap_or(0);
            let lines = Code::ALL.iter().map(|c| format!("{:width$}  {}", c.name(), one_line(c.explanation())));
            Ok(lines.collect::<Vec<_>>().join("\n").into())
        }
    }
}

/// Documentation text as one line (terminals wrap it).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Request, lexopt::Error> {
    use lexopt::prelude::*;
    let mut command: Option<String> = None;
    let mut out = PathBuf::from("generated");
    let mut verbose = false;
    let mut json = false;
    let mut options = Options::default();
    let mut inputs = Vec::new();
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Request::Print(help_of(command.as_deref()).into())),
            Short('V') | Long("version") => {
                return Ok(Request::Print(concat!("openapi-forge ", env!("CARGO_PKG_VERSION")).into()))
            }
            Short('o') | Long("out") => out = PathBuf::from(parser.value()?),
            Long("component-parsers") => options = options.component_parsers(true),
            Long("distinct-types") => options = options.distinct_types(true),
            Long("default-stubs") => options = options.default_stubs(true),
            Long("strict") => options = options.strict(true),
            Long("allow") => {
                let value = parser.value()?.string()?;
                let mut codes = Vec::new();
                for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    match openapi_forge_build::Code::from_name(name) {
                        Some(code) => codes.push(code),
                        None => return Err(format!("--allow: no diagnostic has the code `{name}`").into()),
                    }
                }
                options = options.allow(codes);
            }
            Long("no-client") => options = options.client(false),
            Long("no-format") => options = options.format(false),
            Long("no-server") => options = options.server(false),
            Long("no-yaml-bodies") => options = options.yaml_bodies(false),
            Long("no-xml-bodies") => options = options.xml_bodies(false),
            Long(list @ ("include-tags" | "exclude-tags" | "include-operations" | "exclude-operations")) => {
                let list = list.to_string();
                let value = parser.value()?.string()?;
                let names = value.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from);
                options = match list.as_str() {
                    "include-tags" => options.include_tags(names),
                    "exclude-tags" => options.exclude_tags(names),
                    "include-operations" => options.include_operations(names),
                    _ => options.exclude_operations(names),
                };
            }
            Short('v') | Long("verbose") => verbose = true,
            Long("format") => {
                json = match parser.value()?.string()?.as_str() {
                    "text" => false,
                    "json" => true,
                    other => return Err(format!("--format: `{other}` is neither `text` nor `json`").into()),
                }
            }
            Value(value) if command.is_none() => {
                let name = value.string()?;
                match name.as_str() {
                    "generate" | "check" | "lint" => command = Some(name),
                    "help" => {
                        let topic = parser.next()?.and_then(|a| match a {
                            Value(v) => v.into_string().ok(),
                            _ => None,
                        });
                        return Ok(Request::Print(help_of(topic.as_deref()).into()));
                    }
                    "explain" => {
                        let code = parser.next()?.and_then(|a| match a {
                            Value(v) => v.into_string().ok(),
                            _ => None,
                        });
                        return explain(code.as_deref()).map(Request::Print).map_err(Into::into);
                    }
                    _ => return Err(format!("unknown command `{name}` (generate, check, lint, explain, help)").into()),
                }
            }
            Value(value) => inputs.push(PathBuf::from(value)),
            _ => return Err(arg.unexpected()),
        }
    }
    let Some(command) = command else { return Ok(Request::Print(USAGE.into())) };
    if inputs.is_empty() {
        inputs.push(PathBuf::from("spec"));
    }
    if json && command != "lint" {
        return Err("--format json is an option of lint (generate and check write code, not reports)".into());
    }
    Ok(Request::Run { command, out, options, verbose, json, inputs })
}

fn main() -> ExitCode {
    let (command, out, options, verbose, json, inputs) = match parse_args(lexopt::Parser::from_env()) {
        Ok(Request::Print(text)) => {
            say!("{text}");
            return ExitCode::SUCCESS;
        }
        Ok(Request::Run { command, out, options, verbose, json, inputs }) => {
            (command, out, options, verbose, json, inputs)
        }
        Err(err) => {
            tell!("error: {err}\n\nRun `openapi-forge --help` for the usage.");
            return ExitCode::from(2);
        }
    };
    let specs = match expand(&inputs) {
        Ok(specs) => specs,
        Err(message) => {
            tell!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match command.as_str() {
        "generate" => generate(&specs, &out, &options, false, verbose),
        "check" => generate(&specs, &out, &options, true, verbose),
        _ => lint(&specs, &options, verbose, json),
    }
}

/// Spec files named by the arguments, directories expanded and sorted.
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    for input in inputs {
        if input.is_dir() {
            specs.extend(openapi_forge_build::spec_files(input).map_err(|err| format!("{}: {err}", input.display()))?);
        } else if input.is_file() {
            specs.push(input.clone());
        } else {
            return Err(format!("{}: no such file or directory", input.display()));
        }
    }
    Ok(specs)
}

fn generate(specs: &[PathBuf], out: &Path, options: &Options, check_only: bool, verbose: bool) -> ExitCode {
    let mut renderer = Renderer::new(verbose);
    let mut failed = false;
    let mut stale = Vec::new();
    for spec in specs {
        let text = match openapi_forge_build::read_spec_file(spec) {
            Ok(text) => text,
            Err(err) => {
                render::unreadable(spec, &err);
                failed = true;
                continue;
            }
        };
        let module = openapi_forge_build::module_name(spec);
        match openapi_forge_build::generate_with(spec, &text, &module, options) {
            Ok(generated) => {
                renderer.render(&generated.diagnostics, Severity::Warning);
                let target = out.join(format!("{module}.rs"));
                if check_only {
                    let current = std::fs::read_to_string(&target).unwrap_or_default();
                    if current != generated.code {
                        print_diff(&target, &current, &generated.code);
                        stale.push(target);
                    }
                } else {
                    match openapi_forge_build::write_if_changed(&target, &generated.code) {
                        Ok(written) => {
                            say!("{} {}", if written { "wrote    " } else { "unchanged" }, target.display())
                        }
                        Err(err) => {
                            tell!("error: {}: {err}", target.display());
                            failed = true;
                        }
                    }
                }
            }
            Err(diags) => {
                renderer.render(&diags, Severity::Note);
                failed = true;
            }
        }
    }
    if !stale.is_empty() {
        tell!(
            "\n{} generated file(s) are stale; refresh them with `cargo run -p openapi-forge-bin -- generate` and commit the result.",
            stale.len()
        );
        return ExitCode::FAILURE;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diff(target: &Path, old: &str, new: &str) {
    let diff = similar::TextDiff::from_lines(old, new);
    let header_old = format!("{} (committed)", target.display());
    let header_new = format!("{} (generated from the spec)", target.display());
    let diff = diff.unified_diff().context_radius(3).header(&header_old, &header_new).to_string();
    say!("{}", diff.trim_end_matches('\n'));
}

/// `lint`: every diagnostic of every spec, shown with excerpts or (`json`) written as one JSON
/// array on standard output (see `render::json`); the exit code is the same either way.
fn lint(specs: &[PathBuf], options: &Options, verbose: bool, json: bool) -> ExitCode {
    let mut renderer = Renderer::new(verbose);
    let mut report = Vec::new();
    let mut errors = 0;
    for spec in specs {
        let diags = match openapi_forge_build::read_spec_file(spec) {
            Ok(text) => openapi_forge_build::lint_with(spec, &text, options),
            Err(err) => {
                errors += 1;
                if json {
                    report.push(render::json_unreadable(spec, &err));
                } else {
                    render::unreadable(spec, &err);
                }
                continue;
            }
        };
        errors += diags.error_count();
        if json {
            report.extend(diags.iter().map(render::json));
        } else {
            renderer.render(&diags, Severity::Note);
            if diags.is_empty() {
                say!("{}: no problems found", spec.display());
            }
        }
    }
    if json {
        say!("{}", serde_json::Value::Array(report));
    } else if errors > 0 {
        tell!("{errors} error(s)");
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

// Generation is allocation-bound (token trees, syn's syntax tree, the printed text): mimalloc makes
// the CLI about twice as fast as the system allocator on large specs.
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;
