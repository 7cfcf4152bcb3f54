//! One BatchDeleteApp call against the reference server on 127.0.0.1, four ways, in one run: the
//! generated client (validation + encoding + decoding), the same without request validation, a
//! hand-written reqwest call doing the same encoding and decoding, and a hand-written call on
//! hyper's client (the generated client's own transport). The server is the same for all four, so
//! the differences are the clients'.

use huawei_batch_api::codearts_deploy::*;
use huawei_batch_api::runtime::client as rtc;
use huawei_batch_api::server::store::DEMO_PROJECT;
use huawei_batch_api::server::{app, Config, DEV_TOKEN};
use std::sync::OnceLock;

/// The runtime every contender runs on, with the server on it: one thread, so that a call is the
/// client's and the server's work back to back, with no thread to wake (on an idle VM a wakeup of
/// the other core costs more than the call itself). `SEPARATE=1` serves on a thread of its own.
struct Setup {
    runtime: tokio::runtime::Runtime,
    _server_runtime: Option<tokio::runtime::Runtime>,
    url: String,
    _server: rtc::LocalServer,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        huawei_batch_api::runtime::http::set_check_responses(false);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let separate = std::env::var_os("SEPARATE").is_some();
        let server_runtime = separate
            .then(|| tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap());
        let serving = server_runtime.as_ref().unwrap_or(&runtime);
        let server = serving.block_on(rtc::serve_local(app(Config::default()))).unwrap();
        Setup { url: server.url(), _server: server, runtime, _server_runtime: server_runtime }
    })
}

fn input() -> BatchDeleteAppInput {
    let ids = (0..10).map(|i| format!("{i:032x}")).collect();
    BatchDeleteAppInput { body: BatchDeleteAppRequest { project_id: DEMO_PROJECT.into(), application_ids: ids } }
}

fn main() {
    let _ = setup();
    divan::main();
}

#[divan::bench]
fn generated_client(bencher: divan::Bencher) {
    let runtime = &setup().runtime;
    let client = Client::from_builder(Client::builder(&setup().url).token("token", DEV_TOKEN));
    bencher.bench_local(|| {
        let output = runtime.block_on(client.batch_delete_app(input())).unwrap();
        assert!(matches!(output, BatchDeleteAppOutput::Ok(_)));
    });
}

#[divan::bench]
fn generated_client_unvalidated(bencher: divan::Bencher) {
    let runtime = &setup().runtime;
    let builder = Client::builder(&setup().url).token("token", DEV_TOKEN).validate_requests(false);
    let client = Client::from_builder(builder);
    bencher.bench_local(|| {
        let output = runtime.block_on(client.batch_delete_app(input())).unwrap();
        assert!(matches!(output, BatchDeleteAppOutput::Ok(_)));
    });
}

#[divan::bench]
fn handwritten_reqwest(bencher: divan::Bencher) {
    let runtime = &setup().runtime;
    let client = reqwest::Client::new();
    let url = format!("{}/v2/applications/batch-delete", setup().url);
    bencher.bench_local(|| {
        runtime.block_on(async {
            let body = input().body;
            let response =
                client.post(&url).header("X-Auth-Token", DEV_TOKEN).json(&body).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let bytes = response.bytes().await.unwrap();
            let answer: BatchDeleteAppResponse = serde_json::from_slice(&bytes).unwrap();
            assert!(answer.total_num.is_some());
        })
    });
}

#[divan::bench(args = [false, true])]
fn handwritten_hyper(bencher: divan::Bencher, nodelay: bool) {
    use http_body_util::{BodyExt, Full};
    let runtime = &setup().runtime;
    // `nodelay`: TCP_NODELAY, as the generated client sets it.
    let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
    connector.set_nodelay(nodelay);
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build::<_, Full<hyper::body::Bytes>>(connector);
    let url: hyper::Uri = format!("{}/v2/applications/batch-delete", setup().url).parse().unwrap();
    bencher.bench_local(|| {
        runtime.block_on(async {
            let body = serde_json::to_vec(&input().body).unwrap();
            let request = hyper::Request::post(url.clone())
                .header("X-Auth-Token", DEV_TOKEN)
                .header("Content-Type", "application/json")
                .body(Full::new(hyper::body::Bytes::from(body)))
                .unwrap();
            let response = client.request(request).await.unwrap();
            assert_eq!(response.status(), 200);
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let answer: BatchDeleteAppResponse = serde_json::from_slice(&bytes).unwrap();
            assert!(answer.total_num.is_some());
        })
    });
}
