//! The vendors' documents of `../shared/specs-corpus/vendors/`, which nobody here wrote.

use std::path::{Path, PathBuf};

/// The vendors' documents: each file of the directory, and the root of each multi-file one.
pub fn vendor_documents() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs-corpus/vendors");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is missing under CI", dir.display());
        eprintln!("SKIPPED: {} is absent (the shared reference data sits beside the repo)", dir.display());
        return Vec::new();
    };
    let mut documents: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| match path.extension().and_then(|e| e.to_str()) {
            Some("json" | "yaml") => Some(path),
            None if path.is_dir() => Some(path.join("oas_v3.json")).filter(|root| root.is_file()),
            _ => None,
        })
        .collect();
    documents.sort();
    documents
}
