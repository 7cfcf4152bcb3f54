//! Generates every fixture spec and the project's own specs without the server side: models and
//! validators only, or with the feature `client` the clients too. The crate must then compile
//! against the runtime without its `server` feature (CI builds it alone, so that the workspace's
//! features do not reach it).

use std::path::{Path, PathBuf};

/// The specs of `dir`, which reruns the build when a spec is added or removed.
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    openapi_forge::spec_files(dir).unwrap_or_default()
}

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = spec_files(&manifest.join("../tests/fixtures"));
    specs.extend(spec_files(&manifest.join("../../spec")));
    let client = std::env::var_os("CARGO_FEATURE_CLIENT").is_some();
    openapi_forge::Config::new()
        .server(false)
        .client(client)
        .include_file("all.rs")
        .generate(&specs)
        .unwrap_or_else(|err| panic!("{err}"));
}
