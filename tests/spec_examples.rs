//! Every example transcribed from the pages is checked against its schema with the generated
//! validators. An example marked `x-invalid-example: {pointer, keyword, reason}` must fail at exactly
//! that pointer with exactly that keyword, and nowhere else; every other example must pass.

use huawei_batch_api::runtime::codegen::escape_token;
use huawei_batch_api::runtime::Violations;
use serde_json::Value;
use std::path::Path;

type Validator = fn(&str, &Value) -> Option<Result<(), Violations>>;

/// The component validator of the module generated from a spec, from the build's registry: a spec
/// added to spec/ is found here without an edit.
fn validator(module: &str) -> Validator {
    let found = huawei_batch_api::MODULES.iter().find(|m| m.name == module);
    found.unwrap_or_else(|| panic!("no generated module for spec `{module}`")).validate_component
}

/// Every media-type object with examples: (pointer, schema, examples).
fn media_with_examples<'a>(
    value: &'a Value,
    pointer: String,
    out: &mut Vec<(String, &'a Value, &'a serde_json::Map<String, Value>)>,
) {
    match value {
        Value::Object(map) => {
            if let (Some(schema), Some(Value::Object(examples))) = (map.get("schema"), map.get("examples")) {
                out.push((pointer.clone(), schema, examples));
            }
            assert!(
                map.get("example").is_none() || !map.contains_key("schema"),
                "{pointer}: use `examples`, not `example`"
            );
            for (key, child) in map {
                media_with_examples(child, format!("{pointer}/{}", escape_token(key)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                media_with_examples(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn page_examples_behave_as_marked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let (mut checked, mut invalid) = (0, 0);
    for path in openapi_forge_build::spec_files(&dir).unwrap() {
        let module = openapi_forge_build::module_name(&path);
        let validate = validator(&module);
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: Value = serde_yaml::from_str(&text).unwrap();
        // What the text says there is, for the counts below: every example entry sits under an
        // `examples:` key, and every invalid one carries its marker.
        let (checked_before, invalid_before) = (checked, invalid);
        let marked = text.matches("x-invalid-example:").count();
        let mut found = Vec::new();
        media_with_examples(&doc, String::new(), &mut found);
        for (pointer, schema, examples) in found {
            let reference = schema
                .get("$ref")
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{module}{pointer}: an example's schema must be a named component schema"));
            let name = reference.strip_prefix("#/components/schemas/").expect("component reference");
            for (example_name, example) in examples {
                let value =
                    example.get("value").unwrap_or_else(|| panic!("{module}{pointer}/{example_name}: no value"));
                let result = validate(name, value).unwrap_or_else(|| panic!("{module}: no schema `{name}`"));
                let at = format!("{module}{pointer}/examples/{example_name}");
                match example.get("x-invalid-example") {
                    None => {
                        assert!(result.is_ok(), "{at}: expected valid, got {}", result.unwrap_err());
                    }
                    Some(marker) => {
                        let expected_pointer = marker["pointer"].as_str().expect("x-invalid-example.pointer");
                        let expected_keyword = marker["keyword"].as_str().expect("x-invalid-example.keyword");
                        assert!(
                            marker["reason"].as_str().is_some_and(|r| !r.is_empty()),
                            "{at}: x-invalid-example needs a reason"
                        );
                        let violations = result.expect_err(&format!("{at}: marked invalid but it validates"));
                        let got: Vec<(&str, &str)> =
                            violations.as_slice().iter().map(|v| (v.pointer.as_str(), v.keyword)).collect();
                        assert_eq!(got, vec![(expected_pointer, expected_keyword)], "{at}: fails for another reason");
                        invalid += 1;
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(invalid - invalid_before, marked, "{module}: every marked example is found and fails as marked");
        if text.contains("examples:") {
            assert!(checked > checked_before, "{module}: the spec has examples, but none was found");
        }
    }
    println!("{checked} page examples checked, {invalid} of them marked invalid and failing as marked");
}
