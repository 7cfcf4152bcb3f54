//! The CloudDC router: the optional body, the 202 and the plain-text 429, and the status addition.

mod common;

use common::{assert_rejected, send};
use huawei_batch_api::clouddc::*;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Recorder {
    calls: Arc<Mutex<Vec<DeleteInstancesInput>>>,
    throttle: bool,
}

impl ClouddcApi for Recorder {
    common::accept_any_token!();

    async fn delete_instances(&self, _: String, input: DeleteInstancesInput) -> DeleteInstancesOutput {
        let ids = input.body.as_ref().and_then(|b| b.instance_id_set.clone()).unwrap_or_default();
        self.calls.lock().unwrap().push(input);
        if self.throttle {
            return DeleteInstancesOutput::TooManyRequests("Too many requests, slow down.".into());
        }
        DeleteInstancesOutput::Accepted(DeleteInstancesResponse {
            instances: Some(ids.into_iter().map(|id| DeletedInstance { id: Some(id) }).collect()),
        })
    }
    async fn show_instance_status(&self, _: String, input: ShowInstanceStatusInput) -> ShowInstanceStatusOutput {
        if input.path.id == "missing" {
            return ShowInstanceStatusOutput::NotFound(ErrorResponse {
                error_code: Some("CLOUDDC.404".into()),
                error_msg: Some("no such instance".into()),
            });
        }
        ShowInstanceStatusOutput::Ok(InstanceStatus { state: "shutting-down".into() })
    }
}

const URI: &str = "/v1/p1/instances/batch-delete";
const TOKEN: (&str, &str) = ("X-Auth-Token", "tok");

#[tokio::test]
async fn the_body_is_optional() {
    let service = Recorder::default();
    let reply = send(router(service.clone()), "POST", URI, &[TOKEN], None).await;
    assert_eq!(reply.status, 202, "{}", reply.text());
    assert_eq!(reply.json(), serde_json::json!({"instances": []}));
    let reply = send(router(service.clone()), "POST", URI, &[TOKEN], Some(br#"{"instance_id_set":["a","b"]}"#)).await;
    assert_eq!(reply.status, 202);
    assert_eq!(reply.json()["instances"][1]["id"], "b");
    let calls = service.calls.lock().unwrap();
    assert!(calls[0].body.is_none());
    assert_eq!(calls[1].path.project_id, "p1");
}

#[tokio::test]
async fn at_most_fifty_ids() {
    let service = Recorder::default();
    let ids: Vec<String> = (0..51).map(|i| format!("\"i{i}\"")).collect();
    let body = format!(r#"{{"instance_id_set":[{}]}}"#, ids.join(","));
    let reply = send(router(service.clone()), "POST", URI, &[TOKEN], Some(body.as_bytes())).await;
    assert_rejected(&reply, 400, &[("/instance_id_set", "maxItems")], None);
    let reply = send(router(service.clone()), "POST", URI, &[], None).await;
    assert_rejected(&reply, 401, &[], None);
    assert!(service.calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn throttling_answers_plain_text_429() {
    let service = Recorder { throttle: true, ..Recorder::default() };
    let reply = send(router(service), "POST", URI, &[TOKEN], None).await;
    assert_eq!(reply.status, 429);
    assert!(reply.header("content-type").unwrap().starts_with("text/plain"));
    assert_eq!(reply.text(), "Too many requests, slow down.");
}

#[tokio::test]
async fn instance_status() {
    let reply = send(router(Recorder::default()), "GET", "/v1/p1/instances/i-9/status", &[TOKEN], None).await;
    assert_eq!(reply.json(), serde_json::json!({"state": "shutting-down"}));
    let reply = send(router(Recorder::default()), "GET", "/v1/p1/instances/missing/status", &[TOKEN], None).await;
    assert_eq!(reply.status, 404);
}
