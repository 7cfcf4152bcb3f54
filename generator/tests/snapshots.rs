//! One fixture spec per construct; the generated code of each is snapshotted here and compiled (and
//! exercised) by the `openapi-forge-fixtures` crate.

use std::path::Path;

fn snapshot(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let generated = openapi_forge_build::generate(&path, &text, name).unwrap_or_else(|diags| panic!("{diags}"));
    insta::assert_snapshot!(name, generated.code);
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            snapshot(stringify!($name));
        }
    )*};
}

fixtures!(
    objects,
    enums,
    nullable_defaults,
    arrays_maps,
    formats,
    names,
    composition,
    recursive,
    operations,
    security,
    typed_checks,
    openapi31,
    applicators,
    unevaluated,
    multi_file,
    tolerated,
    webhooks,
    bodies,
    params,
    hostile_names,
    unroutable_only,
    mutual_tls,
    error_shapes,
    dispatch
);

/// `parse_component` (and `validate_component_bytes`, its reference in the differential test)
/// instantiates every component's `Deserialize`, so it is emitted only on request;
/// nothing else in the module changes with the option.
#[test]
fn component_parsers_are_emitted_only_when_asked_for() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/objects.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let plain = openapi_forge_build::generate(&path, &text, "objects").unwrap().code;
    let options = openapi_forge_build::Options::default().component_parsers(true);
    let with_parsers = openapi_forge_build::generate_with(&path, &text, "objects", &options).unwrap().code;
    assert!(plain.contains("pub fn validate_component("));
    assert!(!plain.contains("parse_component"));
    let start =
        with_parsers.find("    /// Reads JSON bytes as the component schema").expect("parse_component is emitted");
    let bytes = start + with_parsers[start..].find("pub fn validate_component_bytes(").expect("its companion");
    let end = bytes + with_parsers[bytes..].find("\n    }\n").expect("its end") + "\n    }\n".len();
    assert!(with_parsers[start..end].contains("pub fn parse_component("));
    assert_eq!(format!("{}{}", &with_parsers[..start], &with_parsers[end..]), plain);
}

/// The service trait's own methods (`authenticate`, `verify_body`) cannot be taken by an
/// operation: `operationId: authenticate` becomes `authenticate_2`, with a located warning.
#[test]
fn an_operation_named_like_the_trait_methods_is_renamed_and_told() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/security.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let generated = openapi_forge_build::generate(&path, &text, "security").unwrap();
    assert!(generated.code.contains("fn authenticate_2("));
    let told = generated.diagnostics.iter().find(|d| d.pointer == "/paths/~1session/get/operationId");
    let told = told.expect("a warning at the operationId");
    assert!(
        told.message.contains("like a method of the service trait; it is named `authenticate_2`"),
        "{}",
        told.message
    );
    assert!(told.location.is_some());
}

/// An XML body whose schema is an object is read into its type by default; with
/// `xml_bodies(false)` it is handed over as bytes, and the generator says, at the media type,
/// that its schema is not checked (README, request bodies).
#[test]
fn an_xml_body_with_an_object_schema_is_read_or_warned_of() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bodies.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let pointer = "/paths/~1nodes/post/requestBody/content/application~1xml";
    let generated = openapi_forge_build::generate(&path, &text, "bodies").unwrap();
    assert!(generated.diagnostics.iter().all(|d| d.pointer != pointer));
    assert!(generated.code.contains("Xml(XmlNode)") && generated.code.contains("rt::require_xml!()"));
    let options = openapi_forge_build::Options::default().xml_bodies(false);
    let reader = openapi_forge_build::FileSystem;
    let generated = openapi_forge_build::generate_from(&path, &text, "bodies", &options, &reader).unwrap();
    let told = generated.diagnostics.iter().find(|d| d.pointer == pointer).expect("a warning at the media type");
    assert!(told.message.contains("bodies are not parsed"), "{}", told.message);
    assert!(told.hint.as_deref().is_some_and(|hint| hint.contains("xml_bodies")), "{told:?}");
    assert!(told.location.is_some());
    assert!(generated.code.contains("Xml(rt::http::Bytes)") && !generated.code.contains("require_xml"));
}

/// `format(false)` writes the same code: pretty-printed, each fixture's unformatted module, each of
/// `spec/`'s and two vendors' documents nobody here wrote, is its formatted one (the `@generated`
/// header aside, which both carry).
#[test]
fn unformatted_modules_are_the_formatted_code() {
    let specs = fixtures_spec_and(&[
        "specs-corpus/vendors/oai-petstore-expanded.yaml",
        "specs-corpus/vendors/redocly-museum-openapi.yaml",
    ]);
    let raw = openapi_forge_build::Options::default().format(false);
    for path in specs {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().replace('-', "_");
        let pretty = openapi_forge_build::generate(&path, &text, &name).unwrap().code;
        let unformatted = openapi_forge_build::generate_with(&path, &text, &name, &raw).unwrap().code;
        assert_ne!(unformatted, pretty, "{}", path.display());
        let (header, code) = unformatted.split_at(unformatted.find("\n\n").unwrap() + 2);
        let printed = prettyplease::unparse(&syn::parse_file(code).unwrap());
        assert_eq!(format!("{header}{printed}"), pretty, "{}", path.display());
    }
}

/// `lint` stops after the lowering, as nothing later reports on a spec: it must report exactly what
/// generation does, on every fixture, `spec/` and documents nobody here wrote that draw warnings
/// (Oxide's keeper and buildomat, and six vendors' documents; the bad specs are compared in
/// `bad_specs.rs`).
#[test]
fn lint_reports_what_generation_reports() {
    let specs = fixtures_spec_and(&[
        "specs-corpus/keeper.json",
        "specs-corpus/buildomat.json",
        "specs-corpus/vendors/ory-kratos-api.json",
        "specs-corpus/vendors/pagerduty-rest-openapiv3.json",
        "specs-corpus/vendors/adyen-CheckoutService-v71.json",
        "specs-corpus/vendors/k8s-apis__apps__v1_openapi.json",
        "specs-corpus/vendors/discord-openapi.json",
        "specs-corpus/vendors/twilio_api_v2010.json",
    ]);
    let mut warned = 0;
    for path in specs {
        let text = std::fs::read_to_string(&path).unwrap();
        let generated = match openapi_forge_build::generate(&path, &text, "lint") {
            Ok(generated) => generated.diagnostics,
            Err(diags) => diags,
        };
        warned += usize::from(!generated.is_empty());
        assert_eq!(openapi_forge_build::lint(&path, &text).to_string(), generated.to_string(), "{}", path.display());
    }
    assert!(warned >= 3, "only {warned} specs drew a diagnostic: the comparison shows little");
}

/// Every fixture and `spec/` document, then `shared`, paths under ../shared (skipped without it, a
/// failure under CI).
fn fixtures_spec_and(shared: &[&str]) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<_> = ["tests/fixtures", "../spec"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 25, "{specs:?}");
    for name in shared {
        match root.join("../../shared").join(name) {
            spec if spec.is_file() => specs.push(spec),
            spec if std::env::var("CI").as_deref() == Ok("true") => panic!("{} is missing under CI", spec.display()),
            spec => eprintln!("skipped: {} (../shared is not beside the checkout)", spec.display()),
        }
    }
    specs
}
