//! The MetaStudio router: token or AK/SK credentials, the header formats, the action enum, and the
//! page's 400 for authentication failures.

mod common;

use common::{assert_rejected, send};
use huawei_batch_api::metastudio::*;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Recorder {
    calls: Arc<Mutex<Vec<(Credential, BatchExecuteAssetActionInput)>>>,
}

impl MetastudioApi for Recorder {
    /// The credential itself; any is accepted here.
    type Principal = Credential;

    async fn authenticate(
        &self,
        credential: Credential,
        _: &huawei_batch_api::runtime::http::RequestHead<'_>,
    ) -> Result<Credential, huawei_batch_api::runtime::http::Denied> {
        Ok(credential)
    }

    async fn batch_execute_asset_action(
        &self,
        credential: Credential,
        input: BatchExecuteAssetActionInput,
    ) -> BatchExecuteAssetActionOutput {
        let ids = input.body.asset_ids.clone();
        self.calls.lock().unwrap().push((credential, input));
        BatchExecuteAssetActionOutput::Ok {
            body: BatchAssetActionResponse {
                results: Some(vec![AssetActionResult {
                    ret_status: Some(AssetActionResultRetStatus::Success),
                    asset_ids: Some(ids),
                    error_info: None,
                }]),
            },
            x_request_id: Some("req-1".into()),
        }
    }
}

const URI: &str = "/v1/p1/digital-assets/batch-action";
const BODY: &[u8] = br#"{"action":"DELETE","asset_ids":["a1","a2"]}"#;

#[tokio::test]
async fn a_token_or_an_ak_sk_signature_is_accepted() {
    let service = Recorder::default();
    let reply = send(router(service.clone()), "POST", URI, &[("X-Auth-Token", "tok")], Some(BODY)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("x-request-id"), Some("req-1"));
    assert_eq!(reply.json()["results"][0]["ret_status"], "SUCCESS");
    let headers = [
        ("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=abc"),
        ("X-Sdk-Date", "20191115T033655Z"),
        ("X-App-UserId", "user-1"),
    ];
    let reply = send(router(service.clone()), "POST", URI, &headers, Some(BODY)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let calls = service.calls.lock().unwrap();
    assert_eq!(calls[0].0, Credential::Token { x_auth_token: "tok".into() });
    assert!(matches!(&calls[1].0, Credential::Aksk { authorization } if authorization.starts_with("SDK-HMAC-SHA256")));
    assert_eq!(calls[1].1.headers.x_sdk_date.as_deref(), Some("20191115T033655Z"));
    assert_eq!(calls[1].1.body.action, BatchAssetActionRequestAction::Delete);
}

#[tokio::test]
async fn no_credentials_get_the_documented_400() {
    let service = Recorder::default();
    let reply = send(router(service.clone()), "POST", URI, &[], Some(BODY)).await;
    assert_rejected(&reply, 400, &[], None);
    assert!(reply.json()["error_msg"].as_str().unwrap().contains("credentials"));
    assert!(service.calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn header_formats_and_the_action_enum() {
    let service = Recorder::default();
    let headers = [("X-Auth-Token", "tok"), ("X-Sdk-Date", "2019-11-15T03:36:55Z"), ("X-App-UserId", "用户")];
    let reply = send(
        router(service.clone()),
        "POST",
        URI,
        &headers,
        Some(br#"{"action":"DETELTE","asset_ids":"x","params":1}"#),
    )
    .await;
    assert_rejected(
        &reply,
        400,
        &[
            ("/header/X-Sdk-Date", "maxLength"),
            ("/header/X-Sdk-Date", "pattern"),
            ("/header/X-App-UserId", "pattern"),
            ("/action", "enum"),
            ("/asset_ids", "type"),
            ("/params", "type"),
        ],
        Some("用户"),
    );
    assert!(!reply.text().contains("DETELTE"));
    assert!(service.calls.lock().unwrap().is_empty());
}
