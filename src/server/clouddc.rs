//! CloudDC: a batch delete answers 202 with the accepted instance IDs; each instance is then
//! `shutting-down` and, after the configured delay, `terminated`. Requests are rate limited per
//! credential (429, plain text).

use super::store::Instance;
use super::State;
use crate::clouddc::*;
use std::sync::Arc;
use std::time::Instant;

/// The CloudDC service on the shared state.
pub struct Service(pub Arc<State>);

const THROTTLED: &str = "The request is overloaded. Slow down and retry later.";

fn unauthorized() -> ErrorResponse {
    ErrorResponse {
        error_code: Some("CLOUDDC.0401".into()),
        error_msg: Some("The request is not authenticated.".into()),
    }
}

impl Service {
    /// `None` when the call may go on; else whether to answer 401 (false) or 429 (true).
    fn admit(&self, credential: &Credential) -> Option<bool> {
        let Credential::Token { x_auth_token } = credential;
        if !self.0.token_ok(x_auth_token) {
            return Some(false);
        }
        (!self.0.within_rate_limit(x_auth_token)).then_some(true)
    }
}

fn state_of(instance: &Instance, delay: std::time::Duration, now: Instant) -> &'static str {
    match instance.deleting_since {
        None => "running",
        Some(since) if now.duration_since(since) < delay => "shutting-down",
        Some(_) => "terminated",
    }
}

impl ClouddcApi for Service {
    async fn delete_instances(&self, input: DeleteInstancesInput) -> DeleteInstancesOutput {
        match self.admit(&input.credential) {
            Some(false) => return DeleteInstancesOutput::Unauthorized(unauthorized()),
            Some(true) => return DeleteInstancesOutput::TooManyRequests(THROTTLED.into()),
            None => {}
        }
        let requested = input.body.and_then(|b| b.instance_id_set).unwrap_or_default();
        let mut store = self.0.store();
        let now = Instant::now();
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

    async fn show_instance_status(&self, input: ShowInstanceStatusInput) -> ShowInstanceStatusOutput {
        match self.admit(&input.credential) {
            Some(false) => return ShowInstanceStatusOutput::Unauthorized(unauthorized()),
            Some(true) => return ShowInstanceStatusOutput::TooManyRequests(THROTTLED.into()),
            None => {}
        }
        let store = self.0.store();
        let instance = store.clouddc.get(&input.path.project_id).and_then(|p| p.get(&input.path.id));
        match instance {
            Some(instance) => ShowInstanceStatusOutput::Ok(InstanceStatus {
                state: state_of(instance, self.0.config.termination_delay, Instant::now()).into(),
            }),
            None => ShowInstanceStatusOutput::NotFound(ErrorResponse {
                error_code: Some("CLOUDDC.0404".into()),
                error_msg: Some("The instance does not exist.".into()),
            }),
        }
    }
}
