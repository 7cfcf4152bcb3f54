//! The generated BatchDeleteApp router with a service that answers exactly what
//! `handwritten_server` answers: the server row of BENCHMARKS.md isolates the cost of the generated
//! code (validation, rejection shapes) from the reference server's store and middleware.
//!
//! `cargo run --release --example generated_server -- 127.0.0.1:18082`

use huawei_batch_api::codearts_deploy::*;
use huawei_batch_api::runtime::http::{Denied, RequestHead};

struct Fixed;

impl CodeartsDeployApi for Fixed {
    type Principal = ();

    async fn authenticate(&self, credential: Credential, _: &RequestHead<'_>) -> Result<(), Denied> {
        let Credential::Token { x_auth_token } = credential;
        if x_auth_token == "dev-token" {
            Ok(())
        } else {
            Err(Denied::new("The token is missing, invalid or expired.").with_code("DEV.00000003"))
        }
    }

    async fn batch_delete_app(&self, (): (), input: BatchDeleteAppInput) -> BatchDeleteAppOutput {
        let result: Vec<AppDeleteResult> = input
            .body
            .application_ids
            .into_iter()
            .map(|id| AppDeleteResult {
                application_id: Some(id),
                application_name: None,
                status: Some(AppDeleteResultStatus::Error),
                error_reason: Some("The application does not exist in the project.".into()),
            })
            .collect();
        let total_num = Some(result.len() as i32);
        BatchDeleteAppOutput::Ok(BatchDeleteAppResponse { result: Some(result), total_num })
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Examples get the dev-dependency feature `check-responses`; measure what production runs.
    huawei_batch_api::runtime::http::set_check_responses(false);
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:18082".to_string());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("generated BatchDeleteApp router on http://{address}");
    huawei_batch_api::runtime::axum::serve(listener, router(Fixed)).await
}
