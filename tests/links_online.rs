//! The external link check against an HTTP server on 127.0.0.1 started by
//! the test. Nothing here touches the internet.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod http_server;

use std::time::{Duration, Instant};

use http_server::Server;
use loclint::links::LinkConfig;
use loclint::links::online::{UrlOutcome, check_all};

fn config(cache_dir: &std::path::Path) -> LinkConfig {
    LinkConfig {
        online: true,
        allow_private_hosts: true,
        timeout: 1,
        retries: 1,
        retry_wait_ms: 10,
        cache_dir: cache_dir.to_path_buf(),
        ..LinkConfig::default()
    }
}

#[test]
fn statuses_redirects_timeouts_and_rate_limits() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let cfg = LinkConfig {
        cache: false,
        ..config(dir.path())
    };
    let paths = [
        "/ok",
        "/missing",
        "/error",
        "/moved",
        "/found",
        "/loop-a",
        "/slow",
        "/limited-once",
        "/limited-always",
        "/forbidden",
    ];
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let start = Instant::now();
    let results = check_all(&urls, &cfg);
    let get = |p: &str| results.get(&server.url(p)).cloned().unwrap();

    assert_eq!(get("/ok"), UrlOutcome::Ok);
    assert!(matches!(get("/missing"), UrlOutcome::Broken { reason } if reason.contains("404")));
    assert!(matches!(get("/error"), UrlOutcome::Broken { reason } if reason.contains("500")));
    // 5xx is retried once.
    assert_eq!(server.hits("/error"), 2);
    assert_eq!(
        get("/moved"),
        UrlOutcome::PermanentRedirect {
            final_url: server.url("/ok")
        }
    );
    // A temporary redirect is fine as it is.
    assert_eq!(get("/found"), UrlOutcome::Ok);
    assert!(
        matches!(get("/loop-a"), UrlOutcome::Broken { .. }),
        "{:?}",
        get("/loop-a")
    );
    assert!(
        matches!(get("/slow"), UrlOutcome::Broken { reason } if reason.contains("timed out")),
        "{:?}",
        get("/slow")
    );
    // 429 with Retry-After: waited, retried, then fine.
    assert_eq!(get("/limited-once"), UrlOutcome::Ok);
    assert_eq!(server.hits("/limited-once"), 2);
    assert!(
        matches!(get("/limited-always"), UrlOutcome::CouldNotVerify { reason } if reason.contains("429"))
    );
    assert!(
        matches!(get("/forbidden"), UrlOutcome::CouldNotVerify { reason } if reason.contains("403"))
    );
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After was not honoured"
    );
}

#[test]
fn one_url_in_fifty_files_is_requested_once() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let cfg = LinkConfig {
        cache: false,
        ..config(dir.path())
    };
    // The same URL as 50 pages would write it, some with fragments.
    let urls: Vec<String> = (0..50)
        .map(|i| {
            if i % 2 == 0 {
                server.url("/shared")
            } else {
                format!("{}#section-{i}", server.url("/shared"))
            }
        })
        .collect();
    let results = check_all(&urls, &cfg);
    assert_eq!(results.get(&urls[1]), Some(&UrlOutcome::Ok));
    assert_eq!(server.hits("/shared"), 1);
    assert_eq!(results.requested, 1);
}

#[test]
fn successes_are_cached_and_failures_are_not() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let urls = [
        server.url("/ok"),
        server.url("/moved"),
        server.url("/missing"),
    ];
    let first = check_all(&urls, &cfg);
    assert_eq!(first.requested, 3);
    // `/moved` lands on `/ok` too.
    assert_eq!(server.hits("/ok"), 2);
    let second = check_all(&urls, &cfg);
    assert_eq!(second.from_cache, 2);
    assert_eq!(second.requested, 1);
    assert_eq!(server.hits("/ok"), 2);
    assert_eq!(server.hits("/moved"), 1);
    assert_eq!(server.hits("/missing"), 2);
    assert_eq!(
        second.get(&server.url("/moved")),
        Some(&UrlOutcome::PermanentRedirect {
            final_url: server.url("/ok")
        })
    );
    // An expired cache is ignored.
    let expired = LinkConfig {
        cache_max_age: 0,
        ..cfg
    };
    check_all(&urls, &expired);
    assert_eq!(server.hits("/ok"), 4);
}

#[test]
fn private_hosts_are_never_requested_by_default() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let cfg = LinkConfig {
        allow_private_hosts: false,
        cache: false,
        ..config(dir.path())
    };
    let lan = "http://10.255.255.1/admin".to_string();
    let metadata = "http://169.254.169.254/latest/meta-data/".to_string();
    let results = check_all(
        [
            server.url("/ok"),
            lan.clone(),
            metadata.clone(),
            "http://localhost:3000/".into(),
        ],
        &cfg,
    );
    assert_eq!(server.hits("/ok"), 0);
    for u in [
        server.url("/ok"),
        lan,
        metadata,
        "http://localhost:3000/".into(),
    ] {
        assert!(
            matches!(results.get(&u), Some(UrlOutcome::Skipped { .. })),
            "{u}: {:?}",
            results.get(&u)
        );
    }
    assert_eq!(results.requested, 0);
}

#[test]
fn exclusions_skip_urls() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let cfg = LinkConfig {
        exclude: vec!["/missing$".into()],
        cache: false,
        ..config(dir.path())
    };
    let results = check_all([server.url("/missing")], &cfg);
    assert!(matches!(
        results.get(&server.url("/missing")),
        Some(UrlOutcome::Skipped { .. })
    ));
    assert_eq!(server.hits("/missing"), 0);
}

// The 1,000-URL comparison with the lychee CLI is a benchmark, not a test:
// `python3 scripts/bench_online.py --lychee PATH`.
