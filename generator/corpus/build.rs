//! Generates every spec of ../shared/specs-corpus (or $FORGE_SHARED_DIR/specs-corpus); the crate
//! then compiles the code with warnings denied. Without the corpus it generates nothing and the test
//! says it skipped.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=FORGE_SHARED_DIR");
    let shared = std::env::var_os("FORGE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let corpus = shared.join("specs-corpus");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let specs = openapi_forge_build::spec_files(&corpus).unwrap_or_default();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    match openapi_forge_build::Config::new().include_file("corpus.rs").generate(&specs) {
        Ok(files) => {
            let modules: Vec<String> = files.iter().map(|f| f.module.clone()).collect();
            std::fs::write(out.join("modules.txt"), modules.join("\n")).expect("OUT_DIR is writable");
        }
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    }
    std::fs::write(out.join("corpus_dir.txt"), corpus.display().to_string()).expect("OUT_DIR is writable");
}
