//! Validation throughput: bytes → validated value, for a valid and an invalid request body of each
//! of the five pages (and, where the page has a constraint beyond types, a well-typed body that
//! breaks only constraints), with the generated validators and with the `jsonschema` crate (draft 4, default
//! features off) validating the same bytes against the same schemas from the same spec documents.
//!
//! Both sides parse the bytes. Ours also builds the typed value and reports every violation with
//! its pointer; jsonschema is asked for `is_valid` on valid bodies and for every error on invalid
//! ones, so each side does what a server needs.
//!
//! `cargo bench --bench validation` (BENCHMARKS.md has the figures).

use huawei_batch_api::runtime::{from_slice, Schema};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn main() {
    divan::main();
}

/// (page, spec file, component, valid body, invalid body)
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "000_delete_asset",
        "roma-connect.yaml",
        "AssetBatchRequest",
        r#"{"apps":[{"id":"b1e6b1e6-4f3f-4a80-bb45-f4b9039f95a3"},{"id":"b2e6b145-4f3f-4a80-aa45-f4b8029f95a4"}],"tasks":[{"id":"b2e6a456-1234-4a80-aa45-f4b8029f95a4"},{"id":"123456648-4f3f-4a80-aa45-f4b00005a42"}]}"#,
        r#"{"apps":[{"id":1},{"id":"x"}],"tasks":"none"}"#,
    ),
    (
        "001_batch_delete_app",
        "codearts-deploy.yaml",
        "BatchDeleteAppRequest",
        r#"{"application_ids":["eac65c10c5c34df1824af96ec93a9eea","3ba2ad194ff141e39b1d3d0749242858"],"project_id":"0a38ce9ba3c740c199a0f872b6163661"}"#,
        r#"{"application_ids":[],"project_id":7}"#,
    ),
    (
        "002_delete_instances",
        "clouddc.yaml",
        "DeleteInstancesRequest",
        r#"{"instance_id_set":["0198170e-4ca7-7ee4-89a7-fa631843920b","0198170e-4ca7-7ee4-89a7-fa631843920c"]}"#,
        r#"{"instance_id_set":["a",2,"c",null]}"#,
    ),
    (
        "003_export_asset",
        "roma-connect.yaml",
        "AssetBatchRequest",
        r#"{"apps":[{"id":"b1e6b1e6-4f3f-4a80-bb45-f4b9039f95a3"}],"tasks":[]}"#,
        r#"{"apps":[{"id":"a"}]}"#,
    ),
    (
        "004_batch_asset_action",
        "metastudio.yaml",
        "BatchAssetActionRequest",
        r#"{"action":"DELETE","asset_ids":["xxxxx1","xxxxx2","xxxxx3","xxxxx4"]}"#,
        r#"{"action":"DETELTE","asset_ids":["xxxxx1",2],"params":{}}"#,
    ),
];

/// A well-typed body that breaks only constraints (too many items), for the pages that have such a
/// constraint: it deserializes, so ours checks the typed value instead of a JSON tree. Page 004's only
/// constraint is its enum, which the typed parse itself rejects.
fn out_of_bounds(page: &str) -> Option<String> {
    let ids = |n: usize| (0..n).map(|i| format!("\"id{i:02}\"")).collect::<Vec<_>>().join(",");
    let objects = |n: usize| (0..n).map(|i| format!("{{\"id\":\"a{i:02}\"}}")).collect::<Vec<_>>().join(",");
    match page {
        // 101 apps: each list's maxItems, and (ours only: jsonschema ignores the extension) the combined limit.
        "000_delete_asset" => Some(format!(r#"{{"apps":[{}],"tasks":[]}}"#, objects(101))),
        "003_export_asset" => Some(format!(r#"{{"apps":[],"tasks":[{}]}}"#, objects(101))),
        "001_batch_delete_app" => {
            Some(format!(r#"{{"project_id":"0a38ce9ba3c740c199a0f872b6163661","application_ids":[{}]}}"#, ids(51)))
        }
        "002_delete_instances" => Some(format!(r#"{{"instance_id_set":[{}]}}"#, ids(51))),
        _ => None,
    }
}

/// Runs `$body` with `$t` naming the generated request type of `$page`: the dispatch every bench of
/// ours shares (the pages' types differ, and generic closures do not exist).
macro_rules! with_request_type {
    ($page:expr, $t:ident => $body:expr) => {
        match $page {
            "000_delete_asset" | "003_export_asset" => {
                type $t = huawei_batch_api::roma_connect::AssetBatchRequest;
                $body
            }
            "001_batch_delete_app" => {
                type $t = huawei_batch_api::codearts_deploy::BatchDeleteAppRequest;
                $body
            }
            "002_delete_instances" => {
                type $t = huawei_batch_api::clouddc::DeleteInstancesRequest;
                $body
            }
            _ => {
                type $t = huawei_batch_api::metastudio::BatchAssetActionRequest;
                $body
            }
        }
    };
}

fn case(page: &str) -> &'static (&'static str, &'static str, &'static str, &'static str, &'static str) {
    CASES.iter().find(|c| c.0 == page).expect("known page")
}

fn jsonschema_validator(spec: &str, component: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec").join(spec);
    let doc: Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let schema = json!({"$ref": format!("#/components/schemas/{component}"), "components": doc["components"]});
    jsonschema::options().with_draft(jsonschema::Draft::Draft4).build(&schema).unwrap()
}

fn ours<T: Schema + DeserializeOwned>(bytes: &[u8], valid: bool) {
    let result = from_slice::<T>(divan::black_box(bytes));
    assert_eq!(result.is_ok(), valid);
    divan::black_box(result).ok();
}

fn theirs(validator: &jsonschema::Validator, bytes: &[u8], valid: bool) {
    let value: Value = serde_json::from_slice(divan::black_box(bytes)).unwrap();
    if valid {
        assert!(validator.is_valid(&value));
    } else {
        let errors: Vec<_> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(!errors.is_empty());
        divan::black_box(errors);
    }
}

const PAGES: &[&str] =
    &["000_delete_asset", "001_batch_delete_app", "002_delete_instances", "003_export_asset", "004_batch_asset_action"];

fn ours_for(bencher: divan::Bencher, page: &str, valid: bool) {
    let (_, _, _, good, bad) = case(page);
    ours_on(bencher, page, if valid { good.as_bytes() } else { bad.as_bytes() }, valid);
}

fn ours_on(bencher: divan::Bencher, page: &str, bytes: &[u8], valid: bool) {
    with_request_type!(page, T => bencher.bench(|| ours::<T>(bytes, valid)));
}

#[divan::bench(args = PAGES)]
fn openapi_forge_valid(bencher: divan::Bencher, page: &str) {
    ours_for(bencher, page, true);
}

#[divan::bench(args = PAGES)]
fn openapi_forge_invalid(bencher: divan::Bencher, page: &str) {
    ours_for(bencher, page, false);
}

#[divan::bench(args = PAGES)]
fn jsonschema_valid(bencher: divan::Bencher, page: &str) {
    let (_, spec, component, good, _) = case(page);
    let validator = jsonschema_validator(spec, component);
    bencher.bench(|| theirs(&validator, good.as_bytes(), true));
}

#[divan::bench(args = PAGES)]
fn jsonschema_invalid(bencher: divan::Bencher, page: &str) {
    let (_, spec, component, _, bad) = case(page);
    let validator = jsonschema_validator(spec, component);
    bencher.bench(|| theirs(&validator, bad.as_bytes(), false));
}

/// Pages 000–003 only (see `out_of_bounds`).
const BOUNDED_PAGES: &[&str] =
    &["000_delete_asset", "001_batch_delete_app", "002_delete_instances", "003_export_asset"];

#[divan::bench(args = BOUNDED_PAGES)]
fn openapi_forge_out_of_bounds(bencher: divan::Bencher, page: &str) {
    let body = out_of_bounds(page).expect("a bounded page");
    ours_on(bencher, page, body.as_bytes(), false);
}

#[divan::bench(args = BOUNDED_PAGES)]
fn jsonschema_out_of_bounds(bencher: divan::Bencher, page: &str) {
    let (_, spec, component, _, _) = case(page);
    let validator = jsonschema_validator(spec, component);
    let body = out_of_bounds(page).expect("a bounded page");
    bencher.bench(|| theirs(&validator, body.as_bytes(), false));
}

/// Reference, not a contender: parsing the invalid body into a JSON tree and nothing else, the
/// first step of jsonschema's run (and of ours once the typed attempt has failed). Its share of
/// jsonschema's time bounds what any validator working on a tree can gain.
#[divan::bench(args = PAGES)]
fn json_tree_parse_only_invalid(bencher: divan::Bencher, page: &str) {
    let (_, _, _, _, bad) = case(page);
    bencher.bench(|| serde_json::from_slice::<Value>(divan::black_box(bad.as_bytes())).unwrap());
}

/// Reference, not a contender: serde's typed deserialization of the type-error body, which fails
/// (serde_json builds its error message): the first step of our run on such a body, before the tree.
#[divan::bench(args = PAGES)]
fn serde_typed_attempt_only_invalid(bencher: divan::Bencher, page: &str) {
    let (_, _, _, _, bad) = case(page);
    let bytes = bad.as_bytes();
    with_request_type!(page, T => bencher.bench(|| failed_attempt::<T>(bytes)));
}

fn failed_attempt<T: DeserializeOwned + std::fmt::Debug>(bytes: &[u8]) {
    divan::black_box(serde_json::from_slice::<T>(divan::black_box(bytes)).unwrap_err());
}

/// Reference, not a contender: serde's typed deserialization of the valid body and nothing else
/// (no constraint checked), the floor of our valid path.
#[divan::bench(args = PAGES)]
fn serde_typed_parse_only_valid(bencher: divan::Bencher, page: &str) {
    let (_, _, _, good, _) = case(page);
    let bytes = good.as_bytes();
    with_request_type!(page, T => bencher.bench(|| typed::<T>(bytes)));
}

fn typed<T: DeserializeOwned>(bytes: &[u8]) {
    divan::black_box(serde_json::from_slice::<T>(divan::black_box(bytes)).unwrap());
}

/// Reference, not a contender: what any reader of page 002's valid body into the generated type
/// must do whatever its parser, the body's UTF-8 check and the three allocations the typed value
/// owns (its `Vec` and two `String`s), freed again. What ours spends beyond it is reading.
#[divan::bench]
fn allocation_floor_002_valid(bencher: divan::Bencher) {
    let (_, _, _, good, _) = case("002_delete_instances");
    let ids: Vec<&str> = good.split('"').filter(|piece| piece.len() == 36).collect();
    assert_eq!(ids.len(), 2, "the body's two instance IDs");
    bencher.bench(|| {
        let text = std::str::from_utf8(divan::black_box(good.as_bytes())).unwrap();
        let mut owned: Vec<String> = Vec::new();
        for id in &ids {
            owned.push(String::from(divan::black_box(*id)));
        }
        divan::black_box((text, owned));
    });
}
