//! Turns every group of the JSON Schema Test Suite (draft 4 subset) into a component schema of one
//! OpenAPI 3.0 document and generates its validators. A group that OpenAPI 3.0 cannot express is
//! found by the generator's own diagnostics and recorded, with the diagnostic, as not applicable.
//! Reads the suite from ../shared (or $FORGE_SHARED_DIR); without it, generates nothing and the
//! test says it skipped.

use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=FORGE_SHARED_DIR");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let shared = std::env::var_os("FORGE_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let suite = shared.join("conformance/json-schema-test-suite/draft4");
    println!("cargo:rerun-if-changed={}", suite.display());
    let mut files = Vec::new();
    collect(&suite, &suite, &mut files);
    files.sort();

    // (file, group index, component name) of every group, and its schema.
    let mut groups: Vec<(String, usize, String, Value)> = Vec::new();
    for (file_index, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(suite.join(file)).unwrap_or_default();
        let parsed: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
        for (group_index, group) in parsed.into_iter().enumerate() {
            let name = format!("F{file_index}G{group_index}");
            groups.push((file.clone(), group_index, name, to_openapi(group["schema"].clone())));
        }
    }

    // Lint the whole document; a group with an error (or a warning, below) is not applicable. Repeat until clean, since
    // removing a group can only remove errors.
    let spec_path = out_dir.join("suite.json");
    let mut not_applicable: Map<String, Value> = Map::new();
    for _ in 0..4 {
        let doc = document(&groups, &not_applicable);
        std::fs::write(&spec_path, serde_json::to_string_pretty(&doc).unwrap_or_default())
            .expect("OUT_DIR is writable");
        let diags = openapi_forge_build::lint(&spec_path, &std::fs::read_to_string(&spec_path).unwrap_or_default());
        let mut found = false;
        // A keyword the generator ignores or reads tolerantly (a warning) is a construct it does
        // not enforce as written, so its group is not applicable either; a Rust name chosen for a
        // property changes nothing the validators do, nor does a `default` of another type that is
        // ignored (an annotation: the suite's "invalid type for default" checks that it is not
        // applied).
        let unenforced = |d: &&openapi_forge_build::Diagnostic| match d.severity {
            openapi_forge_build::Severity::Error => true,
            openapi_forge_build::Severity::Warning => {
                !matches!(d.code, openapi_forge_build::Code::NameClash | openapi_forge_build::Code::DefaultIgnored)
            }
            openapi_forge_build::Severity::Note => false,
        };
        for d in diags.iter().filter(unenforced) {
            let group = d.pointer.strip_prefix("/components/schemas/").and_then(|rest| rest.split('/').next());
            if let Some(group) = group {
                if !not_applicable.contains_key(group) {
                    not_applicable.insert(group.to_string(), Value::String(d.message.clone()));
                    found = true;
                }
            }
        }
        if !found {
            break;
        }
    }
    let doc = document(&groups, &not_applicable);
    std::fs::write(&spec_path, serde_json::to_string_pretty(&doc).unwrap_or_default()).expect("OUT_DIR is writable");
    if let Err(err) = openapi_forge_build::Config::new()
        .include_file("conformance.rs")
        .component_parsers(true)
        .generate(&[&spec_path])
    {
        eprintln!("{err}");
        std::process::exit(1);
    }

    let manifest = json!({
        "suite": suite.display().to_string(),
        "present": !files.is_empty(),
        "groups": groups.iter().map(|(file, index, name, _)| json!({
            "file": file, "index": index, "component": name,
            "not_applicable": not_applicable.get(name),
        })).collect::<Vec<_>>(),
    });
    std::fs::write(out_dir.join("manifest.json"), manifest.to_string()).expect("OUT_DIR is writable");
}

/// The only translation: `$comment`, an annotation without effect on validation, becomes the
/// extension `x-comment` (OpenAPI 3.0 allows no other unknown keyword). Every other construct is
/// left as the suite wrote it, for the generator to accept or reject.
fn to_openapi(schema: Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| if k == "$comment" { ("x-comment".to_string(), v) } else { (k, to_openapi(v)) })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(to_openapi).collect()),
        other => other,
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            if let Ok(relative) = path.strip_prefix(root) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
}

fn document(groups: &[(String, usize, String, Value)], excluded: &Map<String, Value>) -> Value {
    let schemas: Map<String, Value> = groups
        .iter()
        .filter(|(_, _, name, _)| !excluded.contains_key(name))
        .map(|(file, index, name, schema)| {
            let mut schema = schema.clone();
            if let Value::Object(map) = &mut schema {
                map.entry("description").or_insert_with(|| Value::String(format!("{file}, group {index}.")));
            }
            (name.clone(), schema)
        })
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {"title": "JSON Schema Test Suite, draft 4 subset", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    })
}
