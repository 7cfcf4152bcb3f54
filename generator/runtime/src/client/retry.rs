//! When a call is tried again, and after how long: bounded attempts, exponential backoff with full
//! jitter, and the server's `Retry-After` where it gives one.

use http::header::RETRY_AFTER;
use http::{HeaderMap, Method};
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// The retry policy of a client. By default a call is tried up to three times when the server
/// answers 429 or 503 or the connection fails, and only for idempotent methods (RFC 9110, 9.2.2):
/// a `POST` that reached the server may have acted.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: no retry).
    pub max_attempts: u32,
    /// The first backoff; each retry doubles it, up to `max_delay`.
    pub base_delay: Duration,
    /// The longest wait before a retry, `Retry-After` included: a server asking for more is not
    /// retried.
    pub max_delay: Duration,
    /// Retry `POST` and `PATCH` too (for APIs whose operations are idempotent by design).
    pub non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(10),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: each call is tried once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Whether a call of `method` may be tried again at all.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.non_idempotent || !matches!(*method, Method::POST | Method::PATCH | Method::CONNECT)
    }

    /// The wait before attempt `attempt + 1` after an answer with `status` (`None`: the
    /// connection failed), or `None` when the call is not tried again.
    pub(crate) fn delay(&self, attempt: u32, status: Option<u16>, headers: Option<&HeaderMap>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if let Some(status) = status {
            if status != 429 && status != 503 {
                return None;
            }
            if let Some(after) = headers.and_then(retry_after) {
                return (after <= self.max_delay).then_some(after);
            }
        }
        let ceiling = self.base_delay.saturating_mul(1 << (attempt - 1).min(16)).min(self.max_delay);
        // Full jitter: a uniform wait below the ceiling, so that many clients do not retry in step.
        let nanos = ceiling.as_nanos().min(u64::MAX as u128) as u64;
        Some(Duration::from_nanos(if nanos == 0 { 0 } else { random() % nanos }))
    }
}

/// `Retry-After` in seconds (an HTTP date is not read: the backoff applies).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?;
    text.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// A random number from the standard library's per-process hash keys (randomly seeded by the
/// operating system), mixed with a counter: enough for jitter and multipart boundaries, with no
/// random-number crate to build.
pub(crate) fn random() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_are_bounded_and_honour_retry_after() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(policy.delay(1, Some(429), Some(&headers)), Some(Duration::from_secs(2)));
        assert!(policy.delay(1, Some(500), None).is_none());
        assert!(policy.delay(3, Some(503), None).is_none());
        assert!(policy.delay(1, None, None).unwrap() <= policy.base_delay);
        headers.insert(RETRY_AFTER, "3600".parse().unwrap());
        assert!(policy.delay(1, Some(503), Some(&headers)).is_none());
        assert!(!policy.allows(&Method::POST) && policy.allows(&Method::DELETE));
    }
}
