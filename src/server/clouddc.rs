//! CloudDC: a batch delete answers 202 with the accepted instance IDs; each instance is then
//! `shutting-down` and, after the configured delay, `terminated`. Requests are rate limited per
//! credential (429, plain text).

use super::state::State;
use super::store::Instance;
use crate::clouddc::*;
use crate::runtime::http::{Denied, RequestHead};
use std::sync::Arc;
use std::time::Instant;

/// The CloudDC service on the shared state.
pub struct Service(pub Arc<State>);

const THROTTLED: &str = "The request is overloaded. Slow down and retry later.";

fn state_of(instance: &Instance, delay: std::time::Duration, now: Instant) -> &'static str {
    match instance.deleting_since {
        None => "running",
        Some(since) if now.duration_since(since) < delay => "shutting-down",
        Some(_) => "terminated",
    }
}

impl ClouddcApi for Service {
    /// The token, which requests are rate limited by.
    type Principal = String;

    async fn authenticate(&self, credential: Credential, _: &RequestHead<'_>) -> Result<String, Denied> {
        let Credential::Token { x_auth_token } = credential;
        self.0.accept_token(x_auth_token, "CLOUDDC.0401", "The request is not authenticated.")
    }

    async fn delete_instances(&self, token: String, input: DeleteInstancesInput) -> DeleteInstancesOutput {
        if !self.0.within_rate_limit(&token) {
            return DeleteInstancesOutput::TooManyRequests(THROTTLED.into());
        }
        let requested = input.body.and_then(|b| b.instance_id_set).unwrap_or_default();
        let mut store = self.0.store();
        let now = self.0.config.clock.now();
        let mut accepted = Vec::new();
        if let Some(instances) = store.clouddc.get_mut(&input.path.project_id) {
            for id in requested {
                // Unknown IDs and instances already being deleted are not accepted again.
                if let Some(instance) = instances.get_mut(&id).filter(|i| i.deleting_since.is_none()) {
                    instance.deleting_since = Some(now);
                    accepted.push(DeletedInstance { id: Some(id) });
                }
            }
        }
        DeleteInstancesOutput::Accepted(DeleteInstancesResponse { instances: Some(accepted) })
    }

    async fn show_instance_status(&self, token: String, input: ShowInstanceStatusInput) -> ShowInstanceStatusOutput {
        if !self.0.within_rate_limit(&token) {
            return ShowInstanceStatusOutput::TooManyRequests(THROTTLED.into());
        }
        let store = self.0.store();
        let instance = store.clouddc.get(&input.path.project_id).and_then(|p| p.get(&input.path.id));
        match instance {
            Some(instance) => ShowInstanceStatusOutput::Ok(InstanceStatus {
                state: state_of(instance, self.0.config.termination_delay, self.0.config.clock.now()).into(),
            }),
            None => ShowInstanceStatusOutput::NotFound(ErrorResponse {
                error_code: Some("CLOUDDC.0404".into()),
                error_msg: Some("The instance does not exist.".into()),
            }),
        }
    }
}
