//! openapi-forge: a spec-first OpenAPI 3.0 and 3.1 code generator for Rust.
//!
//! The pipeline, one module per step: `load` (each file's YAML or JSON → a tree, after a
//! duplicate-key check) → `bundle` (every file and `$ref` of the spec → one document in the 3.0 form,
//! 3.1 schemas rewritten by `openapi31`, references followed by `resolve`) → `check` (every spec
//! problem at once, located) → `lower` (spec → plain-data IR) → `emit` (IR → tokens with `quote!`) →
//! `format` (syn + prettyplease) → `write` (only if changed).
//!
//! In a build script, use [`Config`]; to generate from text in memory, [`generate`].

mod api;
mod bodies;
mod bundle;
mod carried;
mod check;
mod codes;
mod config;
mod constraints;
pub mod diagnostics;
mod emit;
mod format;
mod forms;
mod ir;
mod keys;
mod load;
mod locate;
mod lower;
mod media;
mod model;
mod names;
mod openapi31;
mod operations;
mod options;
mod pipeline;
mod recursion;
mod rejections;
mod resolve;
mod route_keys;
mod route_table;
mod routing;
mod schema_cycles;
mod schema_ids;
mod schema_view;
mod select;
mod slips;
mod type_depth;
mod typed_plan;
mod write;

pub use codes::Code;
pub use config::{spec_files, Config, Error, GeneratedFile};
pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use load::{read_spec_file, without_byte_order_mark};
pub use options::Options;
pub use pipeline::{
    bundle, generate, generate_from, generate_with, lint, lint_from, lint_with, module_name, Generated,
};
pub use resolve::{FileSystem, Reader};
pub use select::Selection;
pub use write::write_if_changed;
