//! Generates every document of ../shared/specs-corpus/vendors (or $FORGE_SHARED_DIR/...): each file
//! at its top level, and the root file of each multi-file spec in a directory of its own. The crate
//! then compiles the code with warnings denied, each service trait with default stubs. Without the corpus it generates nothing and the test
//! says it skipped.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=FORGE_SHARED_DIR");
    let shared = std::env::var_os("FORGE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let vendors = shared.join("specs-corpus").join("vendors");
    println!("cargo:rerun-if-changed={}", vendors.display());
    let mut specs = spec_files(&vendors);
    if let Ok(entries) = std::fs::read_dir(&vendors) {
        for dir in entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()) {
            specs.extend(spec_files(&dir));
        }
    }
    specs.sort();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // Default stubs, so that a test can serve a vendor's own router with the few operations it
    // exercises (Twilio's has 197).
    match openapi_forge_build::Config::new().include_file("vendors.rs").default_stubs(true).generate(&specs) {
        Ok(files) => {
            let modules: Vec<String> = files.iter().map(|f| f.module.clone()).collect();
            std::fs::write(out.join("modules.txt"), modules.join("\n")).expect("OUT_DIR is writable");
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    }
    std::fs::write(out.join("vendors_dir.txt"), vendors.display().to_string()).expect("OUT_DIR is writable");
}

/// The spec documents directly in `dir` (JSON and YAML; the README is not one).
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml"))
                })
                .collect()
        })
        .unwrap_or_default()
}
