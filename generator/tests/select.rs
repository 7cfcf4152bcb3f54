//! Generating only what is used: a selection by tag or `operationId` keeps those operations and
//! exactly the types they reach, and a name the spec does not have is a warning.

use openapi_forge_build::{generate_with, Options, Severity};
use std::collections::BTreeSet;
use std::path::Path;

/// The names of the types a generated module declares.
fn types(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            let rest = ["pub struct ", "pub enum ", "pub type "].iter().find_map(|p| line.strip_prefix(p))?;
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            Some(name)
        })
        .collect()
}

#[test]
fn an_operation_alone_brings_only_the_types_it_reaches() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bodies.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let all = generate_with(&path, &text, "bodies", &Options::default()).unwrap();
    let options = Options::default().include_operations(["getReport"]);
    let selected = generate_with(&path, &text, "bodies", &options).unwrap();
    let expected: BTreeSet<String> = [
        "Stored",
        "XmlNode",
        "XmlNodeSpec",
        "Error",
        "GetReportPath",
        "GetReportInput",
        "GetReportAccept",
        "GetReportResponse200Body",
        "GetReportResponse404Body",
        "GetReportOutput",
        "Client",
    ]
    .map(String::from)
    .into();
    assert_eq!(types(&selected.code), expected);
    assert!(types(&all.code).len() > 3 * expected.len(), "{:?}", types(&all.code));
    assert!(!selected.code.contains("create_charge") && selected.code.contains("fn get_report"));
    // The rest of the spec is neither generated nor checked: no diagnostic of it remains.
    assert!(selected.diagnostics.0.len() <= all.diagnostics.0.len());
}

const TAGGED: &str = r##"
openapi: 3.0.3
info: {title: Tagged, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /pets/{id}:
    delete:
      operationId: deletePet
      tags: [pets, admin]
      parameters: [{$ref: "#/components/parameters/Id"}]
      responses: {"204": {description: gone}}
  /stores:
    get:
      operationId: listStores
      tags: [stores]
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Store"}}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/PetId"}}
  schemas:
    PetId: {type: integer}
    Pet:
      type: object
      properties:
        id: {$ref: "#/components/schemas/PetId"}
        kind: {$ref: "#/components/schemas/Kind"}
      discriminator: {propertyName: kind, mapping: {dog: Dog}}
    Kind: {type: string}
    Dog: {type: object, properties: {bark: {type: boolean}}}
    Store: {type: object, properties: {name: {type: string}}}
    Unused: {type: object, properties: {x: {type: string, pattern: "("}}}
"##;

#[test]
fn tags_select_operations_and_a_misspelt_name_is_told() {
    let path = Path::new("tagged.yaml");
    // The whole spec has a bad pattern in a schema nobody uses: an error.
    assert!(generate_with(path, TAGGED, "tagged", &Options::default()).is_err());
    let options = Options::default().include_tags(["pets"]).exclude_tags(["admin"]);
    let generated = generate_with(path, TAGGED, "tagged", &options).unwrap();
    let names = types(&generated.code);
    for name in ["Pet", "PetId", "Kind", "Dog", "ListPetsOutput"] {
        assert!(names.contains(name), "{name}: {names:?}");
    }
    for name in ["Store", "Unused", "DeletePetPath", "ListStoresOutput"] {
        assert!(!names.contains(name), "{name}: {names:?}");
    }
    let options = Options::default().include_tags(["pet"]).exclude_operations(["listStores", "nope"]);
    let generated = generate_with(path, TAGGED, "tagged", &options).unwrap();
    let warnings: Vec<String> =
        generated.diagnostics.0.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.message.clone()).collect();
    assert!(warnings.iter().any(|w| w.contains("the tag `pet`")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("the operationId `nope`")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("keeps no operation")), "{warnings:?}");
}

const HOOKED: &str = r##"
openapi: 3.1.0
info: {title: Hooked, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Pet"}}
webhooks:
  adopted:
    post:
      operationId: petAdopted
      tags: [pets]
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/Adoption"}}
      responses: {"200": {description: received}}
  opened:
    post:
      operationId: storeOpened
      tags: [stores]
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/Opening"}}
      responses: {"200": {description: received}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
    Adoption: {type: object, properties: {pet: {$ref: "#/components/schemas/Pet"}, by: {type: string}}}
    Opening: {type: object, properties: {store: {type: string}}}
"##;

/// Webhooks are selected like operations: by tag and by `operationId`, with the types they reach.
#[test]
fn webhooks_are_selected_like_operations() {
    let path = Path::new("hooked.yaml");
    let all = types(&generate_with(path, HOOKED, "hooked", &Options::default()).unwrap().code);
    for name in ["Pet", "Adoption", "Opening", "PetAdoptedInput", "StoreOpenedInput"] {
        assert!(all.contains(name), "{name}: {all:?}");
    }
    let by_tag = generate_with(path, HOOKED, "hooked", &Options::default().include_tags(["pets"])).unwrap();
    let names = types(&by_tag.code);
    for name in ["Pet", "Adoption", "PetAdoptedInput", "ListPetsOutput"] {
        assert!(names.contains(name), "{name}: {names:?}");
    }
    for name in ["Opening", "StoreOpenedInput"] {
        assert!(!names.contains(name), "{name}: {names:?}");
    }
    assert!(!by_tag.code.contains("fn store_opened"), "the webhook's trait method is gone too");
    let by_id =
        generate_with(path, HOOKED, "hooked", &Options::default().exclude_operations(["petAdopted", "listPets"]))
            .unwrap();
    let names = types(&by_id.code);
    assert!(names.contains("Opening") && names.contains("StoreOpenedInput"), "{names:?}");
    for name in ["Pet", "Adoption", "PetAdoptedInput", "ListPetsOutput"] {
        assert!(!names.contains(name), "{name}: {names:?}");
    }
}

/// The same on a vendor's document (Redocly's museum, whose one webhook publishes a special event):
/// selected alone, the webhook keeps its receiver and exactly the types its body reaches; left out,
/// its receiver is gone while the paths that share its types keep them.
#[test]
fn a_vendors_webhook_is_selected_like_its_operations() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs-corpus/vendors/redocly-museum-openapi.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is missing under CI", path.display());
        eprintln!("skipped: {} (../shared is not beside the checkout)", path.display());
        return;
    };
    let alone =
        generate_with(&path, &text, "museum", &Options::default().include_operations(["publishNewEvent"])).unwrap();
    let names = types(&alone.code);
    for name in ["SpecialEvent", "EventId", "PublishNewEventInput", "PublishNewEventOutput"] {
        assert!(names.contains(name), "{name}: {names:?}");
    }
    assert!(names.iter().all(|n| !n.contains("Ticket") && !n.contains("MuseumHours")), "{names:?}");
    assert!(alone.code.contains("fn publish_new_event(") && !alone.code.contains("fn get_museum_hours("));
    let without =
        generate_with(&path, &text, "museum", &Options::default().exclude_operations(["publishNewEvent"])).unwrap();
    assert!(!without.code.contains("publish_new_event") && !without.code.contains("pub mod webhooks"));
    assert!(types(&without.code).contains("SpecialEvent"), "the paths still reach it");
}
