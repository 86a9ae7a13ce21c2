//! The requests: one HTTP client for the run, per-host limits, retries, and
//! redirects followed one hop at a time.
//!
//! Redirects are not left to the HTTP library: each hop is a request of its
//! own, so the address policy ([`Guard`]) sees every URL before it is
//! requested, the per-host limits apply to the host the hop goes to, and the
//! chain's status codes decide whether the move is permanent.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use tokio::sync::Semaphore;

use super::guard::{Guard, GuardedResolver, LookupFailed, Network, RefusedHost, private_outcome};
use super::{LinkConfig, UrlOutcome};

/// More hops than any real site needs; a longer chain is reported as broken.
const MAX_REDIRECTS: usize = 10;
/// The longest `Retry-After` waited for; a server that asks for more is
/// reported as rate limiting.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

pub(super) struct Checker {
    client: reqwest::Client,
    guard: Guard,
    cfg: LinkConfig,
    hosts: Mutex<HashMap<String, Arc<HostSlot>>>,
}

/// The limits of one host: requests in flight, and the gap between two.
struct HostSlot {
    permits: Semaphore,
    next_start: tokio::sync::Mutex<Instant>,
}

/// What one request ended as, before retries are decided.
enum Attempt {
    Response {
        status: StatusCode,
        location: Option<String>,
        retry_after: Option<Duration>,
        remote: Option<std::net::SocketAddr>,
    },
    Failed {
        outcome: UrlOutcome,
        retry: bool,
    },
}

impl Checker {
    pub(super) fn new(cfg: &LinkConfig, network: &Network) -> Result<Checker, String> {
        let guard = Guard::new(cfg.allow_private_hosts, network);
        let resolver = GuardedResolver {
            guard: guard.clone(),
            inner: network.resolver.clone(),
        };
        let user_agent = cfg
            .user_agent
            .clone()
            .unwrap_or_else(|| concat!("loclint/", env!("CARGO_PKG_VERSION")).to_string());
        // reqwest is built without a crypto provider (its default, aws-lc-rs,
        // compiles a 69 MB C library, with cmake on some targets); ring is
        // installed as the process's provider instead. An Err only means one is installed
        // already, which reqwest then uses.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve and connect on its own, out of the
            // guard's sight.
            .no_proxy()
            .dns_resolver(Arc::new(resolver))
            .timeout(cfg.timeout())
            .connect_timeout(cfg.timeout().min(Duration::from_secs(10)))
            .build()
            .map_err(|e| format!("could not build the HTTP client: {e}"))?;
        Ok(Checker {
            client,
            guard,
            cfg: cfg.clone(),
            hosts: Mutex::new(HashMap::new()),
        })
    }

    /// Checks one URL (already refused or admitted by its literal host),
    /// following redirects.
    pub(super) async fn check(&self, url: &str) -> UrlOutcome {
        let origin = match url::Url::parse(url) {
            Ok(u) => u,
            Err(e) => {
                return UrlOutcome::Broken {
                    reason: format!("not a valid URL: {e}"),
                };
            }
        };
        if let Some(skip) = self.guard.refuse_url(&origin) {
            return skip;
        }
        let strict = self.guard.strict();
        let origin_private = strict.refuse_url(&origin).is_some();
        let mut current = origin.clone();
        let mut seen = HashSet::new();
        let mut permanent = true;
        let mut hops = 0;
        loop {
            if !seen.insert(current.as_str().to_string()) {
                return UrlOutcome::Broken {
                    reason: format!("redirect loop at `{current}`"),
                };
            }
            let (status, location, remote) = match self.request_with_retries(&current).await {
                Ok(r) => r,
                Err(outcome) if hops == 0 => return outcome,
                Err(UrlOutcome::Skipped { reason }) => {
                    return UrlOutcome::Skipped {
                        reason: format!("redirects to `{current}`: {reason}"),
                    };
                }
                Err(outcome) => return outcome,
            };
            if status.is_redirection()
                && let Some(location) = location
            {
                let next = match current.join(&location) {
                    Ok(n) if matches!(n.scheme(), "http" | "https") => n,
                    Ok(n) => {
                        return UrlOutcome::CouldNotVerify {
                            reason: format!("redirects to `{n}`, which is not an HTTP URL"),
                        };
                    }
                    Err(e) => {
                        return UrlOutcome::Broken {
                            reason: format!("redirects to an invalid URL: {e}"),
                        };
                    }
                };
                hops += 1;
                if hops > MAX_REDIRECTS {
                    return UrlOutcome::Broken {
                        reason: format!("more than {MAX_REDIRECTS} redirects"),
                    };
                }
                permanent &= matches!(status.as_u16(), 301 | 308);
                if let Some(UrlOutcome::Skipped { reason }) = self.guard.refuse_url(&next) {
                    return UrlOutcome::Skipped {
                        reason: format!("redirects to `{next}`: {reason}"),
                    };
                }
                current = next;
                continue;
            }
            let code = status.as_u16();
            if !self.cfg.is_accepted(code) {
                return status_outcome(code);
            }
            if hops == 0 || !permanent {
                return UrlOutcome::Ok;
            }
            // A public page that moved into a private network is not a move
            // a docs link should follow: no fix toward what the default
            // policy refuses.
            let lands_private = strict.refuse_url(&current).is_some()
                || remote.is_some_and(|a| strict.refuses_ip(a.ip()));
            if lands_private && !origin_private {
                return UrlOutcome::Ok;
            }
            return UrlOutcome::PermanentRedirect {
                final_url: current.to_string(),
            };
        }
    }

    /// One hop: timeouts, dropped connections, 5xx, 408 and 429 are retried
    /// with a doubling wait (or the server's `Retry-After`).
    async fn request_with_retries(
        &self,
        url: &url::Url,
    ) -> Result<(StatusCode, Option<String>, Option<std::net::SocketAddr>), UrlOutcome> {
        let mut wait = Duration::from_millis(self.cfg.retry_wait_ms);
        let mut attempt = 0;
        loop {
            let result = self.request(url).await;
            let (retry, retry_after) = match &result {
                Attempt::Failed { retry, .. } => (*retry, None),
                Attempt::Response {
                    status,
                    retry_after,
                    ..
                } => {
                    let c = status.as_u16();
                    (c >= 500 || c == 408 || c == 429, *retry_after)
                }
            };
            let too_long = retry_after.is_some_and(|d| d > MAX_RETRY_AFTER);
            if retry && !too_long && attempt < self.cfg.retries {
                attempt += 1;
                tokio::time::sleep(retry_after.unwrap_or(wait)).await;
                wait = wait.saturating_mul(2);
                continue;
            }
            return match result {
                Attempt::Response {
                    status,
                    location,
                    remote,
                    ..
                } => Ok((status, location, remote)),
                Attempt::Failed { outcome, .. } => Err(outcome),
            };
        }
    }

    async fn request(&self, url: &url::Url) -> Attempt {
        let slot = self.slot(url.host_str().unwrap_or_default());
        let Ok(_permit) = slot.permits.acquire().await else {
            return Attempt::Failed {
                outcome: UrlOutcome::CouldNotVerify {
                    reason: "the check was cancelled".into(),
                },
                retry: false,
            };
        };
        let interval = Duration::from_millis(self.cfg.host_interval_ms);
        if !interval.is_zero() {
            let mut next = slot.next_start.lock().await;
            let now = Instant::now();
            if *next > now {
                tokio::time::sleep(*next - now).await;
            }
            *next = Instant::now() + interval;
        }
        match self.client.get(url.as_str()).send().await {
            Ok(response) => {
                let headers = response.headers();
                let location = headers
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let retry_after = headers
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                Attempt::Response {
                    status: response.status(),
                    location,
                    retry_after,
                    remote: response.remote_addr(),
                }
            }
            Err(e) => self.failure(&e),
        }
    }

    fn failure(&self, e: &reqwest::Error) -> Attempt {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
        let mut root = e.to_string();
        while let Some(err) = source {
            if let Some(refused) = err.downcast_ref::<RefusedHost>() {
                return Attempt::Failed {
                    outcome: private_outcome(&refused.host),
                    retry: false,
                };
            }
            if let Some(failed) = err.downcast_ref::<LookupFailed>() {
                return Attempt::Failed {
                    outcome: UrlOutcome::Broken {
                        reason: failed.to_string(),
                    },
                    retry: false,
                };
            }
            root = err.to_string();
            source = err.source();
        }
        if e.is_timeout() {
            return Attempt::Failed {
                outcome: UrlOutcome::Broken {
                    reason: format!(
                        "timed out after {}s (and {} retries)",
                        self.cfg.timeout().as_secs(),
                        self.cfg.retries
                    ),
                },
                retry: true,
            };
        }
        let reason = if e.is_connect() {
            format!("could not connect: {root}")
        } else {
            format!("the request failed: {root}")
        };
        Attempt::Failed {
            outcome: UrlOutcome::Broken { reason },
            retry: true,
        }
    }

    fn slot(&self, host: &str) -> Arc<HostSlot> {
        let mut hosts = self.hosts.lock().unwrap_or_else(PoisonError::into_inner);
        hosts
            .entry(host.to_ascii_lowercase())
            .or_insert_with(|| {
                Arc::new(HostSlot {
                    permits: Semaphore::new(self.cfg.max_concurrency_per_host.max(1)),
                    next_start: tokio::sync::Mutex::new(Instant::now()),
                })
            })
            .clone()
    }
}

/// A final status that is not accepted.
fn status_outcome(code: u16) -> UrlOutcome {
    let phrase = StatusCode::from_u16(code)
        .ok()
        .and_then(|c| c.canonical_reason())
        .unwrap_or("unknown status");
    match code {
        403 | 429 => UrlOutcome::CouldNotVerify {
            reason: format!(
                "the server answered {code} ({phrase}), which bot protection and rate limits also send"
            ),
        },
        _ => UrlOutcome::Broken {
            reason: format!("the server answered {code} ({phrase})"),
        },
    }
}
