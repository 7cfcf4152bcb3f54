//! Calls all five pages' operations through the generated clients against a running reference
//! server (`cargo run` in another terminal): the ROMA Connect jobs followed to their end, a CodeArts
//! Deploy batch deletion, a CloudDC instance followed to `terminated`, MetaStudio once with the
//! token and once AK/SK-signed, and one invalid request stopped before the wire. Prints what it did;
//! exits 0 only when every answer is the documented one.
//!
//! `cargo run --example huawei_client -- --url http://127.0.0.1:8080 --token dev-token --aksk DEVACCESSKEY:dev-secret-key`

use huawei_batch_api::client::AkSkSigner;
use huawei_batch_api::runtime::client::Error;
use huawei_batch_api::server::store::{DEMO_INSTANCE, DEMO_PROJECT};
use huawei_batch_api::{clouddc, codearts_deploy, metastudio, roma_connect};
use std::process::ExitCode;
use std::time::Duration;

/// Where to call and with which credentials.
pub struct Options {
    /// The server's base URL.
    pub url: String,
    /// An `X-Auth-Token` it accepts.
    pub token: String,
    /// An access key and its secret.
    pub aksk: (String, String),
}

const USAGE: &str = "usage: huawei_client --url URL --token TOKEN --aksk AK:SK";

fn options() -> Result<Options, lexopt::Error> {
    use lexopt::prelude::*;
    let (mut url, mut token, mut aksk) = (None, None, None);
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("url") => url = Some(parser.value()?.string()?),
            Long("token") => token = Some(parser.value()?.string()?),
            Long("aksk") => {
                let text = parser.value()?.string()?;
                let (ak, sk) = text.split_once(':').ok_or("--aksk takes AK:SK")?;
                aksk = Some((ak.to_string(), sk.to_string()));
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Options {
        url: url.ok_or("--url is required")?,
        token: token.ok_or("--token is required")?,
        aksk: aksk.ok_or("--aksk is required")?,
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(err) => {
            eprintln!("error: {err}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options, &mut |line| println!("{line}")).await {
        Ok(()) => {
            println!("every answer was the documented one");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The tour; each step prints a line through `say`, the first unexpected answer ends it.
pub async fn run(options: &Options, say: &mut dyn FnMut(String)) -> Result<(), String> {
    roma(options, say).await?;
    codearts(options, say).await?;
    clouddc(options, say).await?;
    metastudio(options, say).await
}

fn unexpected(what: &str, answer: &dyn std::fmt::Debug) -> String {
    format!("{what}: unexpected answer {answer:?}")
}

async fn roma(options: &Options, say: &mut dyn FnMut(String)) -> Result<(), String> {
    use roma_connect::*;
    let client = Client::from_builder(Client::builder(&options.url).token("token", &options.token));
    let path = DeleteAssetPath { project_id: DEMO_PROJECT.into(), instance_id: DEMO_INSTANCE.into() };
    let body = AssetBatchRequest {
        apps: vec![AssetApp { id: Some("b2e6b145-4f3f-4a80-aa45-f4b8029f95a4".into()) }],
        tasks: vec![AssetTask { id: Some("b2e6a456-1234-4a80-aa45-f4b8029f95a4".into()) }],
    };
    let export = client.export_asset(ExportAssetInput { path: path.clone(), body: body.clone() });
    let ExportAssetOutput::Ok(AssetJobCreated { job_id: Some(job) }) = export.await.map_err(|e| e.to_string())? else {
        return Err("ExportAsset: no job".into());
    };
    say(format!("ROMA Connect ExportAsset: job {job}"));
    follow_job(&client, &path, job, say).await?;
    let delete = client.delete_asset(DeleteAssetInput { path: path.clone(), body });
    let DeleteAssetOutput::Ok(AssetJobCreated { job_id: Some(job) }) = delete.await.map_err(|e| e.to_string())? else {
        return Err("DeleteAsset: no job".into());
    };
    say(format!("ROMA Connect DeleteAsset: job {job}"));
    follow_job(&client, &path, job, say).await
}

async fn follow_job(
    client: &roma_connect::Client,
    path: &roma_connect::DeleteAssetPath,
    job_id: String,
    say: &mut dyn FnMut(String),
) -> Result<(), String> {
    use roma_connect::*;
    let path =
        CheckAssetJobStatusPath { project_id: path.project_id.clone(), instance_id: path.instance_id.clone(), job_id };
    for _ in 0..120 {
        let answer = client.check_asset_job_status(CheckAssetJobStatusInput { path: path.clone() }).await;
        match answer.map_err(|e| e.to_string())? {
            CheckAssetJobStatusOutput::Ok(status) if status.status == AssetJobStatusStatus::Running => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            CheckAssetJobStatusOutput::Ok(status) if status.status == AssetJobStatusStatus::Succeeded => {
                say(format!("  CheckAssetJobStatus: {} SUCCEEDED", path.job_id));
                return Ok(());
            }
            // A job on assets an earlier run removed fails, saying why: also a documented end.
            CheckAssetJobStatusOutput::Ok(status) if status.status == AssetJobStatusStatus::Failed => {
                let reasons = status.reasons.unwrap_or_default().join("; ");
                say(format!("  CheckAssetJobStatus: {} FAILED ({reasons})", path.job_id));
                return Ok(());
            }
            other => return Err(unexpected("CheckAssetJobStatus", &other)),
        }
    }
    Err("CheckAssetJobStatus: the job did not end within 30 s".into())
}

async fn codearts(options: &Options, say: &mut dyn FnMut(String)) -> Result<(), String> {
    use codearts_deploy::*;
    let client = Client::from_builder(Client::builder(&options.url).token("token", &options.token));
    let ids = vec!["eac65c10c5c34df1824af96ec93a9eeb".to_string(), "ffffffffffffffffffffffffffffffff".to_string()];
    let input =
        BatchDeleteAppInput { body: BatchDeleteAppRequest { project_id: DEMO_PROJECT.into(), application_ids: ids } };
    match client.batch_delete_app(input).await.map_err(|e| e.to_string())? {
        BatchDeleteAppOutput::Ok(BatchDeleteAppResponse { result: Some(result), total_num: Some(2) }) => {
            for item in result {
                let id = item.application_id.unwrap_or_default();
                say(format!("CodeArts Deploy BatchDeleteApp: {id} {:?}", item.status));
            }
        }
        other => return Err(unexpected("BatchDeleteApp", &other)),
    }
    // 51 IDs break the page's limit of 50: the client refuses to send them.
    let many = (0..51).map(|i| format!("{i:032x}")).collect();
    let input =
        BatchDeleteAppInput { body: BatchDeleteAppRequest { project_id: DEMO_PROJECT.into(), application_ids: many } };
    match client.batch_delete_app(input).await {
        Err(error @ Error::InvalidRequest { .. }) => say(format!("  stopped before the wire: {error}")),
        other => return Err(unexpected("BatchDeleteApp with 51 IDs", &other)),
    }
    Ok(())
}

async fn clouddc(options: &Options, say: &mut dyn FnMut(String)) -> Result<(), String> {
    use clouddc::*;
    let client = Client::from_builder(Client::builder(&options.url).token("token", &options.token));
    let id = "0198170e-4ca7-7ee4-89a7-fa631843920d".to_string();
    let input = DeleteInstancesInput {
        path: DeleteInstancesPath { project_id: DEMO_PROJECT.into() },
        body: Some(DeleteInstancesRequest { instance_id_set: Some(vec![id.clone()]) }),
    };
    match client.delete_instances(input).await.map_err(|e| e.to_string())? {
        DeleteInstancesOutput::Accepted(_) => say(format!("CloudDC DeleteInstances: {id} accepted")),
        other => return Err(unexpected("DeleteInstances", &other)),
    }
    for _ in 0..120 {
        let input = ShowInstanceStatusInput {
            path: ShowInstanceStatusPath { project_id: DEMO_PROJECT.into(), id: id.clone() },
        };
        match client.show_instance_status(input).await.map_err(|e| e.to_string())? {
            ShowInstanceStatusOutput::Ok(status) if status.state == "terminated" => {
                say(format!("  ShowInstanceStatus: {id} terminated"));
                return Ok(());
            }
            ShowInstanceStatusOutput::Ok(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            other => return Err(unexpected("ShowInstanceStatus", &other)),
        }
    }
    Err("ShowInstanceStatus: the instance was not terminated within 30 s".into())
}

async fn metastudio(options: &Options, say: &mut dyn FnMut(String)) -> Result<(), String> {
    use metastudio::*;
    let input = |action| BatchExecuteAssetActionInput {
        path: BatchExecuteAssetActionPath { project_id: DEMO_PROJECT.into() },
        headers: BatchExecuteAssetActionHeaders { x_sdk_date: None, x_app_user_id: None },
        body: BatchAssetActionRequest { action, asset_ids: vec!["xxxxx4".into()], params: None },
    };
    let with_token = Client::from_builder(Client::builder(&options.url).token("token", &options.token));
    let (ak, sk) = &options.aksk;
    let signed = Client::from_builder(Client::builder(&options.url).signer(AkSkSigner::new(ak, sk)));
    for (how, client, action) in [
        ("token", &with_token, BatchAssetActionRequestAction::Share),
        ("AK/SK", &signed, BatchAssetActionRequestAction::Unshare),
    ] {
        match client.batch_execute_asset_action(input(action)).await.map_err(|e| e.to_string())? {
            BatchExecuteAssetActionOutput::Ok { body, x_request_id } => {
                let status = body.results.unwrap_or_default().first().and_then(|r| r.ret_status);
                if status != Some(AssetActionResultRetStatus::Success) {
                    return Err(format!("BatchExecuteAssetAction ({how}): {status:?}"));
                }
                let request = x_request_id.unwrap_or_default();
                say(format!(
                    "MetaStudio BatchExecuteAssetAction {action:?} with the {how}: SUCCESS (request {request})"
                ));
            }
            other => return Err(unexpected("BatchExecuteAssetAction", &other)),
        }
    }
    Ok(())
}
