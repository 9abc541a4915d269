//! Which address a request comes from, for rate limits and the log: the connection's peer, or,
//! when that peer is a trusted reverse proxy (`--trusted-proxy`), the rightmost
//! `X-Forwarded-For` hop that is not itself a trusted proxy. Hops further left were written by
//! the client and prove nothing, so they are never used.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
}

/// A trusted proxy value that is neither an address nor a CIDR block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0}: not an address or CIDR block; give the proxy's address, e.g. 127.0.0.1 or 10.0.0.0/8"
)]
pub struct BadProxy(pub String);

impl TrustedProxies {
    pub fn parse(args: &[String]) -> Result<TrustedProxies, BadProxy> {
        let nets = args
            .iter()
            .map(|a| {
                let a = a.trim();
                a.parse::<IpNet>()
                    .or_else(|_| a.parse::<IpAddr>().map(IpNet::from))
                    .map(|n| n.trunc())
                    .map_err(|_| BadProxy(a.to_string()))
            })
            .collect::<Result<_, _>>()?;
        Ok(TrustedProxies { nets })
    }

    fn trusts(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        self.nets.iter().any(|n| n.contains(&addr))
    }

    /// The client's address for a request that came from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        // Several headers count as one list, in order (RFC 9110, 5.3).
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            // A hop the proxy wrote but that does not parse: stop at the last one understood.
            let Some(addr) = parse_hop(hop) else { break };
            client = addr;
            if !self.trusts(addr) {
                break;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(a) = hop.parse::<IpAddr>() {
        return Some(a.to_canonical());
    }
    hop.parse::<std::net::SocketAddr>().ok().map(|s| s.ip().to_canonical())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let h = headers(&["203.0.113.9"]);
        assert_eq!(none.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        let proxy = TrustedProxies::parse(&["127.0.0.1".into(), "10.0.0.0/8".into()]).unwrap();
        assert_eq!(proxy.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        assert_eq!(proxy.client(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        // No header: the proxy's own address.
        assert_eq!(proxy.client(ip("127.0.0.1"), &HeaderMap::new()), ip("127.0.0.1"));
    }

    #[test]
    fn the_rightmost_untrusted_hop_wins() {
        let proxy = TrustedProxies::parse(&["127.0.0.1".into(), "10.0.0.0/8".into()]).unwrap();
        // The client wrote the first entry itself: it is not believed.
        let h = headers(&["198.51.100.7, 203.0.113.9, 10.1.2.3"]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        let h = headers(&["198.51.100.7", "203.0.113.9:4711"]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &h), ip("203.0.113.9"));
        let h = headers(&["[2001:db8::1]:80"]);
        assert_eq!(proxy.client(ip("::ffff:127.0.0.1"), &h), ip("2001:db8::1"));
        // Only trusted hops: the leftmost of them.
        let h = headers(&["10.0.0.5, 10.0.0.6"]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &h), ip("10.0.0.5"));
        // Junk from the proxy: the last hop understood.
        let h = headers(&["junk, 10.0.0.6"]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &h), ip("10.0.0.6"));
    }

    #[test]
    fn bad_values_say_what_to_give() {
        let e = TrustedProxies::parse(&["proxy.local".into()]).unwrap_err().to_string();
        assert!(e.starts_with("proxy.local: not an address"), "{e}");
        assert!(TrustedProxies::parse(&["::1".into(), "fd00::/8".into()]).is_ok());
    }
}
