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
    /// The segment's place in the request's path, as `str::split('/')` counts it.
    pub segment: usize,
    /// The literal text before the first parameter (`f(a=`), which axum matched as written.
    pub prefix: &'static str,
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
        // occurrence of the text before it that leaves it a character and cuts no escape.
        for (text, _) in self.more.iter().rev() {
            let last = rest.chars().next_back()?.len_utf8();
            let searched = &rest[..rest.len() - last];
            let whole = |at: usize| !inside_escape(rest, at) && !inside_escape(rest, at + text.len());
            let at = searched.rmatch_indices(text).map(|(at, _)| at).find(|at| whole(*at))?;
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

/// Whether byte `at` of `text` falls inside an escape (`%2D`), after its `%`: a literal text
/// there would cut it.
fn inside_escape(text: &str, at: usize) -> bool {
    let escape_at = |start: usize| {
        let bytes = text.as_bytes();
        bytes.get(start) == Some(&b'%')
            && bytes.get(start + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(start + 2).is_some_and(u8::is_ascii_hexdigit)
    };
    (at >= 1 && escape_at(at - 1)) || (at >= 2 && escape_at(at - 2))
}

#[cfg(test)]
mod tests {
    use super::PathSplit;

    #[test]
    fn a_segment_of_several_parameters_splits_at_the_last_text_before_each() {
        let file = PathSplit { segment: 1, prefix: "", param: "name", more: &[(".", "format")], suffix: "" };
        assert_eq!(file.split("report.v2.csv"), Some(vec!["report.v2", "csv"]));
        assert_eq!(file.split("52.5.png"), Some(vec!["52.5", "png"]));
        for refused in ["report.", ".csv", ".", "report", "", "é"] {
            assert_eq!(file.split(refused), None, "{refused:?}");
        }
        let range = PathSplit { segment: 1, prefix: "", param: "from", more: &[("-", "to")], suffix: "" };
        assert_eq!(range.split("1-2"), Some(vec!["1", "2"]));
        assert_eq!(range.split("-1-2"), Some(vec!["-1", "2"]));
        assert_eq!(range.split("1--2"), Some(vec!["1-", "2"]));
        let call = PathSplit { segment: 1, prefix: "", param: "a", more: &[(",b=", "b")], suffix: ")" };
        assert_eq!(call.split("x,b=y)"), Some(vec!["x", "y"]));
        assert_eq!(call.split("é,b=ü,b=ß)"), Some(vec!["é,b=ü", "ß"]));
        assert_eq!(call.split("x,b=y"), None);
        assert_eq!(call.split("x,b=)"), None);
        let three =
            PathSplit { segment: 1, prefix: "", param: "name", more: &[(".", "group"), ("-", "ext")], suffix: ".gz" };
        assert_eq!(three.split("a.b.c-d-e.gz"), Some(vec!["a.b", "c-d", "e"]));
        assert_eq!(three.split("a-b.gz"), None);
        assert_eq!(three.split(".b-c.gz"), None);
    }
}

/// What the client joins, the split reads back: any values, any literal text between them.
#[cfg(all(test, feature = "client"))]
mod round_trip {
    use super::PathSplit;
    use crate::client::encode::{fill_path, segment};

    const TEXTS: &[&str] = &["-", ".", ",", ":", "_", "~", ",b=", "x", "-v", "2", "é", "--"];

    proptest::proptest! {
        #[test]
        fn the_split_of_what_the_client_sends_gives_its_values_back(
            values in proptest::collection::vec("[-._~a-z0-9,:=%é/ ]{1,6}", 2..4),
            texts in proptest::collection::vec(proptest::sample::select(TEXTS), 3),
            suffix in proptest::sample::select(vec!["", ")", ".json", "x"]),
        ) {
            let names = ["a", "b", "c"];
            let mut template = String::from("/r/p({a}");
            let mut more = Vec::new();
            for (i, text) in texts.iter().enumerate().take(values.len() - 1) {
                template.push_str(&format!("{text}{{{}}}", names[i + 1]));
                more.push((*text, names[i + 1]));
            }
            template.push_str(suffix);
            let filled: Vec<(&'static str, String)> =
                names.iter().zip(&values).map(|(name, value)| (*name, segment(value))).collect();
            let path = fill_path(&template, &filled).unwrap();
            let sent = path.strip_prefix("/r/p(").unwrap();
            let more: &'static [(&'static str, &'static str)] = Box::leak(more.into_boxed_slice());
            let split = PathSplit { segment: 1, prefix: "", param: "a", more, suffix };
            let parts = split.split(sent).unwrap_or_default();
            let decoded: Vec<String> = parts
                .iter()
                .map(|part| percent_encoding::percent_decode_str(part).decode_utf8().unwrap().into_owned())
                .collect();
            proptest::prop_assert_eq!(decoded, values, "{} from {}", path, template);
        }

        /// Any text sent: never a panic, and a split gives non-empty parts that, joined by the
        /// literal texts, are the text.
        #[test]
        fn any_text_splits_into_what_it_is_made_of(sent in "[-.,=%2Dé()a]{0,12}") {
            static SPLIT: PathSplit = PathSplit { segment: 1, prefix: "", param: "a", more: &[("-", "b"), (",=", "c")], suffix: ")" };
            if let Some(parts) = SPLIT.split(&sent) {
                proptest::prop_assert!(parts.iter().all(|part| !part.is_empty()));
                let joined = format!("{}-{},={})", parts[0], parts[1], parts[2]);
                proptest::prop_assert_eq!(joined, sent);
            }
        }
    }
}
