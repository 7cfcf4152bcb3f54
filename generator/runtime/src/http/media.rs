//! Which of an operation's declared media types a request's `Content-Type` selects: the most
//! specific match (`application/json` before `application/*` before `*/*`), a `+json` type read as
//! `application/json` where that is declared, and a charset other than UTF-8 refused (the readers
//! read UTF-8 only).

use http::header::ACCEPT;
use http::HeaderMap;
#[cfg(feature = "server")]
use http::HeaderValue;
#[cfg(feature = "server")]
use std::borrow::Cow;

/// The index in `accepted` of the declared media type `content_type` selects, or the 415 refusal
/// that lists them. `ranges_as_json`: the ranges among `accepted` are read as JSON, so a type
/// that one of them matches but that names another format (XML, YAML, a form, multipart) is
/// refused too: its body is not malformed JSON, it is not JSON at all.
#[cfg(feature = "server")]
pub(crate) fn select(
    content_type: &HeaderValue,
    accepted: &[&str],
    ranges_as_json: bool,
) -> Result<usize, Cow<'static, str>> {
    let Ok(text) = content_type.to_str() else { return Err(expected(accepted)) };
    let (essence, charset) = parse(text);
    let Some(at) = declared_for_essence(&essence, accepted) else {
        return Err(expected(accepted));
    };
    if ranges_as_json && accepted[at].contains('*') && names_another_format(&essence) {
        return Err(Cow::Owned(format!(
            "the request body is read as JSON (the operation declares {}); XML, YAML, form and multipart bodies are not read",
            accepted[at]
        )));
    }
    if charset.is_some_and(|c| !c.eq_ignore_ascii_case("utf-8") && !c.eq_ignore_ascii_case("us-ascii")) {
        return Err(Cow::Borrowed("the request body must be encoded as UTF-8"));
    }
    Ok(at)
}

/// The index in `declared` of the media type a body of `content_type` is (a response's, read by
/// the client), by the rule requests are read by.
pub fn declared_for(content_type: &str, declared: &[&str]) -> Option<usize> {
    declared_for_essence(&parse(content_type).0, declared)
}

fn declared_for_essence(essence: &str, accepted: &[&str]) -> Option<usize> {
    let (kind, subtype) = essence.split_once('/').filter(|(k, s)| !k.is_empty() && !s.is_empty())?;
    let best = accepted
        .iter()
        .enumerate()
        .filter_map(|(at, declared)| {
            let (declared, _) = parse(declared);
            let (declared_kind, declared_subtype) = declared.split_once('/')?;
            let score = if declared == essence {
                4
            } else if declared_kind == kind && declared_subtype == "*" {
                3
            } else if declared == "application/json" && subtype.ends_with("+json") {
                2
            } else if declared == "*/*" {
                1
            } else {
                return None;
            };
            Some((score, at))
        })
        // The highest score, the first declared among equals.
        .min_by_key(|(score, at)| (std::cmp::Reverse(*score), *at));
    best.map(|(_, at)| at)
}

/// At most this many elements of the `Accept` headers are weighed; the rest are ignored.
const MAX_ACCEPT_ELEMENTS: usize = 64;

/// Content negotiation (RFC 9110, 12.5.1): the index in `offered` of the media type the request's
/// `Accept` headers prefer. Each offered type takes the quality of the most specific range that
/// matches it (`text/csv` before `text/*` before `*/*`), and the highest quality wins, the first
/// offered among equals; with no `Accept` (or none that can be read) the first is chosen; `None`
/// when the request refuses every one (`q=0`, or matched by no range).
pub fn negotiate(headers: &HeaderMap, offered: &[&str]) -> Option<usize> {
    // The ranges are borrowed from the header and compared without regard to case, so that
    // negotiation allocates nothing per element.
    let mut ranges: Vec<(&str, &str, u16)> = Vec::new();
    let mut read = 0usize;
    'headers: for value in headers.get_all(ACCEPT) {
        let Ok(text) = value.to_str() else { continue };
        for element in text.split(',') {
            // The bound counts every element read, the unreadable ones too.
            if read == MAX_ACCEPT_ELEMENTS {
                break 'headers;
            }
            read += 1;
            let mut parts = element.split(';');
            let range = parts.next().unwrap_or("").trim();
            let Some((kind, subtype)) = range.split_once('/').filter(|(k, s)| !k.is_empty() && !s.is_empty()) else {
                continue;
            };
            let quality = parts.find_map(|p| {
                let (name, value) = p.split_once('=')?;
                name.trim().eq_ignore_ascii_case("q").then(|| quality(value.trim()))
            });
            match quality {
                // A quality that cannot be read makes the element unreadable.
                Some(None) => continue,
                Some(Some(q)) => ranges.push((kind, subtype, q)),
                None => ranges.push((kind, subtype, 1000)),
            }
        }
    }
    if ranges.is_empty() {
        return (!offered.is_empty()).then_some(0);
    }
    offered
        .iter()
        .enumerate()
        .filter_map(|(at, offered)| {
            // Borrowed, not lowered: every comparison below ignores case.
            let essence = offered.split(';').next().unwrap_or("").trim();
            let (kind, subtype) = essence.split_once('/')?;
            let (_, q) = ranges
                .iter()
                .filter_map(|&(range_kind, range_subtype, q)| {
                    let same_kind = range_kind.eq_ignore_ascii_case(kind);
                    let specificity = if same_kind && (range_subtype.eq_ignore_ascii_case(subtype) || subtype == "*") {
                        3
                    } else if same_kind && range_subtype == "*" || kind == "*" {
                        2
                    } else if range_kind == "*" && range_subtype == "*" {
                        1
                    } else {
                        return None;
                    };
                    Some((specificity, q))
                })
                .max_by_key(|(specificity, _)| *specificity)?;
            (q > 0).then_some((q, at))
        })
        .min_by_key(|(q, at)| (std::cmp::Reverse(*q), *at))
        .map(|(_, at)| at)
}

/// A quality value (`0`, `0.5`, `1.000`) in thousandths; `None` when it is not one.
fn quality(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digit by digit, padded to thousandths: "5" is 500, "25" is 250.
    let mut thousandths = 0u16;
    for place in 0..3 {
        let digit = fraction.as_bytes().get(place).map_or(0, |b| u16::from(b - b'0'));
        thousandths = thousandths * 10 + digit;
    }
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The refusal's message when `Accept` allows none of the offered media types.
#[cfg(feature = "server")]
pub(crate) fn not_acceptable(offered: &[&str]) -> Cow<'static, str> {
    Cow::Owned(format!("the response can be {}, none of which the request's Accept allows", offered.join(", ")))
}

/// The declared media type a body without `Content-Type` is read as: one that takes any bytes.
#[cfg(feature = "server")]
pub(crate) fn untyped(accepted: &[&str]) -> Option<usize> {
    accepted.iter().position(|m| matches!(parse(m).0.as_str(), "*/*" | "application/octet-stream"))
}

/// A media type's essence (lower case) names JSON (see [`crate::codegen::is_json_media`]).
#[cfg(feature = "server")]
pub(crate) fn is_json(essence: &str) -> bool {
    crate::codegen::is_json_media(essence)
}

/// Whether a media type's essence names a format that a reader of JSON cannot take: XML, YAML
/// (see [`crate::codegen::is_unparsed_structured_media`]), a form or multipart.
#[cfg(feature = "server")]
fn names_another_format(essence: &str) -> bool {
    crate::codegen::is_unparsed_structured_media(essence)
        || essence == "application/x-www-form-urlencoded"
        || essence.starts_with("multipart/")
}

/// The refusal's message: what the body must be.
#[cfg(feature = "server")]
pub(crate) fn expected(accepted: &[&str]) -> Cow<'static, str> {
    match accepted {
        [one] => Cow::Owned(format!("the request body must be {one}")),
        _ => Cow::Owned(format!("the request body must be one of {}", accepted.join(", "))),
    }
}

/// The essence (`type/subtype`, lower case) and the `charset` parameter of a media type.
fn parse(media: &str) -> (String, Option<&str>) {
    let mut parts = media.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim().eq_ignore_ascii_case("charset").then(|| value.trim().trim_matches('"'))
    });
    (essence, charset)
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    fn pick(content_type: &str, accepted: &[&str]) -> Option<usize> {
        select(&HeaderValue::from_str(content_type).unwrap(), accepted, false).ok()
    }

    #[test]
    fn the_most_specific_declared_type_wins() {
        let accepted = ["*/*", "application/*", "application/json", "application/x-www-form-urlencoded"];
        assert_eq!(pick("application/json; charset=UTF-8", &accepted), Some(2));
        assert_eq!(pick("Application/X-WWW-Form-Urlencoded", &accepted), Some(3));
        assert_eq!(pick("application/xml", &accepted), Some(1));
        assert_eq!(pick("text/plain", &accepted), Some(0));
        assert_eq!(pick("application/merge-patch+json", &["application/json"]), Some(0));
        assert_eq!(
            pick("application/merge-patch+json", &["application/json", "application/merge-patch+json"]),
            Some(1)
        );
    }

    #[test]
    fn a_range_read_as_json_refuses_the_formats_json_is_not() {
        let json_range = |content_type: &str, accepted: &[&str]| {
            select(&HeaderValue::from_str(content_type).unwrap(), accepted, true)
        };
        for other in [
            "application/xml",
            "text/xml; charset=utf-8",
            "application/atom+xml",
            "application/x-yaml",
            "text/vnd.yaml",
            "application/apply-patch+yaml",
            "text/yml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ] {
            let refusal = json_range(other, &["*/*"]).unwrap_err();
            assert!(refusal.contains("read as JSON") && refusal.contains("*/*"), "{other}: {refusal}");
            // Where the format is declared beside the range, it is selected as before.
            assert_eq!(json_range(other, &["*/*", other]).ok(), Some(1), "{other}");
        }
        // JSON, and types that say nothing of the format (which clients send JSON as), are read.
        for json in ["application/json", "application/merge-patch+json", "text/plain", "application/octet-stream"] {
            assert_eq!(json_range(json, &["*/*"]).ok(), Some(0), "{json}");
        }
        // A range read as bytes takes every type.
        assert_eq!(pick("application/xml", &["*/*"]), Some(0));
    }

    fn negotiated(accept: &[&str], offered: &[&str]) -> Option<usize> {
        let mut headers = HeaderMap::new();
        for value in accept {
            headers.append(ACCEPT, HeaderValue::from_str(value).unwrap());
        }
        negotiate(&headers, offered)
    }

    #[test]
    fn accept_picks_the_preferred_offered_type() {
        let offered = ["application/json", "text/csv", "image/png"];
        assert_eq!(negotiated(&[], &offered), Some(0));
        assert_eq!(negotiated(&["text/csv"], &offered), Some(1));
        assert_eq!(negotiated(&["text/*;q=0.5, image/png;q=0.6"], &offered), Some(2));
        assert_eq!(negotiated(&["*/*;q=0.1", "text/csv;q=0.2"], &offered), Some(1));
        // The most specific range decides a type's quality, even when it is lower.
        assert_eq!(negotiated(&["text/*", "text/csv;q=0", "application/json;q=0.5"], &offered), Some(0));
        assert_eq!(negotiated(&["application/xml"], &offered), None);
        assert_eq!(negotiated(&["*/*;q=0"], &offered), None);
        // Unreadable elements are ignored; a header of nothing but them is no preference.
        assert_eq!(negotiated(&["text/csv;q=2, image/png;q=abc, junk"], &offered), Some(0));
        assert_eq!(negotiated(&["Text/CSV; Q=0.9"], &offered), Some(1));
        // The spec's spelling of an offered type does not matter either.
        assert_eq!(negotiated(&["text/csv"], &["application/json", "Text/CSV; charset=utf-8"]), Some(1));
        // An offered range is what any type of its kind asks for.
        assert_eq!(negotiated(&["image/webp"], &["application/json", "image/*"]), Some(1));
        // The bound counts unreadable elements too: a range after 64 of them is not weighed.
        let junk = format!("{},text/csv", vec!["junk"; MAX_ACCEPT_ELEMENTS].join(","));
        assert_eq!(negotiated(&[&junk], &offered), Some(0));
        assert_eq!(negotiated(&["text/csv;q=0.25, image/png;q=0.3"], &offered), Some(2));
        assert_eq!(negotiated(&["text/csv;q=0.251, image/png;q=0.25"], &offered), Some(1));
        let many = vec!["x/y"; 10_000].join(",");
        assert_eq!(negotiated(&[&many], &offered), None);
        assert_eq!(declared_for("Image/PNG", &["application/json", "image/*"]), Some(1));
        assert_eq!(declared_for("application/problem+json", &["text/csv", "application/json"]), Some(1));
        assert_eq!(declared_for("text/html", &["text/csv"]), None);
    }

    #[test]
    fn undeclared_types_and_other_charsets_are_refused() {
        assert_eq!(pick("text/plain", &["application/json"]), None);
        assert_eq!(pick("application/json; charset=latin1", &["application/json"]), None);
        assert_eq!(pick("json", &["*/*"]), None);
        assert_eq!(pick("/", &["*/*"]), None);
        assert_eq!(pick("", &["application/json"]), None);
    }
}
