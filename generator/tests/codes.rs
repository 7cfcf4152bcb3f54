//! Diagnostic codes and `Options::allow` on documents nobody here wrote (../shared's vendors):
//! allowing a code leaves out exactly the warnings and notes of that code, never an error and
//! nothing else, and allowing every code a document's warnings have lets `strict` pass wherever the
//! document has no error.

use openapi_forge_build::{lint_with, Code, Diagnostics, Options, Severity};
#[path = "support/vendors.rs"]
mod vendors;

use vendors::vendor_documents;

/// What a report says, in its order: severity, code, pointer and message.
fn entries(diags: &Diagnostics) -> Vec<(Severity, Code, String, String)> {
    diags.iter().map(|d| (d.severity, d.code, d.pointer.clone(), d.message.clone())).collect()
}

#[test]
fn allowing_a_code_leaves_out_exactly_its_warnings_on_vendor_documents() {
    let documents = vendor_documents();
    let mut allowed_seen = 0;
    for path in &documents {
        let text = std::fs::read_to_string(path).unwrap();
        let all = entries(&lint_with(path, &text, &Options::default()));
        let mut warned: Vec<Code> =
            all.iter().filter(|(severity, ..)| *severity != Severity::Error).map(|(_, code, ..)| *code).collect();
        warned.sort();
        warned.dedup();
        for &code in &warned {
            let kept = entries(&lint_with(path, &text, &Options::default().allow([code])));
            let expected: Vec<_> =
                all.iter().filter(|(severity, c, ..)| *severity == Severity::Error || *c != code).cloned().collect();
            assert_eq!(kept, expected, "{}: allowing `{code}`", path.display());
            allowed_seen += 1;
        }
        let strict = entries(&lint_with(path, &text, &Options::default().strict(true).allow(warned.iter().copied())));
        let errors: Vec<_> = all.iter().filter(|(severity, ..)| *severity == Severity::Error).cloned().collect();
        assert_eq!(strict, errors, "{}: strict, every warned code allowed", path.display());
        for (_, code, ..) in &all {
            assert_eq!(Code::from_name(code.name()), Some(*code));
        }
    }
    if !documents.is_empty() {
        eprintln!("{} vendor documents, {allowed_seen} (document, code) pairs allowed", documents.len());
        assert!(allowed_seen > 0, "the vendors' documents warn of nothing: the test would pass vacuously");
    }
}
