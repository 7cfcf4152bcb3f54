//! A struct or string enum that repeats an earlier one (same fields or values, same checks; only
//! the docs differ) is an alias of the first, unless `distinct_types` asks for a type each; one
//! that differs in any check stays a type of its own.

use openapi_forge_build::{generate_with, Options};
use std::path::Path;

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Shared, version: "1"}
paths: {}
components:
  schemas:
    Owner:
      description: Who owns it.
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string, maxLength: 40}
    Creator:
      description: Who made it.
      type: object
      required: [id]
      properties:
        id: {type: string, description: The creator's own words.}
        name: {type: string, maxLength: 40}
    Editor:
      description: The same properties, one more check.
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string, maxLength: 41}
    Reviewer:
      description: The same properties, one not required.
      type: object
      properties:
        id: {type: string}
        name: {type: string, maxLength: 40}
    Order:
      type: string
      enum: [asc, desc]
    Direction:
      type: string
      enum: [asc, desc]
"##;

fn generate(options: &Options) -> String {
    generate_with(Path::new("shared.yaml"), SPEC, "shared", options).unwrap().code
}

#[test]
fn a_repeated_struct_or_enum_is_an_alias_of_the_first() {
    let code = generate(&Options::default());
    assert!(code.contains("pub struct Owner {"), "{code}");
    assert!(code.contains("pub type Creator = Owner;"), "{code}");
    // Its own doc stays, and says what it is.
    assert!(code.contains("/// Who made it.") && code.contains("The same fields as [`Owner`]"), "{code}");
    // A different check or requiredness keeps a type apart.
    assert!(code.contains("pub struct Editor {") && code.contains("pub struct Reviewer {"), "{code}");
    assert!(code.contains("pub enum Order {") && code.contains("pub type Direction = Order;"), "{code}");
}

#[test]
fn distinct_types_gives_each_its_own() {
    let code = generate(&Options::default().distinct_types(true));
    for name in ["Owner", "Creator", "Editor", "Reviewer"] {
        assert!(code.contains(&format!("pub struct {name} {{")), "{name}: {code}");
    }
    assert!(code.contains("pub enum Direction {") && !code.contains("pub type "), "{code}");
}

/// The declared type names of a module, and its aliases as `(alias, target)`.
fn declarations(code: &str) -> (Vec<String>, Vec<(String, String)>) {
    let word = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let (mut names, mut aliases) = (Vec::new(), Vec::new());
    for line in code.lines().map(str::trim_start) {
        if let Some(rest) = line.strip_prefix("pub struct ").or_else(|| line.strip_prefix("pub enum ")) {
            names.push(word(rest));
        } else if let Some(rest) = line.strip_prefix("pub type ") {
            let alias = word(rest);
            let target = rest.split_once("= ").map(|(_, t)| word(t)).unwrap_or_default();
            names.push(alias.clone());
            aliases.push((alias, target));
        }
    }
    names.sort();
    (names, aliases)
}

/// On the vendors' documents, nobody here wrote: sharing removes no name, every alias names a type
/// the module declares (never another alias), and `distinct_types` leaves no alias of a shared
/// struct or enum behind.
#[test]
fn on_the_vendors_documents_sharing_keeps_every_name_and_aliases_declared_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs-corpus/vendors");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI", dir.display());
        println!("SKIPPED: {} is absent (../shared sits beside the checkout)", dir.display());
        return;
    };
    let mut specs: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    specs.push(dir.join("sendgrid/oas_v3.json"));
    specs.sort();
    let mut shared_total = 0;
    for spec in &specs {
        let text = std::fs::read_to_string(spec).unwrap();
        let generate = |options: &Options| generate_with(spec, &text, "vendor", options).unwrap().code;
        let (names, aliases) = declarations(&generate(&Options::default()));
        let (distinct_names, distinct_aliases) = declarations(&generate(&Options::default().distinct_types(true)));
        assert_eq!(names, distinct_names, "{}: sharing changed the declared names", spec.display());
        let declared: Vec<&str> = names.iter().map(String::as_str).collect();
        let alias_names: Vec<&str> = aliases.iter().map(|(a, _)| a.as_str()).collect();
        for (alias, target) in &aliases {
            assert!(
                declared.contains(&target.as_str()) && !alias_names.contains(&target.as_str()),
                "{}: `{alias}` aliases `{target}`, which is not a declared struct or enum",
                spec.display()
            );
        }
        // Only parameter sets (`…Path`, `…Query`, `…Headers`, `…Cookies`) stay shared under
        // `distinct_types`.
        for (alias, _) in &distinct_aliases {
            let base = alias.trim_end_matches(|c: char| c.is_ascii_digit());
            assert!(
                ["Path", "Query", "Headers", "Cookies"].iter().any(|suffix| base.ends_with(suffix)),
                "{}: `{alias}` is still an alias under distinct_types",
                spec.display()
            );
        }
        shared_total += aliases.len() - distinct_aliases.len();
    }
    assert!(shared_total > 0, "no vendor document repeats a struct or enum: the test checks nothing");
    println!("{} documents, {shared_total} structs and enums shared", specs.len());
}
