//! How the command line shows diagnostics: with miette, each with a short excerpt of the file it
//! is in, long lines clipped around the span (a minified JSON spec is one line of megabytes), and
//! diagnostics of one kind summarized after the first few unless `--verbose` is given.
//!
//! The cost is in proportion to what is shown: each file is read once, and each excerpt holds only
//! the lines it shows.

use miette::{
    LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, Report, SourceCode, SourceSpan, SpanContents,
};
use openapi_forge_build::{Code, Diagnostic, Diagnostics, Severity};
use std::collections::HashMap;

use std::path::PathBuf;

/// How many diagnostics of one kind are shown before the rest are counted.
const SHOWN_PER_KIND: usize = 3;
/// The most characters of a line an excerpt shows on each side of the span.
const CLIP: usize = 80;

/// Renders diagnostics, reading each file they are in once.
pub struct Renderer {
    verbose: bool,
    texts: HashMap<PathBuf, String>,
}

impl Renderer {
    /// A renderer; `verbose` shows every diagnostic.
    pub fn new(verbose: bool) -> Self {
        Renderer { verbose, texts: HashMap::new() }
    }

    /// Prints `diags` up to `lowest` severity to stderr.
    pub fn render(&mut self, diags: &Diagnostics, lowest: Severity) {
        let wanted = Diagnostics(diags.iter().filter(|d| d.severity <= lowest).cloned().collect());
        let per_kind = if self.verbose { usize::MAX } else { SHOWN_PER_KIND };
        let (shown, cut) = wanted.summarized(per_kind);
        for d in shown {
            tell!("{:?}", self.report(d));
        }
        for (example, more) in cut {
            tell!(
                "  … and {more} more {} like “{}” (--verbose lists all)",
                plural(example.severity, more),
                example.message
            );
        }
    }

    fn report(&mut self, d: &Diagnostic) -> Report {
        let pointer = if d.pointer.is_empty() { "#".to_string() } else { d.pointer.clone() };
        let mut diag = MietteDiagnostic::new(format!("{} (at {pointer})", d.message))
            .with_severity(match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            })
            .with_code(d.code.name());
        if let Some(hint) = &d.hint {
            diag = diag.with_help(hint.clone());
        }
        let text = self.texts.entry(d.file.clone()).or_insert_with(|| {
            // Positions are counted as the loader counted them: after any byte-order mark.
            openapi_forge_build::without_byte_order_mark(
                openapi_forge_build::read_spec_file(&d.file).unwrap_or_default(),
            )
        });
        let location = d.location.unwrap_or_default();
        let Some(excerpt) = Excerpt::new(d.file.display().to_string(), text, location.offset, location.line) else {
            return Report::new(
                diag.with_label(LabeledSpan::at(0..0, format!("{}:{}", location.line, location.column))),
            );
        };
        let label = LabeledSpan::at(excerpt.span.clone(), format!("{}:{}", location.line, location.column));
        Report::new(diag.with_label(label)).with_source_code(excerpt)
    }
}

fn plural(severity: Severity, n: usize) -> String {
    let label = severity.label();
    if n == 1 {
        label.to_string()
    } else {
        format!("{label}s")
    }
}

/// The lines around one span, clipped, with the line numbers they have in the file.
struct Excerpt {
    name: String,
    text: String,
    /// The span within `text`.
    span: std::ops::Range<usize>,
    /// The file's line number of the first line of `text`, from 0.
    first_line: usize,
}

impl Excerpt {
    fn new(name: String, file: &str, offset: usize, line: usize) -> Option<Excerpt> {
        if file.is_empty() || line == 0 {
            return None;
        }
        let offset = floor_char_boundary(file, offset.min(file.len()));
        let line_start = file[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = file[offset..].find('\n').map_or(file.len(), |i| offset + i);
        let previous = (line_start > 0).then(|| {
            let end = line_start - 1;
            let start = file[..end].rfind('\n').map_or(0, |i| i + 1);
            clip(&file[start..end], 0, 2 * CLIP).0
        });
        let next = (line_end < file.len()).then(|| {
            let start = line_end + 1;
            let end = file[start..].find('\n').map_or(file.len(), |i| start + i);
            clip(&file[start..end], 0, 2 * CLIP).0
        });
        let here = &file[line_start..line_end];
        let column = offset - line_start;
        let span_len =
            here[column..].find(['\n', ':', ',']).unwrap_or(0).max(1).min(here.len().saturating_sub(column).max(1));
        let (clipped, shift) = clip(here, column, CLIP);
        let mut text = String::new();
        if let Some(p) = &previous {
            text.push_str(p);
            text.push('\n');
        }
        let start = text.len() + (column - shift);
        text.push_str(&clipped);
        let span_end = (start + span_len).min(text.len()).max(start);
        if let Some(n) = &next {
            text.push('\n');
            text.push_str(n);
        }
        let first_line = line - 1 - usize::from(previous.is_some());
        Some(Excerpt { name, text, span: start..span_end, first_line })
    }
}

/// At most `radius` characters of `line` on each side of byte `at` (marked `…` where cut), and how
/// many bytes were cut from the front (minus the marker's length).
fn clip(line: &str, at: usize, radius: usize) -> (String, usize) {
    let start = if at > radius { floor_char_boundary(line, at - radius) } else { 0 };
    let end = floor_char_boundary(line, (at + radius).min(line.len()));
    let mut out = String::new();
    let mut shift = start;
    if start > 0 {
        out.push('…');
        shift -= '…'.len_utf8().min(shift);
    }
    out.push_str(&line[start..end]);
    if end < line.len() {
        out.push('…');
    }
    (out, shift)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One diagnostic as `lint --format json` writes it: every field a program needs to place and
/// sort it, the code to tell kinds apart, no excerpt.
pub fn json(d: &Diagnostic) -> serde_json::Value {
    let location = d.location.unwrap_or_default();
    serde_json::json!({
        "file": d.file.display().to_string(),
        "line": location.line,
        "column": location.column,
        "pointer": d.pointer,
        "severity": d.severity.label(),
        "code": d.code.name(),
        "message": d.message,
        "hint": d.hint,
    })
}

/// A spec file that could not be read, as text on standard error (there is no excerpt to show).
pub fn unreadable(file: &std::path::Path, err: &std::io::Error) {
    tell!("error[{}]: {}: {err}", Code::UnreadableFile, file.display());
}

/// A spec file that could not be read, in the shape of [`json`].
pub fn json_unreadable(file: &std::path::Path, err: &std::io::Error) -> serde_json::Value {
    serde_json::json!({
        "file": file.display().to_string(),
        "line": 0,
        "column": 0,
        "pointer": "",
        "severity": Severity::Error.label(),
        "code": Code::UnreadableFile.name(),
        "message": err.to_string(),
        "hint": null,
    })
}
