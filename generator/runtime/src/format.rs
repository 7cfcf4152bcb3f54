//! Checks for the string formats a user expects to be enforced: date-time and date (RFC 3339), uuid,
//! email (RFC 5321 mailbox, dot-atom or quoted local part), hostname (RFC 1123), ipv4, ipv6, uri
//! (RFC 3986, absolute), byte (RFC 4648 base64) and duration (RFC 3339 Appendix A).
//! Every check is strict ASCII: non-ASCII digits and whitespace are rejected.

use std::borrow::Cow;
use std::net::{Ipv4Addr, Ipv6Addr};

/// `full-date "T" full-time` per RFC 3339, with a leap second allowed only at 23:59 UTC.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !(b[10] == b'T' || b[10] == b't') {
        return false;
    }
    let (Some((_, _, _)), Some(time)) = (parse_date(&s[..10]), parse_time(&s[11..])) else {
        return false;
    };
    let (hour, minute, second, offset_minutes) = time;
    if second == 60 {
        // Leap seconds happen at 23:59:60 UTC only.
        let utc = (hour as i32 * 60 + minute as i32 - offset_minutes).rem_euclid(24 * 60);
        if utc != 23 * 60 + 59 {
            return false;
        }
    }
    true
}

/// `full-date` per RFC 3339 (`YYYY-MM-DD`, with the day valid for its month).
pub fn is_date(s: &str) -> bool {
    parse_date(s).is_some()
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn parse_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((year, month, day))
}

/// `HH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`; answers hour, minute, second and the offset in minutes.
fn parse_time(s: &str) -> Option<(u32, u32, u32, i32)> {
    let b = s.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (digits(&b[0..2])?, digits(&b[3..5])?, digits(&b[6..8])?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[8..];
    if rest.first() == Some(&b'.') {
        let frac = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if frac == 0 {
            return None;
        }
        rest = &rest[1 + frac..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (oh, om) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let minutes = (oh * 60 + om) as i32;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    Some((hour, minute, second, offset))
}

/// `8-4-4-4-12` hexadecimal digits.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// An RFC 5321 mailbox: a dot-atom or quoted-string local part (`"john doe"@example.com`), then a
/// host name or a bracketed IP literal. The domain follows the last `@`, since only a quoted local
/// part may hold one.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    const ATEXT: &[u8] = b"!#$%&'*+-/=?^_`{|}~";
    let atom_ok =
        |atom: &str| !atom.is_empty() && atom.bytes().all(|c| c.is_ascii_alphanumeric() || ATEXT.contains(&c));
    let local_ok = match local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        Some(quoted) => is_quoted_content(quoted),
        None => local.split('.').all(atom_ok),
    };
    if !local_ok {
        return false;
    }
    if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        return match literal.strip_prefix("IPv6:") {
            Some(v6) => v6.parse::<Ipv6Addr>().is_ok(),
            None => is_ipv4(literal),
        };
    }
    // A mailbox's domain has no root dot.
    !domain.ends_with('.') && is_hostname(domain)
}

/// The inside of an RFC 5321 quoted string: printable ASCII but `"` and `\`, or a `\` before any
/// printable ASCII (quoted-pairSMTP). It may be empty.
fn is_quoted_content(quoted: &str) -> bool {
    let mut bytes = quoted.bytes();
    while let Some(c) = bytes.next() {
        let ok = match c {
            b'\\' => bytes.next().is_some_and(|escaped| (32..=126).contains(&escaped)),
            b'"' => false,
            _ => (32..=126).contains(&c),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Dotted-quad IPv4 with decimal octets and no leading zeros.
pub fn is_ipv4(s: &str) -> bool {
    // std's parser already rejects leading zeros, shorthand forms and non-ASCII digits.
    s.parse::<Ipv4Addr>().is_ok()
}

/// A host name as RFC 1123 (section 2.1) writes it: dot-separated labels of ASCII letters, digits
/// and hyphens, each of 1 to 63 characters and neither starting nor ending with a hyphen, 253
/// characters in all (one trailing dot, the root's, allowed).
pub fn is_hostname(s: &str) -> bool {
    let name = s.strip_suffix('.').unwrap_or(s);
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    !name.is_empty() && name.len() <= 253 && name.split('.').all(label)
}

/// A duration as RFC 3339 (Appendix A) writes it, which JSON Schema's `duration` names: `P`, then
/// weeks alone (`P2W`), or years, months and days in that order, each optional but not all, then
/// optionally `T` with hours, minutes and seconds likewise (`P1Y2M3DT4H5M6S`, `PT36H`). The last
/// number may carry a decimal fraction, as ISO 8601 allows and Azure writes (`PT0.5S`,
/// `P10675199DT2H48M5.4775807S`).
pub fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else { return false };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    // Each part is a run of `number unit` elements, units in the given order, none repeated.
    let elements = |part: &str, units: &[u8], last_part: bool| -> Option<usize> {
        let (mut count, mut next_unit, mut rest) = (0, 0, part.as_bytes());
        while !rest.is_empty() {
            let whole = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            let fraction = match rest.get(whole) {
                Some(b'.' | b',') => 1 + rest[whole + 1..].iter().take_while(|c| c.is_ascii_digit()).count(),
                _ => 0,
            };
            let unit = *rest.get(whole + fraction)?;
            let position = units[next_unit..].iter().position(|u| *u == unit)? + next_unit;
            rest = &rest[whole + fraction + 1..];
            // A fraction needs digits on both sides, and only the duration's last number has one.
            if whole == 0 || fraction == 1 || (fraction > 0 && !(rest.is_empty() && last_part)) {
                return None;
            }
            (count, next_unit) = (count + 1, position + 1);
        }
        Some(count)
    };
    let Some(date_count) = elements(date, b"YMWD", time.is_none()) else { return false };
    // Weeks stand alone: `P2W`, never `P2W1D` nor `P2WT1H`.
    if date.contains('W') && (date_count > 1 || time.is_some()) {
        return false;
    }
    match time {
        None => date_count > 0,
        Some(time) => elements(time, b"HMS", true).is_some_and(|n| n > 0),
    }
}

/// An IPv6 address in any RFC 4291 text form, without zone or prefix length.
pub fn is_ipv6(s: &str) -> bool {
    s.parse::<Ipv6Addr>().is_ok()
}

/// Standard base64 with padding (RFC 4648 section 4), as OpenAPI's `byte` format.
pub fn is_byte(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return false;
    }
    let pad = b.iter().rev().take_while(|&&c| c == b'=').count();
    pad <= 2 && b[..b.len() - pad].iter().all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
}

/// An ECMA-262 regular expression, as `regress` parses it (Unicode mode, or legacy mode when the
/// pattern only compiles there).
pub fn is_regex(s: &str) -> bool {
    pattern_reading(s).is_some()
}

/// How a schema's `pattern` is compiled: the source and its flags. Unicode mode (`u`), as JSON
/// Schema intends; else, when it names Java's POSIX classes (`\p{Print}`, `\p{Alnum}`, in AWS's
/// documents, whose services are written in Java), the source with those classes written as the
/// ASCII ranges Java gives them, in Unicode mode; else legacy mode, when the pattern only compiles
/// there (real specs often escape characters that need no escape, such as `\_`); `None` when it
/// compiles in none of these readings. The one home of this rule: the generator's check and
/// emission and the `regex` format all call it.
pub fn pattern_reading(source: &str) -> Option<(Cow<'_, str>, &'static str)> {
    compile(source).map(|(_, source, flags)| (source, flags))
}

/// A schema's `pattern` compiled as [`pattern_reading`] reads it, for code that matches it at
/// once (the generator checking a default) rather than naming the flags for later.
pub fn compile_pattern(source: &str) -> Option<regress::Regex> {
    compile(source).map(|(regex, _, _)| regex)
}

fn compile(source: &str) -> Option<(regress::Regex, Cow<'_, str>, &'static str)> {
    if let Ok(regex) = regress::Regex::with_flags(source, "u") {
        return Some((regex, Cow::Borrowed(source), "u"));
    }
    if let Some(rewritten) = java_classes(source) {
        if let Ok(regex) = regress::Regex::with_flags(&rewritten, "u") {
            return Some((regex, Cow::Owned(rewritten), "u"));
        }
    }
    regress::Regex::new(source).ok().map(|regex| (regex, Cow::Borrowed(source), ""))
}

/// Java's POSIX character classes (US-ASCII, as `java.util.regex.Pattern` defines them) that
/// ECMA-262 does not know, and the class content each stands for. `Alpha`, `Upper` and `Lower` are
/// left out: ECMA-262 reads them itself, as Unicode's aliases of `Alphabetic`, `Uppercase` and
/// `Lowercase`.
const JAVA_CLASSES: &[(&str, &str)] = &[
    ("Digit", "0-9"),
    ("Alnum", "a-zA-Z0-9"),
    ("Punct", "!-\\/:-@\\[-`{-~"),
    ("Graph", "!-~"),
    ("Print", " -~"),
    ("Blank", " \\t"),
    ("Cntrl", "\\x00-\\x1F\\x7F"),
    ("XDigit", "0-9a-fA-F"),
    ("Space", " \\t\\n\\x0B\\f\\r"),
];

/// `source` with each of Java's POSIX classes written as ECMA-262 classes (`\p{Print}` as
/// `[ -~]`, `\P{Digit}` as `[^0-9]`, `[\p{Alnum}_]` as `[a-zA-Z0-9_]`); `None` when it names none,
/// or negates one inside a class, which has no such rewriting.
fn java_classes(source: &str) -> Option<String> {
    let mut out = String::with_capacity(source.len() + 16);
    let mut in_class = false;
    let mut rewrote = false;
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let named =
                rest[1..].strip_prefix("p{").map(|r| (false, r)).or(rest[1..].strip_prefix("P{").map(|r| (true, r)));
            let class = named.and_then(|(negated, r)| {
                let (name, _) = r.split_once('}')?;
                let (_, content) = JAVA_CLASSES.iter().find(|(java, _)| *java == name)?;
                Some((negated, name.len(), *content))
            });
            match class {
                Some((true, _, _)) if in_class => return None,
                Some((negated, name_len, content)) => {
                    if in_class {
                        out.push_str(content);
                    } else {
                        out.push_str(if negated { "[^" } else { "[" });
                        out.push_str(content);
                        out.push(']');
                    }
                    rewrote = true;
                    // `\p{`, the name, `}`.
                    rest = &rest[3 + name_len + 1..];
                    continue;
                }
                None => {
                    // Any other escape is kept with the character it escapes.
                    let next = rest[1..].chars().next().map_or(0, char::len_utf8);
                    out.push_str(&rest[..1 + next]);
                    rest = &rest[1 + next..];
                    continue;
                }
            }
        }
        match c {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    rewrote.then_some(out)
}

/// An absolute URI per RFC 3986: `scheme ":" hier-part ["?" query] ["#" fragment]`.
pub fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sb = scheme.bytes();
    if !sb.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !sb.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    {
        return false;
    }
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (hier, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !uri_chars(fragment, b":@/?") || !uri_chars(query, b":@/?") {
        return false;
    }
    match hier.strip_prefix("//") {
        Some(after) => {
            let (authority, path) = after.find('/').map_or((after, ""), |i| after.split_at(i));
            is_authority(authority) && uri_chars(path, b":@/")
        }
        None => uri_chars(hier, b":@/"),
    }
}

fn is_authority(authority: &str) -> bool {
    let (userinfo, hostport) = authority.rsplit_once('@').unwrap_or(("", authority));
    if !uri_chars(userinfo, b":") {
        return false;
    }
    let (host, port) = if let Some(rest) = hostport.strip_prefix('[') {
        let Some((literal, after)) = rest.split_once(']') else {
            return false;
        };
        if !is_ipv6(literal) && !is_ipvfuture(literal) {
            return false;
        }
        match after {
            "" => ("", ""),
            _ => match after.strip_prefix(':') {
                Some(port) => ("", port),
                None => return false,
            },
        }
    } else {
        hostport.rsplit_once(':').unwrap_or((hostport, ""))
    };
    port.bytes().all(|c| c.is_ascii_digit()) && uri_chars(host, b"")
}

fn is_ipvfuture(s: &str) -> bool {
    let Some(rest) = s.strip_prefix(['v', 'V']) else {
        return false;
    };
    let Some((version, body)) = rest.split_once('.') else {
        return false;
    };
    !version.is_empty() && version.bytes().all(|c| c.is_ascii_hexdigit()) && !body.is_empty() && uri_chars(body, b":")
}

/// True when `s` holds only unreserved characters, sub-delims, well-formed percent-encodings and the
/// `extra` characters.
fn uri_chars(s: &str, extra: &[u8]) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
            continue;
        }
        let ok = c.is_ascii_alphanumeric()
            || matches!(c, b'-' | b'.' | b'_' | b'~')
            || matches!(c, b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=')
            || extra.contains(&c);
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_posix_classes_are_read_as_the_ascii_ranges_java_gives_them() {
        let reading = |source| pattern_reading(source).map(|(compiled, flags)| (compiled.into_owned(), flags));
        assert_eq!(reading(r"\p{Print}+"), Some((r"[ -~]+".to_string(), "u")));
        assert_eq!(reading(r"^[\p{Alnum}_-]{1,8}$"), Some((r"^[a-zA-Z0-9_-]{1,8}$".to_string(), "u")));
        assert_eq!(reading(r"\P{Digit}\p{XDigit}"), Some((r"[^0-9][0-9a-fA-F]".to_string(), "u")));
        // Escapes are kept whole: `\\p{Print}` is a backslash, then `p{Print}` (whose lone braces
        // only legacy mode allows).
        assert_eq!(reading(r"\\p{Print}"), Some((r"\\p{Print}".to_string(), "")));
        // ECMA-262's own properties are left alone; a class negated inside a class has no rewriting.
        assert_eq!(reading(r"\p{L}\p{ASCII}"), Some((r"\p{L}\p{ASCII}".to_string(), "u")));
        assert_eq!(reading(r"[\P{Print}]"), Some((r"[\P{Print}]".to_string(), "")));
        // What ECMA-262 reads itself is not rewritten: `Alpha` is Unicode's alias of `Alphabetic`.
        assert_eq!(reading(r"\p{Alpha}"), Some((r"\p{Alpha}".to_string(), "u")));
        let print = compile_pattern(r"^\p{Print}+$").unwrap();
        assert!(print.find("Hello, world ~").is_some());
        for outside in ["tab\there", "caf\u{e9}", "line\n"] {
            assert!(print.find(outside).is_none(), "{outside:?}");
        }
        let punct = compile_pattern(r"^\p{Punct}+$").unwrap();
        assert!(punct.find(r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##).is_some());
        assert!(punct.find("a").is_none() && punct.find(" ").is_none());
        let blank = compile_pattern(r"^\p{Blank}\p{Cntrl}\p{Space}$").unwrap();
        assert!(blank.find("\t\u{7f}\u{b}").is_some());
    }

    #[test]
    fn date_time_leap_seconds_and_offsets() {
        assert!(is_date_time("1998-12-31T23:59:60Z"));
        assert!(is_date_time("1998-12-31T15:59:60.123-08:00"));
        assert!(!is_date_time("1998-12-31T23:58:60Z"));
        assert!(!is_date_time("1990-02-31T15:59:59.123-08:00"));
        assert!(!is_date_time("1985-04-12T23:20:50Z\n"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
    }

    #[test]
    fn host_names() {
        for valid in ["example.com", "a", "xn--bcher-kva.example", "1.2.3.4", "a-b.c", "example.com.", &"a".repeat(63)]
        {
            assert!(is_hostname(valid), "{valid}");
        }
        let long = ["a"; 127].join(".");
        assert_eq!(long.len(), 253);
        assert!(is_hostname(&long));
        for invalid in [
            "",
            ".",
            "null,null",
            "-a.com",
            "a-.com",
            "a..com",
            "a b",
            "bücher.de",
            &"a".repeat(64),
            &format!("{long}a"),
        ] {
            assert!(!is_hostname(invalid), "{invalid}");
        }
    }

    #[test]
    fn durations() {
        for valid in [
            "P4DT12H30M5S",
            "P4Y",
            "P1M",
            "PT1M",
            "PT36H",
            "P0D",
            "PT0S",
            "P1W",
            "P1Y2M3DT4H5M6S",
            "P1DT5M",
            "PT0.5S",
            "P10675199DT2H48M5.4775807S",
            "PT1,5H",
        ] {
            assert!(is_duration(valid), "{valid}");
        }
        for invalid in [
            "",
            "P",
            "PT",
            "P1YT",
            "PT1D",
            "P2D1Y",
            "P1D2H",
            "P2S",
            "P2W1D",
            "P1WT1H",
            "P1",
            "PT1",
            "1D",
            "p1d",
            "P1.5DT1H",
            "P.5D",
            "P1.D",
            "P1YY",
            "PT1S1M",
            "P\u{0661}D",
            " P1D",
            "P1D ",
            "P-1D",
        ] {
            assert!(!is_duration(invalid), "{invalid}");
        }
    }

    #[test]
    fn uris_and_bytes() {
        assert!(is_uri("ldap://[2001:db8::7]/c=GB?objectClass?one"));
        assert!(is_uri("urn:oasis:names:specification:docbook:dtd:xml:4.1.2"));
        assert!(!is_uri("http://example.com/%A"));
        assert!(!is_uri("http://example.com/%"));
        assert!(!is_uri("http://example.com:abc/path"));
        assert!(is_byte("aGVsbG8="));
        assert!(!is_byte("aGVsbG8"));
        assert!(is_uuid("0198170e-4ca7-7ee4-89a7-fa631843920b"));
        assert!(!is_uuid("123456648-4f3f-4a80-aa45-f4b00005a42"));
    }

    #[test]
    fn emails_with_dot_atom_and_quoted_local_parts() {
        for valid in [
            "joe.bloggs@example.com",
            "te~st@example.com",
            "\"joe bloggs\"@example.com",
            "\"joe@home\"@example.com",
            "\"a\\\"b\"@example.com",
            "\"\"@example.com",
            "joe@[127.0.0.1]",
            "joe@[IPv6:::1]",
        ] {
            assert!(is_email(valid), "{valid}");
        }
        for invalid in [
            "joe..bloggs@example.com",
            ".joe@example.com",
            "joe bloggs@example.com",
            "\"joe\"bloggs\"@example.com",
            "\"joe\\\"@example.com",
            "\"@example.com",
            "\"tab\there\"@example.com",
            "joe@",
            "@example.com",
            "joe@-example.com",
        ] {
            assert!(!is_email(invalid), "{invalid}");
        }
    }
}
