//! Path segments that hold several parameters (`{from}-{to}`), which axum's router matches as
//! one: how the admission splits them.

/// A path segment of several parameters, each parted from the one before by literal text
/// (`{from}-{to}`, `{name}.{format}`, `f(a={a},b={b})`): axum matches the segment, after its
/// literal prefix, as the first parameter, and the admission splits the segment as sent (each
/// part then percent-decoded, so that a client that escapes `-` in a value as `%2D` is read
/// exactly). Each parameter but the
/// first takes the text after the last occurrence of the text before it, as a greedy regular
/// expression (`(.+)\.(.+)`) reads it: `report.v2.csv` is `report.v2` and `csv`. No parameter is
/// empty; a segment that does not split so is a path no operation has.
#[derive(Debug)]
pub struct PathSplit {
    /// The first parameter, the one axum matched.
    pub param: &'static str,
    /// Each further parameter, `(text before it, name)`.
    pub more: &'static [(&'static str, &'static str)],
    /// The literal text after the last parameter.
    pub suffix: &'static str,
}

impl PathSplit {
    /// The values of the segment's parameters in order, the first one's included, or `None` when
    /// `value` (the segment as sent, after its literal prefix) does not split.
    pub fn split<'v>(&self, value: &'v str) -> Option<Vec<&'v str>> {
        let mut rest = value.strip_suffix(self.suffix)?;
        let mut values = Vec::with_capacity(self.more.len() + 1);
        // From the right: each parameter after the first takes the text after the last
        // occurrence of the text before it that leaves it a character.
        for (text, _) in self.more.iter().rev() {
            let last = rest.chars().next_back()?.len_utf8();
            let at = rest[..rest.len() - last].rfind(text)?;
            values.push(&rest[at + text.len()..]);
            rest = &rest[..at];
        }
        if rest.is_empty() {
            return None;
        }
        values.push(rest);
        values.reverse();
        Some(values)
    }
}

#[cfg(test)]
mod tests {
    use super::PathSplit;

    #[test]
    fn a_segment_of_several_parameters_splits_at_the_last_text_before_each() {
        let file = PathSplit { param: "name", more: &[(".", "format")], suffix: "" };
        assert_eq!(file.split("report.v2.csv"), Some(vec!["report.v2", "csv"]));
        assert_eq!(file.split("52.5.png"), Some(vec!["52.5", "png"]));
        for refused in ["report.", ".csv", ".", "report", "", "é"] {
            assert_eq!(file.split(refused), None, "{refused:?}");
        }
        let range = PathSplit { param: "from", more: &[("-", "to")], suffix: "" };
        assert_eq!(range.split("1-2"), Some(vec!["1", "2"]));
        assert_eq!(range.split("-1-2"), Some(vec!["-1", "2"]));
        assert_eq!(range.split("1--2"), Some(vec!["1-", "2"]));
        let call = PathSplit { param: "a", more: &[(",b=", "b")], suffix: ")" };
        assert_eq!(call.split("x,b=y)"), Some(vec!["x", "y"]));
        assert_eq!(call.split("é,b=ü,b=ß)"), Some(vec!["é,b=ü", "ß"]));
        assert_eq!(call.split("x,b=y"), None);
        assert_eq!(call.split("x,b=)"), None);
        let three = PathSplit { param: "name", more: &[(".", "group"), ("-", "ext")], suffix: ".gz" };
        assert_eq!(three.split("a.b.c-d-e.gz"), Some(vec!["a.b", "c-d", "e"]));
        assert_eq!(three.split("a-b.gz"), None);
        assert_eq!(three.split(".b-c.gz"), None);
    }
}
