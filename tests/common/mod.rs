//! Helpers for the router tests: send one request through a router with `oneshot`, read the reply,
//! and check rejections.
#![allow(dead_code)]

use huawei_batch_api::runtime::axum::body::Body;
use huawei_batch_api::runtime::axum::http::{HeaderMap, Request};
use huawei_batch_api::runtime::axum::Router;
use serde_json::Value;
use tower::ServiceExt;

/// A response, read whole.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends one request. A body is sent as `application/json` unless `headers` set a content type.
pub async fn send(router: Router, method: &str, uri: &str, headers: &[(&str, &str)], body: Option<&[u8]>) -> Reply {
    let mut builder = Request::builder().method(method).uri(uri);
    if body.is_some() && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
        builder = builder.header("content-type", "application/json");
    }
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let request = builder.body(body.map_or_else(Body::empty, |b| Body::from(b.to_vec()))).unwrap();
    let response = router.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body =
        huawei_batch_api::runtime::axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    Reply { status, headers, body }
}

/// Asserts a rejection: the status, the spec's `{error_code, error_msg}` shape, every expected
/// `(pointer, keyword)` listed in the message, the number of violations, and no trace of `secret`
/// (the offending value).
pub fn assert_rejected(reply: &Reply, status: u16, expected: &[(&str, &str)], secret: Option<&str>) {
    assert_eq!(reply.status, status, "{}", reply.text());
    let body = reply.json();
    assert!(body["error_code"].is_string(), "no error_code in {body}");
    let message = body["error_msg"].as_str().unwrap_or_else(|| panic!("no error_msg in {body}"));
    for (pointer, keyword) in expected {
        let shown = if pointer.is_empty() { "(root)".to_string() } else { pointer.to_string() };
        let found = message
            .split("; ")
            .any(|part| part.contains(&format!("{shown}: ")) && part.ends_with(&format!("({keyword})")));
        assert!(found, "expected `{shown}` `{keyword}` in: {message}");
    }
    if !expected.is_empty() {
        let n = expected.len();
        assert!(
            message.contains(&format!("{n} violation{}", if n == 1 { ":" } else { "s:" })),
            "expected {n} violations: {message}"
        );
    }
    if let Some(secret) = secret {
        assert!(!reply.text().contains(secret), "the reply echoes the offending value: {}", reply.text());
    }
}

/// In a test service of a spec whose only credential is `Credential::Token`: the principal is the
/// token, and any token is accepted (the reference server's tests check real ones).
#[allow(unused_macros)] // Not every test crate that includes this module uses it.
macro_rules! accept_any_token {
    () => {
        type Principal = String;

        async fn authenticate(
            &self,
            credential: Credential,
            _: &huawei_batch_api::runtime::http::RequestHead<'_>,
        ) -> Result<String, huawei_batch_api::runtime::http::Denied> {
            let Credential::Token { x_auth_token } = credential;
            Ok(x_auth_token)
        }
    };
}
#[allow(unused_imports)]
pub(crate) use accept_any_token;
