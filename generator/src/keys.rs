//! Looking up a key of one of the document's objects. serde_json's map keeps the spec's order (an
//! `IndexMap`) and hashes every key looked up with SipHash; a schema object has a handful of keys,
//! which a scan compares faster. The checks and slips look up some twenty keywords in each schema:
//! hashing them was a fifth of a lint of nexus.

use serde_json::{Map, Value};

/// Up to this many keys, a scan beats a hash (a key comparison is a length test and a short
/// `memcmp`; SipHash of a keyword costs about as much as eight of them).
const SCANNED: usize = 8;

/// The value of `key` in `map`.
pub fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() <= SCANNED {
        map.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        map.get(key)
    }
}

/// The value of `key` in `map`, to change.
pub fn get_mut<'a>(map: &'a mut Map<String, Value>, key: &str) -> Option<&'a mut Value> {
    if map.len() <= SCANNED {
        map.iter_mut().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        map.get_mut(key)
    }
}

/// The node `pointer` (a JSON pointer, RFC 6901) names in `value`: serde_json's `Value::pointer`,
/// whose every token is unescaped by two `replace`s and looked up by a hash; `$ref`s are followed
/// through here thousands of times per spec.
pub fn pointer<'a>(value: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    let mut node = value;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = match token.contains('~') {
            true => std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~")),
            false => std::borrow::Cow::Borrowed(token),
        };
        node = match node {
            Value::Object(map) => get(map, &token)?,
            // serde_json's indexes: digits only, no leading zero.
            Value::Array(items) if token == "0" || !token.starts_with(['0', '+']) => {
                items.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

/// Whether `map` has `key`.
pub fn has(map: &Map<String, Value>, key: &str) -> bool {
    get(map, key).is_some()
}

/// The JSON trees of the vendors' documents in ../shared (none when it is absent, except under CI,
/// where its absence fails): input nobody here wrote, for the tests of this module and of `names`.
#[cfg(test)]
pub(crate) fn vendor_trees() -> Vec<(std::path::PathBuf, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs-corpus/vendors");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{} is absent under CI", dir.display());
        eprintln!("SKIPPED: {} is absent (the shared reference data sits beside the repo)", dir.display());
        return Vec::new();
    };
    let mut files: Vec<_> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    assert!(!files.is_empty(), "no vendor documents under {}", dir.display());
    files
        .into_iter()
        .map(|file| (file.clone(), serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{get, get_mut, has, pointer};

    #[test]
    fn scanned_and_hashed_maps_answer_alike() {
        for size in [0, 1, 2, 8, 9, 40] {
            let map: serde_json::Map<String, serde_json::Value> =
                (0..size).map(|i| (format!("k{i}"), i.into())).collect();
            for i in 0..size + 2 {
                let key = format!("k{i}");
                assert_eq!(get(&map, &key), map.get(&key), "{size} keys, {key}");
                assert_eq!(has(&map, &key), map.contains_key(&key));
                let mut changed = map.clone();
                if let Some(value) = get_mut(&mut changed, &key) {
                    *value = "changed".into();
                }
                assert_eq!(changed.get(&key).is_some_and(|v| v == "changed"), map.contains_key(&key));
            }
            assert!(!has(&map, "k"), "a prefix is not a key");
        }
    }

    #[test]
    fn pointers_name_what_serde_json_names() {
        let doc = serde_json::json!({
            "a": {"b/c": [10, {"~d": true}], "": {"e": null}},
            "big": (0..20).map(|i| (format!("k{i}"), serde_json::Value::from(i))).collect::<serde_json::Map<_, _>>(),
        });
        let pointers = [
            "",
            "/",
            "/a",
            "/a/b~1c",
            "/a/b~1c/0",
            "/a/b~1c/1/~0d",
            "/a/b~1c/01",
            "/a/b~1c/+1",
            "/a/b~1c/2",
            "/a/b~1c/-1",
            "/a//e",
            "/a/",
            "/big/k19",
            "/big/k20",
            "a",
            "/a/b~1c/0/x",
            "/a/b~01c",
            "/a/b~1c/1/~01d",
            "/a/b~1c/18446744073709551616",
        ];
        for p in pointers {
            assert_eq!(pointer(&doc, p), doc.pointer(p), "{p:?}");
        }
    }

    /// Every node of every vendor document, named by its pointer (escapes included), is found as
    /// serde_json finds it, and so is every local `$ref` the documents hold.
    #[test]
    fn pointers_name_what_serde_json_names_in_the_vendors_documents() {
        fn walk(value: &serde_json::Value, pointer: String, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(members) => {
                    for (key, member) in members {
                        if key == "$ref" {
                            if let Some(target) = member.as_str().and_then(|r| r.strip_prefix('#')) {
                                out.push(target.to_owned());
                            }
                        }
                        walk(member, format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), out);
                    }
                }
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        walk(item, format!("{pointer}/{i}"), out);
                    }
                }
                _ => {}
            }
            out.push(pointer);
        }
        for (file, doc) in super::vendor_trees() {
            let mut pointers = Vec::new();
            walk(&doc, String::new(), &mut pointers);
            for p in &pointers {
                // The same node (by address), or both none (a `$ref` whose target is absent).
                let (ours, theirs) = (pointer(&doc, p), doc.pointer(p));
                assert_eq!(ours.map(|v| v as *const _), theirs.map(|v| v as *const _), "{}: {p:?}", file.display());
            }
            eprintln!("{}: {} pointers agree", file.display(), pointers.len());
        }
    }
}
