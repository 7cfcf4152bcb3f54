//! Operations that share a method and route, told apart by one parameter's value ([`Dispatch`]),
//! by the text after a parameter in their templates ([`SuffixDispatch`]), by the parameters each
//! requires ([`PresenceDispatch`]) or by the schemas of their path parameters ([`PathDispatch`]).
//!
//! Some vendors put several operations on one method and path and tell them apart by a required
//! header or query parameter whose schema allows one value: AWS's `X-Amz-Target` header
//! (`POST /` with `X-Amz-Target: DynamoDB_20120810.GetItem`) and `Action` query parameter
//! (`?Action=SendMessage`), written in their OpenAPI documents as paths that differ only in a
//! fragment (`/#X-Amz-Target=DynamoDB_20120810.GetItem`). The router gives such a method and path
//! one handler, which reads that parameter and calls the operation it names.
//!
//! A request that names none of them is answered like a request for an unknown path: before its
//! credentials are looked at (no operation has been chosen whose requirements could apply), in the
//! error shape of the first operation, as a 400 whose one violation points at the parameter. The
//! value sent is never echoed.

use super::server::{path_params_by_segment, reject, Rejection};
use crate::params::ParamLocation;
use crate::params::Params;
use crate::path::Path;
use crate::violation::Violations;
use crate::vocabulary::{RejectionPlan, PRESENCE_LIMIT};
use axum::extract::Request;
use axum::response::Response;
use std::borrow::Cow;

/// The parameter that tells apart the operations of one method and path, and the value that names
/// each, in the order of the router's handlers.
#[derive(Debug)]
pub struct Dispatch {
    /// `Header` (matched without regard to case) or `Query`.
    pub location: ParamLocation,
    /// The parameter's name as the spec writes it.
    pub name: &'static str,
    /// The value naming each operation.
    pub values: &'static [&'static str],
    /// One more operation serves requests without the parameter (AWS's `POST /restapis` beside
    /// `POST /restapis?mode=import`); its index follows the values'.
    pub fallback: bool,
}

impl Dispatch {
    /// The index of the operation the request names: its one value of the parameter, compared
    /// exactly (a query value after percent-decoding), or the fallback's when the parameter is
    /// absent. `None` when it is given more than once, names no operation, or is absent without a
    /// fallback.
    pub fn select(&self, request: &Request) -> Option<usize> {
        let absent = self.fallback.then_some(self.values.len());
        match self.location {
            ParamLocation::Header => {
                let mut values = request.headers().get_all(self.name).iter();
                match (values.next(), values.next()) {
                    (None, _) => absent,
                    (Some(value), None) => self.values.iter().position(|v| v.as_bytes() == value.as_bytes()),
                    (Some(_), Some(_)) => None,
                }
            }
            ParamLocation::Query => {
                let query = request.uri().query().unwrap_or("");
                let mut values = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == self.name);
                match (values.next(), values.next()) {
                    (None, _) => absent,
                    (Some((_, value)), None) => self.values.iter().position(|v| *v == value),
                    (Some(_), Some(_)) => None,
                }
            }
            ParamLocation::Path | ParamLocation::Cookie => None,
        }
    }

    /// The answer to a request that names no operation: the parameter's violation, in `plan`'s
    /// error shape.
    pub fn refuse(&self, plan: &RejectionPlan) -> Response {
        let location = Path::Root.key(self.location.name());
        let mut violations = Violations::new();
        let message = match (self.values.len(), self.fallback) {
            (1, false) => "must name the operation of this method and path".into(),
            (n, false) => format!("must name one of the {n} operations of this method and path"),
            (n, true) => format!("must be absent or name one of the {n} operations of this method and path"),
        };
        violations.push(&location.key(self.name), "enum", message);
        reject(plan, Rejection::Invalid(violations))
    }
}

/// The operations of one method and route whose templates differ in the text after a parameter
/// (Google's `/v1/{name}:cancel` beside `/v1/{name}:deploy` and `/v1/{name}`), in the order of the
/// router's handlers: for each, `(segment, suffix)` pairs, the segment counted in the route as
/// `str::split('/')` counts it.
#[derive(Debug)]
pub struct SuffixDispatch {
    /// Each operation's suffixes; an operation without any fits every request.
    pub operations: &'static [Suffixes],
}

impl SuffixDispatch {
    /// The index of the operation whose suffixes the request's path segments (percent-decoded)
    /// end with, each after at least one character of the parameter; of several, the one whose
    /// suffixes are the longest. `None` when none fits or two fit equally.
    pub fn select(&self, request: &Request) -> Option<usize> {
        let mut segments = DecodedSegments::new(request.uri().path());
        let mut best: Option<(usize, usize)> = None;
        let mut tied = false;
        for (index, suffixes) in self.operations.iter().enumerate() {
            let Some(length) = segments.fits(suffixes) else { continue };
            match best {
                Some((_, longest)) if longest > length => {}
                Some((_, longest)) if longest == length => tied = true,
                _ => (best, tied) = (Some((index, length)), false),
            }
        }
        best.filter(|_| !tied).map(|(index, _)| index)
    }

    /// The answer to a request that fits none of them: a path no operation has (404), in `plan`'s
    /// error shape.
    pub fn refuse(&self, plan: &RejectionPlan) -> Response {
        reject(plan, Rejection::NotFound)
    }
}

/// A request path's segments as the route tables read them: each split out and percent-decoded
/// once, when a template first asks for it (a plain one is borrowed), however many templates then
/// check it. Paths have few segments that carry suffixes; past [`DecodedSegments::KEPT`] distinct
/// ones a segment is decoded again for each template.
struct DecodedSegments<'p> {
    path: &'p str,
    kept: [Option<(usize, Cow<'p, str>)>; DecodedSegments::KEPT],
}

impl<'p> DecodedSegments<'p> {
    const KEPT: usize = 4;

    fn new(path: &'p str) -> Self {
        DecodedSegments { path, kept: Default::default() }
    }

    /// The length of the text after the template's parameters when the path fits it: each of its
    /// segments `at` ends with its `suffix`, after at least one character of the parameter.
    fn fits(&mut self, suffixes: &[(usize, &str)]) -> Option<usize> {
        let mut length = 0;
        for (at, suffix) in suffixes {
            let fits = self.with_segment(*at, |segment| segment.len() > suffix.len() && segment.ends_with(suffix));
            if !fits? {
                return None;
            }
            length += suffix.len();
        }
        Some(length)
    }

    /// `check` of segment `at`, decoded; `None` when the path has no such segment.
    fn with_segment<T>(&mut self, at: usize, check: impl FnOnce(&str) -> T) -> Option<T> {
        if let Some((_, segment)) = self.kept.iter().flatten().find(|(kept, _)| *kept == at) {
            return Some(check(segment));
        }
        let segment = percent_encoding::percent_decode_str(self.path.split('/').nth(at)?).decode_utf8_lossy();
        let answer = check(&segment);
        if let Some(free) = self.kept.iter_mut().find(|slot| slot.is_none()) {
            *free = Some((at, segment));
        }
        Some(answer)
    }
}

/// The `(segment, suffix)` pairs of one template: each parameter with text after it in its
/// segment, the segment counted as `str::split('/')` counts it.
pub type Suffixes = &'static [(usize, &'static str)];

/// The methods of one route whose templates differ in the text after a parameter (Google's
/// `GET /v1/{name}` beside `POST /v1/{name}:cancel`), each with its templates' `(segment, suffix)`
/// pairs as [`SuffixDispatch`] holds them. A request's path may fit the templates of some methods
/// and not of others: this says which, for the `Allow` of a 405, and answers 404 when none fits.
#[derive(Debug)]
pub struct RouteMethods {
    /// Each method (upper case, in the router's order) and its templates.
    pub methods: &'static [(&'static str, &'static [Suffixes])],
}

impl RouteMethods {
    /// The methods whose templates `path` belongs to, `HEAD` after `GET` (which serves it), as the
    /// `Allow` field lists them. A path belongs to the most specific templates it fits, those with
    /// the longest text after their parameters, as OpenAPI matches concrete paths before templated
    /// ones: `/v1/j1:cancel` is `POST /v1/{name}:cancel`'s, not `GET /v1/{name}`'s with a name of
    /// `j1:cancel`.
    pub fn allowed(&self, path: &str) -> Vec<&'static str> {
        let fits = self.fits(path);
        let Some(longest) = fits.iter().map(|(_, length)| *length).max() else { return Vec::new() };
        let mut allowed = Vec::new();
        for (method, _) in self.methods {
            if fits.iter().any(|(m, length)| m == method && *length == longest) {
                allowed.push(*method);
                if *method == "GET" {
                    allowed.push("HEAD");
                }
            }
        }
        allowed
    }

    /// True when `path` belongs to a template of `method` (see [`RouteMethods::allowed`]); `HEAD`
    /// is served by `GET`'s. One pass over the templates, each segment decoded once: this runs
    /// for every request on the route.
    pub fn serves(&self, method: &str, path: &str) -> bool {
        let method = if method == "HEAD" { "GET" } else { method };
        let mut segments = DecodedSegments::new(path);
        let (mut longest, mut longest_of_method) = (None, None);
        for (m, templates) in self.methods {
            for suffixes in *templates {
                let length = segments.fits(suffixes);
                longest = longest.max(length);
                if *m == method {
                    longest_of_method = longest_of_method.max(length);
                }
            }
        }
        longest.is_some() && longest_of_method == longest
    }

    /// [`RouteMethods::serves`] for `request`'s method and path.
    pub fn serves_request(&self, request: &Request) -> bool {
        self.serves(request.method().as_str(), request.uri().path())
    }

    /// [`RouteMethods::refuse`] for `request`'s method and path.
    pub fn refuse_request(&self, request: &Request, plan: &RejectionPlan) -> Response {
        self.refuse(request.method().as_str(), request.uri().path(), plan)
    }

    /// Each method with the length of the text after the parameters of each of its templates that
    /// `path` fits.
    fn fits(&self, path: &str) -> Vec<(&'static str, usize)> {
        let mut segments = DecodedSegments::new(path);
        let mut fits = Vec::new();
        for (method, templates) in self.methods {
            fits.extend(
                templates.iter().filter_map(|suffixes| segments.fits(suffixes)).map(|length| (*method, length)),
            );
        }
        fits
    }

    /// The answer to a `method` request for `path` that does not belong to a template of that
    /// method (or belongs to two equally): 405 with the methods it belongs to, or 404 when there
    /// are none, or when `method` is among them (a tie), in `plan`'s error shape.
    pub fn refuse(&self, method: &str, path: &str, plan: &RejectionPlan) -> Response {
        let allowed = self.allowed(path);
        if allowed.is_empty() || allowed.contains(&method) {
            // The route's `Allow`, which axum adds to what a route's fallback answers, would name
            // methods this path has not: an empty one says it has none.
            let mut response = reject(plan, Rejection::NotFound);
            response.headers_mut().insert(http::header::ALLOW, http::HeaderValue::from_static(""));
            return response;
        }
        let mut response = reject(plan, Rejection::MethodNotAllowed);
        if let Ok(value) = http::HeaderValue::from_str(&allowed.join(",")) {
            response.headers_mut().insert(http::header::ALLOW, value);
        }
        response
    }
}

/// The operations of one method and route that each require header and query parameters the
/// others do not (S3's `GET /{Bucket}?cors`, `GET /{Bucket}?lifecycle`, `GET /{Bucket}`; `PUT
/// /{Bucket}/{Key}` with and without `x-amz-copy-source`), in the order of the router's handlers:
/// the parameters each requires.
#[derive(Debug)]
pub struct PresenceDispatch {
    /// Each operation's required parameters: `(location, name)`, a header's name in lower case.
    pub operations: &'static [&'static [(ParamLocation, &'static str)]],
}

impl PresenceDispatch {
    /// The index of the operation whose required parameters the request carries (any value, an
    /// empty one included) and whose required parameters include those of every other operation
    /// it carries the required parameters of: the most specific. `None` when it carries those of
    /// none, or of two that neither includes the other.
    pub fn select(&self, request: &Request) -> Option<usize> {
        // One bit per (operation, parameter) of the table, set when the request carries it: the
        // query is read once, and nothing is allocated (the generator makes no table of more
        // than [`PRESENCE_LIMIT`] entries; one past it is never carried).
        let entries = || self.operations.iter().flat_map(|op| op.iter()).enumerate().take(PRESENCE_LIMIT);
        let mut carried: u128 = 0;
        for (bit, (location, name)) in entries() {
            if *location == ParamLocation::Header && request.headers().contains_key(*name) {
                carried |= 1 << bit;
            }
        }
        for (key, _) in form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes()) {
            for (bit, (location, name)) in entries() {
                if *location == ParamLocation::Query && key == *name {
                    carried |= 1 << bit;
                }
            }
        }
        let mut fitting: u128 = 0;
        let mut first = 0;
        for (index, op) in self.operations.iter().enumerate().take(PRESENCE_LIMIT) {
            let mask = match op.len() {
                0 => Some(0),
                len if first + len <= PRESENCE_LIMIT => Some((u128::MAX >> (PRESENCE_LIMIT - len)) << first),
                _ => None,
            };
            if mask.is_some_and(|mask| carried & mask == mask) {
                fitting |= 1 << index;
            }
            first += op.len();
        }
        let fits = |index: &usize| fitting & (1 << index) != 0;
        let includes = |a: usize, b: usize| self.operations[b].iter().all(|p| self.operations[a].contains(p));
        let candidates = (0..self.operations.len().min(PRESENCE_LIMIT)).filter(fits);
        candidates.clone().find(|a| candidates.clone().all(|b| includes(*a, b)))
    }

    /// The answer to a request that names no operation: one violation at `/query` (at `/header`
    /// when only headers tell them apart), in `plan`'s error shape.
    pub fn refuse(&self, plan: &RejectionPlan) -> Response {
        let mut violations = Violations::new();
        let headers_only = self.operations.iter().flat_map(|op| op.iter()).all(|(l, _)| *l == ParamLocation::Header);
        let location = if headers_only { ParamLocation::Header } else { ParamLocation::Query };
        let message = format!(
            "must carry the required parameters of one of the {} operations of this method and path",
            self.operations.len()
        );
        violations.push(&Path::Root.key(location.name()), "required", message);
        reject(plan, Rejection::Invalid(violations))
    }
}

/// The operations of one method and route whose templates differ only in their parameters'
/// names and schemas (`/collection/{id}` with an integer beside `/collection/{slug}`; a uuid
/// `{AttachmentID}` beside a `{FileName}`), in the spec's order: each one's own route and the check
/// of its path parameters ([`path_fits`]).
#[derive(Debug)]
pub struct PathDispatch {
    /// Each operation's axum route, naming its parameters, and whether a request's path
    /// parameters, so named, pass its schemas.
    pub operations: &'static [(&'static str, PathCheck)],
}

/// Whether a request's path parameters, named as an operation names them, pass its schemas.
pub type PathCheck = fn(&[(String, String)]) -> bool;

impl PathDispatch {
    /// The index of the first operation, in the spec's order, whose path parameter schemas the
    /// request's path segments pass; the first operation when none does (it then answers with its
    /// violations).
    pub fn select(&self, request: &Request) -> Option<usize> {
        let path = request.uri().path();
        let fits = |(route, fits): &(&str, PathCheck)| {
            let (params, undecodable) = path_params_by_segment(route, path);
            undecodable.is_empty() && fits(&params)
        };
        Some(self.operations.iter().position(fits).unwrap_or(0))
    }

    /// Never needed ([`PathDispatch::select`] always names one): the answer to a path no operation
    /// has.
    pub fn refuse(&self, plan: &RejectionPlan) -> Response {
        reject(plan, Rejection::NotFound)
    }
}

/// Whether `params`, a request's path parameters named as `T` names them, pass `T`'s schemas.
pub fn path_fits<T: Params>(params: &[(String, String)]) -> bool {
    let mut violations = Violations::new();
    let value = crate::params::read(T::LOCATION, T::DECLARED, params, &Path::Root, &mut violations);
    T::validate(&value, &Path::Root, &mut violations);
    violations.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::ErrorShape;
    use axum::body::Body;

    static BY_TARGET: Dispatch = Dispatch {
        location: ParamLocation::Header,
        name: "X-Amz-Target",
        values: &["Svc.Get", "Svc.Put"],
        fallback: false,
    };
    static BY_ACTION: Dispatch = Dispatch {
        location: ParamLocation::Query,
        name: "Action",
        values: &["Send Message", "Receive"],
        fallback: false,
    };
    static BY_MODE: Dispatch =
        Dispatch { location: ParamLocation::Query, name: "mode", values: &["import"], fallback: true };

    fn request(uri: &str, headers: &[(&str, &[u8])]) -> Request {
        let mut builder = axum::http::Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).expect("a valid request")
    }

    #[test]
    fn the_longest_suffix_the_path_ends_with_names_the_operation() {
        static CUSTOM: SuffixDispatch =
            SuffixDispatch { operations: &[&[(2, ":cancel")], &[], &[(2, ":deploy")], &[(2, ".json"), (3, ".xml")]] };
        assert_eq!(CUSTOM.select(&request("/v1/ops%2F1:cancel", &[])), Some(0));
        assert_eq!(CUSTOM.select(&request("/v1/ops%2F1%3Adeploy", &[])), Some(2));
        assert_eq!(CUSTOM.select(&request("/v1/ops", &[])), Some(1));
        assert_eq!(CUSTOM.select(&request("/v1/:cancel", &[])), Some(1), "the parameter takes a character");
        assert_eq!(CUSTOM.select(&request("/v1/a.json/b.xml", &[])), Some(3));
        assert_eq!(CUSTOM.select(&request("/v1/a.json/b", &[])), Some(1));
        static NO_PLAIN: SuffixDispatch = SuffixDispatch { operations: &[&[(2, ":a")], &[(2, ":b")]] };
        assert_eq!(NO_PLAIN.select(&request("/v1/x", &[])), None);
        assert_eq!(NO_PLAIN.select(&request("/v1/x:b", &[])), Some(1));
        static TIED: SuffixDispatch = SuffixDispatch { operations: &[&[(2, "b")], &[(2, "b")]] };
        assert_eq!(TIED.select(&request("/v1/ab", &[])), None);
    }

    #[test]
    fn the_most_specific_operation_whose_required_parameters_are_carried_is_named() {
        use ParamLocation::{Header, Query};
        static S3: PresenceDispatch = PresenceDispatch {
            operations: &[
                &[],
                &[(Query, "cors")],
                &[(Query, "analytics")],
                &[(Query, "analytics"), (Query, "id")],
                &[(Header, "x-amz-copy-source")],
            ],
        };
        assert_eq!(S3.select(&request("/b", &[])), Some(0));
        assert_eq!(S3.select(&request("/b?prefix=a", &[])), Some(0));
        assert_eq!(S3.select(&request("/b?cors", &[])), Some(1));
        assert_eq!(S3.select(&request("/b?c%6Frs=", &[])), Some(1), "names are percent-decoded");
        assert_eq!(S3.select(&request("/b?analytics", &[])), Some(2));
        assert_eq!(S3.select(&request("/b?id=1&analytics", &[])), Some(3));
        assert_eq!(S3.select(&request("/b?id=1", &[])), Some(0));
        assert_eq!(S3.select(&request("/b", &[("X-Amz-Copy-Source", b"a/b")])), Some(4));
        // Two that neither includes the other: none is the most specific.
        assert_eq!(S3.select(&request("/b?cors&analytics", &[])), None);
        assert_eq!(S3.select(&request("/b?cors", &[("x-amz-copy-source", b"a")])), None);
        static NO_PLAIN: PresenceDispatch = PresenceDispatch { operations: &[&[(Query, "a")], &[(Query, "b")]] };
        assert_eq!(NO_PLAIN.select(&request("/", &[])), None);
        assert_eq!(NO_PLAIN.select(&request("/?b", &[])), Some(1));
    }

    #[test]
    fn the_one_value_of_the_parameter_names_the_operation() {
        assert_eq!(BY_TARGET.select(&request("/", &[("x-amz-target", b"Svc.Put")])), Some(1));
        assert_eq!(BY_TARGET.select(&request("/", &[("X-AMZ-TARGET", b"Svc.Get")])), Some(0));
        assert_eq!(BY_ACTION.select(&request("/q?Version=1&Action=Receive", &[])), Some(1));
        assert_eq!(BY_ACTION.select(&request("/q?Action=Send%20Message", &[])), Some(0));
        assert_eq!(BY_ACTION.select(&request("/q?Action=Send+Message", &[])), Some(0));
    }

    #[test]
    fn absent_repeated_unknown_or_differently_cased_values_name_none() {
        for headers in [
            &[][..],
            &[("x-amz-target", &b"Svc.Get"[..]), ("x-amz-target", b"Svc.Get")],
            &[("x-amz-target", b"svc.get")],
            &[("x-amz-target", b"Svc.Get ")],
            &[("x-amz-target", b"Svc.\xffGet")],
        ] {
            assert_eq!(BY_TARGET.select(&request("/", headers)), None, "{headers:?}");
        }
        assert_eq!(BY_MODE.select(&request("/q?mode=import", &[])), Some(0));
        assert_eq!(BY_MODE.select(&request("/q?other=import", &[])), Some(1));
        assert_eq!(BY_MODE.select(&request("/q", &[])), Some(1));
        assert_eq!(BY_MODE.select(&request("/q?mode=export", &[])), None);
        assert_eq!(BY_MODE.select(&request("/q?mode=import&mode=import", &[])), None);
        assert_eq!(BY_MODE.select(&request("/q?mode=", &[])), None);
        for uri in ["/q", "/q?", "/q?action=Receive", "/q?Action=Receive&Action=Receive", "/q?Action=%FF", "/q?Action"]
        {
            assert_eq!(BY_ACTION.select(&request(uri, &[])), None, "{uri}");
        }
    }

    proptest::proptest! {
        /// Any query: never a panic, and an operation only for exactly one `Action` pair whose
        /// decoded value is one of the values (the fallback only when there is no such pair).
        #[test]
        fn any_query_names_at_most_what_it_carries(pairs in proptest::collection::vec(
            (proptest::sample::select(vec!["Action", "action", "mode", "x", ""]),
             proptest::sample::select(vec!["Receive", "Send%20Message", "Send+Message", "%FF", "", "Receive&"])),
            0..5,
        ), fallback in proptest::bool::ANY) {
            let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let uri = format!("/q?{}", query.join("&"));
            let dispatch = Dispatch { fallback, ..BY_ACTION };
            let decoded: Vec<String> = pairs
                .iter()
                .filter(|(k, _)| *k == "Action")
                .map(|(_, v)| form_urlencoded::parse(format!("a={v}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default())
                .collect();
            let expected = match decoded.as_slice() {
                [] => fallback.then_some(2),
                [one] => dispatch.values.iter().position(|v| v == one),
                _ => None,
            };
            proptest::prop_assert_eq!(dispatch.select(&request(&uri, &[])), expected, "{}", uri);
        }

        /// Any query: the operation named is one whose every required name the query carries,
        /// and whose required names include those of every other such operation; none when no
        /// operation is so.
        #[test]
        fn any_query_names_the_most_specific_operation_it_carries(pairs in proptest::collection::vec(
            (proptest::sample::select(vec!["cors", "c%6Frs", "analytics", "id", "ID", "x", ""]),
             proptest::sample::select(vec!["", "=", "=1", "=%FF"])),
            0..6,
        )) {
            use ParamLocation::Query;
            static OPS: PresenceDispatch = PresenceDispatch {
                operations: &[&[], &[(Query, "cors")], &[(Query, "analytics")], &[(Query, "analytics"), (Query, "id")]],
            };
            let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}{v}")).collect();
            let uri = format!("/b?{}", query.join("&"));
            let carried: Vec<String> = pairs
                .iter()
                .map(|(k, _)| percent_encoding::percent_decode_str(k).decode_utf8_lossy().into_owned())
                .collect();
            let fits = |op: &[(ParamLocation, &str)]| op.iter().all(|(_, n)| carried.iter().any(|c| c == n));
            let fitting: Vec<usize> = (0..OPS.operations.len()).filter(|i| fits(OPS.operations[*i])).collect();
            let expected = fitting.iter().copied().find(|a| {
                fitting.iter().all(|b| OPS.operations[*b].iter().all(|p| OPS.operations[*a].contains(p)))
            });
            proptest::prop_assert_eq!(OPS.select(&request(&uri, &[])), expected, "{}", uri);
        }
    }

    /// Google's `GET /v1/{name}` and `DELETE /v1/{name}` beside `POST /v1/{name}:cancel`, and a
    /// route of custom methods alone (`POST /v2/{name}:run`).
    static JOBS: RouteMethods =
        RouteMethods { methods: &[("GET", &[&[]]), ("POST", &[&[(2, ":cancel")]]), ("DELETE", &[&[]])] };
    static RUNS: RouteMethods = RouteMethods { methods: &[("POST", &[&[(2, ":run")]])] };
    static PLAN: RejectionPlan = RejectionPlan {
        unauthenticated: 401,
        invalid: 400,
        too_large: 413,
        unsupported_media_type: 415,
        shape: ErrorShape::Text,
        unauthenticated_shape: None,
    };

    #[test]
    fn a_path_names_the_methods_whose_templates_it_fits() {
        assert_eq!(JOBS.allowed("/v1/j1"), ["GET", "HEAD", "DELETE"]);
        // The most specific template: `:cancel`'s, not `{name}`'s with a name ending in it.
        assert_eq!(JOBS.allowed("/v1/j1:cancel"), ["POST"]);
        assert_eq!(JOBS.allowed("/v1/j1%3Acancel"), ["POST"], "decoded");
        assert!(JOBS.serves("POST", "/v1/j1:cancel") && !JOBS.serves("GET", "/v1/j1:cancel"));
        assert!(JOBS.serves("HEAD", "/v1/j1") && !JOBS.serves("POST", "/v1/j1"));
        assert!(RUNS.allowed("/v2/r1").is_empty());
        let refused = |table: &RouteMethods, method: &str, path: &str| {
            let response = table.refuse(method, path, &PLAN);
            (response.status().as_u16(), response.headers()["allow"].to_str().unwrap().to_string())
        };
        assert_eq!(refused(&JOBS, "POST", "/v1/j1"), (405, "GET,HEAD,DELETE".to_string()));
        // No template fits: a path no operation has, whose `Allow` names nothing.
        assert_eq!(refused(&RUNS, "PUT", "/v2/r1"), (404, String::new()));
        assert_eq!(refused(&JOBS, "GET", "/v1/j1:cancel"), (405, "POST".to_string()));
        // The method's own templates fit (two equally): not a 405 that would name it.
        assert_eq!(refused(&JOBS, "POST", "/v1/j1:cancel").0, 404);
    }

    /// A table whose templates check suffixes in more segments than [`DecodedSegments`] keeps.
    static WIDE: RouteMethods = RouteMethods {
        methods: &[
            ("GET", &[&[], &[(1, ".a")], &[(1, ".a"), (2, ".b"), (3, ".c"), (4, ".d"), (5, ".e")]]),
            ("PUT", &[&[(5, ".e")], &[(2, ":x"), (6, ":y")]]),
            ("DELETE", &[&[(3, ".c"), (1, ".a")]]),
        ],
    };

    /// What the table answers, computed the plain way: every template's segments split and decoded
    /// afresh, the longest fit over all methods, then the methods that reach it.
    fn allowed_plainly(table: &RouteMethods, path: &str) -> Vec<&'static str> {
        let fits = |suffixes: &[(usize, &str)]| {
            suffixes
                .iter()
                .all(|(at, suffix)| {
                    path.split('/').nth(*at).is_some_and(|segment| {
                        let segment = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
                        segment.len() > suffix.len() && segment.ends_with(suffix)
                    })
                })
                .then(|| suffixes.iter().map(|(_, suffix)| suffix.len()).sum::<usize>())
        };
        let lengths = |templates: &[Suffixes]| templates.iter().filter_map(|t| fits(t)).max();
        let Some(longest) = table.methods.iter().filter_map(|(_, templates)| lengths(templates)).max() else {
            return Vec::new();
        };
        let mut allowed = Vec::new();
        for (method, templates) in table.methods {
            if templates.iter().any(|t| fits(t) == Some(longest)) {
                allowed.push(*method);
                if *method == "GET" {
                    allowed.push("HEAD");
                }
            }
        }
        allowed
    }

    proptest::proptest! {
        #[test]
        fn one_pass_with_each_segment_decoded_once_answers_as_the_plain_way(
            segments in proptest::collection::vec(
                proptest::sample::select(vec!["", "x", "x.a", "x%2Ea", "x.b", "y.c", "z.d", "w.e", "v:x", "u:y", ".a", "%FF.e"]),
                0..8,
            ),
        ) {
            let path = format!("/{}", segments.join("/"));
            let plain = allowed_plainly(&WIDE, &path);
            proptest::prop_assert_eq!(&WIDE.allowed(&path), &plain, "{}", path);
            for method in ["GET", "HEAD", "PUT", "DELETE", "POST"] {
                proptest::prop_assert_eq!(WIDE.serves(method, &path), plain.contains(&method), "{} {}", method, path);
            }
        }
    }
}
