//! No panic on any input: a property test that mutates the fixture and seed specs, both as text
//! (YAML level) and as a tree (structure level), and runs the whole pipeline on each mutant. Any
//! panic fails the test with the shrunk mutant.
//!
//! CI runs a short budget (the default below); `OPENAPI_FORGE_FUZZ_TRACE=1` keeps the case being
//! run in the temp directory (`openapi-forge-fuzz-case.txt`), for aborts;
//! `OPENAPI_FORGE_FUZZ_KEEP=DIR` writes each mutant that generates, and its code, into `DIR`, for
//! `.ci/fuzz-compile`; `OPENAPI_FORGE_FUZZ_SEED=N` fixes the seed. The long run documented in
//! README.md:
//! `PROPTEST_CASES=100000 cargo test --release -p openapi-forge-build --test fuzz -- --nocapture`

use openapi_forge_build::diagnostics::{escape_token, unescape_token};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

fn seeds() -> &'static Vec<(PathBuf, String)> {
    static SEEDS: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in [root.join("tests/fixtures"), root.join("../spec"), root.join("tests/bad-specs")] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map(|e| e.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            for file in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "yaml" || e == "json")) {
                if let Ok(text) = std::fs::read_to_string(&file) {
                    out.push((file, text));
                }
            }
        }
        assert!(!out.is_empty(), "no seed specs found");
        out
    })
}

/// Values that often break generators.
const ODD_VALUES: &[&str] = &[
    r##""""##,
    r##"null"##,
    r##"-1"##,
    r##"0"##,
    r##"1e309"##,
    r##"-9223372036854775809"##,
    r##"18446744073709551616"##,
    r##"1.5"##,
    r##"true"##,
    r##"[]"##,
    r##"{}"##,
    r##""(""##,
    r##""[a-""##,
    r##""\\""##,
    r##""#/components/schemas""##,
    r##""#""##,
    r##""#/components/schemas/Missing""##,
    r##"{"$ref": "#"}"##,
    r##"{"type": "object", "properties": {"type": {"type": "string"}}}"##,
    r##""self""##,
    r##""Self""##,
    r##""__""##,
    r##""😀""##,
    r##""名前""##,
    r##""a b-c.d""##,
    r##""1abc""##,
    r##""r#type""##,
    r##"["a", "A", "a"]"##,
    r##"[1, "1", null, {}]"##,
    r##"{"allOf": []}"##,
    r##"{"oneOf": [{}, {}]}"##,
    r##"{"additionalProperties": false, "allOf": [{"$ref": "#/components/schemas/x"}]}"##,
    r##""https://example.com/a#/properties""##,
    r##""#name""##,
    r##""../a b?c""##,
    r##""http://json-schema.org/draft-04/schema#""##,
    r##"[{"type": "string"}, {"type": "integer"}]"##,
];
const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "pattern",
    "enum",
    "required",
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "$ref",
    "nullable",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "discriminator",
    "operationId",
    "parameters",
    "in",
    "name",
    "schema",
    "content",
    "responses",
    "security",
    "x-max-combined-items",
    "x-body-limit",
    "paths",
    "components",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$dynamicRef",
    "prefixItems",
    "additionalItems",
    "jsonSchemaDialect",
];

/// Names that collide with something of the generated code's own: the prelude, the client,
/// methods a call on an `Arc` or a reference would find first, keywords, case and punctuation.
const ODD_NAMES: &[&str] = &[
    "Client", "From", "Into", "Send", "Default", "Result", "Option", "clone", "into", "fmt", "new", "self", "Self",
    "type", "r#type", "1abc", "fooBar", "foo_bar", "FooBar", "", "é", "a b", "_", "__", "rt", "router",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Tree: rename the key of the node at a position (a schema, a property, a status, a path).
    Rename(usize, usize),
    /// Text: replace the byte at a position.
    FlipByte(usize, u8),
    /// Text: delete a range.
    Delete(usize, usize),
    /// Text: duplicate a line (a duplicate key, mostly).
    DuplicateLine(usize),
    /// Tree: remove the node at a position of the walk.
    Remove(usize),
    /// Tree: replace the node at a position with an odd value.
    Replace(usize, usize),
    /// Tree: add a keyword with an odd value to the object at a position.
    Insert(usize, usize, usize),
    /// Tree: replace a node with a `$ref` to another node.
    Reference(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::FlipByte(p, b)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Mutation::Delete(p, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), 0..ODD_NAMES.len()).prop_map(|(p, n)| Mutation::Rename(p, n)),
        (any::<usize>(), 0..ODD_VALUES.len()).prop_map(|(p, v)| Mutation::Replace(p, v)),
        (any::<usize>(), 0..KEYWORDS.len(), 0..ODD_VALUES.len()).prop_map(|(p, k, v)| Mutation::Insert(p, k, v)),
        (any::<usize>(), any::<usize>()).prop_map(|(p, t)| Mutation::Reference(p, t)),
    ]
}

/// Every JSON pointer of the tree, in walk order.
fn pointers(value: &Value, base: String, out: &mut Vec<String>) {
    out.push(base.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(v, format!("{base}/{}", escape_token(k)), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{base}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn apply_tree(text: &str, mutation: &Mutation) -> String {
    let Ok(mut doc) = serde_yaml::from_str::<Value>(text) else { return text.to_string() };
    let mut all = Vec::new();
    pointers(&doc, String::new(), &mut all);
    let pick = |i: usize| all[i % all.len()].clone();
    let odd = |i: usize| serde_json::from_str::<Value>(ODD_VALUES[i]).unwrap_or(Value::Null);
    match *mutation {
        Mutation::Remove(p) => {
            let target = pick(p);
            if let Some((parent, key)) = target.rsplit_once('/') {
                match doc.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&unescape_token(key));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Rename(p, n) => {
            let target = pick(p);
            if let Some((parent, key)) = target.rsplit_once('/') {
                if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                    let name = ODD_NAMES[n].to_string();
                    if !map.contains_key(&name) {
                        if let Some(value) = map.remove(&unescape_token(key)) {
                            map.insert(name, value);
                        }
                    }
                }
            }
        }
        Mutation::Replace(p, v) => {
            if let Some(node) = doc.pointer_mut(&pick(p)) {
                *node = odd(v);
            }
        }
        Mutation::Insert(p, k, v) => {
            if let Some(Value::Object(map)) = doc.pointer_mut(&pick(p)) {
                map.insert(KEYWORDS[k].to_string(), odd(v));
            }
        }
        Mutation::Reference(p, t) => {
            let target = format!("#{}", pick(t));
            if let Some(node) = doc.pointer_mut(&pick(p)) {
                *node = serde_json::json!({ "$ref": target });
            }
        }
        _ => return text.to_string(),
    }
    serde_yaml::to_string(&doc).unwrap_or_default()
}

fn apply_text(text: &str, mutation: &Mutation) -> String {
    let mut bytes = text.as_bytes().to_vec();
    if bytes.is_empty() {
        return text.to_string();
    }
    match *mutation {
        Mutation::FlipByte(p, b) => {
            let i = p % bytes.len();
            bytes[i] = b;
        }
        Mutation::Delete(p, n) => {
            let i = p % bytes.len();
            bytes.drain(i..(i + n).min(bytes.len()));
        }
        Mutation::DuplicateLine(l) => {
            let lines: Vec<&str> = text.lines().collect();
            let i = l % lines.len().max(1);
            let mut out = lines.clone();
            if let Some(line) = lines.get(i) {
                out.insert(i, line);
            }
            return out.join("\n");
        }
        _ => return apply_tree(text, mutation),
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

static CASES: AtomicUsize = AtomicUsize::new(0);
static GENERATED: AtomicUsize = AtomicUsize::new(0);

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        failure_persistence: None,
        rng_seed: seed(),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_panic_on_mutated_specs(
        seed in any::<usize>(),
        minify in any::<bool>(),
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let (path, text) = &seeds()[seed % seeds().len()];
        // Half the seeds as one line of minified JSON, as large vendor documents are published.
        let mut text = if minify { minified(text) } else { text.clone() };
        for m in &mutations {
            text = apply_text(&text, m);
        }
        // A stack overflow aborts the process before proptest can report the case: with this set,
        // the case being run is always on disk.
        if std::env::var_os("OPENAPI_FORGE_FUZZ_TRACE").is_some() {
            std::fs::write(std::env::temp_dir().join("openapi-forge-fuzz-case.txt"), format!("{}\n{}", path.display(), text)).ok();
        }
        // Either generated code or located diagnostics; never a panic.
        let keep = std::env::var_os("OPENAPI_FORGE_FUZZ_KEEP").map(PathBuf::from);
        let module = match &keep {
            Some(_) => format!("fuzzed_{}", CASES.load(Ordering::Relaxed)),
            None => "fuzzed".to_string(),
        };
        match openapi_forge_build::generate(path, &text, &module) {
            Ok(generated) => {
                prop_assert!(generated.code.starts_with("// @generated"));
                GENERATED.fetch_add(1, Ordering::Relaxed);
                // Kept for `.ci/fuzz-compile`, which compiles what the mutants generated.
                if let Some(dir) = &keep {
                    std::fs::write(dir.join(format!("{module}.rs")), &generated.code).ok();
                    std::fs::write(dir.join(format!("{module}.spec")), &text).ok();
                }
            }
            Err(diags) => {
                prop_assert!(diags.has_errors());
                for d in diags.iter() {
                    prop_assert!(d.location.is_some(), "unlocated diagnostic: {}", d);
                }
            }
        }
        CASES.fetch_add(1, Ordering::Relaxed);
    }
}

/// A fixed seed from `OPENAPI_FORGE_FUZZ_SEED` (`.ci/fuzz-compile` runs the same mutants every
/// time, so that CI's answer depends on the commit only), else a fresh one per run.
fn seed() -> proptest::test_runner::RngSeed {
    match std::env::var("OPENAPI_FORGE_FUZZ_SEED").ok().and_then(|v| v.parse().ok()) {
        Some(seed) => proptest::test_runner::RngSeed::Fixed(seed),
        None => proptest::test_runner::RngSeed::Random,
    }
}

/// `text` as one line of JSON (itself when it does not parse).
fn minified(text: &str) -> String {
    match serde_yaml::from_str::<Value>(text) {
        Ok(value) => serde_json::to_string(&value).unwrap_or_else(|_| text.to_string()),
        Err(_) => text.to_string(),
    }
}

/// The multi-file fixture: its root and every file it refers to.
fn multi_file_parts() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut parts = vec![root.join("multi_file.yaml")];
    let mut dirs = vec![root.join("multi_file")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                parts.push(path);
            }
        }
    }
    parts.sort();
    parts
}

/// Reads the files of a spec from disk, except one, which it answers with mutated text.
struct OneMutated {
    path: PathBuf,
    text: String,
}

impl openapi_forge_build::Reader for OneMutated {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            std::fs::read_to_string(path)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).map_or(100, |n: u32| n / 3),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// One file of a multi-file spec mutated (the root or any file it refers to, which reach the
    /// bundler by `$ref`): generated code or located diagnostics, in whichever file they are.
    #[test]
    fn no_panic_on_mutated_multi_file_specs(pick in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..4)) {
        let parts = multi_file_parts();
        let path = parts[pick % parts.len()].clone();
        let mut text = std::fs::read_to_string(&path).unwrap();
        for m in &mutations {
            text = apply_text(&text, m);
        }
        let root = &parts[0];
        let root_text = if path == *root { text.clone() } else { std::fs::read_to_string(root).unwrap() };
        let reader = OneMutated { path: resolve_path(&path), text };
        match openapi_forge_build::generate_from(root, &root_text, "fuzzed", &openapi_forge_build::Options::default(), &reader) {
            Ok(generated) => prop_assert!(generated.code.starts_with("// @generated")),
            Err(diags) => {
                prop_assert!(diags.has_errors());
                for d in diags.iter() {
                    prop_assert!(d.location.is_some(), "unlocated diagnostic: {}", d);
                    prop_assert!(!d.file.as_os_str().is_empty(), "diagnostic without a file: {}", d);
                }
            }
        }
    }
}

/// `path` as the resolver spells files (`.` and `..` folded).
fn resolve_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[test]
fn z_report_case_count() {
    // Test order is not guaranteed; this only reports when it runs last.
    let n = CASES.load(Ordering::Relaxed);
    if n > 0 {
        let generated = GENERATED.load(Ordering::Relaxed);
        println!(
            "fuzz: {n} mutated specs, no panic ({generated} generated code, {} got located diagnostics)",
            n - generated
        );
    }
}
