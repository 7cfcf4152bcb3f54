//! CodeArts Deploy: projects hold applications; a batch delete answers one result per requested ID,
//! `success` or `error` with a reason, and `total_num`.

use super::state::State;
use crate::codearts_deploy::*;
use crate::runtime::http::{Denied, RequestHead};
use std::sync::Arc;

/// The CodeArts Deploy service on the shared state.
pub struct Service(pub Arc<State>);

impl CodeartsDeployApi for Service {
    type Principal = ();

    async fn authenticate(&self, credential: Credential, _: &RequestHead<'_>) -> Result<(), Denied> {
        let Credential::Token { x_auth_token } = credential;
        // The page limits the token to 20,000 characters.
        if self.0.token_ok(&x_auth_token) && x_auth_token.chars().count() <= 20000 {
            Ok(())
        } else {
            Err(Denied::new("The token is missing, invalid or expired.").with_code("DEV.00000003"))
        }
    }

    async fn batch_delete_app(&self, (): (), input: BatchDeleteAppInput) -> BatchDeleteAppOutput {
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
