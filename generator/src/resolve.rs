//! Resolve: the one place a `$ref` is followed, across files and to any JSON pointer.
//!
//! [`Sources`] holds every file a spec is made of, each read and parsed once, keyed by its
//! lexically normalized path. A reference is split into a file part (relative to the file it is
//! written in) and a fragment (an RFC 6901 pointer, percent-decoded as a URI fragment), and
//! [`Sources::follow`] walks chains of references (`{$ref: A}` whose target is `{$ref: B}`) to the
//! node that is not a reference, with one rule for depth and cycles. Everything after the bundling
//! step sees only `#/components/<section>/<name>` references, looked up by [`component_name`].

use crate::codes::Code;
use crate::diagnostics::{unescape_token, Diagnostics};
use crate::keys;
use crate::load;
use crate::schema_ids::{self, Identifiers};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// How a spec's files are read: the local file system, and remote (`http:`, `https:`) documents
/// only when the user supplies a reader for them.
pub trait Reader {
    /// The text of the local file `path`.
    fn read(&self, path: &Path) -> std::io::Result<String>;
    /// The text of the remote document `url`, or `None` when remote references are refused.
    fn read_remote(&self, url: &str) -> Option<Result<String, String>> {
        let _ = url;
        None
    }
}

/// Reads local files from disk and refuses remote ones.
pub struct FileSystem;

impl Reader for FileSystem {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        load::read_spec_file(path)
    }
}

/// One file of a spec.
pub struct SourceFile {
    /// Its path as written in diagnostics (normalized; a URL for a remote document).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its parsed tree; `None` when it did not parse (the reason is among the diagnostics).
    pub tree: Option<Value>,
}

/// Every file read for one spec, the root first.
pub struct Sources<'r> {
    /// The files, in the order they were first needed; index 0 is the root.
    pub files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, usize>,
    reader: &'r dyn Reader,
    /// Whether `$id`s and anchors take part in resolution (3.1 documents).
    schema_ids: bool,
    /// Each file's identifiers, indexed on first need.
    identifiers: HashMap<usize, Identifiers>,
    /// How many more unresolved references get a "did you mean" search (see [`SUGGESTIONS`]).
    suggestions_left: std::cell::Cell<usize>,
}

/// The most unresolved references of one spec searched for a near name. Each search compares the
/// name with every sibling; past this many (a broken spec, or a generated one), the references are
/// still reported, without a suggestion, so that reporting stays linear in the spec's size.
const SUGGESTIONS: usize = 100;

/// Where a reference leads: a file and a pointer inside it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    /// Index into [`Sources::files`].
    pub file: usize,
    /// RFC 6901 pointer inside that file (`""` for the whole file).
    pub pointer: String,
}

impl<'r> Sources<'r> {
    /// Sources whose root file `path` has the text `text`, parsed here.
    pub fn new(path: &Path, text: String, reader: &'r dyn Reader, diags: &mut Diagnostics) -> Self {
        let mut sources = Sources {
            files: Vec::new(),
            by_path: HashMap::new(),
            reader,
            schema_ids: false,
            identifiers: HashMap::new(),
            suggestions_left: std::cell::Cell::new(SUGGESTIONS),
        };
        sources.add(normalize(path), text, diags);
        sources
    }

    /// The root document's tree.
    pub fn root(&self) -> Option<&Value> {
        self.files.first().and_then(|f| f.tree.as_ref())
    }

    /// Frees every file's tree, keeping its text for locating diagnostics: once the spec is bundled
    /// into one document, nothing resolves against the files again, and on a large spec the trees
    /// are megabytes that later phases can reuse.
    pub fn drop_trees(&mut self) {
        self.files.iter_mut().for_each(|file| file.tree = None);
    }

    /// The node at `target`, when its file parsed and the pointer names a node.
    pub fn node(&self, target: &Target) -> Option<&Value> {
        keys::pointer(self.files.get(target.file)?.tree.as_ref()?, &target.pointer)
    }

    /// The path of file `file`, for diagnostics.
    pub fn path(&self, file: usize) -> PathBuf {
        self.files.get(file).map(|f| f.path.clone()).unwrap_or_default()
    }

    fn add(&mut self, path: PathBuf, text: String, diags: &mut Diagnostics) -> usize {
        let text = load::without_byte_order_mark(text);
        let mut file_diags = Diagnostics::default();
        let tree = load::parse(&text, &mut file_diags);
        for mut d in file_diags.0 {
            d.file = path.clone();
            diags.push(d);
        }
        let index = self.files.len();
        self.by_path.insert(path.clone(), index);
        self.files.push(SourceFile { path, text, tree });
        index
    }

    /// Lets `$id`s and anchors take part in resolving references (JSON Schema 2020-12, the
    /// schemas of a 3.1 document).
    pub fn read_schema_ids(&mut self) {
        self.schema_ids = true;
    }

    /// The target of the reference `reference`, written in the node at `site` of file `from`; an
    /// error message when it names nothing that can be read.
    pub fn target(
        &mut self,
        from: usize,
        site: &str,
        reference: &str,
        diags: &mut Diagnostics,
    ) -> Result<Target, Unresolved> {
        if let Some(target) = self.by_identifier(from, site, reference) {
            return Ok(target);
        }
        self.target_at(from, reference, diags, 0)
    }

    /// Turns `schema`'s `$dynamicRef` into the `$ref` it always equals: one whose fragment is a
    /// pointer, or names a `$dynamicAnchor` that at most one schema declares (no other resource
    /// can then be found in the dynamic scope). One whose anchor several declare stays, to be
    /// refused.
    pub fn static_dynamic_ref(&mut self, schema: &mut serde_json::Map<String, Value>) {
        let Some(reference) = schema.get("$dynamicRef").and_then(Value::as_str) else { return };
        if schema.contains_key("$ref") {
            return;
        }
        let fragment = reference.split_once('#').map_or("", |(_, fragment)| fragment);
        let is_static = fragment.is_empty() || fragment.starts_with('/') || {
            self.index_identifiers();
            self.identifiers.values().map(|ids| ids.dynamic_anchors(fragment)).sum::<usize>() <= 1
        };
        if is_static {
            if let Some(reference) = schema.remove("$dynamicRef") {
                schema.insert("$ref".into(), reference);
            }
        }
    }

    /// Indexes the identifiers of every file read so far (each once).
    fn index_identifiers(&mut self) {
        for file in 0..self.files.len() {
            if !self.identifiers.contains_key(&file) {
                let source = &self.files[file];
                let found = match &source.tree {
                    Some(tree) => Identifiers::of(tree, &source.text, &source.path),
                    None => Identifiers::default(),
                };
                self.identifiers.insert(file, found);
            }
        }
    }

    /// The target of `reference` when it names a schema by a `$id` or an anchor, or by a pointer
    /// inside a schema that has a `$id` (resolved against the base URI at `site`); `None` when no
    /// file declares identifiers, or the reference resolves as a plain file and pointer.
    fn by_identifier(&mut self, from: usize, site: &str, reference: &str) -> Option<Target> {
        if !self.schema_ids {
            return None;
        }
        self.index_identifiers();
        if self.identifiers.values().all(Identifiers::is_empty) {
            return None;
        }
        let base = schema_ids::base_at(self.files[from].tree.as_ref()?, &self.identifiers.get(&from)?.uri, site);
        let resolved = schema_ids::resolve(reference, &base)?;
        let (resource, fragment) = resolved.split_once('#').unwrap_or((&resolved, ""));
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        for file in 0..self.files.len() {
            let ids = self.identifiers.get(&file)?;
            let root = match ids.resource(resource) {
                Some(root) => root.to_string(),
                None if resource == ids.uri => String::new(),
                None => continue,
            };
            let pointer = if fragment.is_empty() {
                root
            } else if fragment.starts_with('/') {
                // A pointer below a schema with a `$id` is relative to that schema; one that names
                // nothing there is read from the document's root, as tools that ignore `$id` do.
                format!("{root}{fragment}")
            } else {
                ids.anchor(resource, &fragment)?.to_string()
            };
            let target = Target { file, pointer };
            return self.node(&target).is_some().then_some(target);
        }
        None
    }

    /// [`Sources::target`], `depth` references deep in pointers that pass through references.
    fn target_at(
        &mut self,
        from: usize,
        reference: &str,
        diags: &mut Diagnostics,
        depth: usize,
    ) -> Result<Target, Unresolved> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let pointer = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned();
        if !pointer.is_empty() && !pointer.starts_with('/') {
            if !self.schema_ids {
                return Err(Unresolved::new(format!(
                    "`{reference}` names the anchor `{pointer}`; OpenAPI 3.0 reads only JSON-pointer fragments (`#/...`)"
                )));
            }
            let hint = self.suggestion().then(|| {
                let names: Vec<&str> = self.identifiers.values().flat_map(Identifiers::anchor_names).collect();
                crate::check::closest(&pointer, &names).map(|near| format!("did you mean `#{near}`?"))
            });
            return Err(Unresolved {
                code: Code::UnresolvedRef,
                message: format!("`{reference}` names the anchor `{pointer}`, which no schema declares (`$anchor`)"),
                hint: hint.flatten(),
            });
        }
        let file = if file_part.is_empty() { from } else { self.file(from, file_part, diags)? };
        let target = Target { file, pointer };
        if self.files[file].tree.is_none() {
            return Err(Unresolved::new(format!("`{reference}` is in a file that could not be read as YAML or JSON")));
        }
        if self.node(&target).is_some() {
            return Ok(target);
        }
        match self.through_refs(&target, diags, depth) {
            Some(found) => Ok(found),
            None => Err(self.missing(reference, &target)),
        }
    }

    /// A pointer that passes through a `$ref` (`.../items/allOf/0/properties/x` where `items` is a
    /// reference) names the node below the reference's target: real specs write such pointers, and
    /// they have one reading.
    fn through_refs(&mut self, target: &Target, diags: &mut Diagnostics, depth: usize) -> Option<Target> {
        if depth > 16 {
            return None;
        }
        let tokens: Vec<&str> = target.pointer.split('/').skip(1).collect();
        let mut node = self.files[target.file].tree.as_ref()?;
        for (i, token) in tokens.iter().enumerate() {
            let unescaped = unescape_token(token);
            let child = match node {
                Value::Object(map) => map.get(&unescaped),
                Value::Array(items) => unescaped.parse::<usize>().ok().and_then(|n| items.get(n)),
                _ => None,
            };
            match child {
                Some(child) => node = child,
                None => {
                    let reference = node.get("$ref")?.as_str()?.to_string();
                    let rest: String = tokens[i..].iter().map(|t| format!("/{t}")).collect();
                    let base = self.target_at(target.file, &reference, diags, depth + 1).ok()?;
                    let next = Target { file: base.file, pointer: format!("{}{rest}", base.pointer) };
                    return if self.node(&next).is_some() {
                        Some(next)
                    } else {
                        self.through_refs(&next, diags, depth + 1)
                    };
                }
            }
        }
        None
    }

    /// The index of the file `reference` names relative to file `from`, read and parsed on first
    /// use.
    fn file(&mut self, from: usize, reference: &str, diags: &mut Diagnostics) -> Result<usize, Unresolved> {
        if let Some((scheme, _)) = reference.split_once("://") {
            let url = reference.to_string();
            if let Some(&index) = self.by_path.get(Path::new(&url)) {
                return Ok(index);
            }
            if !matches!(scheme, "http" | "https") {
                return Err(Unresolved::new(format!(
                    "`{reference}` uses the scheme `{scheme}:`, which is not supported"
                )));
            }
            return match self.reader.read_remote(&url) {
                None => Err(Unresolved {
                    code: Code::UnresolvedRef,
                    message: format!("`{reference}` is a remote reference, and remote references are refused"),
                    hint: Some(
                        "bundle the document, or opt in with a `Reader` that fetches (`openapi_forge_build::generate_from`)"
                            .into(),
                    ),
                }),
                Some(Err(err)) => Err(Unresolved::new(format!("`{reference}` could not be fetched: {err}"))),
                Some(Ok(text)) => Ok(self.add(PathBuf::from(url), text, diags)),
            };
        }
        let base = self.files[from].path.parent().map(Path::to_path_buf).unwrap_or_default();
        let path = normalize(&base.join(reference));
        if let Some(&index) = self.by_path.get(&path) {
            return Ok(index);
        }
        match self.reader.read(&path) {
            Ok(text) => Ok(self.add(path, text, diags)),
            Err(err) => Err(Unresolved::new(format!(
                "`{reference}` names the file {}, which cannot be read: {err}",
                path.display()
            ))),
        }
    }

    /// Whether one more unresolved reference may be searched for a near name (and counts it).
    fn suggestion(&self) -> bool {
        let left = self.suggestions_left.get();
        self.suggestions_left.set(left.saturating_sub(1));
        left > 0
    }

    /// Why `target` names nothing, with the closest existing name when there is one (for the first
    /// [`SUGGESTIONS`] references that name nothing).
    fn missing(&self, reference: &str, target: &Target) -> Unresolved {
        let message = format!("`{reference}` does not resolve: nothing is at `{}`", target.pointer);
        let mut hint = None;
        if !self.suggestion() {
            return Unresolved { code: Code::UnresolvedRef, message, hint };
        }
        if let Some((parent, name)) = target.pointer.rsplit_once('/') {
            let parent = Target { file: target.file, pointer: parent.to_string() };
            if let Some(siblings) = self.node(&parent).and_then(Value::as_object) {
                let names: Vec<&str> = siblings.keys().map(String::as_str).collect();
                if let Some(near) = crate::check::closest(name, &names) {
                    let file =
                        if target.file == 0 { String::new() } else { self.path(target.file).display().to_string() };
                    hint = Some(format!("did you mean `{file}#{}/{near}`?", parent.pointer));
                }
            }
        }
        Unresolved { code: Code::UnresolvedRef, message, hint }
    }

    /// Every file read, for `cargo:rerun-if-changed` (remote documents left out).
    pub fn local_paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|f| f.path.clone()).filter(|p| !p.to_string_lossy().contains("://")).collect()
    }
}

/// Why a reference names nothing.
#[derive(Debug)]
pub struct Unresolved {
    /// What kind of problem it is.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// The closest name there is, or how to get on.
    pub hint: Option<String>,
}

impl Unresolved {
    /// A reference that names nothing, or what may not be read, without a hint.
    pub fn new(message: String) -> Self {
        Unresolved { code: Code::UnresolvedRef, message, hint: None }
    }
}

/// True for `{ "$ref": ... }` with nothing beside it but extensions.
pub fn is_bare_ref(map: &serde_json::Map<String, Value>) -> bool {
    map.get("$ref").is_some_and(Value::is_string) && map.keys().all(|k| k == "$ref" || k.starts_with("x-"))
}

/// `path` with `.` and `..` components folded lexically, so that one file read through two
/// relative spellings is one file.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The component name a bundled reference `#/components/<section>/<name>` names.
pub fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    Some(unescape_token(rest))
}
