//! The reference server over real HTTP on 127.0.0.1 (random port): the asynchronous flows, per-item
//! partial failures, credentials, and rejected requests changing nothing.

use huawei_batch_api::server::signing::{sdk_date, sign, SignedRequest};
use huawei_batch_api::server::store::{DEMO_INSTANCE, DEMO_PROJECT};
use huawei_batch_api::server::{app, Clock, Config, DEV_AK, DEV_SK};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn start(config: Config) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = huawei_batch_api::runtime::axum::serve(listener, app(config)).await;
    });
    address
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 exchange (`Connection: close`), enough for these tests.
async fn http(address: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        request.push_str("Content-Type: application/json\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Reply { status, headers, body: body.to_string() }
}

const TOKEN: (&str, &str) = ("X-Auth-Token", "dev-token");

const JOB: Duration = Duration::from_millis(600);
const TERMINATION: Duration = Duration::from_millis(900);
const JUST: Duration = Duration::from_millis(1);

/// A server whose clock stands still until the test moves it, so that each timed change is
/// checked at its exact boundary.
fn fast() -> Config {
    Config { job_delay: JOB, termination_delay: TERMINATION, clock: Clock::manual(), ..Config::default() }
}

#[tokio::test]
async fn roma_job_lifecycle_and_the_one_running_job_rule() {
    let config = fast();
    let clock = config.clock.clone();
    let address = start(config).await;
    let base = format!("/v2/{DEMO_PROJECT}/instances/{DEMO_INSTANCE}/assets");
    let body = r#"{"apps":[{"id":"b1e6b1e6-4f3f-4a80-bb45-f4b9039f95a3"}],"tasks":[]}"#;
    let created = http(address, "POST", &format!("{base}/delete"), &[TOKEN], Some(body)).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let job = created.json()["job_id"].as_str().unwrap().to_string();
    assert_eq!(job.len(), 32);
    let status = http(address, "GET", &format!("{base}/jobs/{job}"), &[TOKEN], None).await;
    assert_eq!(status.json()["status"], "RUNNING");
    let refused = http(address, "POST", &format!("{base}/export"), &[TOKEN], Some(r#"{"apps":[],"tasks":[]}"#)).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.json()["error_code"], "ROMA.00010002");
    let job_path = format!("{base}/jobs/{job}");
    let job_status = || http(address, "GET", &job_path, &[TOKEN], None);
    clock.advance(JOB - JUST);
    assert_eq!(job_status().await.json()["status"], "RUNNING");
    clock.advance(JUST);
    assert_eq!(job_status().await.json()["status"], "SUCCEEDED");
    // The application is gone now: deleting it again makes a job that fails, saying why.
    let again = http(address, "POST", &format!("{base}/delete"), &[TOKEN], Some(body)).await.json();
    clock.advance(JOB);
    let failed = http(address, "GET", &format!("{base}/jobs/{}", again["job_id"].as_str().unwrap()), &[TOKEN], None)
        .await
        .json();
    assert_eq!(failed["status"], "FAILED");
    assert!(failed["reasons"][0].as_str().unwrap().contains("not found"));
    let unknown = http(address, "GET", &format!("{base}/jobs/ffffffffffffffffffffffffffffffff"), &[TOKEN], None).await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn clouddc_instances_shut_down_then_terminate() {
    let config = fast();
    let clock = config.clock.clone();
    let address = start(config).await;
    let id = "0198170e-4ca7-7ee4-89a7-fa631843920b";
    let status_path = format!("/v1/{DEMO_PROJECT}/instances/{id}/status");
    assert_eq!(http(address, "GET", &status_path, &[TOKEN], None).await.json()["state"], "running");
    let body = format!(r#"{{"instance_id_set":["{id}","no-such-instance"]}}"#);
    let accepted =
        http(address, "POST", &format!("/v1/{DEMO_PROJECT}/instances/batch-delete"), &[TOKEN], Some(&body)).await;
    assert_eq!(accepted.status, 202);
    assert_eq!(accepted.json(), json!({"instances": [{"id": id}]}));
    assert_eq!(http(address, "GET", &status_path, &[TOKEN], None).await.json()["state"], "shutting-down");
    clock.advance(TERMINATION - JUST);
    assert_eq!(http(address, "GET", &status_path, &[TOKEN], None).await.json()["state"], "shutting-down");
    clock.advance(JUST);
    assert_eq!(http(address, "GET", &status_path, &[TOKEN], None).await.json()["state"], "terminated");
}

#[tokio::test]
async fn clouddc_rate_limit_answers_plain_text_429() {
    let config = Config { rate_limit: 3, ..fast() };
    let clock = config.clock.clone();
    let address = start(config).await;
    let path = format!("/v1/{DEMO_PROJECT}/instances/0198170e-4ca7-7ee4-89a7-fa631843920c/status");
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(http(address, "GET", &path, &[TOKEN], None).await);
    }
    assert_eq!(statuses.iter().map(|r| r.status).collect::<Vec<_>>(), vec![200, 200, 200, 429, 429]);
    assert!(statuses[3].header("content-type").unwrap().starts_with("text/plain"));
    assert!(statuses[3].header("x-request-id").is_some());
    // The next second is a new window.
    clock.advance(Duration::from_secs(1));
    assert_eq!(http(address, "GET", &path, &[TOKEN], None).await.status, 200);
}

#[tokio::test]
async fn a_rejected_request_changes_nothing() {
    let address = start(fast()).await;
    let id = "0198170e-4ca7-7ee4-89a7-fa631843920d";
    let mut ids: Vec<String> = (0..50).map(|i| format!("\"x{i}\"")).collect();
    ids.push(format!("\"{id}\""));
    let body = format!(r#"{{"instance_id_set":[{}]}}"#, ids.join(","));
    let refused =
        http(address, "POST", &format!("/v1/{DEMO_PROJECT}/instances/batch-delete"), &[TOKEN], Some(&body)).await;
    assert_eq!(refused.status, 400);
    assert!(refused.json()["error_msg"].as_str().unwrap().contains("/instance_id_set"));
    let state = http(address, "GET", &format!("/v1/{DEMO_PROJECT}/instances/{id}/status"), &[TOKEN], None).await.json();
    assert_eq!(state["state"], "running");
    let wrong_token = http(
        address,
        "POST",
        "/v2/applications/batch-delete",
        &[("X-Auth-Token", "nope")],
        Some(&format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["eac65c10c5c34df1824af96ec93a9eea"]}}"#)),
    )
    .await;
    assert_eq!(wrong_token.status, 401);
    let still_there = http(
        address,
        "POST",
        "/v2/applications/batch-delete",
        &[TOKEN],
        Some(&format!(r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["eac65c10c5c34df1824af96ec93a9eea"]}}"#)),
    )
    .await;
    assert_eq!(still_there.json()["result"][0]["status"], "success");
}

#[tokio::test]
async fn codearts_answers_per_item() {
    let address = start(fast()).await;
    let body = format!(
        r#"{{"project_id":"{DEMO_PROJECT}","application_ids":["eac65c10c5c34df1824af96ec93a9eea","missing-app"]}}"#
    );
    let reply = http(address, "POST", "/v2/applications/batch-delete", &[TOKEN], Some(&body)).await.json();
    assert_eq!(reply["total_num"], 2);
    assert_eq!(reply["result"][0]["status"], "success");
    assert_eq!(reply["result"][0]["application_name"], "Application name 1");
    assert_eq!(reply["result"][1]["status"], "error");
    assert!(reply["result"][1]["error_reason"].as_str().unwrap().contains("does not exist"));
}

#[tokio::test]
async fn metastudio_states_partial_failures_and_request_ids() {
    let address = start(fast()).await;
    let path = format!("/v1/{DEMO_PROJECT}/digital-assets/batch-action");
    let act = |action: &str, ids: &str| format!(r#"{{"action":"{action}","asset_ids":[{ids}]}}"#);
    let reply = http(address, "POST", &path, &[TOKEN], Some(&act("DELETE", r#""xxxxx1","ghost""#))).await;
    assert!(reply.header("x-request-id").is_some());
    let results = reply.json()["results"].clone();
    assert_eq!(results[0], json!({"ret_status": "SUCCESS", "asset_ids": ["xxxxx1"]}));
    assert_eq!(results[1]["ret_status"], "FAILED");
    assert_eq!(results[1]["error_info"]["error_code"], "MSS.00000102");
    let share_deleted = http(address, "POST", &path, &[TOKEN], Some(&act("SHARE", r#""xxxxx1""#))).await.json();
    assert_eq!(share_deleted["results"][0]["ret_status"], "FAILED");
    let restored = http(address, "POST", &path, &[TOKEN], Some(&act("RESTORE", r#""xxxxx1""#))).await.json();
    assert_eq!(restored["results"][0]["ret_status"], "SUCCESS");
    let forced = http(address, "POST", &path, &[TOKEN], Some(&act("DELETE_FORCE", r#""xxxxx2""#))).await.json();
    assert_eq!(forced["results"][0]["ret_status"], "SUCCESS");
    let gone = http(address, "POST", &path, &[TOKEN], Some(&act("RESTORE", r#""xxxxx2""#))).await.json();
    assert_eq!(gone["results"][0]["error_info"]["error_code"], "MSS.00000102");
    let bad_token =
        http(address, "POST", &path, &[("X-Auth-Token", "nope")], Some(&act("ACTIVE", r#""xxxxx3""#))).await;
    assert_eq!(bad_token.status, 400);
    assert_eq!(bad_token.json(), json!({"error_code": "MSS.00000001", "error_msg": "Unauthorized"}));
}

#[tokio::test]
async fn metastudio_accepts_ak_sk_signed_requests() {
    let address = start(fast()).await;
    let path = format!("/v1/{DEMO_PROJECT}/digital-assets/batch-action");
    let body = r#"{"action":"UNACTIVE","asset_ids":["xxxxx4"]}"#;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let date = sdk_date(now);
    let host = address.to_string();
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("host".to_string(), host.clone()),
        ("x-sdk-date".to_string(), date.clone()),
    ];
    let signed: Vec<String> = ["content-type", "host", "x-sdk-date"].map(String::from).to_vec();
    let request = SignedRequest { method: "POST", path: &path, query: "", headers: &headers, body: body.as_bytes() };
    let signature = sign(&request, &signed, DEV_SK);
    let authorization =
        format!("SDK-HMAC-SHA256 Access={DEV_AK}, SignedHeaders=content-type;host;x-sdk-date, Signature={signature}");
    let reply =
        http(address, "POST", &path, &[("Authorization", &authorization), ("X-Sdk-Date", &date)], Some(body)).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["results"][0]["ret_status"], "SUCCESS");
    let forged = authorization.replace(&signature[..4], "0000");
    let reply = http(address, "POST", &path, &[("Authorization", &forged), ("X-Sdk-Date", &date)], Some(body)).await;
    assert_eq!(reply.status, 400);
    let stale = sdk_date(now - 3600);
    let reply =
        http(address, "POST", &path, &[("Authorization", &authorization), ("X-Sdk-Date", &stale)], Some(body)).await;
    assert_eq!(reply.status, 400, "a signature over another date does not verify");
}
