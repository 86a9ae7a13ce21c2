//! The external link check: every distinct URL once per run.
//!
//! Checking is off by default (linting stays offline and deterministic). When
//! on, the engine collects the external URLs of all pages first and calls
//! [`check_all`] once, before the per-file rules run on rayon; `dead-link`
//! then only reads the [`OnlineResults`]. The async work runs on a tokio
//! runtime created and dropped here, so no rayon worker ever blocks on I/O.
//!
//! - [`http`]: one reqwest client; per-host concurrency and request spacing,
//!   retries with exponential backoff, `Retry-After`, timeouts; redirects
//!   followed one hop at a time.
//! - [`guard`]: safety for CI on untrusted pull requests. Loopback, private,
//!   link-local and metadata addresses are never requested unless
//!   `allow-private-hosts`, on the first hop or any redirect; names are
//!   resolved once, at connect time, and refused if any address is private.
//!   `localhost` URLs (tutorial instructions) are skipped silently.
//! - [`cache`]: successes (and permanent redirects) are kept in `cache-dir`
//!   for `cache-max-age` seconds; failures never. The cache is untrusted
//!   input, validated entry by entry.

mod cache;
mod guard;
mod http;

pub use guard::{NameResolver, Network, SystemResolver, is_private_ip, refused_by_default};

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
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
    /// Things the user should know (a cache that could not be used), sorted.
    pub notes: Vec<String>,
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
        let mut results = OnlineResults::default();
        for (u, o) in outcomes {
            results.insert(url_key(&u).to_string(), o);
        }
        results
    }

    /// Every outcome goes in through here, so every reason printed is clean
    /// whether it came from a server, the cache or a caller.
    fn insert(&mut self, url: String, outcome: UrlOutcome) {
        self.outcomes.insert(url, outcome.cleaned());
    }
}

/// The longest reason kept; the rest of a longer one is cut.
const MAX_REASON_CHARS: usize = 300;

impl UrlOutcome {
    fn cleaned(self) -> UrlOutcome {
        match self {
            UrlOutcome::Broken { reason } => UrlOutcome::Broken {
                reason: clean_reason(&reason),
            },
            UrlOutcome::CouldNotVerify { reason } => UrlOutcome::CouldNotVerify {
                reason: clean_reason(&reason),
            },
            UrlOutcome::Skipped { reason } => UrlOutcome::Skipped {
                reason: clean_reason(&reason),
            },
            other => other,
        }
    }
}

/// A reason as it may be printed: control characters (terminal escapes,
/// newlines) and bidirectional overrides removed, runs of space collapsed,
/// at most [`MAX_REASON_CHARS`] characters.
fn clean_reason(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len().min(MAX_REASON_CHARS * 4));
    let mut chars = 0;
    let mut pending_space = false;
    for c in reason.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
        if c.is_control() || bidi {
            if c.is_whitespace() {
                pending_space = true;
            }
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if chars >= MAX_REASON_CHARS {
            out.push('…');
            break;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        pending_space = false;
        out.push(c);
        chars += 1;
    }
    out
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

/// Checks every distinct URL once over the system's network. Call it from
/// the main thread (not from a rayon worker): it blocks until all requests
/// are done.
pub fn check_all<I, S>(urls: I, cfg: &LinkConfig) -> OnlineResults
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    check_all_with(urls, cfg, &Network::default())
}

/// [`check_all`] with a given resolver and address policy (tests on loopback).
pub fn check_all_with<I, S>(urls: I, cfg: &LinkConfig, network: &Network) -> OnlineResults
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
    let now = unix_now();
    let mut cache = if cfg.cache {
        let (cache, note) = cache::Cache::load(&cfg.cache_dir, now, cfg.cache_max_age);
        results.notes.extend(note);
        cache
    } else {
        cache::Cache::default()
    };
    let guard = guard::Guard::new(cfg.allow_private_hosts, network);
    let mut to_check = Vec::new();
    for url in distinct {
        if excludes.as_ref().is_some_and(|set| set.is_match(&url)) {
            results.insert(
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
        if let Some(skip) = url::Url::parse(&url)
            .ok()
            .and_then(|u| guard.refuse_url(&u))
        {
            results.insert(url, skip);
            continue;
        }
        if let Some(hit) = cache.get(&url) {
            results.from_cache += 1;
            let hit = hit.clone();
            results.insert(url, hit);
            continue;
        }
        to_check.push(url);
    }

    if !to_check.is_empty() {
        let checked = run_checks(&to_check, cfg, network);
        results.requested = checked
            .iter()
            .filter(|(_, o)| !matches!(o, UrlOutcome::Skipped { .. }))
            .count();
        for (url, outcome) in checked {
            cache.insert(&url, &outcome, now);
            results.insert(url, outcome);
        }
        if cfg.cache
            && let Err(why) = cache.save(&cfg.cache_dir)
        {
            // A cache that cannot be written only costs time on the next run.
            results.notes.push(format!("link cache not saved: {why}"));
        }
    }
    results.notes.sort();
    results.notes.dedup();
    results
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn run_checks(urls: &[String], cfg: &LinkConfig, network: &Network) -> Vec<(String, UrlOutcome)> {
    let all = |reason: String| {
        urls.iter()
            .map(|u| {
                (
                    u.clone(),
                    UrlOutcome::CouldNotVerify {
                        reason: reason.clone(),
                    },
                )
            })
            .collect()
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return all(format!("could not start the network runtime: {e}")),
    };
    let checker = match http::Checker::new(cfg, network) {
        Ok(c) => Arc::new(c),
        Err(reason) => return all(reason),
    };
    runtime.block_on(check_async(urls, cfg, checker))
}

async fn check_async(
    urls: &[String],
    cfg: &LinkConfig,
    checker: Arc<http::Checker>,
) -> Vec<(String, UrlOutcome)> {
    let semaphore = Arc::new(tokio::sync::Semaphore::new(cfg.max_concurrency.max(1)));
    let progress = Progress::new(urls.len());
    let mut set = tokio::task::JoinSet::new();
    for (i, url) in urls.iter().enumerate() {
        let checker = checker.clone();
        let semaphore = semaphore.clone();
        let progress = progress.clone();
        let url = url.clone();
        set.spawn(async move {
            let outcome = match semaphore.acquire_owned().await {
                Ok(_permit) => checker.check(&url).await,
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
            && (done.is_multiple_of(10) || done == self.total)
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
    fn reasons_are_cleaned() {
        assert_eq!(
            clean_reason("the server\n answered \u{1b}[31m404\u{1b}[0m \u{202e}x"),
            "the server answered [31m404[0m x"
        );
        let long = clean_reason(&"é".repeat(1000));
        assert_eq!(long.chars().count(), MAX_REASON_CHARS + 1);
        let r = OnlineResults::from_outcomes([(
            "https://a.b/".to_string(),
            UrlOutcome::Broken {
                reason: "\u{1b}]0;title\u{7}gone".into(),
            },
        )]);
        assert_eq!(
            r.get("https://a.b/"),
            Some(&UrlOutcome::Broken {
                reason: "]0;titlegone".into()
            })
        );
    }
}
