//! The generated modules without the server side: they compile against the runtime without its
//! `server` feature (CI builds this crate alone), validate as the full modules do, and hold nothing
//! of the server's HTTP layer.

use openapi_forge_models_only::codearts_deploy::BatchDeleteAppRequest;
use openapi_forge_models_only::objects;
use openapi_forge_runtime as rt;

fn pointers(violations: &rt::Violations) -> Vec<(String, String)> {
    violations.as_slice().iter().map(|v| (v.pointer.clone(), v.keyword.to_string())).collect()
}

#[test]
fn models_validate_bytes_and_typed_values() {
    let refused = rt::from_slice::<BatchDeleteAppRequest>(br#"{"application_ids":[]}"#).unwrap_err();
    let expected = [("/project_id", "required"), ("/application_ids", "minItems")];
    assert_eq!(pointers(&refused), expected.map(|(p, k)| (p.to_string(), k.to_string())));
    // A value built in code: `rt::check` finds what the validator finds in its JSON.
    let built = BatchDeleteAppRequest { project_id: "p".into(), application_ids: Vec::new() };
    let by_check = rt::check(&built).unwrap_err();
    let by_json = rt::validate::<BatchDeleteAppRequest>(&serde_json::to_value(&built).unwrap()).unwrap_err();
    assert_eq!(pointers(&by_check), pointers(&by_json));
    assert_eq!(pointers(&by_check), [("/application_ids".to_string(), "minItems".to_string())]);
    let good = BatchDeleteAppRequest { project_id: "p".into(), application_ids: vec!["a".into()] };
    assert!(rt::check(&good).is_ok());
}

#[test]
fn every_component_is_still_checked_by_name() {
    // The component dispatcher is a model-side item: it stays.
    assert!(objects::validate_component("NoSuchComponent", &serde_json::json!({})).is_none());
}

/// The generated text: the server's HTTP layer (axum, the request pipeline, the service trait) is
/// absent; the client is there exactly when the feature asks for it.
#[test]
fn no_module_holds_the_server_side() {
    let out = std::path::Path::new(env!("OUT_DIR"));
    let mut modules = 0;
    // The modules the crate includes (OUT_DIR may keep the files of specs since renamed).
    let registry = std::fs::read_to_string(out.join("all.rs")).unwrap();
    let included = registry.lines().filter_map(|line| line.split('"').nth(3)).map(|file| file.trim_start_matches('/'));
    for file in included {
        let path = out.join(file);
        let code = std::fs::read_to_string(&path).unwrap();
        modules += 1;
        for server_side in ["rt::axum", "rt::http::Incoming", "pub fn router", "rt::http::Reply"] {
            assert!(!code.contains(server_side), "{} holds `{server_side}`", path.display());
        }
        if !cfg!(feature = "client") {
            assert!(!code.contains("rt::client"), "{} holds a client", path.display());
        }
    }
    // One module per spec the build script was given, the vendors' ones included when present.
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours: usize = ["../tests/fixtures", "../../spec"].iter().map(|dir| yaml_count(&manifest.join(dir))).sum();
    let vendors = manifest.join("../../../shared/specs-corpus/vendors");
    let theirs = ["oai-petstore-expanded.yaml", "redocly-museum-openapi.yaml"]
        .iter()
        .filter(|name| vendors.join(name).is_file())
        .count();
    assert_eq!(modules, ours + theirs);
}

fn yaml_count(dir: &std::path::Path) -> usize {
    let entries = std::fs::read_dir(dir).unwrap();
    entries.filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "yaml")).count()
}

#[cfg(feature = "client")]
#[test]
fn the_client_alone_is_generated_with_the_client_feature() {
    let client = openapi_forge_models_only::codearts_deploy::Client::from_builder(
        openapi_forge_models_only::codearts_deploy::Client::builder("http://127.0.0.1:9"),
    );
    let _ = client;
}
