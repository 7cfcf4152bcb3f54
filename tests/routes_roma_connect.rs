//! The ROMA Connect router: valid requests reach the service typed; every class of bad input gets
//! the declared status and body and never reaches it.

mod common;

use common::{assert_rejected, send};
use huawei_batch_api::roma_connect::*;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Recorder {
    deletes: Arc<Mutex<Vec<(String, DeleteAssetInput)>>>,
    exports: Arc<Mutex<Vec<ExportAssetInput>>>,
    checks: Arc<Mutex<Vec<CheckAssetJobStatusInput>>>,
}

impl RomaConnectApi for Recorder {
    common::accept_any_token!();

    async fn delete_asset(&self, token: String, input: DeleteAssetInput) -> DeleteAssetOutput {
        self.deletes.lock().unwrap().push((token, input));
        DeleteAssetOutput::Ok(AssetJobCreated { job_id: Some("job-1".into()) })
    }
    async fn export_asset(&self, _: String, input: ExportAssetInput) -> ExportAssetOutput {
        self.exports.lock().unwrap().push(input);
        ExportAssetOutput::Forbidden(RomaErrorResponse {
            error_code: Some("ROMA.00000101".into()),
            error_msg: Some("a job is running".into()),
            error_details: None,
            request_id: None,
        })
    }
    async fn check_asset_job_status(&self, _: String, input: CheckAssetJobStatusInput) -> CheckAssetJobStatusOutput {
        self.checks.lock().unwrap().push(input);
        CheckAssetJobStatusOutput::Ok(AssetJobStatus {
            id: "job-1".into(),
            type_: Some(AssetJobStatusType::Delete),
            status: AssetJobStatusStatus::Running,
            reasons: None,
        })
    }
}

const DELETE: &str = "/v2/p1/instances/i1/assets/delete";
const TOKEN: (&str, &str) = ("X-Auth-Token", "tok");

fn ids(prefix: &str, n: usize) -> String {
    (0..n).map(|i| format!(r#"{{"id":"{prefix}{i}"}}"#)).collect::<Vec<_>>().join(",")
}

#[tokio::test]
async fn a_valid_delete_reaches_the_service_typed() {
    let service = Recorder::default();
    let body = br#"{"apps":[{"id":"a1"}],"tasks":[{"id":"t1"},{}]}"#;
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], Some(body)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json(), serde_json::json!({"job_id": "job-1"}));
    let calls = service.deletes.lock().unwrap();
    let (token, input) = &calls[0];
    assert_eq!((input.path.project_id.as_str(), input.path.instance_id.as_str()), ("p1", "i1"));
    assert_eq!(input.body.apps[0].id.as_deref(), Some("a1"));
    assert_eq!(input.body.tasks.len(), 2);
    assert_eq!(token, "tok", "the principal authenticate returned");
}

#[tokio::test]
async fn export_and_job_status_route_too() {
    let service = Recorder::default();
    let body = br#"{"apps":[],"tasks":[]}"#;
    let reply = send(router(service.clone()), "POST", "/v2/p1/instances/i1/assets/export", &[TOKEN], Some(body)).await;
    assert_eq!(reply.status, 403);
    assert_eq!(reply.json()["error_code"], "ROMA.00000101");
    let reply = send(router(service.clone()), "GET", "/v2/p1/instances/i1/assets/jobs/job-1", &[TOKEN], None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["status"], "RUNNING");
    assert_eq!(service.checks.lock().unwrap()[0].path.job_id, "job-1");
}

#[tokio::test]
async fn missing_credentials_get_401_before_anything_else() {
    let service = Recorder::default();
    let reply = send(router(service.clone()), "POST", DELETE, &[], Some(b"not json")).await;
    assert_rejected(&reply, 401, &[], None);
    let reply = send(router(service.clone()), "POST", DELETE, &[("X-Auth-Token", "")], Some(b"{}")).await;
    assert_rejected(&reply, 401, &[], None);
    assert!(service.deletes.lock().unwrap().is_empty());
}

#[tokio::test]
async fn every_body_violation_is_reported_at_once() {
    let service = Recorder::default();
    let body = format!(r#"{{"apps":[{}],"tasks":"SECRET-VALUE"}}"#, ids("a", 101));
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], Some(body.as_bytes())).await;
    assert_rejected(
        &reply,
        400,
        &[("/apps", "maxItems"), ("/tasks", "type"), ("", "x-max-combined-items")],
        Some("SECRET-VALUE"),
    );
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], Some(br#"{"apps":[{"id":7}]}"#)).await;
    assert_rejected(&reply, 400, &[("/tasks", "required"), ("/apps/0/id", "type")], None);
    assert!(service.deletes.lock().unwrap().is_empty());
}

#[tokio::test]
async fn at_most_100_applications_and_tasks_together() {
    let service = Recorder::default();
    let at_limit = format!(r#"{{"apps":[{}],"tasks":[{}]}}"#, ids("a", 60), ids("t", 40));
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], Some(at_limit.as_bytes())).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let past = format!(r#"{{"apps":[{}],"tasks":[{}]}}"#, ids("a", 60), ids("t", 41));
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], Some(past.as_bytes())).await;
    assert_rejected(&reply, 400, &[("", "x-max-combined-items")], None);
    assert_eq!(service.deletes.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn malformed_json_wrong_media_type_and_oversize_bodies() {
    let service = Recorder::default();
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], Some(br#"{"apps": [SECRET"#)).await;
    assert_rejected(&reply, 400, &[("", "json")], Some("SECRET"));
    let reply =
        send(router(service.clone()), "POST", DELETE, &[TOKEN, ("content-type", "text/plain")], Some(b"{}")).await;
    assert_rejected(&reply, 415, &[], None);
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], None).await;
    assert_rejected(&reply, 400, &[("", "required")], None);
    let big = format!(r#"{{"apps":[],"tasks":[],"pad":"{}"}}"#, "x".repeat(1024 * 1024));
    let reply = send(router(service.clone()), "POST", DELETE, &[TOKEN], Some(big.as_bytes())).await;
    assert_rejected(&reply, 413, &[], None);
    assert!(service.deletes.lock().unwrap().is_empty());
}

#[tokio::test]
async fn path_parameters_are_validated() {
    let service = Recorder::default();
    let long = "p".repeat(65);
    let reply = send(
        router(service.clone()),
        "POST",
        &format!("/v2/{long}/instances/i1/assets/delete"),
        &[TOKEN],
        Some(br#"{"apps":[],"tasks":[]}"#),
    )
    .await;
    assert_rejected(&reply, 400, &[("/path/project_id", "maxLength")], Some(&long));
}

#[tokio::test]
async fn wrong_method_and_unknown_path() {
    let service = Recorder::default();
    let reply = send(router(service.clone()), "GET", DELETE, &[TOKEN], None).await;
    assert_rejected(&reply, 405, &[], None);
    assert_eq!(reply.header("allow"), Some("POST"));
    let reply = send(router(service.clone()), "POST", "/v2/nothing", &[TOKEN], None).await;
    assert_rejected(&reply, 404, &[], None);
}
