//! Generates the Rust modules of every spec/*.yaml into OUT_DIR, so the spec is the single source of
//! truth: edit a spec, run `cargo build`, and the models, validators and routes follow.

use std::path::PathBuf;

fn main() {
    // A new or removed spec file changes the directory.
    println!("cargo:rerun-if-changed=spec");
    let mut specs: Vec<PathBuf> = match std::fs::read_dir("spec") {
        Ok(entries) => entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect(),
        Err(err) => {
            eprintln!("error: cannot read spec/: {err}");
            std::process::exit(1);
        }
    };
    specs.sort();
    if let Err(err) = openapi_forge::Config::new().generate(&specs) {
        // Every located diagnostic, then a failed build; no panic backtrace in the way.
        eprintln!("{err}");
        std::process::exit(1);
    }
}
