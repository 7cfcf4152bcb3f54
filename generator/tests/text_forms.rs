//! The same spec saved another way reads the same: with a byte-order mark (as Windows editors save
//! UTF-8), with CRLF line ends, or both, in the root file and in every file it refers to. The
//! generated code must be byte-identical, and every diagnostic the same problem at the same line
//! and column.

use openapi_forge_build::{Diagnostic, Diagnostics, Options, Reader};
use std::path::{Path, PathBuf};

/// How a file is re-saved.
#[derive(Clone, Copy, Debug)]
enum Form {
    ByteOrderMark,
    Crlf,
    Both,
}

impl Form {
    fn apply(self, text: &str) -> String {
        let crlf = || text.replace("\r\n", "\n").replace('\n', "\r\n");
        match self {
            Form::ByteOrderMark => format!("\u{feff}{text}"),
            Form::Crlf => crlf(),
            Form::Both => format!("\u{feff}{}", crlf()),
        }
    }
}

/// Reads every file under `root` re-saved in `form` (`None`: as it is on disk).
struct Resaved {
    root: PathBuf,
    form: Option<Form>,
}

impl Resaved {
    fn text(&self, path: &Path) -> std::io::Result<String> {
        let text = std::fs::read_to_string(self.root.join(path))?;
        Ok(self.form.map_or_else(|| text.clone(), |form| form.apply(&text)))
    }
}

impl Reader for Resaved {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        self.text(path)
    }
}

/// The code, or the diagnostics reduced to what a reader sees: no byte offsets, which CRLF moves.
fn outcome(root: &Path, file: &str, form: Option<Form>) -> (Option<String>, Vec<String>) {
    let reader = Resaved { root: root.to_path_buf(), form };
    let text = reader.text(Path::new(file)).unwrap();
    let (code, diags) =
        match openapi_forge_build::generate_from(Path::new(file), &text, "forms", &Options::default(), &reader) {
            Ok(generated) => (Some(generated.code), generated.diagnostics),
            Err(diags) => (None, diags),
        };
    (code, shown(&diags))
}

fn shown(diags: &Diagnostics) -> Vec<String> {
    diags
        .0
        .iter()
        .map(|d: &Diagnostic| {
            let at = d.location.map(|l| format!("{}:{}", l.line, l.column)).unwrap_or_default();
            format!("{:?} {} {at} {} {}", d.severity, d.file.display(), d.pointer, d.message)
        })
        .collect()
}

fn same_in_every_form(root: &Path, file: &str) {
    let plain = outcome(root, file, None);
    for form in [Form::ByteOrderMark, Form::Crlf, Form::Both] {
        let resaved = outcome(root, file, Some(form));
        assert_eq!(resaved.1, plain.1, "{file} saved with {form:?}: the diagnostics differ");
        assert!(resaved.0 == plain.0, "{file} saved with {form:?}: the generated code differs");
    }
}

#[test]
fn fixtures_generate_the_same_code_in_every_form() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // The multi-file fixture re-saves the files it refers to as well.
    for file in ["multi_file.yaml", "openapi31.yaml", "objects.yaml", "security.yaml", "bodies.yaml"] {
        let (code, diags) = outcome(&root, file, None);
        assert!(code.is_some(), "{file} generates: {diags:?}");
        same_in_every_form(&root, file);
    }
}

#[test]
fn bad_specs_are_told_at_the_same_places_in_every_form() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files: Vec<String> = std::fs::read_dir(root.join("bad-specs"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .map(|n| format!("bad-specs/{n}"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "the bad-spec corpus is read: {} files", files.len());
    for file in &files {
        let (code, diags) = outcome(&root, file, None);
        assert!(code.is_none() || !diags.is_empty(), "{file} is a bad spec");
        same_in_every_form(&root, file);
    }
}

/// The same for documents nobody here wrote: the vendors' petstore and Redocly's museum (YAML) and
/// SendGrid's spec, whose 62 referenced files are re-saved too.
#[test]
fn vendor_documents_generate_the_same_code_in_every_form() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs-corpus/vendors");
    if !root.is_dir() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI", root.display());
        println!("SKIPPED: {} is absent (../shared sits beside the checkout)", root.display());
        return;
    }
    for file in ["oai-petstore-expanded.yaml", "redocly-museum-openapi.yaml", "sendgrid/oas_v3.json"] {
        let (code, diags) = outcome(&root, file, None);
        assert!(code.is_some(), "{file} generates: {diags:?}");
        same_in_every_form(&root, file);
    }
}
