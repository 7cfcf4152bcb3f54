//! The command line's rendering of diagnostics, on the inputs that broke it: a document that is
//! one long line (miette panicked, and printed the whole line), and a spec whose diagnostics of
//! one kind run into the hundreds (summarized unless `--verbose`).

use std::path::Path;
use std::process::Command;

fn lint(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-forge")).arg("lint").args(args).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_one_line_document_gets_a_clipped_excerpt() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-specs/minified-one-line.json");
    let (code, stderr) = lint(&[spec.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("`maxLength` must be a non-negative integer"), "{stderr}");
    assert!(stderr.contains("1:36529"), "{stderr}");
    let longest = stderr.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 300, "an excerpt line of {longest} characters:\n{stderr}");
}

#[test]
fn repeated_diagnostics_are_summarized_unless_verbose() {
    let dir = tempdir();
    let mut properties = String::new();
    for i in 0..50 {
        properties.push_str(&format!("        p{i}: {{type: string, format: fmt{i}}}\n"));
    }
    let spec = dir.join("many.yaml");
    std::fs::write(
        &spec,
        format!(
            "openapi: 3.0.3\ninfo: {{title: Many, version: \"1\"}}\npaths: {{}}\ncomponents:\n  schemas:\n    Many:\n      type: object\n      properties:\n{properties}"
        ),
    )
    .unwrap();
    let (code, stderr) = lint(&[spec.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("is accepted without being checked").count(), 3 + 1, "{stderr}");
    assert!(stderr.contains("and 47 more notes like"), "{stderr}");
    let (_, verbose) = lint(&["--verbose", spec.to_str().unwrap()]);
    assert_eq!(verbose.matches("is accepted without being checked").count(), 50, "{verbose}");
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("openapi-forge-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_openapi-forge")).args(args).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

/// `--help` anywhere (and per command), `--version`, and a wrong argument named, with exit 2.
#[test]
fn the_command_line_helps_and_names_what_is_wrong() {
    let (code, out, _) = run(&["--help"]);
    assert!(code == 0 && out.contains("EXIT CODES"), "{out}");
    let (code, out, _) = run(&["check", "--help"]);
    assert!(code == 0 && out.starts_with("openapi-forge check"), "{out}");
    assert_eq!(run(&["help", "lint"]).1, run(&["lint", "-h"]).1);
    let (code, out, _) = run(&["--version"]);
    assert_eq!((code, out.trim()), (0, concat!("openapi-forge ", env!("CARGO_PKG_VERSION"))));
    let (code, _, err) = run(&["generate", "--frobnicate"]);
    assert!(code == 2 && err.contains("--frobnicate"), "{err}");
    let (code, _, err) = run(&["generate", "--out"]);
    assert!(code == 2 && err.contains("--out"), "{err}");
    let (code, _, err) = run(&["transmogrify"]);
    assert!(code == 2 && err.contains("transmogrify"), "{err}");
}
