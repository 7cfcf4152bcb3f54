//! The generated clients over real HTTP against the reference server: every operation of the four
//! specs, both MetaStudio credential kinds, wrong and missing credentials, an invalid input stopped
//! before the wire, an undocumented status, a retry after 429 and a timeout.

use huawei_batch_api::client::AkSkSigner;
use huawei_batch_api::runtime::axum;
use huawei_batch_api::runtime::client::{self as rtc, Attempt, Error, Observe, RetryPolicy};
use huawei_batch_api::server::store::{DEMO_INSTANCE, DEMO_PROJECT};
use huawei_batch_api::server::{app, Config, DEV_AK, DEV_SK, DEV_TOKEN};
use huawei_batch_api::{clouddc, codearts_deploy, metastudio, roma_connect};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn fast() -> Config {
    Config { job_delay: Duration::from_millis(300), termination_delay: Duration::from_millis(300), ..Config::default() }
}

async fn start(config: Config) -> rtc::LocalServer {
    rtc::serve_local(app(config)).await.expect("a local port")
}

/// Counts the attempts a client makes.
#[derive(Clone, Default)]
struct Attempts(Arc<AtomicU32>);

impl Observe for Attempts {
    fn before(&self, _: &Attempt<'_>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl Attempts {
    fn count(&self) -> u32 {
        self.0.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn roma_connect_jobs_followed_to_their_end() {
    use roma_connect::*;
    let server = start(fast()).await;
    let client = Client::from_builder(Client::builder(server.url()).token("token", DEV_TOKEN));
    let path = DeleteAssetPath { project_id: DEMO_PROJECT.into(), instance_id: DEMO_INSTANCE.into() };
    let body = AssetBatchRequest {
        apps: vec![AssetApp { id: Some("b1e6b1e6-4f3f-4a80-bb45-f4b9039f95a3".into()) }],
        tasks: vec![],
    };
    let created = client.delete_asset(DeleteAssetInput { path: path.clone(), body: body.clone() }).await.unwrap();
    let DeleteAssetOutput::Ok(AssetJobCreated { job_id: Some(job_id) }) = created else { panic!("{created:?}") };
    // A second job while one runs is the page's 403, a documented answer and not an error.
    let export = ExportAssetInput { path: path.clone(), body: body.clone() };
    let refused = client.export_asset(export.clone()).await.unwrap();
    assert!(matches!(refused, ExportAssetOutput::Forbidden(_)), "{refused:?}");
    let status_path =
        CheckAssetJobStatusPath { project_id: path.project_id.clone(), instance_id: path.instance_id.clone(), job_id };
    let status = loop {
        let input = CheckAssetJobStatusInput { path: status_path.clone() };
        match client.check_asset_job_status(input).await.unwrap() {
            CheckAssetJobStatusOutput::Ok(status) if status.status == AssetJobStatusStatus::Running => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            CheckAssetJobStatusOutput::Ok(status) => break status,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(status.status, AssetJobStatusStatus::Succeeded);
    let exported = client.export_asset(export).await.unwrap();
    assert!(matches!(exported, ExportAssetOutput::Ok(AssetJobCreated { job_id: Some(_) })), "{exported:?}");
}

#[tokio::test]
async fn codearts_deploy_answers_per_item_and_invalid_input_never_leaves() {
    use codearts_deploy::*;
    let server = start(fast()).await;
    let attempts = Attempts::default();
    let client =
        Client::from_builder(Client::builder(server.url()).token("token", DEV_TOKEN).observer(attempts.clone()));
    let ids = vec!["eac65c10c5c34df1824af96ec93a9eea".to_string(), "ffffffffffffffffffffffffffffffff".to_string()];
    let input =
        BatchDeleteAppInput { body: BatchDeleteAppRequest { project_id: DEMO_PROJECT.into(), application_ids: ids } };
    let BatchDeleteAppOutput::Ok(answer) = client.batch_delete_app(input).await.unwrap() else { panic!() };
    assert_eq!(answer.total_num, Some(2));
    assert_eq!(attempts.count(), 1);
    // 51 IDs break `maxItems: 50`: refused with the server's pointer, and nothing is sent.
    let many = (0..51).map(|i| format!("{i:032x}")).collect();
    let input =
        BatchDeleteAppInput { body: BatchDeleteAppRequest { project_id: DEMO_PROJECT.into(), application_ids: many } };
    match client.batch_delete_app(input).await {
        Err(Error::InvalidRequest { violations, .. }) => {
            let pointers: Vec<&str> = violations.as_slice().iter().map(|v| v.pointer.as_str()).collect();
            assert!(pointers.contains(&"/application_ids"), "{pointers:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(attempts.count(), 1, "the invalid request reached the wire");
}

#[tokio::test]
async fn clouddc_instance_to_terminated_and_retry_after_429() {
    use clouddc::*;
    let server = start(Config { rate_limit: 2, ..fast() }).await;
    let attempts = Attempts::default();
    // Up to 20 attempts, each waiting below 400 ms: the second one-second window opens well within.
    let retry = RetryPolicy {
        max_attempts: 20,
        base_delay: Duration::from_millis(200),
        max_delay: Duration::from_millis(400),
        ..RetryPolicy::default()
    };
    let builder = Client::builder(server.url()).token("token", DEV_TOKEN).retry(retry).observer(attempts.clone());
    let client = Client::from_builder(builder);
    let id = "0198170e-4ca7-7ee4-89a7-fa631843920b".to_string();
    let input = DeleteInstancesInput {
        path: DeleteInstancesPath { project_id: DEMO_PROJECT.into() },
        body: Some(DeleteInstancesRequest { instance_id_set: Some(vec![id.clone()]) }),
    };
    let accepted = client.delete_instances(input).await.unwrap();
    assert!(matches!(accepted, DeleteInstancesOutput::Accepted(_)), "{accepted:?}");
    let status =
        || ShowInstanceStatusInput { path: ShowInstanceStatusPath { project_id: DEMO_PROJECT.into(), id: id.clone() } };
    // The second call of this second is the last one allowed; the third is answered 429 and tried
    // again (GET is idempotent) until the next window.
    let mut states = Vec::new();
    for _ in 0..3 {
        match client.show_instance_status(status()).await.unwrap() {
            ShowInstanceStatusOutput::Ok(state) => states.push(state.state),
            other => panic!("{other:?}"),
        }
    }
    assert!(attempts.count() > 4, "no retry after 429: {} attempts", attempts.count());
    // Followed as a client follows it: polled until it ends (the delay is the server's, 300 ms).
    let mut last = String::new();
    for _ in 0..100 {
        let ShowInstanceStatusOutput::Ok(now) = client.show_instance_status(status()).await.unwrap() else { panic!() };
        last = now.state;
        if last != "shutting-down" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(last, "terminated", "{states:?}");
    // Without retries the 429 is the documented plain-text answer.
    let once = Client::from_builder(Client::builder(server.url()).token("token", DEV_TOKEN).retry(RetryPolicy::none()));
    let mut answers = Vec::new();
    for _ in 0..3 {
        answers.push(once.show_instance_status(status()).await.unwrap());
    }
    assert!(answers.iter().any(|a| matches!(a, ShowInstanceStatusOutput::TooManyRequests(_))), "{answers:?}");
}

#[tokio::test]
async fn metastudio_with_a_token_and_signed_with_ak_sk() {
    use metastudio::*;
    let server = start(fast()).await;
    let input = |action, ids: &[&str]| BatchExecuteAssetActionInput {
        path: BatchExecuteAssetActionPath { project_id: DEMO_PROJECT.into() },
        headers: BatchExecuteAssetActionHeaders { x_sdk_date: None, x_app_user_id: None },
        body: BatchAssetActionRequest { action, asset_ids: ids.iter().map(|s| s.to_string()).collect(), params: None },
    };
    let with_token = Client::from_builder(Client::builder(server.url()).token("token", DEV_TOKEN));
    let answer = with_token.batch_execute_asset_action(input(BatchAssetActionRequestAction::Share, &["xxxxx1"])).await;
    let BatchExecuteAssetActionOutput::Ok { body, x_request_id } = answer.unwrap() else { panic!() };
    assert!(x_request_id.is_some());
    assert_eq!(body.results.unwrap()[0].ret_status, Some(AssetActionResultRetStatus::Success));
    let signed = Client::from_builder(Client::builder(server.url()).signer(AkSkSigner::new(DEV_AK, DEV_SK)));
    let answer = signed.batch_execute_asset_action(input(BatchAssetActionRequestAction::Delete, &["xxxxx2"])).await;
    assert!(matches!(answer.unwrap(), BatchExecuteAssetActionOutput::Ok { .. }));
    // A wrong secret signs wrongly: the page's 400 `MSS.00000001`, a documented answer.
    let wrong = Client::from_builder(Client::builder(server.url()).signer(AkSkSigner::new(DEV_AK, "not-the-secret")));
    let answer = wrong.batch_execute_asset_action(input(BatchAssetActionRequestAction::Delete, &["xxxxx3"])).await;
    match answer.unwrap() {
        BatchExecuteAssetActionOutput::BadRequest { body, .. } => {
            assert_eq!(body.error_code.as_deref(), Some("MSS.00000001"))
        }
        other => panic!("{other:?}"),
    }
    let wrong_token = Client::from_builder(Client::builder(server.url()).token("token", "no-such-token"));
    let answer =
        wrong_token.batch_execute_asset_action(input(BatchAssetActionRequestAction::Delete, &["xxxxx3"])).await;
    assert!(matches!(answer.unwrap(), BatchExecuteAssetActionOutput::BadRequest { .. }));
    // No credentials at all: nothing is sent.
    let anonymous = Client::new(server.url());
    let answer = anonymous.batch_execute_asset_action(input(BatchAssetActionRequestAction::Delete, &["xxxxx3"])).await;
    assert!(matches!(answer, Err(Error::MissingCredentials { .. })), "{answer:?}");
}

#[tokio::test]
async fn undocumented_statuses_and_timeouts_are_errors() {
    use clouddc::*;
    let path = "/v1/{project_id}/instances/{id}/status";
    let teapot =
        axum::Router::new().route(path, axum::routing::get(|| async { (axum::http::StatusCode::IM_A_TEAPOT, "tea") }));
    let server = rtc::serve_local(teapot).await.unwrap();
    let client = Client::from_builder(Client::builder(server.url()).token("token", DEV_TOKEN));
    let input =
        || ShowInstanceStatusInput { path: ShowInstanceStatusPath { project_id: DEMO_PROJECT.into(), id: "x".into() } };
    match client.show_instance_status(input()).await {
        Err(Error::UndocumentedStatus { status: 418, body, .. }) => assert_eq!(&body[..], b"tea"),
        other => panic!("{other:?}"),
    }
    let slow = axum::Router::new().route(
        path,
        axum::routing::get(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "late"
        }),
    );
    let server = rtc::serve_local(slow).await.unwrap();
    let builder = Client::builder(server.url()).token("token", DEV_TOKEN).timeout(Duration::from_millis(100));
    let client = Client::from_builder(builder.retry(RetryPolicy::none()));
    let answer = client.show_instance_status(input()).await;
    assert!(matches!(answer, Err(Error::Timeout { .. })), "{answer:?}");
}

#[tokio::test]
async fn answers_that_break_the_spec_are_reported() {
    use clouddc::*;
    // A server that answers 202 with an instance ID that is a number, not a string.
    let wrong = axum::Router::new().route(
        "/v1/{project_id}/instances/batch-delete",
        axum::routing::post(|| async {
            (axum::http::StatusCode::ACCEPTED, [("content-type", "application/json")], r#"{"instances":[{"id":5}]}"#)
        }),
    );
    let server = rtc::serve_local(wrong).await.unwrap();
    let input = || DeleteInstancesInput { path: DeleteInstancesPath { project_id: DEMO_PROJECT.into() }, body: None };
    // Checked against the schema: every violation, with its pointer.
    let builder = Client::builder(server.url()).token("token", DEV_TOKEN).validate_responses(true);
    match Client::from_builder(builder).delete_instances(input()).await {
        Err(Error::InvalidResponse { status: 202, violations, .. }) => {
            assert_eq!(violations.as_slice()[0].pointer, "/instances/0/id");
        }
        other => panic!("{other:?}"),
    }
    // Unchecked (the default), serde still refuses to read it into the type.
    let plain = Client::from_builder(Client::builder(server.url()).token("token", DEV_TOKEN));
    let answer = plain.delete_instances(input()).await;
    assert!(matches!(answer, Err(Error::InvalidResponse { status: 202, .. })), "{answer:?}");
}

#[tokio::test]
async fn a_deadline_bounds_the_whole_call_retries_included() {
    use clouddc::*;
    let started = std::time::Instant::now();
    let slow = axum::Router::new().route(
        "/v1/{project_id}/instances/{id}/status",
        axum::routing::get(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "late"
        }),
    );
    let server = rtc::serve_local(slow).await.unwrap();
    let input =
        || ShowInstanceStatusInput { path: ShowInstanceStatusPath { project_id: DEMO_PROJECT.into(), id: "x".into() } };
    let builder = Client::builder(server.url()).token("token", DEV_TOKEN).timeout(Duration::from_secs(10));
    let client = Client::from_builder(builder.deadline(Duration::from_millis(150)));
    let answer = client.show_instance_status(input()).await;
    assert!(matches!(answer, Err(Error::Timeout { .. })), "{answer:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "the deadline did not stop the call");
    // Answered 429 within the deadline: the retries that would pass it are not made, and the
    // documented 429 is the answer.
    let server = start(Config { rate_limit: 1, ..fast() }).await;
    let attempts = Attempts::default();
    let retry = RetryPolicy { max_attempts: 50, base_delay: Duration::from_millis(100), ..RetryPolicy::default() };
    let builder = Client::builder(server.url()).token("token", DEV_TOKEN).retry(retry).observer(attempts.clone());
    let client = Client::from_builder(builder.deadline(Duration::from_millis(300)));
    let status = || ShowInstanceStatusInput {
        path: ShowInstanceStatusPath {
            project_id: DEMO_PROJECT.into(),
            id: "0198170e-4ca7-7ee4-89a7-fa631843920c".into(),
        },
    };
    let started = std::time::Instant::now();
    assert!(matches!(client.show_instance_status(status()).await.unwrap(), ShowInstanceStatusOutput::Ok(_)));
    let limited = client.show_instance_status(status()).await.unwrap();
    assert!(matches!(limited, ShowInstanceStatusOutput::TooManyRequests(_)), "{limited:?}");
    assert!(started.elapsed() < Duration::from_millis(900), "{:?}", started.elapsed());
    assert!(attempts.count() >= 2 && attempts.count() < 50);
}
