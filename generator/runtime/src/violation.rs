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

/// Every violation found in one value, in the order the validator met them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// No violations yet; allocates nothing until the first one.
    pub const fn new() -> Self {
        Violations(Vec::new())
    }

    /// Records a violation of `keyword` at `path`.
    pub fn push(&mut self, path: &Path<'_>, keyword: &'static str, message: impl Into<Cow<'static, str>>) {
        self.0.push(Violation::new(path, keyword, message));
    }

    /// Adds a violation built elsewhere.
    pub fn push_violation(&mut self, violation: Violation) {
        self.0.push(violation);
    }

    /// Moves every violation of `other` into `self`.
    pub fn append(&mut self, other: &mut Violations) {
        self.0.append(&mut other.0);
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many violations were reported.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The violations, in the order they were found.
    pub fn as_slice(&self) -> &[Violation] {
        &self.0
    }

    /// The violations, by value.
    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }

    /// `Ok(value)` when nothing was reported, else every violation.
    pub fn into_result<T>(self, value: T) -> Result<T, Violations> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Violation> for Violations {
    fn from(violation: Violation) -> Self {
        Violations(vec![violation])
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(f, "{n} violation{}", if n == 1 { "" } else { "s" })?;
        for (i, v) in self.0.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}
