//! How many connections may be open at once, in all and per client address.
//!
//! Checked at the accept, before a byte is read, so the address is the socket's
//! peer: behind a proxy every connection comes from the proxy (see the README on
//! `--trust-forwarded-for`). IPv6 clients count per /64, the block one subscriber
//! gets; counting single addresses would let one subscriber open 2^64 × the cap.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

/// The caps; `per_ip` of `None` counts no address (behind a proxy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// Connections open at once, in all.
    pub total: usize,
    /// Connections open at once from one address (IPv6: one /64).
    pub per_ip: Option<usize>,
}

impl Default for Caps {
    /// 8,192 in all: with the descriptor limit raised at start, far above what a
    /// collector serves (connections are short; idle ones close after 75 s) and a
    /// bound on memory (about 20 KiB a connection at most: see the README's
    /// benchmark). 256 per address: a browser opens at most 6 connections to a
    /// host, so an office of 40 visitors behind one NAT address fits.
    fn default() -> Self {
        Caps { total: 8_192, per_ip: Some(256) }
    }
}

/// Which cap refused a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Total,
    PerIp,
}

impl Refused {
    /// The label `/metrics` counts it under.
    pub fn label(self) -> &'static str {
        match self {
            Refused::Total => "total",
            Refused::PerIp => "per_ip",
        }
    }
}

/// The open connections, counted.
#[derive(Debug)]
pub struct Counter {
    caps: Caps,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    per_ip: HashMap<IpAddr, usize>,
}

/// One admitted connection; dropping it (the connection closed) frees its place.
#[derive(Debug)]
pub struct Admitted {
    counter: Arc<Counter>,
    key: Option<IpAddr>,
}

/// The address a per-IP cap counts: IPv4 as is (also written as IPv4-mapped IPv6),
/// IPv6 by its /64.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

impl Counter {
    /// A counter shared by the accept loop and every connection's [`Admitted`].
    pub fn new(caps: Caps) -> Arc<Counter> {
        Arc::new(Counter { caps, open: Mutex::new(Open::default()) })
    }

    /// The caps counted against.
    pub fn caps(&self) -> Caps {
        self.caps
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        // Counts are updated in one step under the lock, so a panic elsewhere cannot leave them half-changed.
        self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Admits a connection from `ip`, or says which cap it is over.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Admitted, Refused> {
        let mut open = self.lock();
        if open.total >= self.caps.total {
            return Err(Refused::Total);
        }
        let key = match self.caps.per_ip {
            None => None,
            Some(cap) => {
                let key = client_key(ip);
                let count = open.per_ip.entry(key).or_insert(0);
                if *count >= cap {
                    return Err(Refused::PerIp);
                }
                *count += 1;
                Some(key)
            }
        };
        open.total += 1;
        Ok(Admitted { counter: self.clone(), key })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.lock().total
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.counter.lock();
        open.total -= 1;
        if let Some(key) = self.key
            && let Some(count) = open.per_ip.get_mut(&key)
        {
            *count -= 1;
            if *count == 0 {
                // Forgotten at once, so the map holds only addresses with open connections.
                open.per_ip.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn each_address_gets_its_cap_and_all_share_the_total() {
        let counter = Counter::new(Caps { total: 5, per_ip: Some(2) });
        let a1 = counter.admit(ip("192.0.2.1")).unwrap();
        let _a2 = counter.admit(ip("192.0.2.1")).unwrap();
        assert_eq!(counter.admit(ip("192.0.2.1")).unwrap_err(), Refused::PerIp);
        let _b: Vec<Admitted> = (0..2).map(|_| counter.admit(ip("192.0.2.2")).unwrap()).collect();
        let _c = counter.admit(ip("192.0.2.3")).unwrap();
        assert_eq!(counter.admit(ip("192.0.2.4")).unwrap_err(), Refused::Total);
        drop(a1);
        assert_eq!(counter.open(), 4);
        assert!(counter.admit(ip("192.0.2.1")).is_ok(), "a closed connection frees its place");
    }

    #[test]
    fn addresses_are_forgotten_once_their_last_connection_closes() {
        let counter = Counter::new(Caps { total: 10, per_ip: Some(1) });
        for n in 0..5 {
            drop(counter.admit(ip(&format!("192.0.2.{n}"))).unwrap());
        }
        assert!(counter.lock().per_ip.is_empty());
        assert_eq!(counter.open(), 0);
    }

    #[test]
    fn without_a_per_ip_cap_only_the_total_counts() {
        let counter = Counter::new(Caps { total: 3, per_ip: None });
        let _all: Vec<Admitted> = (0..3).map(|_| counter.admit(ip("10.0.0.1")).unwrap()).collect();
        assert_eq!(counter.admit(ip("10.0.0.2")).unwrap_err(), Refused::Total);
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")), ip("2001:db8:1:2::"));
        assert_eq!(client_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
        let counter = Counter::new(Caps { total: 10, per_ip: Some(1) });
        let _one = counter.admit(ip("2001:db8:1:2::1")).unwrap();
        assert_eq!(counter.admit(ip("2001:db8:1:2::ffff")).unwrap_err(), Refused::PerIp);
        assert!(counter.admit(ip("2001:db8:1:3::1")).is_ok());
    }
}
