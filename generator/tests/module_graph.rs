//! No crate of this repository has an import circle: no module imports from a module that imports
//! it, directly or through others (the claim of `generator/README.md`). Read from the source: every
//! `crate::name` and `super::name` path outside test modules is an edge, and so is a parent's
//! declaration of a child module (a child that imports its parent's items closes a circle).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`emit::routes`) → the source file's text, test modules cut off, for the crate whose
/// sources are in `src` (relative to the generator).
fn modules(src: &str) -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(src);
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut name = rel.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "::");
            if let Some(parent) = name.strip_suffix("::mod") {
                name = parent.to_string();
            }
            // A test module in a file of its own (`#[cfg(test)] mod tests;`) is cut like an inline one.
            if name == "lib" || name == "main" || name == "tests" || name.ends_with("::tests") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Only the test module is cut (`#[cfg(test)]`, or a `cfg(all(test, ...))` of one): a
            // `#[cfg(test)]` item elsewhere must not hide the rest.
            let test_module = text.match_indices("\nmod tests {").find_map(|(at, _)| {
                let attribute = text[..at].lines().last().unwrap_or("");
                (attribute.starts_with("#[cfg(") && attribute.contains("test")).then_some(at)
            });
            let text = match test_module {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            out.insert(name, text);
        }
    }
    out
}

/// The module paths that follow `prefix` in `text`, each cut to the longest known module.
fn edges(text: &str, prefix: &str, base: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        // `crate::{a, b::c}` names several.
        let paths: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            group.split(',').map(|p| p.trim().to_string()).collect()
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            vec![rest[..end].to_string()]
        };
        for path in paths {
            let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let found = (1..=segments.len()).rev().find_map(|len| {
                let candidate = join(base, &segments[..len].join("::"));
                known.contains(&candidate).then_some(candidate)
            });
            match found {
                Some(module) => {
                    out.insert(module);
                }
                // `super::Item`: an item of the parent module itself.
                None if !base.is_empty() && !segments.is_empty() => {
                    out.insert(base.to_string());
                }
                None => {}
            }
        }
    }
    out
}

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}::{name}")
    }
}

/// The children a module declares (`mod routes;`), which it dispatches to.
fn children(name: &str, text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("mod ").or_else(|| l.trim().strip_prefix("pub mod ")))
        .filter_map(|l| l.strip_suffix(';'))
        .map(|child| join(name, child))
        .collect()
}

/// Module → the modules it imports from or declares.
fn graph(modules: &BTreeMap<String, String>) -> BTreeMap<&str, BTreeSet<String>> {
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut graph: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in modules {
        let parent = name.rsplit_once("::").map_or("", |(p, _)| p);
        let mut deps = edges(text, "crate::", "", &known);
        deps.extend(edges(text, "super::", parent, &known));
        deps.extend(children(name, text).into_iter().filter(|c| known.contains(c)));
        deps.remove(name);
        graph.insert(name, deps);
    }
    graph
}

/// Every circle of `graph`, each as the trail that closes it.
fn circles(graph: &BTreeMap<&str, BTreeSet<String>>) -> Vec<String> {
    let mut circles = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`: reaching it again is a circle.
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in graph.get(at).into_iter().flatten() {
                if next == start {
                    circles.push(trail.join(" → ") + " → " + start);
                } else if seen.insert(next.as_str()) {
                    let mut trail = trail.clone();
                    trail.push(next);
                    stack.push((next, trail));
                }
            }
        }
    }
    circles
}

#[test]
fn no_module_of_the_generator_imports_from_a_module_that_imports_it() {
    let modules = modules("src");
    let graph = graph(&modules);
    assert!(graph.contains_key("pipeline") && graph.contains_key("emit::routes"), "the scan found the modules");
    assert!(graph["pipeline"].contains("api"), "the scan reads edges: {:?}", graph["pipeline"]);
    assert!(graph["emit"].contains("emit::routes"), "the scan reads declared children: {:?}", graph["emit"]);
    assert!(graph["emit::routes"].contains("emit::tokens"), "the scan reads super paths: {:?}", graph["emit::routes"]);
    let circles = circles(&graph);
    assert!(circles.is_empty(), "import circles:\n{}", circles.join("\n"));
}

#[test]
fn no_module_of_the_runtime_imports_from_a_module_that_imports_it() {
    let modules = modules("runtime/src");
    let graph = graph(&modules);
    assert!(graph.contains_key("http::server") && graph.contains_key("client::call"), "the scan found the modules");
    let circles = circles(&graph);
    assert!(circles.is_empty(), "import circles:\n{}", circles.join("\n"));
}

#[test]
fn no_module_of_the_command_line_or_the_reference_server_imports_from_a_module_that_imports_it() {
    for src in ["cli/src", "../src"] {
        let modules = modules(src);
        assert!(!modules.is_empty(), "{src}: the scan found the modules");
        let circles = circles(&graph(&modules));
        assert!(circles.is_empty(), "{src}: import circles:\n{}", circles.join("\n"));
    }
}
