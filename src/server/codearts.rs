//! CodeArts Deploy: projects hold applications; a batch delete answers one result per requested ID,
//! `success` or `error` with a reason, and `total_num`.

use super::State;
use crate::codearts_deploy::*;
use std::sync::Arc;

/// The CodeArts Deploy service on the shared state.
pub struct Service(pub Arc<State>);

impl CodeartsDeployApi for Service {
    async fn batch_delete_app(&self, input: BatchDeleteAppInput) -> BatchDeleteAppOutput {
        let Credential::Token { x_auth_token } = &input.credential;
        if !self.0.token_ok(x_auth_token) || x_auth_token.chars().count() > 20000 {
            return BatchDeleteAppOutput::Unauthorized(ErrorResponse {
                error_code: Some("DEV.00000003".into()),
                error_msg: Some("The token is missing, invalid or expired.".into()),
            });
        }
        let mut store = self.0.store();
        let mut project = store.codearts.get_mut(&input.body.project_id);
        let result: Vec<AppDeleteResult> = input
            .body
            .application_ids
            .iter()
            .map(|id| {
                let deleted = project.as_mut().and_then(|apps| apps.remove(id));
                match (deleted, project.is_some()) {
                    (Some(name), _) => AppDeleteResult {
                        application_id: Some(id.clone()),
                        application_name: Some(name),
                        status: Some(AppDeleteResultStatus::Success),
                        error_reason: Some(String::new()),
                    },
                    (None, exists) => AppDeleteResult {
                        application_id: Some(id.clone()),
                        application_name: None,
                        status: Some(AppDeleteResultStatus::Error),
                        error_reason: Some(
                            if exists {
                                "The application does not exist in the project."
                            } else {
                                "The project does not exist."
                            }
                            .into(),
                        ),
                    },
                }
            })
            .collect();
        let total_num = Some(result.len() as i32);
        BatchDeleteAppOutput::Ok(BatchDeleteAppResponse { result: Some(result), total_num })
    }
}
