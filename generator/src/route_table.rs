//! Which operations the router serves: each method of a route once, unless the operations that
//! share it are told apart by a parameter's value or by the text after a parameter.
//!
//! Two templates can give axum the same route: `/a/{id}` and `/a/{id}.json`, Google's custom
//! methods (`/v1/{name}:cancel`, `/v1/{name}:deploy`), or paths that differ only in a fragment
//! (`/#Action=SendMessage`, `/#Action=ReceiveMessage`), which AWS's documents use to put several
//! operations on one method and path. When each of those operations requires a header or query
//! parameter of the same name whose schema allows one value, and the values differ (AWS's
//! `X-Amz-Target` and `Action`), the route serves all of them and a request goes to the operation
//! its value names (`rt::http::Dispatch`). Else, when their templates differ in the text after a
//! parameter, a request goes to the one whose text its path ends with, the longest
//! (`rt::http::SuffixDispatch`). Else, when each requires a different set of header and query
//! parameters (S3's `GET /{Bucket}?cors` beside `GET /{Bucket}?lifecycle` and `GET /{Bucket}`), a
//! request goes to the one whose required parameters it carries, the most specific of those
//! (`rt::http::PresenceDispatch`). Else, when their templates differ only in their path
//! parameters' names and schemas (`/collection/{id}` with an integer beside `/collection/{slug}`),
//! a request goes to the first, in the spec's order, whose schemas its path passes
//! (`rt::http::PathDispatch`). Otherwise the first operation keeps the route and the others are
//! left out of the router, with a warning.

use crate::codes::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{Dispatch, Operation, ParamLocation, Route};
use crate::route_keys::RouteKeys;
use crate::routing::{Segment, Template};
use openapi_forge_runtime::codegen::PRESENCE_LIMIT;
use std::collections::{HashMap, HashSet};

/// An operation that holds a method of a route.
struct Holder {
    /// The operation's id (unique in a document that generates).
    id: String,
    method: String,
    path: String,
    /// The parameters that could tell it apart from others (see [`Dispatch`]).
    keys: Vec<Dispatch>,
    /// Its required header and query parameters, sorted (a header's name in lower case).
    required: Vec<(ParamLocation, String)>,
    /// Its path parameters' constraints (see [`RouteKeys`]).
    path_schemas: String,
    /// Its path parameters accept any text: a template after it on the route is never reached.
    accepts_any_path: bool,
    /// A segment of its template holds several parameters.
    splits: bool,
    /// The text after each parameter: `(segment, suffix)`.
    suffixes: Vec<(usize, String)>,
}

/// The routes handed out so far, to find templates that match the same requests.
#[derive(Default)]
pub struct RouteTable {
    /// Route shape → (route, the operations holding its methods, in the spec's order).
    taken: HashMap<String, (String, Vec<Holder>)>,
    /// (route, method) served by several operations → the parameter that tells them apart (its
    /// location and name) and the value naming the first of them.
    dispatched: HashMap<(String, String), Dispatch>,
    /// (route, method) served by several operations that differ in the text after a parameter.
    by_suffix: HashSet<(String, String)>,
    /// (route, method) served by several operations that require different parameters.
    by_presence: HashSet<(String, String)>,
    /// (route, method) served by several operations whose path parameters' schemas differ.
    by_path: HashSet<(String, String)>,
    /// Paths already warned about (a warning per path, not per method).
    warned: HashSet<String>,
}

impl RouteTable {
    /// The route of the operation `id`, `method path`, or `None` (with a warning) when it cannot be
    /// served. `keys` are what could tell the operation apart from others on the route.
    pub fn route(
        &mut self,
        diags: &mut Diagnostics,
        (path, method, id): (&str, &str, &str),
        keys: RouteKeys,
        pointer: &str,
    ) -> Option<Route> {
        let template = Template::parse(path);
        let first = self.warned.insert(path.to_string());
        if first {
            warn_of_template(diags, &template, path, pointer);
        }
        let (Some(axum_path), Some(shape)) = (template.route(), template.shape()) else {
            if first {
                diags.push(
                    Diagnostic::warning(Code::PathTemplate,
                        pointer,
                        format!(
                            "`{path}` has a segment no router can match (two parameters with nothing between them, or an unclosed brace)"
                        ),
                    )
                    .with_hint(
                        "its operations are left out of the router and the service trait; their models are generated",
                    ),
                );
            }
            return None;
        };
        let holder = Holder {
            id: id.to_string(),
            method: method.to_string(),
            path: path.to_string(),
            keys: keys.values,
            required: required_set(keys.required),
            path_schemas: keys.path_schemas,
            accepts_any_path: keys.accepts_any_path,
            splits: !template.splits().is_empty(),
            suffixes: suffix_texts(&template),
        };
        let mut dispatch = None;
        match self.taken.get_mut(&shape) {
            Some((route, holders)) if *route == axum_path && !holders.iter().any(|h| h.method == method) => {
                holders.push(holder);
            }
            Some((route, holders)) => {
                let key = (route.clone(), method.to_string());
                let same_route = *route == axum_path;
                let suffixed = self.by_suffix.contains(&key);
                let by_presence = self.by_presence.contains(&key);
                let by_path = self.by_path.contains(&key);
                let told_apart = (same_route && !suffixed && !by_presence && !by_path)
                    .then(|| told_apart(holders, self.dispatched.get(&key), &holder))
                    .flatten();
                // Templates that differ in the text after a parameter are told apart by it, whatever
                // they name their parameters.
                let other_suffix = !self.dispatched.contains_key(&key)
                    && !by_presence
                    && !by_path
                    && holders.iter().filter(|h| h.method == method).all(|h| h.suffixes != holder.suffixes);
                // Each requires parameters the others do not: the request's parameters tell them
                // apart (a group told apart by values so far changes to this when they can).
                let group = || holders.iter().filter(|h| h.method == method);
                let distinct = |a: &Holder| group().all(|b| std::ptr::eq(a, b) || a.required != b.required);
                // The runtime reads a group of bounded size without allocating.
                let entries = group().map(|h| h.required.len()).sum::<usize>() + holder.required.len();
                let bounded = group().count() < PRESENCE_LIMIT && entries <= PRESENCE_LIMIT;
                let by_required = !suffixed
                    && !by_path
                    && told_apart.is_none()
                    && !other_suffix
                    && bounded
                    && group().all(|h| h.required != holder.required)
                    && group().all(distinct);
                // Else their path parameters' schemas, when no two have the same, none before it
                // accepts any text (it would never be reached) and no segment holds several
                // parameters: the first whose schemas the request's path passes.
                let path_distinct =
                    |a: &Holder| group().all(|b| std::ptr::eq(a, b) || a.path_schemas != b.path_schemas);
                let by_schemas = !suffixed
                    && !by_presence
                    && !self.dispatched.contains_key(&key)
                    && told_apart.is_none()
                    && !other_suffix
                    && !by_required
                    && !holder.splits
                    && group().all(|h| !h.splits && !h.accepts_any_path && h.path_schemas != holder.path_schemas)
                    && group().all(path_distinct);
                let own = (!same_route).then(|| axum_path.clone());
                let shared = route.clone();
                match told_apart {
                    Some((on, value)) => {
                        dispatch = Some(Dispatch { value, ..on.clone() });
                        self.dispatched.entry(key).or_insert(on);
                        holders.push(holder);
                    }
                    None if by_required || by_schemas || other_suffix => {
                        let mut route = Route::new(shared, template.suffixes(), template.splits());
                        route.own = own;
                        if by_required {
                            self.dispatched.remove(&key);
                            self.by_presence.insert(key);
                            route.presence = Some(holder.required.clone());
                        } else if by_schemas {
                            self.by_path.insert(key);
                            route.by_path = true;
                        } else {
                            self.by_suffix.insert(key);
                            route.by_suffix = true;
                        }
                        holders.push(holder);
                        return Some(route);
                    }
                    None => {
                        // Of operations told apart by what they require, the one requiring the same.
                        let mut group = holders.iter().filter(|h| h.method == method);
                        let same = group.clone().find(|h| by_presence && h.required == holder.required);
                        let owner = same.or_else(|| group.next()).unwrap_or(&holders[0]).path.clone();
                        diags.push(
                            Diagnostic::warning(
                                Code::OverlappingRoutes,
                                format!("{pointer}/{method}"),
                                format!("`{method} {path}` matches the same requests as `{method} {owner}`"),
                            )
                            .with_hint(if same_route {
                                "this one is left out of the router and the service trait (nothing tells them apart: \
                                 no required header or query parameter of theirs allows one value, different for \
                                 each, and it requires no parameter the others lack); its models are generated"
                            } else {
                                "this one is left out of the router and the service trait (nothing tells them apart: \
                                 not the text after a parameter, not the parameters each requires, not their path \
                                 parameters' schemas, the same as another's or after one that accepts any text); its \
                                 models are generated"
                            }),
                        );
                        return None;
                    }
                }
            }
            None => {
                self.taken.insert(shape, (axum_path.clone(), vec![holder]));
            }
        }
        let mut route = Route::new(axum_path, template.suffixes(), template.splits());
        route.dispatch = dispatch;
        Some(route)
    }

    /// Marks the first operation of each dispatched route and method with the value that names it
    /// (the route was handed out before the second operation came), and the operations of a route
    /// and method told apart by their parameters with those they require (including those handed
    /// out while values told them apart).
    pub fn finish(self, operations: &mut [Operation]) {
        // The required parameters of each operation of a route told apart by them, by its id.
        let required: HashMap<&str, &Vec<(ParamLocation, String)>> = self
            .taken
            .values()
            .flat_map(|(route, holders)| holders.iter().map(move |h| (route, h)))
            .filter(|(route, h)| self.by_presence.contains(&((*route).clone(), h.method.clone())))
            .map(|(_, h)| (h.id.as_str(), &h.required))
            .collect();
        for op in operations {
            let Some(route) = op.route.as_mut() else { continue };
            let key = (route.path.clone(), op.http_method.clone());
            if let (None, Some(first)) = (&route.dispatch, self.dispatched.get(&key)) {
                route.dispatch = Some(first.clone());
            }
            route.by_suffix |= self.by_suffix.contains(&key);
            route.by_path |= self.by_path.contains(&key);
            if route.presence.is_none() && self.by_presence.contains(&key) {
                route.dispatch = None;
                route.presence = required.get(op.id.as_str()).map(|required| (*required).clone());
            }
        }
    }
}

/// How `holder` is told apart from the operations already holding its route and method: the
/// parameter they are dispatched on (`on`, when they already are; else one that it or the first of
/// them requires) with the value naming the first of them, and the value naming `holder`, which no
/// other of them has. A value of `None` names the operation that serves requests without the
/// parameter (AWS's `POST /restapis` beside `POST /restapis#mode=import`): one per route and method.
fn told_apart(holders: &[Holder], on: Option<&Dispatch>, holder: &Holder) -> Option<(Dispatch, Option<String>)> {
    let group: Vec<&Holder> = holders.iter().filter(|h| h.method == holder.method).collect();
    if let Some(on) = on {
        return match value_of(holder, on) {
            Some(value) => {
                let taken = group.iter().any(|h| value_of(h, on) == Some(value));
                (!taken).then(|| (on.clone(), Some(value.clone())))
            }
            None => group.iter().all(|h| value_of(h, on).is_some()).then(|| (on.clone(), None)),
        };
    }
    let [owner] = group.as_slice() else { return None };
    let shared = holder.keys.iter().find_map(|key| {
        let first = owner.keys.iter().find(|k| same_parameter(k, key) && k.value != key.value)?;
        Some((first.clone(), key.value.clone()))
    });
    match (shared, preferred_key(owner), preferred_key(holder)) {
        (Some(shared), _, _) => Some(shared),
        // Only one of the two requires such a parameter: the other serves requests without it.
        (None, Some(_), Some(_)) => None,
        (None, Some(first), None) => Some((first.clone(), None)),
        (None, None, Some(key)) => Some((Dispatch { value: None, ..key.clone() }, key.value.clone())),
        (None, None, None) => None,
    }
}

/// The key of `holder` to dispatch on when nothing else decides: the one its path's fragment names
/// (`mode` in `/apikeys#mode=import&format`), else its first.
fn preferred_key(holder: &Holder) -> Option<&Dispatch> {
    let fragment = holder.path.split_once('#').map_or("", |(_, fragment)| fragment);
    let named = fragment.split('&').find_map(|pair| {
        let name = pair.split_once('=').map_or(pair, |(name, _)| name);
        holder.keys.iter().find(|key| key.name == name)
    });
    named.or(holder.keys.first())
}

/// Required parameters in the order and case they are compared in.
fn required_set(mut required: Vec<(ParamLocation, String)>) -> Vec<(ParamLocation, String)> {
    for (location, name) in &mut required {
        if *location == ParamLocation::Header {
            name.make_ascii_lowercase();
        }
    }
    required.sort_by(|a, b| (a.0 as u8, &a.1).cmp(&(b.0 as u8, &b.1)));
    required.dedup();
    required
}

/// The text after each parameter of `template` that has some: `(segment, suffix)`.
fn suffix_texts(template: &Template) -> Vec<(usize, String)> {
    let suffix = |(at, segment): (usize, &Segment)| match segment {
        Segment::Param { suffix, .. } if !suffix.is_empty() => Some((at, suffix.clone())),
        _ => None,
    };
    template.segments.iter().enumerate().filter_map(suffix).collect()
}

/// The value `holder` requires of `param`, if it is one of its keys.
fn value_of<'h>(holder: &'h Holder, param: &Dispatch) -> Option<&'h String> {
    holder.keys.iter().find(|k| same_parameter(k, param)).and_then(|k| k.value.as_ref())
}

/// Same location and name (a header's name without regard to case).
fn same_parameter(a: &Dispatch, b: &Dispatch) -> bool {
    a.location == b.location
        && match a.location {
            ParamLocation::Header => a.name.eq_ignore_ascii_case(&b.name),
            _ => a.name == b.name,
        }
}

/// The warnings a template earns once, whatever its methods: Express-style parameters, a query
/// string or a fragment in the path key.
fn warn_of_template(diags: &mut Diagnostics, template: &Template, path: &str, pointer: &str) {
    if template.express {
        diags.push(
            Diagnostic::warning(
                Code::PathTemplate,
                pointer,
                format!("`{path}` writes parameters Express-style (`:name`)"),
            )
            .with_hint("read as `{name}`, which is how OpenAPI writes a path parameter"),
        );
    }
    if let Some(query) = &template.query {
        diags.push(
            Diagnostic::warning(Code::PathTemplate, pointer, format!("`{path}` has a query string (`?{query}`) in its path key"))
                .with_hint("routed without it; the names braced in it are query parameters (strings, optional, unless declared), and the client sends its other pairs as written"),
        );
    }
    if let Some(fragment) = &template.fragment {
        diags.push(
            Diagnostic::warning(
                Code::PathTemplate,
                pointer,
                format!("`{path}` has a fragment (`#{fragment}`), which no request path carries"),
            )
            .with_hint("routed without it"),
        );
    }
}
