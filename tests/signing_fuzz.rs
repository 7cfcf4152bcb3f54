//! The AK/SK canonicalizer and verifier on arbitrary input: any path, query, header and
//! authorization text (broken escapes, escapes of invalid UTF-8, multi-byte characters next to `%`)
//! gets an answer, never a panic; and canonicalization is stable under its own output.

use huawei_batch_api::server::signing::{canonical_request, sign, verify, Authorization, SignedRequest};
use proptest::prelude::*;

/// Text that leans towards what breaks byte-offset code: `%`, hex digits, multi-byte characters.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("%".to_string()),
        Just("%1".to_string()),
        Just("%FF".to_string()),
        Just("%e2%82".to_string()),
        Just("é".to_string()),
        Just("€".to_string()),
        Just("😀".to_string()),
        Just("/".to_string()),
        Just("&".to_string()),
        Just("=".to_string()),
        "[a-zA-Z0-9 ._~-]{0,3}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2000), ..ProptestConfig::default() })]

    #[test]
    fn canonicalizing_and_verifying_never_panics(
        path in hostile_text(),
        query in hostile_text(),
        header in hostile_text(),
        authorization in hostile_text(),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let headers = vec![("X-Sdk-Date".to_string(), header.clone()), (header.clone(), header)];
        let request = SignedRequest { method: "POST", path: &path, query: &query, headers: &headers, body: &body };
        let names = vec!["x-sdk-date".to_string()];
        let canonical = canonical_request(&request, &names);
        // Every path segment and query part comes out in RFC 3986 form: ASCII only.
        let uri_line = canonical.lines().nth(1).unwrap_or_default();
        prop_assert!(uri_line.is_ascii(), "{uri_line}");
        let signature = sign(&request, &names, "secret");
        let parsed = Authorization::parse(&authorization);
        if let Some(auth) = &parsed {
            let _ = verify(&request, auth, "secret");
        }
        let genuine = Authorization { access: "AK".into(), signed_headers: names.clone(), signature };
        prop_assert!(verify(&request, &genuine, "secret"));
        prop_assert!(!verify(&request, &genuine, "other secret"));
    }
}
