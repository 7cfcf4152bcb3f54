//! One fixture spec per construct; the generated code of each is snapshotted here and compiled (and
//! exercised) by the `openapi-forge-fixtures` crate.

use std::path::Path;

fn snapshot(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let generated = openapi_forge::generate(&path, &text, name).unwrap_or_else(|diags| panic!("{diags}"));
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
    typed_checks
);
