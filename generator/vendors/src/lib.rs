//! The code generated from every vendor's document in ../shared/specs-corpus/vendors, compiled with
//! warnings denied: if it builds, each document generated code that compiles cleanly.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/vendors.rs"));

/// The modules generated (one per document), as build.rs found them.
pub const MODULES: &str = include_str!(concat!(env!("OUT_DIR"), "/modules.txt"));
/// Where the documents were looked for.
pub const VENDORS_DIR: &str = include_str!(concat!(env!("OUT_DIR"), "/vendors_dir.txt"));
