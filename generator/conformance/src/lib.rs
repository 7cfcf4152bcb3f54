//! The validators generated from the JSON Schema Test Suite groups (see build.rs), and the manifest
//! saying which groups ran and why the others are not applicable.

include!(concat!(env!("OUT_DIR"), "/conformance.rs"));

/// The JSON manifest written by build.rs.
pub const MANIFEST: &str = include_str!(concat!(env!("OUT_DIR"), "/manifest.json"));
