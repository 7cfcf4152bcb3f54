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

/// Each diagnostic shows its code; `--allow` leaves out the warnings of the codes it names (so
/// that `--strict` passes on a spec's accepted slips), never an error, and an unknown code is a
/// command-line error that names it.
#[test]
fn codes_are_shown_and_allow_leaves_out_the_named_warnings() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-specs/misspelled-keyword-maxlength.yaml");
    let spec = spec.to_str().unwrap();
    let (code, stderr) = lint(&["--strict", spec]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown-keyword") && stderr.contains("maxLenght"), "{stderr}");
    let (code, stderr) = lint(&["--strict", "--allow", "name-clash,unknown-keyword", spec]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("maxLenght"), "{stderr}");
    // An error is shown whatever is allowed.
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-specs/minified-one-line.json");
    let (code, stderr) = lint(&["--allow", "keyword-value", broken.to_str().unwrap()]);
    assert!(code == 1 && stderr.contains("keyword-value"), "{stderr}");
    let (code, _, err) = run(&["lint", "--allow", "no-such-code", spec]);
    assert!(code == 2 && err.contains("no-such-code"), "{err}");
}

/// `lint --format json` writes every diagnostic as one JSON array on standard output, with what a
/// program needs (place, severity, code, message, hint), and keeps the exit code; the option is
/// refused where there is no report to write.
#[test]
fn lint_writes_json_for_programs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-specs");
    let warned = dir.join("misspelled-keyword-maxlength.yaml");
    let broken = dir.join("bad-pattern.yaml");
    let (code, out, err) = run(&["lint", "--format", "json", warned.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = report.as_array().unwrap();
    assert_eq!(all.len(), 2, "{out}");
    let first = &all[0];
    assert_eq!(first["code"], "unknown-keyword");
    assert_eq!(first["severity"], "warning");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(8), Some(7)));
    assert_eq!(first["pointer"], "/components/schemas/Name/maxLenght");
    assert!(first["file"].as_str().unwrap().ends_with("misspelled-keyword-maxlength.yaml"));
    assert!(first["hint"].as_str().unwrap().contains("maxLength"));
    assert_eq!((all[1]["code"].as_str(), all[1]["severity"].as_str()), (Some("invalid-pattern"), Some("error")));
    // Nothing else goes to standard output, and no excerpt to standard error.
    assert!(err.is_empty(), "{err}");
    // A file that cannot be read is reported under its own code, in text as in JSON.
    let unreadable = tempdir().join("unreadable.yaml");
    std::fs::write(&unreadable, b"\xff\xfe\x00\xd8").unwrap();
    let (code, out, _) = run(&["lint", "--format", "json", unreadable.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((code, report[0]["code"].as_str()), (1, Some("unreadable-file")), "{out}");
    let (code, err) = lint(&[unreadable.to_str().unwrap()]);
    assert!(code == 1 && err.contains("error[unreadable-file]"), "{err}");
    let (code, out, _) = run(&["lint", "--format", "json", warned.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap().as_array().map(Vec::len), Some(1));
    let (code, _, err) = run(&["lint", "--format", "yaml", warned.to_str().unwrap()]);
    assert!(code == 2 && err.contains("yaml"), "{err}");
    let (code, _, err) = run(&["generate", "--format", "json", warned.to_str().unwrap()]);
    assert!(code == 2 && err.contains("lint"), "{err}");
}

/// `explain` says what a code means, lists every code without one, and names an unknown one.
#[test]
fn explain_says_what_a_code_means() {
    let (code, out, _) = run(&["explain", "name-clash"]);
    assert!(code == 0 && out.starts_with("name-clash: Two spec names become one Rust name"), "{out}");
    let (code, out, _) = run(&["explain"]);
    assert_eq!(code, 0);
    assert!(out.lines().count() > 40 && out.lines().any(|l| l.starts_with("duplicate-key ")), "{out}");
    let (code, _, err) = run(&["explain", "name-clsh"]);
    assert!(code == 2 && err.contains("name-clsh"), "{err}");
}

/// A reader that goes away before the output is written (`openapi-forge explain | head -1`) is
/// not a panic: the output is dropped and the exit is clean.
#[test]
fn a_closed_output_is_no_panic() {
    use std::process::Stdio;
    for args in [&["--help"][..], &["explain"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_openapi-forge"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the program has started to write.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
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

/// A spec saved as UTF-16 (with and without its mark) or with a UTF-8 byte-order mark generates
/// what the UTF-8 file does, and its diagnostics' excerpts are placed as in the UTF-8 file; a file
/// that is none of these is named with the place of its first byte that is not UTF-8.
#[test]
fn specs_saved_in_other_encodings_read_as_their_text() {
    let dir = tempdir().join("encodings");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/clouddc.yaml")).unwrap();
    let utf16 = |mark: bool, unit: fn(u16) -> [u8; 2]| -> Vec<u8> {
        let marked = mark.then_some('\u{feff}').into_iter().chain(text.chars()).collect::<String>();
        marked.encode_utf16().flat_map(unit).collect()
    };
    let forms: [(&str, Vec<u8>); 5] = [
        ("utf8", text.clone().into_bytes()),
        ("utf8_bom", format!("\u{feff}{text}").into_bytes()),
        ("utf16le", utf16(true, u16::to_le_bytes)),
        ("utf16be", utf16(true, u16::to_be_bytes)),
        ("utf16le_unmarked", utf16(false, u16::to_le_bytes)),
    ];
    let mut outputs = Vec::new();
    for (name, bytes) in &forms {
        // One file name in a directory per form: the module is named after the file.
        std::fs::create_dir_all(dir.join(name)).unwrap();
        let spec = dir.join(name).join("clouddc.yaml");
        std::fs::write(&spec, bytes).unwrap();
        let out = dir.join(name).join("out");
        let (code, _, stderr) = run(&["generate", "--out", out.to_str().unwrap(), spec.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {stderr}");
        outputs.push(std::fs::read_to_string(out.join("clouddc.rs")).unwrap());
    }
    assert!(outputs.iter().all(|o| *o == outputs[0]), "every encoding generates the same module");

    // A mistake is placed at the same line and column, with the same excerpt, in every encoding.
    let broken = text.replacen("maxItems: 50", "maxItems: -1", 1);
    assert_ne!(broken, text);
    let mut reports = Vec::new();
    for (name, bytes) in [
        ("bad_utf8", broken.clone().into_bytes()),
        ("bad_utf16", { format!("\u{feff}{broken}").encode_utf16().flat_map(u16::to_le_bytes).collect() }),
    ] {
        let spec = dir.join(format!("{name}.yaml"));
        std::fs::write(&spec, bytes).unwrap();
        let (code, stderr) = lint(&[spec.to_str().unwrap()]);
        assert_eq!(code, 1, "{stderr}");
        reports.push(stderr.replace(name, "bad"));
    }
    assert_eq!(reports[0], reports[1]);
    assert!(reports[0].contains("maxItems: -1"), "the excerpt shows the line: {}", reports[0]);

    let latin1 = dir.join("latin1.yaml");
    std::fs::write(&latin1, b"openapi: 3.0.3\ninfo: {title: caf\xe9, version: '1'}\npaths: {}\n").unwrap();
    let (code, stderr) = lint(&[latin1.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("byte 0xE9 at line 2, column 18 is not UTF-8"), "{stderr}");
}
