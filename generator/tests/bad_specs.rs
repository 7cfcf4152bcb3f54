//! The bad-spec corpus: each file under `tests/bad-specs/` holds one mistake people make in specs
//! (YAML, and JSON, which is located by its own faster path).
//! Each must produce located diagnostics (file:line:column and a JSON pointer), never a panic; the
//! rendered diagnostics are snapshotted.

use std::path::{Path, PathBuf};

/// Reads the files a spec refers to from the test directory, while diagnostics name them
/// relative to it (`bad-specs/parts/paths.yaml`), as the snapshots show them.
struct Under(PathBuf);

impl openapi_forge_build::Reader for Under {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(self.0.join(path))
    }
}

#[test]
fn every_bad_spec_gets_located_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-specs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 40, "the corpus must hold at least 40 specs, found {}", names.len());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/bad-specs");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for name in &names {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            let shown = Path::new("bad-specs").join(name);
            let reader = Under(dir.parent().unwrap().to_path_buf());
            let options = openapi_forge_build::Options::default();
            let diags = match openapi_forge_build::generate_from(&shown, &text, "lint", &options, &reader) {
                Ok(generated) => generated.diagnostics,
                Err(diags) => diags,
            };
            assert!(!diags.is_empty(), "{name}: no diagnostic");
            // `lint` stops after the lowering: nothing later reports on the spec.
            let linted = openapi_forge_build::lint_from(&shown, &text, &options, &reader);
            assert_eq!(linted.to_string(), diags.to_string(), "{name}: lint and generate disagree");
            for d in diags.iter() {
                let location = d.location.unwrap_or_else(|| panic!("{name}: unlocated: {d}"));
                assert!(location.line >= 1 && location.column >= 1, "{name}: bad location: {d}");
            }
            insta::assert_snapshot!(name.trim_end_matches(".yaml").trim_end_matches(".json"), diags.to_string());
        }
    });
}

/// A spec with more references that name nothing than are searched for a near name: every one is
/// reported, the first hundred with the name they likely meant, so that reporting thousands stays
/// linear in the spec's size (a search compares with every sibling).
#[test]
fn unresolved_references_past_the_first_hundred_are_reported_without_a_search() {
    let schemas: String = (0..150)
        .map(|i| format!("    Schema{i}:\n      type: object\n      properties:\n        next: {{$ref: '#/components/schemas/Schem{i}'}}\n"))
        .collect();
    let text =
        format!("openapi: 3.0.3\ninfo: {{title: Many, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}");
    let diags = openapi_forge_build::lint(Path::new("many.yaml"), &text);
    let unresolved: Vec<_> = diags.0.iter().filter(|d| d.message.contains("does not resolve")).collect();
    assert_eq!(unresolved.len(), 150);
    let hinted = unresolved.iter().filter(|d| d.hint.as_deref().is_some_and(|h| h.contains("did you mean"))).count();
    assert_eq!(hinted, 100);
    assert!(unresolved.iter().all(|d| d.location.is_some()), "every one is located");
}
