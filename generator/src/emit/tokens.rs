//! Token helpers that every emitter shares: doc comments from spec prose, identifiers, type
//! expressions, format and bound literals, and token searches. Emitters import these from here,
//! not from `emit/mod.rs`, which only dispatches.

use crate::ir::{Direction, ErrorShape, Format, IntegerFormat, Ty};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// Spec prose made safe for rustdoc, which would compile its code blocks as doctests: fences without
/// a language become `text` fences, and indentation outside fences is capped at three spaces (four
/// would start an indented code block). Prose converted from other doc formats puts text on the
/// fence lines themselves (Kubernetes: ```` ``` <quantity> ::= … ```` … ```` <signedNumber> ``` ````):
/// such text moves inside the block, so that it is neither taken as the block's language nor left
/// after its end. Paragraphs are reflowed to [`DOC_WIDTH`] (see [`Paragraph`]).
fn prose_for_rustdoc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut paragraph = Paragraph::default();
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let indent = &indent[..indent.len().min(3)];
        if !in_fence && !trimmed.starts_with("```") {
            paragraph.line(&mut out, indent, trimmed);
            continue;
        }
        paragraph.flush(&mut out);
        if let Some(rest) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push_str(&format!("{indent}```"));
                in_fence = false;
            } else {
                let info = rest.trim();
                let language = info.chars().all(|c| c.is_ascii_alphanumeric() || "-_+,.".contains(c));
                if language && !info.is_empty() {
                    out.push_str(&format!("{indent}```{info}"));
                    in_fence = true;
                } else {
                    out.push_str(&format!("{indent}```text"));
                    in_fence = true;
                    if !info.is_empty() {
                        out.push('\n');
                        in_fence = !push_closing(&mut out, info, indent);
                    }
                }
            }
        } else {
            in_fence = !push_closing(&mut out, line, indent);
        }
        out.push('\n');
    }
    paragraph.flush(&mut out);
    out
}

/// The most characters of prose on a doc line (the item's indentation and `///` come on top).
const DOC_WIDTH: usize = 92;

/// The lines of one Markdown paragraph or list item, joined and then broken again at spaces into
/// lines of at most [`DOC_WIDTH`] characters (a longer word stays whole), which Markdown renders
/// alike. A blank line, a heading, a table row, a quote, an HTML line or a list marker starts a new
/// one; a table row or heading is never broken; a list item's continuation lines hang under its
/// text; and no line is made to start with what Markdown would read as a new block (`- `, `1. `,
/// `#`, `>`, `---`, a fence or a table bar).
#[derive(Default)]
struct Paragraph {
    indent: String,
    text: String,
}

impl Paragraph {
    fn line(&mut self, out: &mut String, indent: &str, text: &str) {
        let own_line = text.is_empty()
            || text.starts_with('|')
            || text.starts_with('#')
            || text.starts_with('>')
            || text.starts_with('<');
        // A backslash at the end is a hard line break: the next line starts anew.
        if own_line || list_marker_width(text).is_some() || self.text.ends_with('\\') {
            self.flush(out);
        }
        if own_line {
            // Kept as written, on its own line.
            if !text.is_empty() {
                out.push_str(indent);
                out.push_str(text);
            }
            out.push('\n');
            return;
        }
        if self.text.is_empty() {
            self.indent = indent.to_string();
            self.text = text.to_string();
        } else {
            self.text.push(' ');
            self.text.push_str(text);
        }
    }

    fn flush(&mut self, out: &mut String) {
        if self.text.is_empty() {
            return;
        }
        wrap(out, &self.indent, &self.text);
        out.push('\n');
        self.text.clear();
    }
}

/// Writes `text` broken at spaces into lines of at most [`DOC_WIDTH`] characters, each after
/// `indent` (and a list item's continuation under its text).
fn wrap(out: &mut String, indent: &str, text: &str) {
    let hanging = list_marker_width(text).map_or(String::new(), |w| " ".repeat(w));
    let mut words = text.split(' ');
    let mut line = format!("{indent}{}", words.next().unwrap_or(""));
    for word in words {
        let width = line.chars().count() + 1 + word.chars().count();
        if width > DOC_WIDTH && !word.is_empty() && !starts_a_block(word) {
            out.push_str(line.trim_end());
            out.push('\n');
            line = format!("{indent}{hanging}{word}");
        } else {
            line.push(' ');
            line.push_str(word);
        }
    }
    out.push_str(line.trim_end());
}

/// The width of a list item's marker with its space (`- `, `12. `), when `text` is one.
fn list_marker_width(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match text.as_bytes().get(digits) {
        Some(b'.' | b')') if digits > 0 => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    (text.as_bytes().get(marker) == Some(&b' ')).then_some(marker + 1)
}

/// A word that, first on a line, would start a Markdown block rather than continue a paragraph.
fn starts_a_block(word: &str) -> bool {
    let rule = |c: char| !word.is_empty() && word.chars().all(|w| w == c);
    // A line of only `-`, `=`, `*` or `_` is a heading's underline or a thematic break.
    ['-', '=', '*', '_', '+'].into_iter().any(rule)
        || word.starts_with('#')
        || word.starts_with("```")
        || word.starts_with('|')
        || word.starts_with('>')
        || list_marker_width(&format!("{word} x")).is_some()
}

/// Writes a line inside a fence; one that ends with ```` ``` ```` also closes it (answers whether it
/// did).
fn push_closing(out: &mut String, line: &str, indent: &str) -> bool {
    match line.trim_end().strip_suffix("```") {
        Some(body) => {
            out.push_str(body.trim_end());
            out.push_str(&format!("\n{indent}```"));
            true
        }
        None => {
            out.push_str(line);
            false
        }
    }
}

/// `#[doc]` attributes, one per line, each with the leading space that makes it read `/// text`.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let text = prose_for_rustdoc(text);
    let lines = text.trim().lines().map(|line| {
        // Control characters (a bare CR, a tab) are not allowed or not wanted in doc comments: show
        // them escaped.
        let line = line.trim_end();
        let mut doc = String::with_capacity(line.len() + 1);
        if !line.trim_start().is_empty() {
            doc.push(' ');
            for c in line.chars() {
                if c.is_control() {
                    doc.extend(c.escape_default());
                } else {
                    doc.push(c);
                }
            }
        }
        let doc = raw_string_literal(&doc);
        quote!(#[doc = #doc])
    });
    quote!(#(#lines)*)
}

/// `text` as a raw string literal (`r"…"`, with as many `#` as it needs). Descriptions are most of
/// a module's text: a raw literal is copied as it is, where an escaped one is escaped character by
/// character here and unescaped again by the formatter (3.5 % of a nexus generation's instructions). `text` holds
/// no bare CR, which raw strings refuse: control characters are escaped before.
fn raw_string_literal(text: &str) -> proc_macro2::Literal {
    // The closing quote must not be followed by as many `#` as delimit the literal.
    let mut hashes = 0;
    let mut run: Option<usize> = None;
    for c in text.chars() {
        run = match (c, run) {
            ('"', _) => Some(0),
            ('#', Some(n)) => Some(n + 1),
            _ => None,
        };
        if let Some(n) = run {
            hashes = hashes.max(n + 1);
        }
    }
    let fence = "#".repeat(hashes);
    let repr = format!("r{fence}\"{text}\"{fence}");
    repr.parse().unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

/// `rt::Format::…` for a string format: generated code names the generator's own enum.
pub(crate) fn format_tokens(format: Format) -> TokenStream {
    let variant = ident(&format!("{format:?}"));
    quote!(rt::Format::#variant)
}

/// `rt::IntegerFormat::…` for an integer format (the same enum, as above).
pub(crate) fn integer_format_tokens(format: IntegerFormat) -> TokenStream {
    let variant = ident(&format!("{format:?}"));
    quote!(rt::IntegerFormat::#variant)
}

/// `rt::Direction::…`: the way a one-way required property is required (the same enum, as above).
pub(crate) fn direction_tokens(direction: Direction) -> TokenStream {
    let variant = ident(&format!("{direction:?}"));
    quote!(rt::Direction::#variant)
}

/// `Some(n)` or `None`, for a bound.
pub(crate) fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => {
            let n = proc_macro2::Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    }
}

/// An identifier; `r#name` spellings become raw identifiers.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Tokens of a Rust type expression.
pub(crate) fn ty_tokens(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::U64 => quote!(u64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Json => quote!(rt::Value),
        Ty::Vec(inner) => {
            let inner = ty_tokens(inner);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Option(inner) => {
            let inner = ty_tokens(inner);
            quote!(Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty_tokens(inner);
            quote!(Box<#inner>)
        }
    }
}

/// `value`, or `_` when `body` does not read it (a check decided without looking at the value, such
/// as `not: {}`, must not bind it, or the compiler warns).
pub(super) fn value_binding(body: &TokenStream) -> TokenStream {
    if mentions(body, "value") {
        quote!(value)
    } else {
        quote!(_)
    }
}

/// True when `tokens` use the identifier `name` anywhere.
pub(crate) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    uses(tokens, name) > 0
}

/// How many times `tokens` use the identifier `name`.
pub(crate) fn uses(tokens: &TokenStream, name: &str) -> usize {
    tokens
        .clone()
        .into_iter()
        .map(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) => usize::from(ident == name),
            proc_macro2::TokenTree::Group(group) => uses(&group.stream(), name),
            _ => 0,
        })
        .sum()
}

/// The error shape as a constant expression.
pub fn shape_tokens(shape: &ErrorShape) -> TokenStream {
    match shape {
        ErrorShape::Json { media_type, within, code, status, message, fixed } => {
            let [within, code, status, message] =
                [within, code, status, message].map(|key| key.as_ref().map_or(quote!(None), |k| quote!(Some(#k))));
            quote!(rt::http::ErrorShape::Json {
                media_type: #media_type,
                within: #within,
                code: #code,
                status: #status,
                message: #message,
                fixed: #fixed,
            })
        }
        ErrorShape::Text => quote!(rt::http::ErrorShape::Text),
        ErrorShape::Empty => quote!(rt::http::ErrorShape::Empty),
    }
}

#[cfg(test)]
mod tests {
    use super::{prose_for_rustdoc, raw_string_literal, DOC_WIDTH};

    #[test]
    fn raw_doc_literals_hold_any_text_exactly() {
        for text in ["", "plain", "a \"quote\"", "\"#", "x \"## y \"#", "back\\slash \\n", "#\"#\"##", "ends \""] {
            let literal = raw_string_literal(text);
            let parsed: syn::LitStr = syn::parse2(quote::quote!(#literal)).expect("a string literal");
            assert_eq!(parsed.value(), text, "{literal}");
            assert!(literal.to_string().starts_with('r'), "{literal}");
        }
    }

    #[test]
    fn fences_become_text_blocks_and_text_on_fence_lines_moves_inside() {
        assert_eq!(prose_for_rustdoc("a\n```\nx\n```"), "a\n```text\nx\n```\n");
        assert_eq!(prose_for_rustdoc("```json\n{}\n```"), "```json\n{}\n```\n");
        // As the Kubernetes Quantity description writes it.
        assert_eq!(
            prose_for_rustdoc("``` <q> ::= <n><s>\n\n<s> ::= m | k ```\nAfter."),
            "```text\n<q> ::= <n><s>\n\n<s> ::= m | k\n```\nAfter.\n"
        );
        assert_eq!(prose_for_rustdoc("``` one line ```"), "```text\none line\n```\n");
        assert_eq!(prose_for_rustdoc("        deep"), "   deep\n");
    }

    #[test]
    fn long_prose_is_wrapped_without_starting_a_markdown_block() {
        let words = "word ".repeat(60);
        let wrapped = prose_for_rustdoc(words.trim());
        assert!(wrapped.lines().count() > 2 && wrapped.lines().all(|l| l.len() <= DOC_WIDTH), "{wrapped}");
        assert_eq!(wrapped.split_whitespace().count(), 60, "no word lost");
        // A break before `-`, `1.`, `#`, `>` or `---` would start a list, a heading, a quote or a
        // rule: those words stay on the line before.
        for hazard in ["-", "1.", "#x", ">", "---", "==="] {
            let text = format!("{} {hazard} tail", "a".repeat(DOC_WIDTH - 2));
            let wrapped = prose_for_rustdoc(&text);
            let second = wrapped.lines().nth(1).unwrap_or("");
            assert!(!second.starts_with(hazard), "{hazard}: {wrapped}");
        }
        // A list item's continuation lines hang under its text; tables and headings stay whole.
        let item = format!("- {}", "word ".repeat(30).trim());
        assert!(prose_for_rustdoc(&item).lines().skip(1).all(|l| l.starts_with("  word")), "{item}");
        let row = format!("| {} |", "cell ".repeat(40));
        assert_eq!(prose_for_rustdoc(&row).lines().count(), 1);
    }
}
