//! Path templates: the one reading of a `paths` key, shared by the checks (which parameters a
//! template names) and the lowering (the route axum is given).
//!
//! Real specs write templates axum's router cannot take as they are, and each has one reading:
//! - text after a parameter in its segment (`/Accounts/{Sid}.json`): axum matches the whole
//!   segment as the parameter and the handler strips the suffix (a request without it is a 404);
//! - a fragment (`/files/{id}#add_link`, used to tell operations apart): not part of any request
//!   path, so it is left out of the route;
//! - Express-style parameters (`/users/:id`): read as `{id}`;
//! - a query string (`/search?query={query}`): not part of the path, so it is left out of the
//!   route; the names braced in it are query parameters;
//! - several parameters in one segment, each pair parted by literal text (`{from}-{to}`,
//!   `{name}.{format}`, Microsoft Graph's `f(a={a},b={b})`): axum matches the segment as the first
//!   parameter and the handler splits it as a greedy regular expression would (`report.v2.csv` is
//!   `report.v2` and `csv`; see `rt::http::PathSplit`).
//!
//! What has no reading (two parameters with nothing between them, `{a}{b}`; an unclosed brace) is
//! not routed.

use crate::ir::PathSplit;

/// One segment of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Literal text.
    Literal(String),
    /// A parameter, with the literal text before and after it in the segment; `more` are the
    /// further parameters of the segment, each after the literal text that parts it from the one
    /// before, `(text, name)`, and `suffix` the text after the last of them.
    Param { prefix: String, name: String, more: Vec<(String, String)>, suffix: String },
    /// Two parameters with nothing between them, or an unclosed brace: no route can match it.
    Unroutable(String),
}

/// A parsed path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The segments after the leading `/`.
    pub segments: Vec<Segment>,
    /// The fragment that was dropped (`add_link`), if any.
    pub fragment: Option<String>,
    /// The query string that was dropped (`query={query}`), if any.
    pub query: Option<String>,
    /// Express-style `:name` segments were read as `{name}`.
    pub express: bool,
}

/// What a template says beside the declared path parameters (see [`Template::reconcile`]).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reconciliation {
    /// Braced in the template, not declared.
    pub undeclared: Vec<String>,
    /// Declared, not in the template.
    pub absent: Vec<String>,
    /// Declared as path parameters, braced in the path key's query string (`?city={city}`): query
    /// parameters, as the template places them.
    pub in_query: Vec<String>,
}

impl Template {
    /// Parses the `paths` key `path`.
    pub fn parse(path: &str) -> Template {
        let (path, fragment) = match path.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (path, None),
        };
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query.to_string())),
            None => (path, None),
        };
        let mut express = false;
        let segments = path
            .split('/')
            .skip(1)
            .map(|segment| {
                if let Some(name) = segment.strip_prefix(':').filter(|n| !n.is_empty() && !n.contains(['{', '}'])) {
                    express = true;
                    return Segment::Param {
                        prefix: String::new(),
                        name: name.to_string(),
                        more: Vec::new(),
                        suffix: String::new(),
                    };
                }
                parse_segment(segment)
            })
            .collect();
        Template { segments, fragment, query, express }
    }

    /// The names of the parameters, in order (those of unroutable segments included).
    pub fn params(&self) -> Vec<String> {
        let mut names = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Param { name, more, .. } => {
                    names.push(name.clone());
                    names.extend(more.iter().map(|(_, name)| name.clone()));
                }
                Segment::Unroutable(text) => names.extend(braced_names(text)),
                Segment::Literal(_) => {}
            }
        }
        names
    }

    /// The template against the declared path parameters, the one reading the checks warn of and
    /// the lowering applies: the names it braces that nobody declared (each a string path
    /// parameter, in the template's order), and the declared names it lacks (left out, since no
    /// request path carries them; sorted).
    pub fn reconcile<'a>(&self, declared: impl IntoIterator<Item = &'a str>) -> Reconciliation {
        let declared: std::collections::BTreeSet<&str> = declared.into_iter().collect();
        let braced = self.params();
        let mut undeclared: Vec<String> = Vec::new();
        for name in &braced {
            if !declared.contains(name.as_str()) && !undeclared.contains(name) {
                undeclared.push(name.clone());
            }
        }
        let query = self.query_params();
        let (in_query, absent) = declared
            .iter()
            .filter(|n| !braced.iter().any(|b| b == **n))
            .map(|n| n.to_string())
            .partition(|n| query.contains(n));
        Reconciliation { undeclared, absent, in_query }
    }

    /// The names braced in the query string (`{query}` in `?query={query}`), in order.
    pub fn query_params(&self) -> Vec<String> {
        self.query.as_deref().map(braced_names).unwrap_or_default()
    }

    /// The route axum is given (`{name}` for a whole segment, suffixes stripped and further
    /// parameters split off by the handler), or `None` when a segment cannot be matched.
    pub fn route(&self) -> Option<String> {
        let mut route = String::new();
        for segment in &self.segments {
            route.push('/');
            match segment {
                Segment::Literal(text) => route.push_str(text),
                Segment::Param { prefix, name, .. } => {
                    route.push_str(prefix);
                    route.push('{');
                    route.push_str(name);
                    route.push('}');
                }
                Segment::Unroutable(_) => return None,
            }
        }
        if route.is_empty() {
            route.push('/');
        }
        Some(route)
    }

    /// The path a client fills and sends: every parameter as `{name}` (Express-style ones
    /// included), suffixes and literal text as written, the fragment left out.
    pub fn request_path(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) | Segment::Unroutable(text) => path.push_str(text),
                Segment::Param { prefix, name, more, suffix } => {
                    path.push_str(prefix);
                    for (text, name) in std::iter::once(("", name)).chain(more.iter().map(|(t, n)| (t.as_str(), n))) {
                        path.push_str(text);
                        path.push('{');
                        path.push_str(name);
                        path.push('}');
                    }
                    path.push_str(suffix);
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        if let Some(query) = self.literal_query() {
            path.push('?');
            path.push_str(&query);
        }
        path
    }

    /// The pairs of the query string in the path key that hold no braced name (`type=a` in
    /// `/things?type=a&q={q}`), which the client sends as written: those whose every byte may
    /// stand in a URL's query as it is (others are left out).
    pub fn literal_query(&self) -> Option<String> {
        let query = self.query.as_deref()?;
        let allowed = |b: u8| b.is_ascii_graphic() && !b"\"#<>\\^`{|}".contains(&b);
        let pairs: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && pair.bytes().all(allowed)).collect();
        (!pairs.is_empty()).then(|| pairs.join("&"))
    }

    /// The `name=value` pairs of the path key's query string that hold no braced name, the value
    /// decoded as a form decodes it (`method=flickr.groups.getInfo` in `/rest?method=...`).
    pub fn literal_pairs(&self) -> Vec<(String, String)> {
        let Some(query) = self.literal_query() else { return Vec::new() };
        let decode = |text: &str| {
            let text = text.replace('+', " ");
            percent_encoding::percent_decode_str(&text).decode_utf8_lossy().into_owned()
        };
        query.split('&').filter_map(|pair| pair.split_once('=')).map(|(n, v)| (decode(n), decode(v))).collect()
    }

    /// The route's shape, the same for two templates that match the same requests (parameter
    /// names and suffixes erased: axum sees `/a/{x}` for both `/a/{id}` and `/a/{id}.json`).
    pub fn shape(&self) -> Option<String> {
        let mut shape = String::new();
        for segment in &self.segments {
            shape.push('/');
            match segment {
                Segment::Literal(text) => shape.push_str(text),
                Segment::Param { prefix, .. } => {
                    shape.push_str(prefix);
                    shape.push_str("{}");
                }
                Segment::Unroutable(_) => return None,
            }
        }
        Some(shape)
    }

    /// Each parameter alone in its segment that has text after it, with that text.
    pub fn suffixes(&self) -> Vec<(String, String)> {
        self.segments
            .iter()
            .filter_map(|s| match s {
                Segment::Param { name, more, suffix, .. } if more.is_empty() && !suffix.is_empty() => {
                    Some((name.clone(), suffix.clone()))
                }
                _ => None,
            })
            .collect()
    }

    /// Each segment of several parameters, to be split by the handler: the first parameter (the
    /// one axum matches), the further ones after their literal text, and the text after the last.
    pub fn splits(&self) -> Vec<PathSplit> {
        self.segments
            .iter()
            .enumerate()
            .filter_map(|(at, s)| match s {
                Segment::Param { prefix, name, more, suffix } if !more.is_empty() => Some(PathSplit {
                    // Counted as `str::split('/')` counts a path: the empty text before its `/` is 0.
                    segment: at + 1,
                    prefix: prefix.clone(),
                    param: name.clone(),
                    more: more.clone(),
                    suffix: suffix.clone(),
                }),
                _ => None,
            })
            .collect()
    }
}

/// Reads one segment: literal text, or parameters each parted from the next by literal text.
fn parse_segment(segment: &str) -> Segment {
    let Some(open) = segment.find('{') else { return Segment::Literal(segment.to_string()) };
    let unroutable = || Segment::Unroutable(segment.to_string());
    if segment[..open].contains('}') {
        return unroutable();
    }
    // Each step reads `{name}` and the literal text after it, up to the next `{` or the end.
    let mut params: Vec<(String, String)> = Vec::new();
    let mut rest = &segment[open..];
    while let Some(after_open) = rest.strip_prefix('{') {
        let Some((name, after)) = after_open.split_once('}') else { return unroutable() };
        if name.is_empty() || name.contains('{') {
            return unroutable();
        }
        let text_end = after.find('{').unwrap_or(after.len());
        let text = &after[..text_end];
        if text.contains('}') || (text.is_empty() && text_end < after.len()) {
            // A stray `}`, or two parameters with nothing between them.
            return unroutable();
        }
        params.push((name.to_string(), text.to_string()));
        rest = &after[text_end..];
    }
    let (name, mut text) = params.remove(0);
    let mut more = Vec::new();
    for (next, after) in params {
        more.push((std::mem::replace(&mut text, after), next));
    }
    Segment::Param { prefix: segment[..open].to_string(), name, more, suffix: text }
}

fn braced_names(text: &str) -> Vec<String> {
    text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_fragments_and_express_parameters_have_one_reading() {
        let t = Template::parse("/2010-04-01/Accounts/{Sid}.json");
        assert_eq!(t.route().as_deref(), Some("/2010-04-01/Accounts/{Sid}"));
        assert_eq!(t.suffixes(), [("Sid".to_string(), ".json".to_string())]);
        let t = Template::parse("/files/{id}#add_link");
        assert_eq!((t.route().as_deref(), t.fragment.as_deref()), (Some("/files/{id}"), Some("add_link")));
        let t = Template::parse("/users/:id/posts");
        assert!(t.express);
        assert_eq!(t.route().as_deref(), Some("/users/{id}/posts"));
        assert_eq!(Template::parse("/v{version}/x").route().as_deref(), Some("/v{version}/x"));
        let t = Template::parse("/range/{from}-{to}");
        assert_eq!(
            (t.route().as_deref(), t.params()),
            (Some("/range/{from}"), vec!["from".to_string(), "to".to_string()])
        );
        let split = |(segment, prefix): (usize, &str), param: &str, more: &[(&str, &str)], suffix: &str| PathSplit {
            segment,
            prefix: prefix.to_string(),
            param: param.to_string(),
            more: more.iter().map(|(text, name)| (text.to_string(), name.to_string())).collect(),
            suffix: suffix.to_string(),
        };
        assert_eq!(t.splits(), [split((2, ""), "from", &[("-", "to")], "")]);
        assert_eq!(t.suffixes(), []);
        let t = Template::parse("/x/f(a={a},b={b})");
        assert_eq!(t.route().as_deref(), Some("/x/f(a={a}"));
        assert_eq!(t.splits(), [split((2, "f(a="), "a", &[(",b=", "b")], ")")]);
        assert_eq!(t.request_path(), "/x/f(a={a},b={b})");
        assert_eq!(Template::parse("/a/{x}").shape(), Template::parse("/a/{y}.{z}").shape());
        for unroutable in ["/b/{a}{b}", "/b/{a", "/b/a}{b}", "/b/{}", "/b/{a}}", "/b/{a{b}}"] {
            let t = Template::parse(unroutable);
            assert_eq!(t.route(), None, "{unroutable}");
        }
        assert_eq!(Template::parse("/a/{id}").shape(), Template::parse("/a/{other}.json").shape());
        assert_eq!(Template::parse("/").route().as_deref(), Some("/"));
        assert_eq!(Template::parse("/users/:id/x#frag").request_path(), "/users/{id}/x");
        assert_eq!(Template::parse("/a/{Sid}.json").request_path(), "/a/{Sid}.json");
        assert_eq!(Template::parse("/r/{from}-{to}").request_path(), "/r/{from}-{to}");
        let reconciled = Template::parse("/a/{z}/{y}/{z}").reconcile(["y", "x"]);
        assert_eq!(
            reconciled,
            Reconciliation { undeclared: vec!["z".into()], absent: vec!["x".into()], in_query: vec![] }
        );
        let reconciled = Template::parse("/aq?city={city}&country={country}").reconcile(["city", "x"]);
        assert_eq!(
            reconciled,
            Reconciliation { undeclared: vec![], absent: vec!["x".into()], in_query: vec!["city".into()] }
        );
        let t = Template::parse("/things?type=a&q={q}&b=a%20b&bad=a b&");
        assert_eq!(t.request_path(), "/things?type=a&b=a%20b");
        assert_eq!(t.literal_pairs(), [("type".into(), "a".into()), ("b".into(), "a b".into())]);
        assert_eq!(t.query_params(), ["q".to_string()]);
        let t = Template::parse("/rides?page={page}&per_page={per_page}#x");
        assert_eq!((t.route().as_deref(), t.params()), (Some("/rides"), vec![]));
        assert_eq!(t.query_params(), ["page".to_string(), "per_page".to_string()]);
        assert_eq!(t.request_path(), "/rides");
    }
}
