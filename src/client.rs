//! Calling the four APIs: the generated clients (`clouddc::Client`, ...) plus what Huawei Cloud's
//! gateway asks of a caller beyond the specs, the AK/SK `SDK-HMAC-SHA256` signature. The signer
//! shares its canonicalization with the reference server's verifier (`server::signing`), so the
//! two cannot drift apart.

use crate::runtime::axum::http::HeaderValue;
use crate::runtime::client::{Sign, Signable};
use crate::server::signing::{header_pairs, sdk_date, sign, SignedRequest};
use std::time::{SystemTime, UNIX_EPOCH};

/// Signs every request with an access key and its secret (`SDK-HMAC-SHA256`), as Huawei's SDKs do:
/// `X-Sdk-Date` and `Host` are set, then `host`, `x-sdk-date` and (when there is a body)
/// `content-type` are signed together with the method, path, query and body hash.
#[derive(Clone)]
pub struct AkSkSigner {
    access_key: String,
    secret_key: String,
    scheme: String,
    clock: fn() -> i64,
}

impl std::fmt::Debug for AkSkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret key never reaches a log.
        f.debug_struct("AkSkSigner").field("access_key", &self.access_key).field("scheme", &self.scheme).finish()
    }
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl AkSkSigner {
    /// A signer for the security scheme `aksk` (as the MetaStudio spec names it).
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        AkSkSigner { access_key: access_key.into(), secret_key: secret_key.into(), scheme: "aksk".into(), clock: now }
    }

    /// The same signer for a security scheme of another name.
    pub fn for_scheme(mut self, scheme: impl Into<String>) -> Self {
        self.scheme = scheme.into();
        self
    }

    /// The same signer reading the time (Unix seconds) from `clock`: tests sign with a fixed date.
    pub fn with_clock(mut self, clock: fn() -> i64) -> Self {
        self.clock = clock;
        self
    }
}

impl Sign for AkSkSigner {
    fn sign(&self, request: &mut Signable<'_>) -> Result<(), String> {
        let date = sdk_date((self.clock)());
        let host = request.uri.authority().map(|a| a.as_str().to_string()).ok_or("the URL has no host")?;
        let header = |text: &str| HeaderValue::from_str(text).map_err(|_| "not a header value".to_string());
        request.headers.insert("x-sdk-date", header(&date)?);
        request.headers.insert("host", header(&host)?);
        let mut signed: Vec<String> = vec!["host".into(), "x-sdk-date".into()];
        if request.headers.contains_key("content-type") {
            signed.push("content-type".into());
        }
        signed.sort();
        let headers = header_pairs(request.headers);
        let to_sign = SignedRequest {
            method: request.method.as_str(),
            path: request.uri.path(),
            query: request.uri.query().unwrap_or(""),
            headers: &headers,
            body: request.body,
        };
        let signature = sign(&to_sign, &signed, &self.secret_key);
        let value = format!(
            "SDK-HMAC-SHA256 Access={}, SignedHeaders={}, Signature={signature}",
            self.access_key,
            signed.join(";")
        );
        let mut value = header(&value)?;
        value.set_sensitive(true);
        request.headers.insert("authorization", value);
        Ok(())
    }

    fn provides(&self, scheme: &str) -> bool {
        scheme == self.scheme
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::axum::http::{HeaderMap, Method, Uri};

    /// The example of Huawei's signing guide (`../shared/reference/huawei-context.md`), signed by the
    /// client's signer at the example's date: the published signature.
    #[test]
    fn the_signer_reproduces_huaweis_test_vector() {
        let signer = AkSkSigner::new("QTWAOYTTINDUT2QVKYUC", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc")
            .with_clock(|| 1_573_789_015);
        let uri: Uri = "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"
            .parse()
            .unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let mut request =
            Signable { operation: "ListVpcs", method: &Method::GET, uri: &uri, headers: &mut headers, body: b"" };
        signer.sign(&mut request).unwrap();
        assert_eq!(headers["x-sdk-date"], "20191115T033655Z");
        assert_eq!(
            headers["authorization"],
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, \
             Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
        assert!(signer.provides("aksk") && !signer.provides("token"));
        assert!(!format!("{signer:?}").contains("MFyf"), "the secret key reached Debug");
    }
}
