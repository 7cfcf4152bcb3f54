//! The embedded in-memory store and its deterministic seed data (built in, or read from a JSON file),
//! chosen so that the pages' example requests find something to act on.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// The project of the pages' examples (page 001), used by every built-in seed.
pub const DEMO_PROJECT: &str = "0a38ce9ba3c740c199a0f872b6163661";
/// The ROMA Connect instance of the built-in seed.
pub const DEMO_INSTANCE: &str = "9dd5ee1b-5a2e-4a8f-a9a7-1a2c1f4c2d10";

/// What the store starts with. Every part is optional in a seed file.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Seed {
    /// ROMA Connect instances and their assets.
    pub roma_connect: Vec<RomaInstanceSeed>,
    /// CodeArts Deploy projects and their applications.
    pub codearts_deploy: Vec<CodeArtsProjectSeed>,
    /// CloudDC projects and their running instances.
    pub clouddc: Vec<CloudDcProjectSeed>,
    /// MetaStudio projects and their assets.
    pub metastudio: Vec<MetaStudioProjectSeed>,
}

/// A ROMA Connect instance.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RomaInstanceSeed {
    /// Project ID.
    pub project_id: String,
    /// Instance ID.
    pub instance_id: String,
    /// Integration application IDs.
    #[serde(default)]
    pub apps: Vec<String>,
    /// Data integration task IDs.
    #[serde(default)]
    pub tasks: Vec<String>,
}

/// A CodeArts Deploy project.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CodeArtsProjectSeed {
    /// Project ID.
    pub project_id: String,
    /// Applications: ID → name.
    pub applications: BTreeMap<String, String>,
}

/// A CloudDC project.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CloudDcProjectSeed {
    /// Project ID.
    pub project_id: String,
    /// IDs of running instances.
    pub instances: Vec<String>,
}

/// A MetaStudio project.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MetaStudioProjectSeed {
    /// Project ID.
    pub project_id: String,
    /// Asset IDs, all active and unshared.
    pub assets: Vec<String>,
}

impl Default for Seed {
    fn default() -> Self {
        let strings = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Seed {
            roma_connect: vec![RomaInstanceSeed {
                project_id: DEMO_PROJECT.into(),
                instance_id: DEMO_INSTANCE.into(),
                apps: strings(&["b1e6b1e6-4f3f-4a80-bb45-f4b9039f95a3", "b2e6b145-4f3f-4a80-aa45-f4b8029f95a4"]),
                tasks: strings(&["b2e6a456-1234-4a80-aa45-f4b8029f95a4", "123456648-4f3f-4a80-aa45-f4b00005a42"]),
            }],
            codearts_deploy: vec![CodeArtsProjectSeed {
                project_id: DEMO_PROJECT.into(),
                applications: [
                    ("eac65c10c5c34df1824af96ec93a9eea", "Application name 1"),
                    ("3ba2ad194ff141e39b1d3d0749242858", "Application name 2"),
                    ("eac65c10c5c34df1824af96ec93a9eeb", "Application name 3"),
                ]
                .into_iter()
                .map(|(id, name)| (id.to_string(), name.to_string()))
                .collect(),
            }],
            clouddc: vec![CloudDcProjectSeed {
                project_id: DEMO_PROJECT.into(),
                instances: strings(&[
                    "0198170e-4ca7-7ee4-89a7-fa631843920b",
                    "0198170e-4ca7-7ee4-89a7-fa631843920c",
                    "0198170e-4ca7-7ee4-89a7-fa631843920d",
                ]),
            }],
            metastudio: vec![MetaStudioProjectSeed {
                project_id: DEMO_PROJECT.into(),
                assets: strings(&["xxxxx1", "xxxxx2", "xxxxx3", "xxxxx4"]),
            }],
        }
    }
}

/// The kind of a ROMA Connect asset job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Batch deletion.
    Delete,
    /// Batch export.
    Export,
}

/// A ROMA Connect asset job. Its state is derived from the clock when read.
#[derive(Clone, Debug)]
pub struct Job {
    /// Who created it (the credential), for the one-running-job rule.
    pub owner: String,
    /// The instance it belongs to.
    pub instance: (String, String),
    /// Delete or export.
    pub kind: JobKind,
    /// When it finishes.
    pub done_at: Instant,
    /// Assets it did not find (the job fails when there are any).
    pub missing: Vec<String>,
    /// Assets it acts on when it finishes (delete jobs).
    pub apps: Vec<String>,
    /// Tasks it acts on when it finishes (delete jobs).
    pub tasks: Vec<String>,
    /// True once a finished delete job has removed its assets.
    pub applied: bool,
}

/// ROMA Connect state.
#[derive(Debug, Default)]
pub struct Roma {
    /// (project, instance) → (apps, tasks).
    pub instances: BTreeMap<(String, String), (BTreeSet<String>, BTreeSet<String>)>,
    /// Job ID → job.
    pub jobs: BTreeMap<String, Job>,
}

/// A CloudDC instance.
#[derive(Clone, Debug)]
pub struct Instance {
    /// When its deletion was accepted (`None` while running).
    pub deleting_since: Option<Instant>,
}

/// MetaStudio asset states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetState {
    /// Active.
    Active,
    /// Deactivated.
    Unactive,
    /// Deleted, recoverable by RESTORE.
    Deleted,
}

/// A MetaStudio asset.
#[derive(Clone, Debug)]
pub struct Asset {
    /// Its state.
    pub state: AssetState,
    /// The state to go back to on RESTORE.
    pub before_delete: AssetState,
    /// Shared or not.
    pub shared: bool,
}

/// Everything the reference server knows.
#[derive(Debug, Default)]
pub struct Store {
    /// ROMA Connect.
    pub roma: Roma,
    /// CodeArts Deploy: project → application ID → name.
    pub codearts: BTreeMap<String, BTreeMap<String, String>>,
    /// CloudDC: project → instance ID → instance.
    pub clouddc: BTreeMap<String, BTreeMap<String, Instance>>,
    /// MetaStudio: project → asset ID → asset.
    pub metastudio: BTreeMap<String, BTreeMap<String, Asset>>,
}

impl Store {
    /// A store holding `seed`.
    pub fn new(seed: &Seed) -> Self {
        let mut store = Store::default();
        for i in &seed.roma_connect {
            store.roma.instances.insert(
                (i.project_id.clone(), i.instance_id.clone()),
                (i.apps.iter().cloned().collect(), i.tasks.iter().cloned().collect()),
            );
        }
        for p in &seed.codearts_deploy {
            store.codearts.insert(p.project_id.clone(), p.applications.clone());
        }
        for p in &seed.clouddc {
            let instances = p.instances.iter().map(|id| (id.clone(), Instance { deleting_since: None })).collect();
            store.clouddc.insert(p.project_id.clone(), instances);
        }
        for p in &seed.metastudio {
            let assets = p
                .assets
                .iter()
                .map(|id| {
                    (id.clone(), Asset { state: AssetState::Active, before_delete: AssetState::Active, shared: false })
                })
                .collect();
            store.metastudio.insert(p.project_id.clone(), assets);
        }
        store
    }
}
