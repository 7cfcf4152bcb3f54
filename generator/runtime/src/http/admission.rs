//! What a generated handler reads of a request before the operation's parameters and body, in
//! one call: the head and the path's suffixes, then (in the generated module, which knows the
//! service) the credentials and their authentication, then content negotiation, then the body's
//! bytes, then the service's check of the body. The per-operation part is data (an [`Admission`]);
//! the steps live here and in one generated function per credential type, not in each handler.
//! Each `await` a handler holds is a state of its future that rustc lays out and checks for
//! every operation: a handler that awaits its admission once and its operation once costs
//! markedly less to compile on big specs (BENCHMARKS.md, section 10) than one that awaits each step.

use super::body::RawBody;
use super::dispatch::RouteMethods;
use super::multipart::MultipartPlan;
use super::segments::PathSplit;
use super::server::Incoming;
use crate::vocabulary::RejectionPlan;
use axum::extract::Request;
use axum::response::Response;

/// What an operation reads before its parameters and body, in this order.
#[derive(Debug)]
pub struct Admission {
    /// How its refusals are answered.
    pub plan: &'static RejectionPlan,
    /// Its `operationId`.
    pub operation: &'static str,
    /// Path parameters matched as a whole segment that must end with a literal suffix
    /// (`{Sid}.json`): `(parameter, suffix)`.
    pub suffixes: &'static [(&'static str, &'static str)],
    /// Path segments of several parameters (`{from}-{to}`), matched as the first and split.
    pub splits: &'static [PathSplit],
    /// Its axum route, when it has path parameters: a path segment that is not UTF-8 after
    /// percent-decoding is then named by the parameter it is.
    pub route: Option<&'static str>,
    /// The methods of its route by the templates a path belongs to, when they differ (see
    /// [`RouteMethods`]): a path that belongs to other methods' templates is then a 405.
    pub methods: Option<&'static RouteMethods>,
    /// The media types its responses offer, when the request's `Accept` chooses among them.
    pub accept: Option<&'static [&'static str]>,
    /// The media types or ranges its request body may have (in the spec's order), when it has
    /// one.
    pub body: Option<&'static [&'static str]>,
    /// Whether the ranges among `body` (`*/*`) are read as JSON: a body whose `Content-Type`
    /// names a format that is not (XML, YAML, a form, multipart) is then refused with 415 before
    /// it is read, instead of being reported as malformed JSON.
    pub ranges_as_json: bool,
    /// The most bytes the body may have (the operation's `x-body-limit`), when not the default.
    pub body_limit: Option<usize>,
    /// How a `multipart/form-data` body is parsed as it arrives, when the operation takes one.
    pub multipart: Option<&'static MultipartPlan>,
}

impl Admission {
    /// The admission of `operation` (its `operationId`), whose refusals `plan` answers: no path
    /// suffixes, no negotiation, no body, until the builders below add them (in a `static`: they
    /// are `const`).
    pub const fn new(plan: &'static RejectionPlan, operation: &'static str) -> Self {
        Admission {
            plan,
            operation,
            suffixes: &[],
            splits: &[],
            route: None,
            methods: None,
            accept: None,
            body: None,
            ranges_as_json: false,
            body_limit: None,
            multipart: None,
        }
    }

    /// Path parameters that must end with a literal suffix: `(parameter, suffix)`.
    pub const fn suffixes(mut self, suffixes: &'static [(&'static str, &'static str)]) -> Self {
        self.suffixes = suffixes;
        self
    }

    /// Path segments of several parameters, each parted from the one before by literal text.
    pub const fn splits(mut self, splits: &'static [PathSplit]) -> Self {
        self.splits = splits;
        self
    }

    /// The axum route of an operation with path parameters (`/v1/{project_id}/items`).
    pub const fn route(mut self, route: &'static str) -> Self {
        self.route = Some(route);
        self
    }

    /// The methods of its route by the templates a path fits.
    pub const fn methods(mut self, methods: &'static RouteMethods) -> Self {
        self.methods = Some(methods);
        self
    }

    /// The response media types among which the request's `Accept` chooses.
    pub const fn accept(mut self, offered: &'static [&'static str]) -> Self {
        self.accept = Some(offered);
        self
    }

    /// A request body, of one of the `accepted` media types or ranges (in the spec's order).
    pub const fn body(mut self, accepted: &'static [&'static str]) -> Self {
        self.body = Some(accepted);
        self
    }

    /// The ranges among the body's media types are read as JSON (see [`Admission::ranges_as_json`]).
    pub const fn ranges_as_json(mut self) -> Self {
        self.ranges_as_json = true;
        self
    }

    /// The most bytes the body may have (the operation's `x-body-limit`).
    pub const fn limit(mut self, limit: usize) -> Self {
        self.body_limit = Some(limit);
        self
    }

    /// How a `multipart/form-data` body is parsed as it arrives.
    pub const fn multipart(mut self, plan: &'static MultipartPlan) -> Self {
        self.multipart = Some(plan);
        self
    }
}

/// A request that passed its admission: what the handler reads the rest from.
pub struct Admitted<P> {
    /// The request, its parameters still to be read.
    pub request: Incoming,
    /// The body as read (empty for an operation without one).
    pub raw: RawBody,
    /// The index of the response media type the request accepts, when the operation negotiates.
    pub accept: Option<usize>,
    /// Who sent it, as the service's authentication decided (`()` for an operation without
    /// credentials).
    pub principal: P,
}

impl Incoming {
    /// The first step of an admission: the request split for its operation, the path's suffixes
    /// stripped and its segments of several parameters split (a path without the suffixes, or
    /// with a segment that does not split, is answered 404, or 405 when it belongs to the
    /// templates of other methods of the route: see [`RouteMethods::allowed`]).
    pub async fn admit_head(request: Request, admission: &'static Admission) -> Result<Incoming, Response> {
        let mut request = Incoming::new(request, admission.plan, admission.operation, admission.route).await;
        let (method, path) = request.method_and_path();
        let belongs = admission.methods.is_none_or(|methods| methods.serves(method, path));
        if belongs && request.strip_path_suffixes(admission.suffixes) && request.split_path_params(admission.splits) {
            return Ok(request);
        }
        Err(match admission.methods {
            // 405 when the path belongs to the templates of other methods of the route, else 404.
            Some(methods) => {
                let (method, path) = request.method_and_path();
                let response = methods.refuse(method, path, admission.plan);
                request.finish(response)
            }
            None => request.not_found(),
        })
    }

    /// The steps of an admission after the credentials: content negotiation (406 before the body
    /// is read: a request that cannot be answered need not send it), then the body's bytes.
    pub async fn admit_body(&mut self, admission: &'static Admission) -> Result<(RawBody, Option<usize>), Response> {
        let accept = match admission.accept {
            Some(offered) => match self.accept(offered) {
                Some(index) => Some(index),
                None => return Err(self.not_acceptable(offered)),
            },
            None => None,
        };
        let Some(accepted) = admission.body else { return Ok((RawBody::none(), accept)) };
        if let Some(limit) = admission.body_limit {
            self.limit_body(limit);
        }
        let raw = match admission.multipart {
            Some(plan) => self.body_parts(accepted, admission.ranges_as_json, plan).await,
            None => self.body_bytes(accepted, admission.ranges_as_json).await,
        };
        match raw {
            Some(raw) => Ok((raw, accept)),
            None => Err(self.refuse()),
        }
    }
}

/// The admission of an operation without credentials.
pub async fn admit(request: Request, admission: &'static Admission) -> Result<Admitted<()>, Response> {
    let mut request = Incoming::admit_head(request, admission).await?;
    let (raw, accept) = request.admit_body(admission).await?;
    Ok(Admitted { request, raw, accept, principal: () })
}
