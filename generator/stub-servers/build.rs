//! Generates the vendors' specs that `stub-server` serves, with default stubs and no client: every
//! operation answers 501 once the router's checks pass, which is what schemathesis probes. Without
//! ../shared the modules are empty and the binary says so.

use std::path::{Path, PathBuf};

/// The specs served, relative to ../shared/specs-corpus: small documents nobody here wrote, from
/// four vendors (OpenAPI Initiative, Redocly, Oxide), 3.0 and 3.1.
pub const SPECS: &[&str] = &[
    "vendors/oai-petstore-expanded.yaml",
    "vendors/redocly-museum-openapi.yaml",
    "keeper.json",
    "buildomat.json",
    "propolis-server.json",
];

fn main() {
    println!("cargo:rerun-if-env-changed=FORGE_SHARED_DIR");
    println!("cargo::rustc-check-cfg=cfg(vendor_specs)");
    let shared = std::env::var_os("FORGE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let corpus = shared.join("specs-corpus");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let specs: Vec<PathBuf> = SPECS.iter().map(|spec| corpus.join(spec)).collect();
    for spec in &specs {
        println!("cargo:rerun-if-changed={}", spec.display());
    }
    if !specs.iter().all(|spec| spec.is_file()) {
        std::fs::write(out.join("vendors.rs"), "").expect("OUT_DIR is writable");
        return;
    }
    let config =
        openapi_forge_build::Config::new().out_dir(&out).include_file("vendors.rs").default_stubs(true).client(false);
    if let Err(err) = config.generate(&specs) {
        eprintln!("{err}");
        std::process::exit(1);
    }
    println!("cargo::rustc-cfg=vendor_specs");
}
