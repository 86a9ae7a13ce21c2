//! The external link check: every distinct URL once per run, through lychee-lib.
//!
//! Checking is off by default (linting stays offline and deterministic). When
//! on, the engine collects the external URLs of all pages first and calls
//! [`check_all`] once, before the per-file rules run on rayon; `dead-link`
//! then only reads the [`OnlineResults`]. The async work runs on a tokio
//! runtime created and dropped here, so no rayon worker ever blocks on I/O.
//!
//! - lychee-lib does the requests: per-host concurrency and request spacing,
//!   retries with exponential backoff, `Retry-After`, timeouts, redirects.
//! - Safety for CI on untrusted pull requests: loopback, private, link-local
//!   and metadata addresses are never requested unless `allow-private-hosts`;
//!   host names are resolved first and refused if any address is private.
//!   `localhost` URLs (tutorial instructions) are skipped silently.
//! - Successes (and permanent redirects) are cached in `cache-dir` for
//!   `cache-max-age` seconds; failures are never cached.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use regex::RegexSet;
use serde::{Deserialize, Serialize};

use super::config::LinkConfig;

/// What the check found for one URL (keyed without its fragment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum UrlOutcome {
    Ok,
    /// Every hop was 301/308: the link should point at `final_url`.
    PermanentRedirect {
        final_url: String,
    },
    /// Gone, failing or unreachable after retries.
    Broken {
        reason: String,
    },
    /// 403/429 (bot protection, rate limits): not known to be broken.
    CouldNotVerify {
        reason: String,
    },
    /// Not requested: excluded by config, a private or local address.
    Skipped {
        reason: String,
    },
}

/// Results of one run's external check.
#[derive(Debug, Clone, Default)]
pub struct OnlineResults {
    outcomes: HashMap<String, UrlOutcome>,
    /// Network requests made (URLs not answered from the cache).
    pub requested: usize,
    pub from_cache: usize,
}

impl OnlineResults {
    /// The outcome for a link destination as written (fragment ignored).
    pub fn get(&self, url: &str) -> Option<&UrlOutcome> {
        self.outcomes.get(url_key(url))
    }

    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// Builds results directly (tests of the rule, or a caller with its own checker).
    pub fn from_outcomes(
        outcomes: impl IntoIterator<Item = (String, UrlOutcome)>,
    ) -> OnlineResults {
        OnlineResults {
            outcomes: outcomes
                .into_iter()
                .map(|(u, o)| (url_key(&u).to_string(), o))
                .collect(),
            requested: 0,
            from_cache: 0,
        }
    }
}

/// The part of a URL that is requested: without the fragment and surrounding space.
pub fn url_key(url: &str) -> &str {
    let url = url.trim();
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// Is this destination an external link the online check would request?
pub fn is_external(dest: &str) -> bool {
    matches!(super::classify(dest), super::Target::External(_))
}

/// How many distinct external URLs are among `dests` (for the summary line
/// "N external links not checked" when the check is off).
pub fn count_external<'a>(dests: impl IntoIterator<Item = &'a str>) -> usize {
    dests
        .into_iter()
        .filter(|d| is_external(d))
        .map(url_key)
        .collect::<HashSet<_>>()
        .len()
}

/// Checks every distinct URL once. Call it from the main thread (not from a
/// rayon worker): it blocks until all requests are done.
pub fn check_all<I, S>(urls: I, cfg: &LinkConfig) -> OnlineResults
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut distinct: Vec<String> = urls
        .into_iter()
        .map(|u| url_key(u.as_ref()).to_string())
        .filter(|u| is_external(u))
        .collect();
    distinct.sort();
    distinct.dedup();

    let mut results = OnlineResults::default();
    let excludes = RegexSet::new(&cfg.exclude).ok();
    let mut cache = if cfg.cache {
        Cache::load(&cfg.cache_dir)
    } else {
        Cache::default()
    };
    let now = unix_now();
    let mut to_check = Vec::new();
    for url in distinct {
        if excludes.as_ref().is_some_and(|set| set.is_match(&url)) {
            results.outcomes.insert(
                url,
                UrlOutcome::Skipped {
                    reason: "excluded by `links.exclude`".into(),
                },
            );
            continue;
        }
        // Local and private addresses are refused before the cache is
        // consulted, so that a result cached by a run that allowed them is not
        // reported by one that does not.
        if !cfg.allow_private_hosts
            && let Some(skip) = url::Url::parse(&url).ok().and_then(|u| refuse_literal(&u))
        {
            results.outcomes.insert(url, skip);
            continue;
        }
        if cfg.cache
            && let Some(hit) = cache.fresh(&url, now, cfg.cache_max_age)
        {
            results.from_cache += 1;
            results.outcomes.insert(url, hit);
            continue;
        }
        to_check.push(url);
    }

    if !to_check.is_empty() {
        let checked = run_checks(&to_check, cfg);
        results.requested = checked
            .iter()
            .filter(|(_, o)| !matches!(o, UrlOutcome::Skipped { .. }))
            .count();
        for (url, outcome) in checked {
            if cfg.cache
                && matches!(
                    outcome,
                    UrlOutcome::Ok | UrlOutcome::PermanentRedirect { .. }
                )
            {
                cache.entries.insert(
                    url.clone(),
                    CacheEntry {
                        checked_at: now,
                        outcome: outcome.clone(),
                    },
                );
            }
            results.outcomes.insert(url, outcome);
        }
        if cfg.cache {
            cache.prune(now, cfg.cache_max_age);
            // A cache that cannot be written only costs time on the next run.
            let _ = cache.save(&cfg.cache_dir);
        }
    }
    results
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn run_checks(urls: &[String], cfg: &LinkConfig) -> Vec<(String, UrlOutcome)> {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            return urls
                .iter()
                .map(|u| {
                    (
                        u.clone(),
                        UrlOutcome::CouldNotVerify {
                            reason: format!("could not start the network runtime: {e}"),
                        },
                    )
                })
                .collect();
        }
    };
    runtime.block_on(check_async(urls, cfg))
}

async fn check_async(urls: &[String], cfg: &LinkConfig) -> Vec<(String, UrlOutcome)> {
    let client = match build_client(cfg) {
        Ok(c) => Arc::new(c),
        Err(reason) => {
            return urls
                .iter()
                .map(|u| {
                    (
                        u.clone(),
                        UrlOutcome::CouldNotVerify {
                            reason: reason.clone(),
                        },
                    )
                })
                .collect();
        }
    };
    let semaphore = Arc::new(tokio::sync::Semaphore::new(cfg.max_concurrency.max(1)));
    let guard = Arc::new(HostGuard::new(cfg.allow_private_hosts));
    let progress = Progress::new(urls.len());
    let mut set = tokio::task::JoinSet::new();
    for (i, url) in urls.iter().enumerate() {
        let client = client.clone();
        let semaphore = semaphore.clone();
        let guard = guard.clone();
        let progress = progress.clone();
        let url = url.clone();
        let cfg = cfg.clone();
        set.spawn(async move {
            let outcome = match semaphore.acquire_owned().await {
                Ok(_permit) => check_one(&client, &guard, &url, &cfg).await,
                Err(_) => UrlOutcome::CouldNotVerify {
                    reason: "the check was cancelled".into(),
                },
            };
            progress.tick();
            (i, url, outcome)
        });
    }
    let mut out: Vec<(usize, String, UrlOutcome)> = Vec::with_capacity(urls.len());
    while let Some(joined) = set.join_next().await {
        if let Ok(item) = joined {
            out.push(item);
        }
    }
    progress.finish();
    out.sort_by_key(|(i, _, _)| *i);
    out.into_iter().map(|(_, u, o)| (u, o)).collect()
}

fn build_client(cfg: &LinkConfig) -> Result<lychee_lib::Client, String> {
    let mut accepted: HashSet<http::StatusCode> = (200..300)
        .filter_map(|c| http::StatusCode::from_u16(c).ok())
        .collect();
    accepted.extend(
        cfg.accept
            .iter()
            .filter_map(|&c| http::StatusCode::from_u16(c).ok()),
    );
    let rate = lychee_lib::ratelimit::RateLimitConfig {
        concurrency: cfg.max_concurrency_per_host.max(1),
        request_interval: Duration::from_millis(cfg.host_interval_ms),
    };
    lychee_lib::ClientBuilder::builder()
        .max_retries(cfg.retries)
        .retry_wait_time(Duration::from_millis(cfg.retry_wait_ms))
        .timeout(Some(cfg.timeout()))
        .accepted(accepted)
        .rate_limit_config(rate)
        .user_agent(
            cfg.user_agent
                .clone()
                .unwrap_or_else(|| concat!("loclint/", env!("CARGO_PKG_VERSION")).to_string()),
        )
        .build()
        .client()
        .map_err(|e| format!("could not build the HTTP client: {e}"))
}

async fn check_one(
    client: &lychee_lib::Client,
    guard: &HostGuard,
    url: &str,
    cfg: &LinkConfig,
) -> UrlOutcome {
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(e) => {
            return UrlOutcome::Broken {
                reason: format!("not a valid URL: {e}"),
            };
        }
    };
    if let Some(skip) = guard.refuse(&parsed).await {
        return skip;
    }
    // lychee retries timeouts, dropped connections and 429 itself; server
    // errors (5xx, 408) are retried here, with the same doubling wait.
    let mut wait = Duration::from_millis(cfg.retry_wait_ms);
    let mut attempt = 0;
    loop {
        let response = match client.check(url).await {
            Ok(r) => r,
            Err(e) => {
                return UrlOutcome::Broken {
                    reason: e.to_string(),
                };
            }
        };
        let body = response.into_body();
        let code = body.status.code().map(|c| c.as_u16());
        let transient = matches!(body.status, lychee_lib::Status::Error(_))
            && code.is_some_and(|c| c >= 500 || c == 408);
        if transient && attempt < cfg.retries {
            attempt += 1;
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
            continue;
        }
        return classify_status(
            &body.status,
            body.redirects.as_ref().map(ToString::to_string).as_deref(),
            cfg,
        );
    }
}

/// Turns lychee's status (and its redirect chain, as lychee prints it:
/// `origin --[301]--> next --[308]--> final`) into an outcome.
fn classify_status(
    status: &lychee_lib::Status,
    redirects: Option<&str>,
    cfg: &LinkConfig,
) -> UrlOutcome {
    use lychee_lib::Status;
    match status {
        Status::Ok(_) | Status::Cached(lychee_lib::CacheStatus::Ok(_)) => {
            match redirects.and_then(permanent_final) {
                Some(final_url) => UrlOutcome::PermanentRedirect { final_url },
                None => UrlOutcome::Ok,
            }
        }
        Status::Excluded => UrlOutcome::Skipped {
            reason: "excluded".into(),
        },
        Status::Unsupported(e) => UrlOutcome::Skipped {
            reason: format!("unsupported: {e}"),
        },
        Status::Timeout(_) => UrlOutcome::Broken {
            reason: format!(
                "timed out after {}s (and {} retries)",
                cfg.timeout, cfg.retries
            ),
        },
        other => match other.code().map(|c| c.as_u16()) {
            Some(code @ (403 | 429)) => UrlOutcome::CouldNotVerify {
                reason: format!(
                    "the server answered {code} ({}), which bot protection and rate limits also send",
                    reason_phrase(code)
                ),
            },
            Some(code) => UrlOutcome::Broken {
                reason: format!("the server answered {code} ({})", reason_phrase(code)),
            },
            None => UrlOutcome::Broken {
                reason: other.details(),
            },
        },
    }
}

fn reason_phrase(code: u16) -> &'static str {
    http::StatusCode::from_u16(code)
        .ok()
        .and_then(|c| c.canonical_reason())
        .unwrap_or("unknown status")
}

/// The final URL when every hop of a redirect chain was permanent (301/308).
fn permanent_final(chain: &str) -> Option<String> {
    let mut last = None;
    let mut any = false;
    for hop in chain.split(" --[").skip(1) {
        let (code, url) = hop.split_once("]--> ")?;
        if code != "301" && code != "308" {
            return None;
        }
        any = true;
        last = Some(url.trim().to_string());
    }
    if any { last } else { None }
}

/// Refuses loopback, private, link-local and metadata addresses.
struct HostGuard {
    allow_private: bool,
    resolved: tokio::sync::Mutex<HashMap<String, bool>>,
}

impl HostGuard {
    fn new(allow_private: bool) -> HostGuard {
        HostGuard {
            allow_private,
            resolved: tokio::sync::Mutex::new(HashMap::new()),
        }
    }

    async fn refuse(&self, url: &url::Url) -> Option<UrlOutcome> {
        if self.allow_private {
            return None;
        }
        if let Some(skip) = refuse_literal(url) {
            return Some(skip);
        }
        let host = url.host_str()?.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        if host.parse::<IpAddr>().is_ok() {
            return None;
        }
        let private_skip = || Some(private_outcome(&host));
        let port = url.port_or_known_default().unwrap_or(443);
        let mut cache = self.resolved.lock().await;
        let private = match cache.get(&host) {
            Some(&p) => p,
            None => {
                // A name that does not resolve is left to the request, which
                // reports the DNS failure.
                let p = match tokio::net::lookup_host((host.as_str(), port)).await {
                    Ok(addrs) => addrs.into_iter().any(|a| is_private_ip(a.ip())),
                    Err(_) => false,
                };
                cache.insert(host.clone(), p);
                p
            }
        };
        if private { private_skip() } else { None }
    }
}

fn private_outcome(host: &str) -> UrlOutcome {
    UrlOutcome::Skipped {
        reason: format!("`{host}` is a private, loopback, link-local or metadata address (use --allow-private-hosts)"),
    }
}

/// Refusals that need no DNS: `localhost` names, private IP literals and
/// metadata host names.
fn refuse_literal(url: &url::Url) -> Option<UrlOutcome> {
    let host = url.host_str()?.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
    if is_localhost_name(&host) {
        return Some(UrlOutcome::Skipped { reason: "localhost".into() });
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return is_private_ip(ip).then(|| private_outcome(&host));
    }
    matches!(host.as_str(), "metadata.google.internal" | "metadata").then(|| private_outcome(&host))
}

fn is_localhost_name(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "127.0.0.1"
        || host == "::1"
        || host == "0.0.0.0"
}

/// Loopback, RFC 1918 private, link-local (which holds the cloud metadata
/// address 169.254.169.254), carrier-grade NAT, unspecified, IPv6 unique local.
pub fn is_private_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private_ip(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

/// A progress line on stderr, only when it is a terminal and the check takes
/// more than a moment; stdout stays for the report.
#[derive(Clone)]
struct Progress {
    total: usize,
    done: Arc<AtomicUsize>,
    start: Instant,
    enabled: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: Arc::new(AtomicUsize::new(0)),
            start: Instant::now(),
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.enabled
            && self.start.elapsed() > Duration::from_millis(500)
            && (done % 10 == 0 || done == self.total)
        {
            eprint!("\r\x1b[2Kchecking external links: {done}/{}", self.total);
        }
    }

    fn finish(&self) {
        if self.enabled && self.start.elapsed() > Duration::from_millis(500) {
            eprint!("\r\x1b[2K");
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CacheEntry {
    checked_at: u64,
    #[serde(flatten)]
    outcome: UrlOutcome,
}

/// Successful results from earlier runs: `<cache-dir>/cache.json`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    entries: BTreeMap<String, CacheEntry>,
}

impl Cache {
    const FILE: &'static str = "cache.json";

    fn load(dir: &Path) -> Cache {
        std::fs::read_to_string(dir.join(Self::FILE))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    fn fresh(&self, url: &str, now: u64, max_age: u64) -> Option<UrlOutcome> {
        let e = self.entries.get(url)?;
        (now.saturating_sub(e.checked_at) < max_age).then(|| e.outcome.clone())
    }

    fn prune(&mut self, now: u64, max_age: u64) {
        self.entries
            .retain(|_, e| now.saturating_sub(e.checked_at) < max_age);
    }

    fn save(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        // Write then rename so that an interrupted run never leaves half a file.
        let tmp = dir.join(format!("{}.{}.tmp", Self::FILE, std::process::id()));
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, dir.join(Self::FILE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_fragments() {
        assert_eq!(url_key(" https://a.b/c#d "), "https://a.b/c");
        assert_eq!(
            count_external([
                "https://a.b/#x",
                "https://a.b/#y",
                "mailto:a@b.c",
                "./x.md",
                "http://c.d"
            ]),
            2
        );
    }

    #[test]
    fn private_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
        ] {
            assert!(is_private_ip(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "172.32.0.1", "2606:4700::1"] {
            assert!(!is_private_ip(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn permanent_redirect_chains() {
        assert_eq!(
            permanent_final("http://a/ --[301]--> http://b/ --[308]--> http://c/"),
            Some("http://c/".into())
        );
        assert_eq!(
            permanent_final("http://a/ --[301]--> http://b/ --[302]--> http://c/"),
            None
        );
        assert_eq!(permanent_final("http://a/"), None);
    }

    #[test]
    fn cache_keeps_fresh_entries_only() {
        let mut c = Cache::default();
        c.entries.insert(
            "https://a/".into(),
            CacheEntry {
                checked_at: 100,
                outcome: UrlOutcome::Ok,
            },
        );
        assert_eq!(c.fresh("https://a/", 150, 86_400), Some(UrlOutcome::Ok));
        assert_eq!(c.fresh("https://a/", 100 + 86_400, 86_400), None);
        let dir = tempfile::tempdir().unwrap();
        c.save(dir.path()).unwrap();
        assert_eq!(
            Cache::load(dir.path()).fresh("https://a/", 150, 86_400),
            Some(UrlOutcome::Ok)
        );
    }
}
