//! Violations: what a validator reports, one per broken constraint, never echoing the value.

use crate::Path;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// One broken constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// RFC 6901 JSON pointer of the offending place, with wire names (`/application_ids/3`).
    pub pointer: String,
    /// The schema keyword that was broken (`maxItems`, `required`, `type`, ...).
    pub keyword: &'static str,
    /// A readable message naming the limit; it never contains the offending value. Most messages
    /// are fixed texts, which are borrowed rather than copied.
    pub message: Cow<'static, str>,
}

impl Violation {
    /// A violation of `keyword` at `path`.
    pub fn new(path: &Path<'_>, keyword: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Violation { pointer: path.pointer(), keyword, message: message.into() }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() { "(root)" } else { &self.pointer };
        write!(f, "{pointer}: {} ({})", self.message, self.keyword)
    }
}

/// Every violation found in one value, in the order the validator met them. At most
/// [`Violations::LIMIT`] are kept with their pointers; the rest are only counted, so that a hostile
/// body of a million wrong items costs neither a million pointers nor an error answer larger than
/// the request.
#[derive(Clone, Debug, Default)]
pub struct Violations {
    kept: Vec<Violation>,
    omitted: usize,
    direction: Direction,
    /// The evaluations open on the values being checked (`unevaluatedProperties`, `unevaluatedItems`).
    pub(crate) frames: Vec<crate::evaluation::Frame>,
}

/// Which way the checked value travels. OpenAPI's Schema Object makes a `required` property that
/// is `writeOnly` required of requests only, and one that is `readOnly` of responses only; one
/// generated type serves both ways, so its validators ask the [`Violations`] they report to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// Not known (a value checked on its own): neither kind of property is required.
    #[default]
    Unknown,
    /// A request: `writeOnly` required properties are required.
    Request,
    /// A response: `readOnly` required properties are required.
    Response,
}

/// Two reports are equal when they hold the same violations, whichever way the values travelled.
impl PartialEq for Violations {
    fn eq(&self, other: &Self) -> bool {
        self.kept == other.kept && self.omitted == other.omitted
    }
}

impl Eq for Violations {}

impl Violations {
    /// How many violations are kept; later ones are counted in [`Violations::omitted`].
    pub const LIMIT: usize = 100;

    /// No violations yet; allocates nothing until the first one.
    pub const fn new() -> Self {
        Violations::travelling(Direction::Unknown)
    }

    /// No violations yet, for a value travelling in `direction`.
    pub const fn travelling(direction: Direction) -> Self {
        Violations { kept: Vec::new(), omitted: 0, direction, frames: Vec::new() }
    }

    /// Which way the checked value travels.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// Records a violation of `keyword` at `path` (past the limit, only counts it: no pointer is
    /// built).
    pub fn push(&mut self, path: &Path<'_>, keyword: &'static str, message: impl Into<Cow<'static, str>>) {
        if self.kept.len() < Self::LIMIT {
            self.kept.push(Violation::new(path, keyword, message));
        } else {
            self.omitted += 1;
        }
    }

    /// Adds a violation built elsewhere.
    pub fn push_violation(&mut self, violation: Violation) {
        if self.kept.len() < Self::LIMIT {
            self.kept.push(violation);
        } else {
            self.omitted += 1;
        }
    }

    /// Moves every violation of `other` into `self`.
    pub fn append(&mut self, other: &mut Violations) {
        for violation in other.kept.drain(..) {
            self.push_violation(violation);
        }
        self.omitted += std::mem::take(&mut other.omitted);
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// How many violations were reported, kept or only counted.
    pub fn len(&self) -> usize {
        self.kept.len() + self.omitted
    }

    /// How many violations past [`Violations::LIMIT`] were counted but not kept.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The kept violations, in the order they were found.
    pub fn as_slice(&self) -> &[Violation] {
        &self.kept
    }

    /// The kept violations, by value.
    pub fn into_vec(self) -> Vec<Violation> {
        self.kept
    }

    /// `Ok(value)` when nothing was reported, else every violation.
    pub fn into_result<T>(self, value: T) -> Result<T, Violations> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Violation> for Violations {
    fn from(violation: Violation) -> Self {
        Violations { kept: vec![violation], omitted: 0, direction: Direction::Unknown, frames: Vec::new() }
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.kept.iter()
    }
}

/// The kept violations, as a JSON array.
impl Serialize for Violations {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.kept.serialize(serializer)
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.len();
        write!(f, "{n} violation{}", if n == 1 { "" } else { "s" })?;
        for (i, v) in self.kept.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{v}")?;
        }
        if self.omitted > 0 {
            write!(f, "; and {} more, not listed", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_limit_violations_are_counted_not_kept() {
        let mut out = Violations::new();
        for i in 0..Violations::LIMIT + 5 {
            out.push(&Path::Root.index(i), "type", "must be a string");
        }
        assert_eq!((out.len(), out.as_slice().len(), out.omitted()), (105, 100, 5));
        let text = out.to_string();
        assert!(text.starts_with("105 violations: /0: must be a string (type)"), "{text}");
        assert!(text.ends_with("/99: must be a string (type); and 5 more, not listed"), "{text}");
        let mut more = Violations::new();
        more.push(&Path::Root, "required", "x");
        more.append(&mut out);
        assert_eq!((more.len(), more.as_slice().len()), (106, 100));
    }
}
