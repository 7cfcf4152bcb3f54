//! Every router the generator writes can be built: axum panics when a route is registered that its
//! router cannot take, so a path the generator routes wrongly would only show when a user's server
//! starts. The routes of each module are read from its text and registered as the module registers
//! them (`support/routers.rs`), for the fixtures, the project's specs and the specs nobody here
//! wrote (../shared/specs-corpus and its vendors). `.ci/apis-guru` does the same for each of the
//! APIs.guru documents, with `examples/route_check.rs`.

#[path = "support/routers.rs"]
mod routers;

use openapi_forge_build::{generate_with, module_name, Options};
use std::path::{Path, PathBuf};

fn specs_in(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    specs.retain(|p| p.is_file() && p.extension().is_some_and(|e| e == "json" || e == "yaml"));
    specs.sort();
    specs
}

/// The routes the generated module of `spec` registers; `None` when the spec does not generate.
fn routes_of(spec: &Path) -> Option<Vec<routers::Route>> {
    let text = std::fs::read_to_string(spec).ok()?;
    let generated = generate_with(spec, &text, &module_name(spec), &Options::default()).ok()?;
    Some(routers::routes(&generated.code).unwrap_or_else(|err| panic!("{}: {err}", spec.display())))
}

fn check(specs: &[PathBuf]) -> usize {
    let mut registered = 0;
    for spec in specs {
        let Some(routes) = routes_of(spec) else { continue };
        if let Err(panic) = routers::build(&routes) {
            panic!("{}: axum refuses its router: {panic}", spec.display());
        }
        registered += routes.len();
    }
    registered
}

#[test]
fn the_routers_of_our_specs_build() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = specs_in(&root.join("tests/fixtures"));
    specs.extend(specs_in(&root.join("tests/bad-specs")));
    specs.extend(specs_in(&root.join("../spec")));
    let registered = check(&specs);
    assert!(registered >= 50, "only {registered} routes were registered");
}

#[test]
fn the_routers_of_specs_nobody_here_wrote_build() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs-corpus");
    if !corpus.is_dir() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI", corpus.display());
        println!("SKIPPED: {} is absent (../shared sits beside the checkout)", corpus.display());
        return;
    }
    let mut specs = specs_in(&corpus);
    specs.extend(specs_in(&corpus.join("vendors")));
    specs.push(corpus.join("vendors/sendgrid/oas_v3.json"));
    let registered = check(&specs);
    // nexus alone registers over a hundred paths.
    assert!(registered >= 1_000, "only {registered} routes were registered");
}

/// The check finds what axum refuses: two parameters of different names at one place, and two
/// parameters in one segment.
#[test]
fn a_router_axum_refuses_is_told() {
    let code = r#"fn routes() {
        let router = router.route("/a/{id}", rt::axum::routing::get(h).fallback(f));
        let router = router.route("/a/{name}", rt::axum::routing::post(h));
    }"#;
    let routes = routers::routes(code).unwrap();
    assert_eq!(routes[0], ("/a/{id}".to_string(), vec!["get".to_string(), "fallback".to_string()]));
    assert!(routers::build(&routes).unwrap_err().contains("conflict"));
    let two = vec![("/r/{from}-{to}".to_string(), vec!["get".to_string()])];
    assert!(routers::build(&two).is_err());
}
