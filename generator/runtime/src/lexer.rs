//! The tokens of JSON text for the strict reader ([`crate::strict`]): whitespace, literals, strings
//! and numbers, read as serde_json reads them (RFC 8259, nothing more), and the reader's error.
//!
//! Numbers become what serde_json (with `float_roundtrip`) makes of them: an integer that fits a
//! `u64` is unsigned, a negative one that fits an `i64` is signed, `-0` and every other number is
//! the nearest `f64`, and a number beyond the `f64` range is refused.

use serde::de::{Expected, Unexpected};
use std::borrow::Cow;
use std::fmt;

/// Why a read failed, and where: the message, its kind, and the index just past the last byte
/// read when it failed (serde_json's position), once known.
pub(crate) struct Error(Box<ErrorInner>);

struct ErrorInner {
    message: Cow<'static, str>,
    kind: Kind,
    end: Option<usize>,
}

/// serde_json's categories of error, so that messages name them alike.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Not JSON.
    Syntax,
    /// JSON that the type does not take.
    Data,
    /// The text ended inside a value.
    Eof,
}

impl Kind {
    /// The kind in words, as messages name it.
    pub(crate) fn category(self) -> &'static str {
        match self {
            Kind::Syntax => "syntax error",
            Kind::Data => "data error",
            Kind::Eof => "unexpected end of input",
        }
    }
}

impl Error {
    pub(crate) fn new(kind: Kind, message: &'static str, end: usize) -> Self {
        Error(Box::new(ErrorInner { message: Cow::Borrowed(message), kind, end: Some(end) }))
    }

    /// The position of an error raised without one (by a visitor): where the reader stands.
    pub(crate) fn at(mut self, end: usize) -> Self {
        self.0.end.get_or_insert(end);
        self
    }

    /// The index just past the last byte read when the read failed.
    pub(crate) fn end(&self) -> Option<usize> {
        self.0.end
    }

    pub(crate) fn kind(&self) -> Kind {
        self.0.kind
    }
}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(Box::new(ErrorInner { message: Cow::Owned(message.to_string()), kind: Kind::Data, end: None }))
    }

    /// In JSON's words, as serde_json says it: `null`, not serde's "unit value".
    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::custom(format_args!("invalid type: {}, expected {expected}", InJson(unexpected)))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self::custom(format_args!("invalid value: {}, expected {expected}", InJson(unexpected)))
    }
}

/// An unexpected value named as JSON names it.
struct InJson<'a>(Unexpected<'a>);

impl fmt::Display for InJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Unit => f.write_str("null"),
            unexpected => unexpected.fmt(f),
        }
    }
}

/// An error of serde_json's (writing a tree to text), in the same terms; it has no position here.
impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        let kind = match err.classify() {
            serde_json::error::Category::Syntax => Kind::Syntax,
            serde_json::error::Category::Eof => Kind::Eof,
            serde_json::error::Category::Io | serde_json::error::Category::Data => Kind::Data,
        };
        let text = err.to_string();
        // serde_json ends the message with its position, when it has one.
        let message = match (err.line() > 0).then(|| text.rsplit_once(" at line ")).flatten() {
            Some((message, _)) => message.to_string(),
            None => text,
        };
        Error(Box::new(ErrorInner { message: Cow::Owned(message), kind, end: None }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} error at byte {:?}: {}", self.0.kind, self.0.end, self.0.message)
    }
}

impl std::error::Error for Error {}

pub(crate) type Result<T> = std::result::Result<T, Error>;

/// A string's content: borrowed from the text when it has no escapes, else unescaped into the
/// lexer's buffer.
pub(crate) enum Text<'de, 'b> {
    Borrowed(&'de str),
    Copied(&'b str),
}

/// A number as serde_json hands it to a visitor.
pub(crate) enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

/// A cursor over JSON text.
pub(crate) struct Lexer<'de> {
    text: &'de str,
    /// The index of the next byte to read.
    pub(crate) at: usize,
    /// Where strings with escapes are unescaped (kept across strings: one allocation per body).
    scratch: String,
}

impl<'de> Lexer<'de> {
    pub(crate) fn new(text: &'de str) -> Self {
        Lexer { text, at: 0, scratch: String::new() }
    }

    pub(crate) fn syntax(&self, message: &'static str) -> Error {
        Error::new(Kind::Syntax, message, self.at)
    }

    pub(crate) fn eof(&self) -> Error {
        Error::new(Kind::Eof, "EOF while parsing a value", self.at)
    }

    /// The next byte that is not whitespace, not consumed; `None` at the end of the text.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.at) {
            match byte {
                b' ' | b'\n' | b'\t' | b'\r' => self.at += 1,
                _ => return Some(byte),
            }
        }
        None
    }

    /// The next byte that is not whitespace, which must be `byte`: consumed.
    pub(crate) fn expect(&mut self, byte: u8, message: &'static str) -> Result<()> {
        match self.peek() {
            Some(found) if found == byte => {
                self.at += 1;
                Ok(())
            }
            Some(_) => Err(self.syntax(message)),
            None => Err(self.eof()),
        }
    }

    /// Reads the literal `word` (`null`, `true`, `false`) at the cursor.
    pub(crate) fn literal(&mut self, word: &'static [u8]) -> Result<()> {
        for &expected in word {
            match self.text.as_bytes().get(self.at) {
                Some(&byte) if byte == expected => self.at += 1,
                Some(_) => return Err(self.syntax("expected ident")),
                None => return Err(self.eof()),
            }
        }
        Ok(())
    }

    /// Reads a string whose opening quote is at the cursor.
    pub(crate) fn string(&mut self) -> Result<Text<'de, '_>> {
        let bytes = self.text.as_bytes();
        self.at += 1;
        let start = self.at;
        let mut at = next_special(bytes, start);
        match bytes.get(at) {
            Some(b'"') => {
                self.at = at + 1;
                return Ok(Text::Borrowed(&self.text[start..at]));
            }
            Some(b'\\') => {}
            Some(_) => return Err(self.control(at)),
            None => return Err(Error::new(Kind::Eof, "EOF while parsing a string", at)),
        }
        self.scratch.clear();
        self.scratch.push_str(&self.text[start..at]);
        loop {
            match bytes.get(at) {
                Some(b'"') => break,
                Some(b'\\') => at = self.unescape(at + 1)?,
                Some(_) => return Err(self.control(at)),
                None => return Err(Error::new(Kind::Eof, "EOF while parsing a string", at)),
            }
            let next = next_special(bytes, at);
            self.scratch.push_str(&self.text[at..next]);
            at = next;
        }
        self.at = at + 1;
        Ok(Text::Copied(&self.scratch))
    }

    fn control(&self, at: usize) -> Error {
        Error::new(Kind::Syntax, "control character (\\u0000-\\u001F) found while parsing a string", at + 1)
    }

    /// Appends the character of the escape whose letter is at `at` (just past the backslash);
    /// returns the index past the escape.
    fn unescape(&mut self, at: usize) -> Result<usize> {
        let bytes = self.text.as_bytes();
        let escaped = match bytes.get(at) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(at + 1),
            Some(_) => return Err(Error::new(Kind::Syntax, "invalid escape", at + 1)),
            None => return Err(Error::new(Kind::Eof, "EOF while parsing a string", at)),
        };
        self.scratch.push(escaped);
        Ok(at + 1)
    }

    /// A `\u` escape whose four digits start at `at`, with the low surrogate that must follow a
    /// high one (serde_json refuses a lone surrogate in a string).
    fn unicode_escape(&mut self, at: usize) -> Result<usize> {
        let unit = self.hex4(at)?;
        let (code, end) = match unit {
            0xD800..=0xDBFF => {
                let bytes = self.text.as_bytes();
                if bytes.get(at + 4) != Some(&b'\\') || bytes.get(at + 5) != Some(&b'u') {
                    return Err(Error::new(Kind::Syntax, "lone leading surrogate in hex escape", at + 4));
                }
                let low = self.hex4(at + 6)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(Error::new(Kind::Syntax, "lone leading surrogate in hex escape", at + 10));
                }
                (0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00), at + 10)
            }
            0xDC00..=0xDFFF => return Err(Error::new(Kind::Syntax, "lone trailing surrogate in hex escape", at + 4)),
            _ => (u32::from(unit), at + 4),
        };
        let decoded =
            char::from_u32(code).ok_or_else(|| Error::new(Kind::Syntax, "invalid unicode code point", end))?;
        self.scratch.push(decoded);
        Ok(end)
    }

    fn hex4(&self, at: usize) -> Result<u16> {
        let mut unit = 0u16;
        for offset in 0..4 {
            let digit = match self.text.as_bytes().get(at + offset) {
                Some(&byte) => (byte as char).to_digit(16),
                None => return Err(Error::new(Kind::Eof, "EOF while parsing a string", at + offset)),
            };
            let digit = digit.ok_or_else(|| Error::new(Kind::Syntax, "invalid escape", at + offset + 1))?;
            unit = unit * 16 + digit as u16;
        }
        Ok(unit)
    }

    /// Reads a number whose first byte (`-` or a digit) is at the cursor, as serde_json hands it to
    /// a visitor. `single`: the visitor wants an `f32`, which a float is rounded to once, as
    /// serde_json does (and refused beyond its range).
    pub(crate) fn number(&mut self, single: bool) -> Result<Number> {
        let scanned = self.scan_number()?;
        if !scanned.float {
            let significand = scanned.significand;
            return Ok(match (scanned.negative, significand) {
                (false, _) => Number::U64(significand),
                // serde_json reads `-0` as a float.
                (true, 0) => Number::F64(-0.0),
                (true, 1..=0x8000_0000_0000_0000) => Number::I64((significand as i64).wrapping_neg()),
                (true, _) => Number::F64(-(significand as f64)),
            });
        }
        // The grammar is checked; std's parse rounds to nearest, as `float_roundtrip` does.
        let value =
            if single { scanned.text.parse::<f32>().map(f64::from).ok() } else { scanned.text.parse::<f64>().ok() };
        match value {
            Some(value) if value.is_finite() => Ok(Number::F64(value)),
            _ => Err(Error::new(Kind::Syntax, "number out of range", self.at)),
        }
    }

    /// Reads the text of a number that must be an integer, for 128-bit integers (as serde_json, no
    /// fraction or exponent).
    pub(crate) fn integer(&mut self) -> Result<&'de str> {
        let scanned = self.scan_number()?;
        match scanned.text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            false => Ok(scanned.text),
            true => Err(Error::new(Kind::Syntax, "invalid number", self.at)),
        }
    }

    /// Reads a number's text, checking JSON's grammar, and its integer part when that fits a `u64`.
    fn scan_number(&mut self) -> Result<Scanned<'de>> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut at = start;
        let negative = bytes.get(at) == Some(&b'-');
        at += usize::from(negative);
        let mut significand: u64 = 0;
        let mut float = false;
        match bytes.get(at) {
            Some(b'0') => {
                at += 1;
                if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                    return Err(Error::new(Kind::Syntax, "invalid number", at + 1));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&digit) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
                    match significand.checked_mul(10).and_then(|s| s.checked_add(u64::from(digit - b'0'))) {
                        Some(next) => significand = next,
                        // Beyond a `u64`: a float, as in serde_json.
                        None => float = true,
                    }
                    at += 1;
                }
            }
            Some(_) => return Err(Error::new(Kind::Syntax, "invalid number", at + 1)),
            None => return Err(Error::new(Kind::Eof, "EOF while parsing a value", at)),
        }
        if bytes.get(at) == Some(&b'.') {
            at = digits(bytes, at + 1)?;
            float = true;
        }
        if matches!(bytes.get(at), Some(b'e' | b'E')) {
            at += 1;
            at += usize::from(matches!(bytes.get(at), Some(b'+' | b'-')));
            at = digits(bytes, at)?;
            float = true;
        }
        self.at = at;
        Ok(Scanned { text: &self.text[start..at], negative, significand, float })
    }
}

/// A number's text as read, with what the lexer learnt on the way.
struct Scanned<'de> {
    text: &'de str,
    negative: bool,
    significand: u64,
    /// A fraction, an exponent, or an integer beyond a `u64`.
    float: bool,
}

/// The index past one or more digits that start at `at` (a fraction's or an exponent's).
fn digits(bytes: &[u8], at: usize) -> Result<usize> {
    let end = at + bytes.get(at..).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit()).count());
    match bytes.get(at) {
        _ if end > at => Ok(end),
        Some(_) => Err(Error::new(Kind::Syntax, "invalid number", at + 1)),
        None => Err(Error::new(Kind::Eof, "EOF while parsing a value", at)),
    }
}

/// The index of the first quote, backslash or control character at or after `at` (the length of
/// `bytes` when there is none), eight bytes at a time: most of a body's bytes are in strings.
fn next_special(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `v` is zero: the lowest flagged byte is always a true one (a borrow only runs
    // upward from a zero byte), and only the lowest is used.
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let found = zero_byte(word ^ (ONES * u64::from(b'"')))
            | zero_byte(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            break;
        }
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::next_special;

    #[test]
    fn the_word_scan_finds_what_the_byte_scan_finds() {
        let specials = [b'"', b'\\', 0, 0x1f, b'\n'];
        let plain = [b'a', b' ', 0x20, 0x7f, 0x80, 0xff, b'!', b'#', b']', b'['];
        // Past 40 bytes: several words, then the bytes after the last whole word.
        for len in 0..44 {
            for at in 0..=len {
                for (i, &special) in specials.iter().enumerate() {
                    let mut bytes: Vec<u8> = (0..len).map(|j| plain[(i + j) % plain.len()]).collect();
                    if at < len {
                        bytes[at] = special;
                        // A second special later must not hide the first.
                        if at + 1 < len {
                            bytes[at + 1] = 0;
                        }
                    }
                    assert_eq!(next_special(&bytes, 0), at.min(len), "{bytes:?}");
                }
            }
        }
    }

    /// Every byte value in every place of a word, after every other value: the word test flags a
    /// byte first exactly when it is the first special one.
    #[test]
    fn every_byte_value_in_every_place() {
        let special = |byte: u8| byte == b'"' || byte == b'\\' || byte < 0x20;
        for lane in 0..24 {
            for byte in 0..=255u8 {
                for before in [b'a', 0x21, 0x23, 0x5b, 0x5d, 0x80, 0xff, 0x00, b'"', b'\\'] {
                    let mut bytes = vec![b'x'; 24];
                    bytes[lane] = byte;
                    if lane > 0 {
                        bytes[lane - 1] = before;
                    }
                    let expected = bytes.iter().position(|&b| special(b)).unwrap_or(bytes.len());
                    assert_eq!(next_special(&bytes, 0), expected, "{bytes:?}");
                }
            }
        }
    }
}
