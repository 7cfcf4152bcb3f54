//! The location of a value inside a document, built on the stack while validating and rendered as an
//! RFC 6901 JSON pointer only when a violation needs it, so the success path allocates nothing.

use std::fmt;

/// A location in a JSON document: the root, or a property or item below a parent location.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The document itself (pointer `""`).
    Root,
    /// The property `key` of the object at `parent`.
    Key(&'a Path<'a>, &'a str),
    /// The item `index` of the array at `parent`.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The property `key` below this location.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The array item `index` below this location.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// The RFC 6901 JSON pointer of this location (`~` and `/` escaped as `~0` and `~1`).
    pub fn pointer(&self) -> String {
        // Sized first, so the pointer is written into one allocation of its exact length.
        let mut out = String::with_capacity(self.pointer_len());
        self.write_pointer(&mut out);
        out
    }

    fn pointer_len(&self) -> usize {
        match self {
            Path::Root => 0,
            Path::Key(parent, key) => {
                let escapes = key.bytes().filter(|b| matches!(b, b'~' | b'/')).count();
                parent.pointer_len() + 1 + key.len() + escapes
            }
            Path::Index(parent, index) => parent.pointer_len() + 1 + decimal_digits(*index),
        }
    }

    fn write_pointer(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_pointer(out);
                out.push('/');
                if key.contains(['~', '/']) {
                    out.push_str(&escape_token(key));
                } else {
                    out.push_str(key);
                }
            }
            Path::Index(parent, index) => {
                parent.write_pointer(out);
                out.push('/');
                // Without the formatting machinery: indexes are in most pointers of a report.
                out.push_str(itoa::Buffer::new().format(*index));
            }
        }
    }
}

/// One reference token escaped for an RFC 6901 pointer (`~` → `~0`, `/` → `~1`): the one home of
/// the rule, which the generator's diagnostics use too.
pub fn escape_token(token: &str) -> String {
    // Most tokens need nothing; `replace` would search each twice.
    if !token.contains(['~', '/']) {
        return token.to_owned();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_token`].
pub fn unescape_token(token: &str) -> String {
    if !token.contains('~') {
        return token.to_owned();
    }
    token.replace("~1", "/").replace("~0", "~")
}

fn decimal_digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pointer())
    }
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn pointers_escape_and_nest() {
        let root = Path::Root;
        let a = root.key("application_ids");
        let b = a.index(3);
        assert_eq!(b.pointer(), "/application_ids/3");
        let odd = root.key("a/b~c");
        assert_eq!(odd.pointer(), "/a~1b~0c");
        assert_eq!(root.pointer(), "");
    }

    #[test]
    fn indexes_are_written_in_decimal_into_a_pointer_of_exact_size() {
        let root = Path::Root;
        for index in [0, 7, 9, 10, 99, 100, 1_234_567, usize::MAX] {
            let key = root.key("a~/b");
            let item = key.index(index);
            let pointer = item.pointer();
            assert_eq!(pointer, format!("/a~0~1b/{index}"));
            assert_eq!(pointer.capacity(), pointer.len(), "one allocation of the exact length");
        }
    }
}
