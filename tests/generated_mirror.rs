//! generated/ is the committed mirror of what build.rs emits: it must match the specs, and generating
//! must be deterministic.

use std::path::{Path, PathBuf};

fn specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("spec/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

fn generate(spec: &Path) -> (String, String) {
    let text = std::fs::read_to_string(spec).expect("spec is readable");
    let module = openapi_forge_build::module_name(spec);
    let generated = openapi_forge_build::generate(spec, &text, &module).unwrap_or_else(|diags| panic!("{diags}"));
    (module, generated.code)
}

#[test]
fn generated_mirror_matches_the_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for spec in specs() {
        let (module, code) = generate(&spec);
        let committed =
            std::fs::read_to_string(root.join("generated").join(format!("{module}.rs"))).unwrap_or_default();
        if committed != code {
            stale.push(format!("generated/{module}.rs"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {}. Refresh with `cargo run -p openapi-forge-bin -- generate` and commit generated/ \
         (`cargo run -p openapi-forge-bin -- check` shows the diff).",
        stale.join(", ")
    );
}

#[test]
fn build_script_output_matches_generated_mirror() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for spec in specs() {
        let module = openapi_forge_build::module_name(&spec);
        let built = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("{module}.rs"))).unwrap();
        let committed =
            std::fs::read_to_string(root.join("generated").join(format!("{module}.rs"))).unwrap_or_default();
        assert!(
            built == committed,
            "OUT_DIR/{module}.rs differs from generated/{module}.rs; run `cargo run -p openapi-forge-bin -- generate`"
        );
    }
}

#[test]
fn generation_is_byte_for_byte_deterministic() {
    for spec in specs() {
        let (module, first) = generate(&spec);
        let (_, second) = generate(&spec);
        assert_eq!(first.as_bytes(), second.as_bytes(), "{module}: two runs differ");
        assert!(first.starts_with("// @generated"), "{module}: missing the @generated header");
    }
}
