//! Diagnostics: every problem found in a spec, located by file, line, column and JSON pointer, and
//! collected per phase so that a run reports all of them together.

use crate::codes::Code;
use std::fmt;
use std::path::PathBuf;

/// How bad a diagnostic is. Only errors stop generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be generated as written.
    Error,
    /// The spec generates, but probably not as its author meant.
    Warning,
    /// Information, such as a format that is accepted without being checked.
    Note,
}

impl Severity {
    /// The lower-case label used when rendering.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A position in a source file (1-based line and column, 0-based byte offset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// Line, counted from 1.
    pub line: usize,
    /// Column in characters, counted from 1.
    pub column: usize,
    /// Byte offset from the start of the file.
    pub offset: usize,
}

/// One problem in a spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// What kind of problem it is, by a stable name.
    pub code: Code,
    /// The spec file.
    pub file: PathBuf,
    /// Where in the file; filled in by the loader's locator once all problems are known.
    pub location: Option<Location>,
    /// RFC 6901 pointer of the node the problem is about.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where there is something useful to say.
    pub hint: Option<String>,
    /// Locate the last occurrence of the pointer rather than the first (a repeated key).
    pub at_repeat: bool,
}

impl Diagnostic {
    /// A diagnostic of kind `code` about the node at `pointer`, located later.
    pub fn new(severity: Severity, code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: PathBuf::new(),
            location: None,
            pointer: pointer.into(),
            message: message.into(),
            hint: None,
            at_repeat: false,
        }
    }

    /// An error at `pointer`.
    pub fn error(code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, pointer, message)
    }

    /// A note at `pointer`.
    pub fn note(code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, pointer, message)
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Locates the diagnostic at the last occurrence of its pointer (for repeated keys).
    pub fn at_repeated_key(mut self) -> Self {
        self.at_repeat = true;
        self
    }

    /// The kind of the diagnostic: its severity and message with the quoted names taken out, so
    /// that "unknown format `uuid4`" and "unknown format `int`" are one kind (renderers summarize
    /// a kind seen many times).
    pub fn kind(&self) -> String {
        let mut kind = String::from(self.severity.label());
        kind.push(' ');
        let mut quoted = false;
        for c in self.message.chars() {
            if c == '`' {
                quoted = !quoted;
                if quoted {
                    kind.push('_');
                }
            } else if !quoted {
                kind.push(c);
            }
        }
        kind
    }

    /// Sets an already known location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column) = self.location.map_or((0, 0), |l| (l.line, l.column));
        let pointer = if self.pointer.is_empty() { "#" } else { &self.pointer };
        write!(
            f,
            "{}:{line}:{column}: {}[{}]: {} (at {pointer})",
            self.file.display(),
            self.severity.label(),
            self.code,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// All diagnostics of a run, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Every diagnostic.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// True when nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Moves `other`'s diagnostics after these.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

impl Diagnostics {
    /// The diagnostics to show when each kind is shown at most `per_kind` times, then, for each
    /// kind cut short, one of its diagnostics and how many were not shown.
    pub fn summarized(&self, per_kind: usize) -> (Vec<&Diagnostic>, Vec<(&Diagnostic, usize)>) {
        let mut seen: std::collections::HashMap<String, (usize, &Diagnostic)> = std::collections::HashMap::new();
        let mut shown = Vec::new();
        let mut order = Vec::new();
        for d in &self.0 {
            let entry = seen.entry(d.kind()).or_insert_with_key(|k| {
                order.push(k.clone());
                (0, d)
            });
            entry.0 += 1;
            if entry.0 <= per_kind {
                shown.push(d);
            }
        }
        let cut = order
            .iter()
            .filter_map(|k| seen.get(k).filter(|(n, _)| *n > per_kind).map(|(n, d)| (*d, n - per_kind)))
            .collect();
        (shown, cut)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// RFC 6901's escaping of one reference token, and its inverse: the runtime's, the one home of
/// the rule.
pub use openapi_forge_runtime::codegen::{escape_token, unescape_token};

/// `base` extended by one reference token.
pub fn child_pointer(base: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + token.len() + 1);
    pointer.push_str(base);
    push_token(&mut pointer, token);
    pointer
}

/// Extends `pointer` in place by one reference token (walks reuse one buffer, truncating back).
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&escape_token(token));
    } else {
        pointer.push_str(token);
    }
}
