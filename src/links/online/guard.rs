//! Which addresses `--online` may connect to.
//!
//! The same policy applies to the first request and to every redirect hop,
//! and it is enforced where the connection is made:
//!
//! - a URL whose host is a `localhost` name, a private IP literal or a cloud
//!   metadata name is refused before any request ([`Guard::refuse_url`]);
//! - a host name is resolved once, by [`GuardedResolver`], the resolver the
//!   HTTP client connects through, and refused when any of its addresses is
//!   private. The address checked is the address connected to, so a name
//!   that answers a public address to one lookup and 127.0.0.1 to the next
//!   (DNS rebinding) never gets a second lookup.
//!
//! `--allow-private-hosts` turns the policy off. Tests on loopback use
//! [`Network::public_ips`] to make one loopback address stand in for the
//! public internet, and [`Network::resolver`] to answer names themselves.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use super::UrlOutcome;

/// Resolves host names to addresses. The system resolver by default; tests
/// supply their own to answer names without DNS.
pub trait NameResolver: Send + Sync {
    /// The addresses of `host`, a name (never an IP literal). Called once per
    /// connection; the client connects only to the addresses returned.
    fn lookup(&self, host: &str) -> std::io::Result<Vec<IpAddr>>;
}

/// The operating system's resolver (`getaddrinfo`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemResolver;

impl NameResolver for SystemResolver {
    fn lookup(&self, host: &str) -> std::io::Result<Vec<IpAddr>> {
        use std::net::ToSocketAddrs;
        Ok((host, 0u16).to_socket_addrs()?.map(|a| a.ip()).collect())
    }
}

/// How the online check reaches the network: the resolver, and addresses
/// that count as public although they are not (for tests on loopback).
#[derive(Clone)]
pub struct Network {
    pub resolver: Arc<dyn NameResolver>,
    /// Addresses the guard treats as public. Empty outside tests.
    pub public_ips: Vec<IpAddr>,
}

impl Default for Network {
    fn default() -> Network {
        Network {
            resolver: Arc::new(SystemResolver),
            public_ips: Vec::new(),
        }
    }
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("public_ips", &self.public_ips)
            .finish_non_exhaustive()
    }
}

/// The address policy of one run.
#[derive(Debug, Clone)]
pub(super) struct Guard {
    allow_private: bool,
    public_ips: Arc<[IpAddr]>,
}

impl Guard {
    pub(super) fn new(allow_private: bool, network: &Network) -> Guard {
        Guard {
            allow_private,
            public_ips: network.public_ips.clone().into(),
        }
    }

    /// The default policy, whatever `--allow-private-hosts` says: what a fix
    /// may point at.
    pub(super) fn strict(&self) -> Guard {
        Guard {
            allow_private: false,
            public_ips: self.public_ips.clone(),
        }
    }

    pub(super) fn refuses_ip(&self, ip: IpAddr) -> bool {
        !self.allow_private && is_private_ip(ip) && !self.public_ips.contains(&ip)
    }

    /// Refusals that need no DNS: `localhost` names, private IP literals,
    /// metadata host names, and schemes other than `http(s)`.
    pub(super) fn refuse_url(&self, url: &url::Url) -> Option<UrlOutcome> {
        if self.allow_private {
            return None;
        }
        match url.host()? {
            url::Host::Ipv4(ip) => self
                .refuses_ip(IpAddr::V4(ip))
                .then(|| private_outcome(&ip.to_string())),
            url::Host::Ipv6(ip) => self
                .refuses_ip(IpAddr::V6(ip))
                .then(|| private_outcome(&ip.to_string())),
            url::Host::Domain(name) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if is_localhost_name(&name) {
                    Some(UrlOutcome::Skipped {
                        reason: "localhost".into(),
                    })
                } else if is_metadata_name(&name) {
                    Some(private_outcome(&name))
                } else {
                    None
                }
            }
        }
    }
}

/// The reason given for a refused host.
pub(super) fn private_outcome(host: &str) -> UrlOutcome {
    UrlOutcome::Skipped {
        reason: format!(
            "`{host}` is a private, loopback, link-local or metadata address (use --allow-private-hosts)"
        ),
    }
}

/// Would the default policy refuse this URL without resolving it? Used for
/// URLs that come from elsewhere than a request: fixes and cache entries.
pub fn refused_by_default(url: &str) -> bool {
    url::Url::parse(url).map_or(true, |u| {
        !matches!(u.scheme(), "http" | "https")
            || Guard::new(false, &Network::default())
                .refuse_url(&u)
                .is_some()
    })
}

fn is_localhost_name(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

fn is_metadata_name(host: &str) -> bool {
    matches!(host, "metadata.google.internal" | "metadata")
}

/// Loopback, RFC 1918 private, link-local (which holds the cloud metadata
/// address 169.254.169.254), carrier-grade NAT, unspecified, broadcast, IPv6
/// unique local and link-local; IPv4-mapped and IPv4-compatible IPv6 as
/// their IPv4 address.
pub fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || o[0] == 0
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private_ip(IpAddr::V4(v4));
            }
            let s = v6.segments();
            // `::a.b.c.d` (deprecated IPv4-compatible) still reaches a.b.c.d
            // on some stacks.
            if s[..6].iter().all(|&x| x == 0) && !v6.is_loopback() && !v6.is_unspecified() {
                return is_private_ip(IpAddr::V4(std::net::Ipv4Addr::new(
                    (s[6] >> 8) as u8,
                    s[6] as u8,
                    (s[7] >> 8) as u8,
                    s[7] as u8,
                )));
            }
            v6.is_loopback()
                || v6.is_unspecified()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
        }
    }
}

/// A host refused at connect time; found again in the request error's
/// source chain to report it as not requested rather than as broken.
#[derive(Debug, Clone)]
pub(super) struct RefusedHost {
    pub(super) host: String,
}

impl fmt::Display for RefusedHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` resolves to a private address", self.host)
    }
}

impl std::error::Error for RefusedHost {}

/// A name that did not resolve: not retried (it will not resolve in a
/// second either), reported as the DNS failure.
#[derive(Debug)]
pub(super) struct LookupFailed {
    pub(super) host: String,
    pub(super) cause: String,
}

impl fmt::Display for LookupFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` does not resolve: {}", self.host, self.cause)
    }
}

impl std::error::Error for LookupFailed {}

/// The HTTP client's resolver: one lookup through the [`NameResolver`],
/// refused as a whole when any address is private.
pub(super) struct GuardedResolver {
    pub(super) guard: Guard,
    pub(super) inner: Arc<dyn NameResolver>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        let guard = self.guard.clone();
        let inner = self.inner.clone();
        Box::pin(async move {
            type BoxError = Box<dyn std::error::Error + Send + Sync>;
            if guard.refuse_url_host(&host) {
                return Err(Box::new(RefusedHost { host }) as BoxError);
            }
            let lookup_host = host.clone();
            let looked_up = tokio::task::spawn_blocking(move || inner.lookup(&lookup_host))
                .await
                .map_err(|e| Box::new(std::io::Error::other(e)) as BoxError)?;
            let ips = match looked_up {
                Ok(ips) if !ips.is_empty() => ips,
                Ok(_) => {
                    return Err(Box::new(LookupFailed {
                        host,
                        cause: "no addresses".into(),
                    }) as BoxError);
                }
                Err(e) => {
                    return Err(Box::new(LookupFailed {
                        host,
                        cause: e.to_string(),
                    }) as BoxError);
                }
            };
            if ips.iter().any(|&ip| guard.refuses_ip(ip)) {
                return Err(Box::new(RefusedHost { host }) as BoxError);
            }
            let addrs: reqwest::dns::Addrs =
                Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

impl Guard {
    /// The name checks of [`Guard::refuse_url`], for a bare host name.
    fn refuse_url_host(&self, host: &str) -> bool {
        !self.allow_private && (is_localhost_name(host) || is_metadata_name(host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses() {
        for ip in [
            "127.0.0.1",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "0.0.0.0",
            "0.1.2.3",
            "100.64.0.1",
        ] {
            assert!(is_private_ip(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "172.32.0.1", "2606:4700::1", "::ffff:8.8.8.8"] {
            assert!(!is_private_ip(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn literal_spellings_are_refused() {
        let guard = Guard::new(false, &Network::default());
        for u in [
            "http://127.0.0.1:8080/",
            "http://2130706433/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost./",
            "http://app.localhost/",
            "http://metadata.google.internal/",
            "http://169.254.169.254/latest/",
            "http://127.0.0.1./",
            "http://\u{ff11}\u{ff12}\u{ff17}.0.0.1/",
            "http://[::1]/",
            "http://[fd00::1]/",
        ] {
            let url = url::Url::parse(u).unwrap();
            assert!(guard.refuse_url(&url).is_some(), "{u}");
        }
        let allowed = Guard::new(true, &Network::default());
        let url = url::Url::parse("http://127.0.0.1/").unwrap();
        assert!(allowed.refuse_url(&url).is_none());
        assert!(guard.strict().refuse_url(&url).is_some());
    }

    #[test]
    fn fixes_may_not_point_at_private_hosts() {
        assert!(refused_by_default("http://localhost:3000/"));
        assert!(refused_by_default("http://10.0.0.1/x"));
        assert!(refused_by_default("ftp://example.com/"));
        assert!(refused_by_default("not a url"));
        assert!(!refused_by_default("https://example.com/docs"));
    }
}
