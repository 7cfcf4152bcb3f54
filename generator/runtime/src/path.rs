//! The location of a value inside a document, built on the stack while validating and rendered as an
//! RFC 6901 JSON pointer only when a violation needs it, so the success path allocates nothing.

use std::fmt::{self, Write};

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
        let mut out = String::new();
        self.write_pointer(&mut out);
        out
    }

    fn write_pointer(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_pointer(out);
                out.push('/');
                for ch in key.chars() {
                    match ch {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        _ => out.push(ch),
                    }
                }
            }
            Path::Index(parent, index) => {
                parent.write_pointer(out);
                // Writing to a String cannot fail.
                let _ = write!(out, "/{index}");
            }
        }
    }
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
}
