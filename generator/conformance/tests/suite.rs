//! Every case of every applicable group must be accepted or rejected as the suite says. Prints, per
//! file, ran / passed / not applicable (with reasons). A skipped case never counts as passed.

use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Default)]
struct FileTally {
    ran: usize,
    passed: usize,
    not_applicable: usize,
    failures: Vec<String>,
    reasons: Vec<String>,
}

#[test]
fn json_schema_test_suite_draft4() {
    let manifest: Value = serde_json::from_str(openapi_forge_conformance::MANIFEST).unwrap();
    if manifest["present"] != Value::Bool(true) {
        // Under CI a missing suite would make the 100 % headline pass vacuously.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the JSON Schema Test Suite is not at {} (../shared absent) under CI",
            manifest["suite"]
        );
        println!("SKIPPED: the JSON Schema Test Suite is not at {} (../shared absent); nothing ran", manifest["suite"]);
        return;
    }
    let suite = std::path::PathBuf::from(manifest["suite"].as_str().unwrap());
    let mut tally: BTreeMap<String, FileTally> = BTreeMap::new();
    let mut cache: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut model_limits: Vec<String> = Vec::new();
    for group in manifest["groups"].as_array().unwrap() {
        let file = group["file"].as_str().unwrap().to_string();
        let groups = cache
            .entry(file.clone())
            .or_insert_with(|| serde_json::from_str(&std::fs::read_to_string(suite.join(&file)).unwrap()).unwrap());
        let data = &groups[group["index"].as_u64().unwrap() as usize];
        let cases = data["tests"].as_array().unwrap();
        let entry = tally.entry(file.clone()).or_default();
        if let Some(reason) = group["not_applicable"].as_str() {
            entry.not_applicable += cases.len();
            entry.reasons.push(format!(
                "{} ({} cases): {reason}",
                data["description"].as_str().unwrap_or(""),
                cases.len()
            ));
            continue;
        }
        let component = group["component"].as_str().unwrap();
        for case in cases {
            let expected = case["valid"].as_bool().unwrap();
            let result = openapi_forge_conformance::suite::validate_component(component, &case["data"])
                .unwrap_or_else(|| panic!("no generated validator for {component}"));
            // The same case read from bytes, as a server reads a body: the typed fast path must
            // never accept what the full validator rejects, nor reject what it accepts.
            let bytes = serde_json::to_vec(&case["data"]).unwrap();
            let parsed = openapi_forge_conformance::suite::parse_component(component, &bytes).unwrap();
            let label = format!(
                "{} / {}",
                data["description"].as_str().unwrap_or(""),
                case["description"].as_str().unwrap_or("")
            );
            assert!(!(parsed.is_ok() && result.is_err()), "{label}: from_slice accepts what validate rejects");
            if let (Err(typed), Err(tree)) = (&parsed, &result) {
                // The typed checks report what the JSON checks report, in the same order.
                assert_eq!(typed, tree, "{label}: from_slice and validate report differently");
            }
            if let (Err(v), Ok(())) = (&parsed, &result) {
                // A valid value the typed model cannot hold (an integer beyond 64 bits).
                assert!(
                    v.as_slice().iter().all(|v| v.message.contains("does not fit the generated type")),
                    "{label}: {v}"
                );
                model_limits.push(label);
            }
            entry.ran += 1;
            if result.is_ok() == expected {
                entry.passed += 1;
            } else {
                entry.failures.push(format!(
                    "{} / {}: expected {}, got {}",
                    data["description"].as_str().unwrap_or(""),
                    case["description"].as_str().unwrap_or(""),
                    if expected { "valid" } else { "invalid" },
                    match &result {
                        Ok(()) => "valid".to_string(),
                        Err(v) => format!("invalid ({v})"),
                    }
                ));
            }
        }
    }
    let (mut ran, mut passed, mut not_applicable) = (0, 0, 0);
    println!("{:<40} {:>5} {:>7} {:>15}", "file", "ran", "passed", "not applicable");
    for (file, t) in &tally {
        println!("{file:<40} {:>5} {:>7} {:>15}", t.ran, t.passed, t.not_applicable);
        for reason in &t.reasons {
            println!("    not applicable: {reason}");
        }
        for failure in &t.failures {
            println!("    FAILED: {failure}");
        }
        ran += t.ran;
        passed += t.passed;
        not_applicable += t.not_applicable;
    }
    println!(
        "conformance: {passed}/{ran} applicable cases passed ({:.1}%), {not_applicable} not applicable, {} cases in all",
        100.0 * passed as f64 / ran.max(1) as f64,
        ran + not_applicable
    );
    println!(
        "from bytes (typed fast path, then full path): agrees with validate on all {ran} cases but {} valid values the typed model cannot hold: {}",
        model_limits.len(),
        model_limits.join("; ")
    );
    assert_eq!(passed, ran, "every applicable case must pass");
}
