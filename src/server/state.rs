//! What the four services share: the server's configuration, the store, the ID counter and the
//! rate-limit windows.

use super::clock::Clock;
use super::store::{Seed, Store};
use crate::runtime::http::Denied;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How the server behaves.
#[derive(Clone, Debug)]
pub struct Config {
    /// Accepted `X-Auth-Token` values.
    pub tokens: Vec<String>,
    /// Accepted AK/SK pairs for signed requests.
    pub access_keys: Vec<(String, String)>,
    /// How long a ROMA Connect asset job runs.
    pub job_delay: Duration,
    /// How long a CloudDC instance stays `shutting-down` before it is `terminated`.
    pub termination_delay: Duration,
    /// CloudDC requests allowed per credential per second (then 429).
    pub rate_limit: u32,
    /// The store's initial content.
    pub seed: Seed,
    /// Where the server reads the time (the system's; tests hold a manual one).
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tokens: vec![DEV_TOKEN.to_string()],
            access_keys: vec![(DEV_AK.to_string(), DEV_SK.to_string())],
            job_delay: Duration::from_secs(3),
            termination_delay: Duration::from_secs(5),
            rate_limit: 20,
            seed: Seed::default(),
            clock: Clock::system(),
        }
    }
}

/// The token accepted when none is configured.
pub const DEV_TOKEN: &str = "dev-token";
/// The access key accepted when none is configured.
pub const DEV_AK: &str = "DEVACCESSKEY";
/// Its secret key.
pub const DEV_SK: &str = "dev-secret-key";

/// State shared by the four services.
pub struct State {
    pub(super) config: Config,
    store: Mutex<Store>,
    ids: AtomicU64,
    id_prefix: u64,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl State {
    pub(super) fn new(config: Config) -> Self {
        let id_prefix = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        State {
            store: Mutex::new(Store::new(&config.seed)),
            config,
            ids: AtomicU64::new(1),
            id_prefix,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// The store, locked. Critical sections never await.
    pub(super) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// True when `token` is configured.
    pub(super) fn token_ok(&self, token: &str) -> bool {
        self.config.tokens.iter().any(|t| t == token)
    }

    /// The token, when it is configured; else the API's refusal, with its code and message.
    pub(super) fn accept_token(
        &self,
        token: String,
        code: &'static str,
        message: &'static str,
    ) -> Result<String, Denied> {
        if self.token_ok(&token) {
            Ok(token)
        } else {
            Err(Denied::new(message).with_code(code))
        }
    }

    /// A new 32-hex-digit ID (job IDs and request IDs look like the pages').
    pub(super) fn new_id(&self) -> String {
        let n = self.ids.fetch_add(1, Ordering::Relaxed);
        format!("{:016x}{:016x}", self.id_prefix, n)
    }

    /// Counts a request of `credential` in its one-second window; false once over the limit.
    pub(super) fn within_rate_limit(&self, credential: &str) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = self.config.clock.now();
        let entry = windows.entry(credential.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(1) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.config.rate_limit
    }
}
