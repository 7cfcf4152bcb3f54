//! Generates every fixture spec and the project's own specs without the server side: models and
//! validators only, or with the feature `client` the clients too. The crate must then compile
//! against the runtime without its `server` feature (CI builds it alone, so that the workspace's
//! features do not reach it).

use std::path::{Path, PathBuf};

/// The specs of `dir`, which reruns the build when a spec is added or removed.
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    openapi_forge_build::spec_files(dir).unwrap_or_default()
}

/// The vendors' documents of `../shared/specs-corpus/vendors` generated here too.
const FOREIGN: &[&str] = &["oai-petstore-expanded.yaml", "redocly-museum-openapi.yaml"];

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = spec_files(&manifest.join("../tests/fixtures"));
    specs.extend(spec_files(&manifest.join("../../spec")));
    // Two vendors' documents nobody here wrote, 3.0 and 3.1 (with webhooks), beside ours.
    let vendors = manifest.join("../../../shared/specs-corpus/vendors");
    println!("cargo:rerun-if-changed={}", vendors.display());
    for name in FOREIGN {
        let spec = vendors.join(name);
        if spec.is_file() {
            specs.push(spec);
        } else if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{} is missing under CI (../shared absent?)", spec.display());
        }
    }
    let client = std::env::var_os("CARGO_FEATURE_CLIENT").is_some();
    openapi_forge_build::Config::new()
        .server(false)
        .client(client)
        .include_file("all.rs")
        .generate(&specs)
        .unwrap_or_else(|err| panic!("{err}"));
}
