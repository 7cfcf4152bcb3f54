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
