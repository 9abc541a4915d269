//! Request limits: per-member and per-address rate limits (governor's GCRA), so one key or one
//! address cannot starve the others.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// A rate per key: `rate` requests per second, in bursts of up to twice that.
struct Keyed<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> Keyed<K> {
    fn new(rate: NonZeroU32) -> Keyed<K> {
        let burst = NonZeroU32::new(rate.get().saturating_mul(2)).expect("twice a positive rate");
        Keyed { limiter: RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst)) }
    }

    /// Counts one request for `key`; when over the rate, how long until the next one is allowed.
    fn check(&self, key: &K) -> Result<(), Duration> {
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }

    fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// The server's rate limits.
pub struct Limits {
    members: Keyed<String>,
    addresses: Keyed<IpAddr>,
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limits")
    }
}

impl Limits {
    pub fn new(rate: NonZeroU32) -> Limits {
        Limits { members: Keyed::new(rate), addresses: Keyed::new(rate) }
    }

    /// One request by member `kid`.
    pub fn member(&self, kid: &str) -> Result<(), Duration> {
        self.members.check(&kid.to_string())
    }

    /// One unauthenticated (sign-in) request from `addr`.
    pub fn address(&self, addr: IpAddr) -> Result<(), Duration> {
        self.addresses.check(&addr)
    }

    /// Drops the state of keys and addresses that are back to a full burst (memory stays bounded
    /// by the recently active ones).
    pub fn forget_idle(&self) {
        self.members.forget_idle();
        self.addresses.forget_idle();
    }
}

/// `Retry-After` seconds for a wait: whole seconds, rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_millis().div_ceil(1000) as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_of_twice_the_rate_then_refusal() {
        let limits = Limits::new(NonZeroU32::new(2).unwrap());
        for _ in 0..4 {
            assert!(limits.member("a").is_ok());
        }
        assert!(limits.member("a").is_err());
        // Others are not affected.
        assert!(limits.member("b").is_ok());
        assert!(limits.address("127.0.0.1".parse().unwrap()).is_ok());
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(10)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
    }
}
