//! Which of an operation's declared media types a request's `Content-Type` selects: the most
//! specific match (`application/json` before `application/*` before `*/*`), a `+json` type read as
//! `application/json` where that is declared, and a charset other than UTF-8 refused (the readers
//! read UTF-8 only).

use super::Rejection;
use axum::http::HeaderValue;
use std::borrow::Cow;

/// The index in `accepted` of the declared media type `content_type` selects, or the 415 refusal
/// that lists them.
pub(crate) fn select(content_type: &HeaderValue, accepted: &[&str]) -> Result<usize, Rejection> {
    let Ok(text) = content_type.to_str() else { return Err(Rejection::UnsupportedMediaType(expected(accepted))) };
    let (essence, charset) = parse(text);
    let Some((kind, subtype)) = essence.split_once('/').filter(|(k, s)| !k.is_empty() && !s.is_empty()) else {
        return Err(Rejection::UnsupportedMediaType(expected(accepted)));
    };
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
    let Some((_, at)) = best else { return Err(Rejection::UnsupportedMediaType(expected(accepted))) };
    if charset.is_some_and(|c| !c.eq_ignore_ascii_case("utf-8") && !c.eq_ignore_ascii_case("us-ascii")) {
        return Err(Rejection::UnsupportedMediaType(Cow::Borrowed("the request body must be encoded as UTF-8")));
    }
    Ok(at)
}

/// The declared media type a body without `Content-Type` is read as: one that takes any bytes.
pub(crate) fn untyped(accepted: &[&str]) -> Option<usize> {
    accepted.iter().position(|m| matches!(parse(m).0.as_str(), "*/*" | "application/octet-stream"))
}

/// The refusal's message: what the body must be.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(content_type: &str, accepted: &[&str]) -> Option<usize> {
        select(&HeaderValue::from_str(content_type).unwrap(), accepted).ok()
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
    fn undeclared_types_and_other_charsets_are_refused() {
        assert_eq!(pick("text/plain", &["application/json"]), None);
        assert_eq!(pick("application/json; charset=latin1", &["application/json"]), None);
        assert_eq!(pick("json", &["*/*"]), None);
        assert_eq!(pick("/", &["*/*"]), None);
        assert_eq!(pick("", &["application/json"]), None);
    }
}
