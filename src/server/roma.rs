//! ROMA Connect: delete and export create a job; one running asset job per user; the job finishes
//! after the configured delay and reports RUNNING, SUCCEEDED or FAILED.

use super::state::State;
use super::store::{Job, JobKind};
use crate::roma_connect::*;
use crate::runtime::http::{Denied, RequestHead};
use std::sync::Arc;
use std::time::Instant;

/// The ROMA Connect service on the shared state.
pub struct Service(pub Arc<State>);

fn error(state: &State, code: &str, message: &str) -> RomaErrorResponse {
    RomaErrorResponse {
        error_code: Some(code.to_string()),
        error_msg: Some(message.to_string()),
        error_details: None,
        request_id: Some(state.new_id()),
    }
}

/// The refusal of a job request, if any; otherwise the new job's ID.
enum JobOutcome {
    Created(String),
    Refused(RomaErrorResponse),
}

impl Service {
    /// Creates a job of `owner` (the user the token stands for).
    fn create_job(&self, owner: &str, path: (&str, &str), body: &AssetBatchRequest, kind: JobKind) -> JobOutcome {
        let state = &self.0;
        let mut store = state.store();
        let now = state.config.clock.now();
        settle_jobs(&mut store, now);
        if store.roma.jobs.values().any(|job| job.owner == owner && job.done_at > now) {
            return JobOutcome::Refused(error(
                state,
                "ROMA.00010002",
                "An asset job of this user is still running; wait until it finishes.",
            ));
        }
        let key = (path.0.to_string(), path.1.to_string());
        // A stand-in accepts any instance: one it does not know holds no assets, so a job on it fails
        // and says which assets it did not find.
        let (apps, tasks) = store.roma.instances.entry(key.clone()).or_default();
        let app_ids: Vec<String> = body.apps.iter().filter_map(|a| a.id.clone()).collect();
        let task_ids: Vec<String> = body.tasks.iter().filter_map(|t| t.id.clone()).collect();
        let mut missing: Vec<String> =
            app_ids.iter().filter(|id| !apps.contains(*id)).map(|id| format!("application {id} not found")).collect();
        missing.extend(task_ids.iter().filter(|id| !tasks.contains(*id)).map(|id| format!("task {id} not found")));
        let id = state.new_id();
        store.roma.jobs.insert(
            id.clone(),
            Job {
                owner: owner.to_string(),
                instance: key,
                kind,
                done_at: now + state.config.job_delay,
                missing,
                apps: app_ids,
                tasks: task_ids,
                applied: false,
            },
        );
        JobOutcome::Created(id)
    }
}

/// Applies the effect of every delete job that has finished successfully and not been applied yet.
fn settle_jobs(store: &mut super::store::Store, now: Instant) {
    let roma = &mut store.roma;
    for job in roma.jobs.values_mut().filter(|j| !j.applied && j.done_at <= now) {
        job.applied = true;
        if job.kind == JobKind::Delete && job.missing.is_empty() {
            if let Some((apps, tasks)) = roma.instances.get_mut(&job.instance) {
                job.apps.iter().for_each(|id| {
                    apps.remove(id);
                });
                job.tasks.iter().for_each(|id| {
                    tasks.remove(id);
                });
            }
        }
    }
}

impl RomaConnectApi for Service {
    /// The user a valid token stands for (the token itself: the stand-in has one user per token).
    type Principal = String;

    async fn authenticate(&self, credential: Credential, _: &RequestHead<'_>) -> Result<String, Denied> {
        let Credential::Token { x_auth_token } = credential;
        self.0.accept_token(x_auth_token, "ROMA.00000401", "The token is missing, invalid or expired.")
    }

    async fn delete_asset(&self, owner: String, input: DeleteAssetInput) -> DeleteAssetOutput {
        let path = (input.path.project_id.as_str(), input.path.instance_id.as_str());
        match self.create_job(&owner, path, &input.body, JobKind::Delete) {
            JobOutcome::Created(id) => DeleteAssetOutput::Ok(AssetJobCreated { job_id: Some(id) }),
            JobOutcome::Refused(e) => DeleteAssetOutput::Forbidden(e),
        }
    }

    async fn export_asset(&self, owner: String, input: ExportAssetInput) -> ExportAssetOutput {
        let path = (input.path.project_id.as_str(), input.path.instance_id.as_str());
        match self.create_job(&owner, path, &input.body, JobKind::Export) {
            JobOutcome::Created(id) => ExportAssetOutput::Ok(AssetJobCreated { job_id: Some(id) }),
            JobOutcome::Refused(e) => ExportAssetOutput::Forbidden(e),
        }
    }

    async fn check_asset_job_status(
        &self,
        owner: String,
        input: CheckAssetJobStatusInput,
    ) -> CheckAssetJobStatusOutput {
        let state = &self.0;
        let mut store = state.store();
        let now = state.config.clock.now();
        settle_jobs(&mut store, now);
        let key = (input.path.project_id.clone(), input.path.instance_id.clone());
        // Another user's job is answered as one that does not exist: its existence is not told.
        let job = store.roma.jobs.get(&input.path.job_id).filter(|job| job.instance == key && job.owner == owner);
        let Some(job) = job else {
            return CheckAssetJobStatusOutput::NotFound(error(state, "ROMA.00010003", "The job does not exist."));
        };
        let (status, reasons) = if job.done_at > now {
            (AssetJobStatusStatus::Running, None)
        } else if job.missing.is_empty() {
            (AssetJobStatusStatus::Succeeded, None)
        } else {
            (AssetJobStatusStatus::Failed, Some(job.missing.clone()))
        };
        let type_ = Some(match job.kind {
            JobKind::Delete => AssetJobStatusType::Delete,
            JobKind::Export => AssetJobStatusType::Export,
        });
        CheckAssetJobStatusOutput::Ok(AssetJobStatus { id: input.path.job_id, type_, status, reasons })
    }
}
