//! The reference server's clock: the system's, or one that a test holds still and moves by hand, so
//! that timed behaviour (jobs finishing, instances terminating, rate-limit windows) is tested at its
//! exact boundaries without sleeping.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Where the server reads the time.
#[derive(Clone, Debug, Default)]
pub struct Clock(Option<Arc<Mutex<Instant>>>);

impl Clock {
    /// The system's monotonic clock (the default).
    pub fn system() -> Self {
        Clock(None)
    }

    /// A clock that stands still until [`Clock::advance`] moves it; clones share it.
    pub fn manual() -> Self {
        Clock(Some(Arc::new(Mutex::new(Instant::now()))))
    }

    /// The time now.
    pub fn now(&self) -> Instant {
        match &self.0 {
            None => Instant::now(),
            Some(now) => *now.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a manual clock forward by `by` (a system clock moves by itself).
    pub fn advance(&self, by: Duration) {
        if let Some(now) = &self.0 {
            *now.lock().unwrap_or_else(|p| p.into_inner()) += by;
        }
    }
}
