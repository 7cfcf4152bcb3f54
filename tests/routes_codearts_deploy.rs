//! The CodeArts Deploy router: BatchDeleteApp's limits, and response checking.

mod common;

use common::{assert_rejected, send};
use huawei_batch_api::codearts_deploy::*;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Recorder {
    calls: Arc<Mutex<Vec<BatchDeleteAppInput>>>,
    /// Answer with a result that breaks the response schema.
    misbehave: bool,
}

impl CodeartsDeployApi for Recorder {
    common::accept_any_token!();

    async fn batch_delete_app(&self, _: String, input: BatchDeleteAppInput) -> BatchDeleteAppOutput {
        let result = input
            .body
            .application_ids
            .iter()
            .map(|id| AppDeleteResult {
                application_id: Some(id.clone()),
                application_name: Some(if self.misbehave { "x".into() } else { format!("app {id}") }),
                status: Some(AppDeleteResultStatus::Success),
                error_reason: Some(String::new()),
            })
            .collect::<Vec<_>>();
        let total = result.len() as i32;
        self.calls.lock().unwrap().push(input);
        BatchDeleteAppOutput::Ok(BatchDeleteAppResponse { result: Some(result), total_num: Some(total) })
    }
}

const URI: &str = "/v2/applications/batch-delete";
const TOKEN: (&str, &str) = ("X-Auth-Token", "tok");

fn body(n: usize) -> String {
    let ids: Vec<String> = (0..n).map(|i| format!("\"id{i}\"")).collect();
    format!(r#"{{"project_id":"p","application_ids":[{}]}}"#, ids.join(","))
}

#[tokio::test]
async fn one_to_fifty_ids_reach_the_service() {
    let service = Recorder::default();
    for n in [1, 50] {
        let reply = send(router(service.clone()), "POST", URI, &[TOKEN], Some(body(n).as_bytes())).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert_eq!(reply.json()["total_num"], n);
    }
    assert_eq!(service.calls.lock().unwrap()[1].body.application_ids.len(), 50);
}

#[tokio::test]
async fn zero_or_fifty_one_ids_and_missing_fields_are_refused() {
    let service = Recorder::default();
    let reply = send(router(service.clone()), "POST", URI, &[TOKEN], Some(body(51).as_bytes())).await;
    assert_rejected(&reply, 400, &[("/application_ids", "maxItems")], None);
    let reply = send(router(service.clone()), "POST", URI, &[TOKEN], Some(body(0).as_bytes())).await;
    assert_rejected(&reply, 400, &[("/application_ids", "minItems")], None);
    let reply = send(router(service.clone()), "POST", URI, &[TOKEN], Some(br#"{"application_ids":["a",3]}"#)).await;
    assert_rejected(&reply, 400, &[("/project_id", "required"), ("/application_ids/1", "type")], None);
    let reply = send(router(service.clone()), "POST", URI, &[], Some(body(1).as_bytes())).await;
    assert_rejected(&reply, 401, &[], None);
    let reply = send(router(service.clone()), "DELETE", URI, &[TOKEN], None).await;
    assert_rejected(&reply, 405, &[], None);
    assert!(service.calls.lock().unwrap().is_empty());
}

#[tokio::test]
#[should_panic(expected = "breaks its schema")]
async fn a_response_outside_the_spec_fails_loudly_in_tests() {
    let service = Recorder { misbehave: true, ..Recorder::default() };
    let _ = send(router(service), "POST", URI, &[TOKEN], Some(body(1).as_bytes())).await;
}
