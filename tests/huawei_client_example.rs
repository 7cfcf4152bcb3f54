//! examples/huawei_client.rs against the reference server: the whole tour ends with every answer
//! the documented one, twice in a row (the second run finds the assets of the first gone).

#[allow(dead_code)]
#[path = "../examples/huawei_client.rs"]
mod example;

use huawei_batch_api::server::{app, Config, DEV_AK, DEV_SK, DEV_TOKEN};
use std::time::Duration;

#[tokio::test]
async fn the_client_tour_gets_the_documented_answers() {
    let config = Config {
        job_delay: Duration::from_millis(200),
        termination_delay: Duration::from_millis(200),
        ..Config::default()
    };
    let server = huawei_batch_api::runtime::client::serve_local(app(config)).await.unwrap();
    let options = example::Options { url: server.url(), token: DEV_TOKEN.into(), aksk: (DEV_AK.into(), DEV_SK.into()) };
    for run in 0..2 {
        let mut lines = Vec::new();
        example::run(&options, &mut |line| lines.push(line)).await.unwrap_or_else(|err| panic!("run {run}: {err}"));
        let text = lines.join("\n");
        for expected in
            ["ExportAsset: job", "BatchDeleteApp", "stopped before the wire", "terminated", "with the AK/SK"]
        {
            assert!(text.contains(expected), "run {run} printed no `{expected}`:\n{text}");
        }
    }
}
