//! Generates every fixture spec and the project's own specs without the server side: models and
//! validators only, or with the feature `client` the clients too. The crate must then compile
//! against the runtime without its `server` feature (CI builds it alone, so that the workspace's
//! features do not reach it).

use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut specs: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    specs.sort();
    specs
}

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = yaml_files(&manifest.join("../tests/fixtures"));
    specs.extend(yaml_files(&manifest.join("../../spec")));
    let client = std::env::var_os("CARGO_FEATURE_CLIENT").is_some();
    openapi_forge::Config::new()
        .server(false)
        .client(client)
        .include_file("all.rs")
        .generate(&specs)
        .unwrap_or_else(|err| panic!("{err}"));
}
