//! The code generated from every real-world spec in ../shared/specs-corpus, compiled with warnings
//! denied: if it builds, each spec generated code that compiles cleanly.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));

/// The modules generated (one per spec), as build.rs found them.
pub const MODULES: &str = include_str!(concat!(env!("OUT_DIR"), "/modules.txt"));
/// Where the corpus was looked for.
pub const CORPUS_DIR: &str = include_str!(concat!(env!("OUT_DIR"), "/corpus_dir.txt"));
