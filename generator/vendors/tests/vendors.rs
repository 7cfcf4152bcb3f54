//! Every vendor's document generated code that compiled with warnings denied (the crate built);
//! here, check that all of them are there and that their validators run.

/// Without ../shared the crate generates nothing: a skip, except under CI, where it is a failure.
fn modules() -> Vec<&'static str> {
    let modules: Vec<&str> = openapi_forge_vendors::MODULES.lines().collect();
    if modules.is_empty() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "no documents found in {} under CI: ../shared must be beside the checkout",
            openapi_forge_vendors::VENDORS_DIR
        );
        println!("SKIPPED: no documents found in {} (../shared absent)", openapi_forge_vendors::VENDORS_DIR);
    }
    modules
}

#[test]
fn every_vendor_document_generated_and_compiled() {
    let modules = modules();
    if modules.is_empty() {
        return;
    }
    println!("generated and compiled without warnings: {}", modules.join(", "));
    let dir = std::path::Path::new(openapi_forge_vendors::VENDORS_DIR);
    let top: usize = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| {
            if p.is_dir() {
                std::fs::read_dir(&p).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|q| is_spec(q)).count()
            } else {
                usize::from(is_spec(&p))
            }
        })
        .sum();
    assert_eq!(modules.len(), top, "one module per document: {modules:?}");
}

fn is_spec(path: &std::path::Path) -> bool {
    path.is_file() && matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml"))
}

/// The generated validators do what the documents say, on a few schemas of each version and form.
#[test]
fn vendor_validators_run() {
    if modules().is_empty() {
        return;
    }
    use openapi_forge_vendors::*;
    use serde_json::json;
    // 3.1 (Discord): a pattern, and `type: ["string", "null"]` on a required property.
    assert!(discord_openapi::validate_component("SnowflakeType", &json!("123456789012345678")).unwrap().is_ok());
    assert!(discord_openapi::validate_component("SnowflakeType", &json!("not a snowflake")).unwrap().is_err());
    let account = |name| json!({"id": "1", "name": name});
    assert!(discord_openapi::validate_component("AccountResponse", &account(json!(null))).unwrap().is_ok());
    assert!(discord_openapi::validate_component("AccountResponse", &account(json!("x"))).unwrap().is_ok());
    assert!(discord_openapi::validate_component("AccountResponse", &account(json!(5))).unwrap().is_err());
    assert!(discord_openapi::validate_component("AccountResponse", &json!({"id": "1"})).unwrap().is_err());
    // Multi-file (SendGrid): a schema defined in spec/components/schemas.json.
    assert!(oas_v3::validate_component("global_error_response_schema", &json!({"errors": "no"})).unwrap().is_err());
    // 3.0 with `$ref`s into the middle of other schemas (PagerDuty).
    assert!(pagerduty_rest_openapiv3::validate_component("Tag", &json!({"type": "tag", "label": 5})).unwrap().is_err());
}
