//! Request limits: per-member, per-address and per-claimed-kid rate limits (governor's GCRA), so
//! one key or one address cannot starve the others.

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
        Keyed::scaled(rate, 1)
    }

    /// `factor` times `rate`.
    fn scaled(rate: NonZeroU32, factor: u32) -> Keyed<K> {
        let rate = NonZeroU32::new(rate.get().saturating_mul(factor)).unwrap_or(rate);
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
    challenged: Keyed<String>,
}

/// How many times the per-address rate a member's kid may be asked challenges for. Above one, so
/// that one address (limited to the rate) cannot use up a member's sign-ins by asking
/// challenges for their kid; finite, so that many addresses together cannot flood one kid.
const CHALLENGES_PER_KID: u32 = 4;

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Limits")
    }
}

impl Limits {
    pub fn new(rate: NonZeroU32) -> Limits {
        Limits {
            members: Keyed::new(rate),
            addresses: Keyed::new(rate),
            challenged: Keyed::scaled(rate, CHALLENGES_PER_KID),
        }
    }

    /// One request by member `kid`.
    pub fn member(&self, kid: &str) -> Result<(), Duration> {
        self.members.check(&kid.to_string())
    }

    /// One unauthenticated (sign-in) request from `addr`. IPv6 clients count by their /64, the
    /// block one subscriber usually gets, so hopping between its addresses gains nothing.
    pub fn address(&self, addr: IpAddr) -> Result<(), Duration> {
        let key = match addr.to_canonical() {
            IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
            v4 => v4,
        };
        self.addresses.check(&key)
    }

    /// One challenge asked for member `kid`, from whatever address.
    pub fn challenge(&self, kid: &str) -> Result<(), Duration> {
        self.challenged.check(&kid.to_string())
    }

    /// Drops the state of keys and addresses that are back to a full burst (memory stays bounded
    /// by the recently active ones).
    pub fn forget_idle(&self) {
        self.members.forget_idle();
        self.addresses.forget_idle();
        self.challenged.forget_idle();
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
    fn ipv6_counts_by_its_64_and_kids_get_more_than_one_address() {
        let limits = Limits::new(NonZeroU32::new(1).unwrap());
        for n in 0..2 {
            assert!(limits.address(format!("2001:db8::{n}").parse().unwrap()).is_ok());
        }
        assert!(limits.address("2001:db8::99".parse().unwrap()).is_err());
        assert!(limits.address("2001:db8:0:1::1".parse().unwrap()).is_ok());
        for _ in 0..8 {
            assert!(limits.challenge("k").is_ok());
        }
        assert!(limits.challenge("k").is_err());
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(10)), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(1)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
    }
}
