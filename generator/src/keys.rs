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

/// Whether `map` has `key`.
pub fn has(map: &Map<String, Value>, key: &str) -> bool {
    get(map, key).is_some()
}

#[cfg(test)]
mod tests {
    use super::{get, get_mut, has};

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
}
