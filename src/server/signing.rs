//! Huawei's AK/SK request signing (`SDK-HMAC-SHA256`), as the API gateway checks it: canonical
//! request, string to sign, HMAC-SHA256 keyed with the SK.

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{percent_decode_str, percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

/// The parts of a request that the signature covers.
pub struct SignedRequest<'a> {
    /// HTTP method, upper case.
    pub method: &'a str,
    /// The path, as sent (percent-encoded or not).
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// Request headers, any case.
    pub headers: &'a [(String, String)],
    /// The body bytes.
    pub body: &'a [u8],
}

/// A request's headers as `SignedRequest` takes them: name and value, the values that are not
/// visible ASCII left out (no signed header can be one). The one conversion for the server's
/// verifier and the client's signer.
pub fn header_pairs(headers: &crate::runtime::axum::http::HeaderMap) -> Vec<(String, String)> {
    headers.iter().filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string()))).collect()
}

/// The parsed `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...` header.
#[derive(Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The access key.
    pub access: String,
    /// Lower-case signed header names, as listed.
    pub signed_headers: Vec<String>,
    /// Lower-case hex signature.
    pub signature: String,
}

impl Authorization {
    /// Parses the header value; `None` when it is not an SDK-HMAC-SHA256 authorization.
    pub fn parse(value: &str) -> Option<Self> {
        let rest = value.trim().strip_prefix("SDK-HMAC-SHA256")?.trim();
        let (mut access, mut signed, mut signature) = (None, None, None);
        for part in rest.split(',') {
            let (key, val) = part.trim().split_once('=')?;
            match key.trim() {
                "Access" => access = Some(val.trim().to_string()),
                "SignedHeaders" => {
                    signed = Some(val.trim().split(';').map(|h| h.trim().to_ascii_lowercase()).collect())
                }
                "Signature" => signature = Some(val.trim().to_ascii_lowercase()),
                _ => return None,
            }
        }
        Some(Authorization { access: access?, signed_headers: signed?, signature: signature? })
    }
}

/// RFC 3986's unreserved characters stay as they are; every other byte is escaped as `%XX`.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// One path segment, query key or query value in canonical form: decoded (a `%` not followed by
/// two hex digits stays a `%`), then every byte outside the unreserved set escaped. Works on bytes,
/// so that no input (broken escapes, escapes of invalid UTF-8, non-ASCII) can fail or panic.
fn canonical_component(text: &str) -> String {
    let bytes: std::borrow::Cow<'_, [u8]> = percent_decode_str(text).into();
    percent_encode(&bytes, ESCAPED).to_string()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
    out
}

/// The bytes of a hex string; `None` unless it is an even number of hex digits.
fn unhex(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    if bytes.len() % 2 != 0 {
        return None;
    }
    bytes.chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?)).collect()
}

/// The canonical request: method, URI, query, headers, signed headers and body hash, one per line.
pub fn canonical_request(request: &SignedRequest<'_>, signed_headers: &[String]) -> String {
    let mut uri: String = request.path.split('/').map(canonical_component).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut query: Vec<(String, String)> = request
        .query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (canonical_component(k), canonical_component(v))
        })
        .collect();
    query.sort();
    let query = query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let mut names: Vec<String> = signed_headers.to_vec();
    names.sort();
    let headers: String = names
        .iter()
        .map(|name| {
            let value =
                request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map_or("", |(_, v)| v.as_str());
            format!("{name}:{}\n", value.trim())
        })
        .collect();
    let body_hash = hex(&Sha256::digest(request.body));
    format!("{}\n{uri}\n{query}\n{headers}\n{}\n{body_hash}", request.method, names.join(";"))
}

/// The HMAC of `request`'s string to sign, keyed with `sk`, before it is finalized.
fn mac(request: &SignedRequest<'_>, signed_headers: &[String], sk: &str) -> Option<Hmac<Sha256>> {
    let canonical = canonical_request(request, signed_headers);
    let date =
        request.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("x-sdk-date")).map_or("", |(_, v)| v.as_str());
    let string_to_sign = format!("SDK-HMAC-SHA256\n{date}\n{}", hex(&Sha256::digest(canonical.as_bytes())));
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).ok()?;
    mac.update(string_to_sign.as_bytes());
    Some(mac)
}

/// The hex signature of `request` with the secret key `sk`, for the given signed headers.
pub fn sign(request: &SignedRequest<'_>, signed_headers: &[String], sk: &str) -> String {
    mac(request, signed_headers, sk).map_or_else(String::new, |mac| hex(&mac.finalize().into_bytes()))
}

/// Checks an authorization against the request: `x-sdk-date` must be signed and the signature must
/// match, compared in constant time by `hmac`.
pub fn verify(request: &SignedRequest<'_>, authorization: &Authorization, sk: &str) -> bool {
    if !authorization.signed_headers.iter().any(|h| h == "x-sdk-date") {
        return false;
    }
    let (Some(mac), Some(signature)) =
        (mac(request, &authorization.signed_headers, sk), unhex(&authorization.signature))
    else {
        return false;
    };
    mac.verify_slice(&signature).is_ok()
}

/// `YYYYMMDDTHHMMSSZ` for a Unix time (civil-from-days): signers write `X-Sdk-Date` with it, and
/// [`parse_sdk_date`] beside it reads one back (the server's one calendar).
pub fn sdk_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Seconds since the Unix epoch of an `X-Sdk-Date` value (the inverse of [`sdk_date`]).
pub fn parse_sdk_date(date: &str) -> Option<i64> {
    let b = date.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| date.get(range)?.parse::<i64>().ok();
    let (y, m, d, hh, mm, ss) = (num(0..4)?, num(4..6)?, num(6..8)?, num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Days from civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    // A day the month does not have (20230231) would land in the next month: only a date that
    // reads back as written is one.
    (sdk_date(secs) == date).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_headers() -> Vec<(String, String)> {
        vec![
            ("Content-Type".into(), "application/json".into()),
            ("Host".into(), "service.region.example.com".into()),
            ("X-Sdk-Date".into(), "20191115T033655Z".into()),
        ]
    }

    fn example<'a>(headers: &'a [(String, String)]) -> SignedRequest<'a> {
        SignedRequest {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: "limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            headers,
            body: b"",
        }
    }

    #[test]
    fn huawei_signing_guide_test_vector() {
        let headers = example_headers();
        let signed: Vec<String> = ["content-type", "host", "x-sdk-date"].map(String::from).to_vec();
        let canonical = canonical_request(&example(&headers), &signed);
        assert_eq!(
            hex(&Sha256::digest(canonical.as_bytes())),
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        let signature = sign(&example(&headers), &signed, "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc");
        assert_eq!(signature, "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
        let fewer: Vec<String> = ["host", "x-sdk-date"].map(String::from).to_vec();
        assert_ne!(sign(&example(&headers), &fewer, "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"), signature);
    }

    #[test]
    fn authorization_header_round_trip_and_verification() {
        let headers = example_headers();
        let value = "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe";
        let auth = Authorization::parse(value).unwrap();
        assert_eq!(auth.access, "QTWAOYTTINDUT2QVKYUC");
        assert!(verify(&example(&headers), &auth, "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"));
        assert!(!verify(&example(&headers), &auth, "wrong-secret"));
        assert_eq!(Authorization::parse("Bearer x"), None);
    }

    #[test]
    fn sdk_dates_read_back_as_written() {
        assert_eq!(parse_sdk_date("19700101T000000Z"), Some(0));
        assert_eq!(parse_sdk_date("20191115T033655Z"), Some(1_573_789_015));
        assert_eq!(parse_sdk_date("2019-11-15T03:36"), None);
        assert_eq!(parse_sdk_date("20230231T000000Z"), None, "no February 31st");
        assert_eq!(parse_sdk_date("20240229T235959Z").map(sdk_date).as_deref(), Some("20240229T235959Z"));
        for secs in (-86_400 * 800..86_400 * 30_000).step_by(86_400 * 7 + 3_607) {
            assert_eq!(parse_sdk_date(&sdk_date(secs)), Some(secs), "{}", sdk_date(secs));
        }
    }
}
