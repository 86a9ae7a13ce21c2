//! The external link check against an HTTP server on 127.0.0.1 started by
//! the test. Nothing here touches the internet.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod http_server;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http_server::Server;
use loclint::links::LinkConfig;
use loclint::links::online::{NameResolver, Network, UrlOutcome, check_all, check_all_with};

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

/// 127.0.0.2 stands in for the public internet: the guard treats it as
/// public, and every other loopback address as what it is. Linux routes all
/// of 127.0.0.0/8 to loopback; where 127.0.0.2 cannot be bound the test is
/// skipped, and says so.
const PUBLIC: &str = "127.0.0.2";

fn public_server(test: &str, port: u16) -> Option<Server> {
    let addr = SocketAddr::new(PUBLIC.parse().unwrap(), port);
    let server = Server::start_on(addr, Duration::ZERO);
    if server.is_none() {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped: {test} needs to bind {addr} (loopback beyond 127.0.0.1)"
        );
    }
    server
}

/// A resolver that answers from a table, one answer per lookup in turn (the
/// last one repeats), and counts the lookups.
#[derive(Default)]
struct TableResolver {
    answers: HashMap<String, Vec<Vec<IpAddr>>>,
    lookups: Mutex<HashMap<String, usize>>,
}

impl TableResolver {
    fn with(mut self, host: &str, answers: &[&[&str]]) -> TableResolver {
        self.answers.insert(
            host.to_string(),
            answers
                .iter()
                .map(|a| a.iter().map(|ip| ip.parse().unwrap()).collect())
                .collect(),
        );
        self
    }

    fn lookups(&self, host: &str) -> usize {
        self.lookups.lock().unwrap().get(host).copied().unwrap_or(0)
    }
}

impl NameResolver for TableResolver {
    fn lookup(&self, host: &str) -> std::io::Result<Vec<IpAddr>> {
        let n = {
            let mut m = self.lookups.lock().unwrap();
            let e = m.entry(host.to_string()).or_insert(0);
            *e += 1;
            *e
        };
        let answers = self
            .answers
            .get(host)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "no such name"))?;
        Ok(answers[(n - 1).min(answers.len() - 1)].clone())
    }
}

fn network(resolver: Arc<TableResolver>) -> Network {
    Network {
        resolver,
        public_ips: vec![PUBLIC.parse().unwrap()],
    }
}

fn guarded(cache_dir: &std::path::Path) -> LinkConfig {
    LinkConfig {
        allow_private_hosts: false,
        cache: false,
        ..config(cache_dir)
    }
}

#[test]
fn redirects_to_private_hosts_are_not_followed() {
    let Some(public) = public_server("redirects_to_private_hosts_are_not_followed", 0) else {
        return;
    };
    let private = Server::start(Duration::ZERO);
    let resolver = Arc::new(TableResolver::default().with("intranet.test", &[&["127.0.0.1"]]));
    let net = network(resolver);
    let port = private.addr.port();
    let targets = [
        format!("http://127.0.0.1:{port}/literal"),
        format!("http://[::ffff:127.0.0.1]:{port}/mapped"),
        format!("http://2130706433:{port}/decimal"),
        format!("http://localhost:{port}/named"),
        format!("http://intranet.test:{port}/resolved"),
    ];
    let urls: Vec<String> = targets
        .iter()
        .map(|t| public.url(&format!("/goto-302?{t}")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let results = check_all_with(&urls, &guarded(dir.path()), &net);
    for (url, target) in urls.iter().zip(&targets) {
        assert!(
            matches!(results.get(url), Some(UrlOutcome::Skipped { reason }) if reason.contains("redirects to")),
            "{target}: {:?}",
            results.get(url)
        );
    }
    for p in ["/literal", "/mapped", "/decimal", "/named", "/resolved"] {
        assert_eq!(private.hits(p), 0, "{p} was requested");
    }
    // The public first hop itself was requested.
    assert_eq!(public.hits(&format!("/goto-302?{}", targets[0])), 1);

    // With --allow-private-hosts the same redirect is followed.
    let allowed = LinkConfig {
        allow_private_hosts: true,
        ..guarded(dir.path())
    };
    let results = check_all_with(&urls[..1], &allowed, &net);
    assert_eq!(results.get(&urls[0]), Some(&UrlOutcome::Ok));
    assert_eq!(private.hits("/literal"), 1);
}

#[test]
fn a_refused_redirect_is_not_cached_as_ok() {
    let Some(public) = public_server("a_refused_redirect_is_not_cached_as_ok", 0) else {
        return;
    };
    let private = Server::start(Duration::ZERO);
    let net = network(Arc::new(TableResolver::default()));
    let url = public.url(&format!("/goto-302?{}", private.url("/secret")));
    let dir = tempfile::tempdir().unwrap();
    let cfg = LinkConfig {
        allow_private_hosts: false,
        ..config(dir.path())
    };
    for _ in 0..2 {
        let results = check_all_with([&url], &cfg, &net);
        assert!(
            matches!(results.get(&url), Some(UrlOutcome::Skipped { .. })),
            "{:?}",
            results.get(&url)
        );
        assert_eq!(results.from_cache, 0);
    }
    assert_eq!(private.hits("/secret"), 0);
}

#[test]
fn a_permanent_redirect_into_a_private_network_is_no_move() {
    let Some(public) = public_server("a_permanent_redirect_into_a_private_network_is_no_move", 0)
    else {
        return;
    };
    let private = Server::start(Duration::ZERO);
    let net = network(Arc::new(TableResolver::default()));
    let into_private = public.url(&format!("/goto-301?{}", private.url("/ok")));
    let within_public = public.url(&format!("/goto-301?{}", public.url("/ok")));
    let dir = tempfile::tempdir().unwrap();
    let allowed = LinkConfig {
        allow_private_hosts: true,
        ..guarded(dir.path())
    };
    let results = check_all_with([&into_private, &within_public], &allowed, &net);
    // Reachable in this run, which allows private hosts, but not a new
    // address for a public link: no redirect, so no fix.
    assert_eq!(results.get(&into_private), Some(&UrlOutcome::Ok));
    assert_eq!(
        results.get(&within_public),
        Some(&UrlOutcome::PermanentRedirect {
            final_url: public.url("/ok")
        })
    );
    let refused = check_all_with([&into_private], &guarded(dir.path()), &net);
    assert!(matches!(
        refused.get(&into_private),
        Some(UrlOutcome::Skipped { .. })
    ));
    assert_eq!(private.hits("/ok"), 1);
}

#[test]
fn dns_rebinding_connects_to_the_checked_address() {
    // The private server and the "public" one listen on the same port, so
    // that only the address a name resolves to tells them apart.
    let private = Server::start(Duration::ZERO);
    let port = private.addr.port();
    let Some(public) = public_server("dns_rebinding_connects_to_the_checked_address", port) else {
        return;
    };
    let resolver = Arc::new(
        TableResolver::default()
            // A public answer first, then 127.0.0.1 to whoever asks again.
            .with("rebind.test", &[&[PUBLIC], &["127.0.0.1"]])
            .with("mixed.test", &[&[PUBLIC, "127.0.0.1"]]),
    );
    let net = network(resolver.clone());
    let dir = tempfile::tempdir().unwrap();
    let rebind = format!("http://rebind.test:{port}/page");
    let mixed = format!("http://mixed.test:{port}/other");
    let results = check_all_with([&rebind, &mixed], &guarded(dir.path()), &net);
    assert_eq!(results.get(&rebind), Some(&UrlOutcome::Ok));
    assert_eq!(resolver.lookups("rebind.test"), 1, "resolved once");
    assert_eq!(public.hits("/page"), 1, "connected to the checked address");
    assert_eq!(private.hits("/page"), 0);
    // A name with any private address is refused as a whole.
    assert!(
        matches!(results.get(&mixed), Some(UrlOutcome::Skipped { reason }) if reason.contains("mixed.test")),
        "{:?}",
        results.get(&mixed)
    );
    assert_eq!(public.hits("/other") + private.hits("/other"), 0);
}

fn write_cache(root: &std::path::Path, entries: &serde_json::Value) {
    std::fs::create_dir_all(root.join("links")).unwrap();
    std::fs::write(
        root.join("links/cache.json"),
        serde_json::to_vec(&serde_json::json!({ "entries": entries })).unwrap(),
    )
    .unwrap();
}

#[test]
fn poisoned_cache_entries_are_ignored() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (missing, error, ok) = (
        server.url("/missing"),
        server.url("/error"),
        server.url("/ok"),
    );
    // A public page; the test resolver knows no such name.
    let moved = "https://docs.example/page".to_string();
    write_cache(
        dir.path(),
        &serde_json::json!({
            // Far in the future, so that it would never expire.
            missing.clone(): { "checked_at": u64::MAX, "outcome": "ok" },
            // A failure (never written by loclint) with terminal escapes.
            ok.clone(): { "checked_at": now, "outcome": "broken",
                          "reason": "\u{1b}[2J\u{1b}]0;owned\u{7}gone" },
            // An outcome loclint does not know.
            error.clone(): { "checked_at": now, "outcome": "fine" },
            // A public page moved into the private network: a safe fix to it
            // would rewrite the docs.
            moved.clone(): { "checked_at": now, "outcome": "permanent-redirect",
                             "final_url": "http://localhost:9/admin" },
        }),
    );
    let net = network(Arc::new(TableResolver::default()));
    let results = check_all_with([&missing, &error, &ok, &moved], &cfg, &net);
    assert_eq!(results.from_cache, 0, "{results:?}");
    assert!(matches!(
        results.get(&missing),
        Some(UrlOutcome::Broken { .. })
    ));
    assert!(matches!(
        results.get(&error),
        Some(UrlOutcome::Broken { .. })
    ));
    assert_eq!(results.get(&ok), Some(&UrlOutcome::Ok));
    assert!(
        matches!(results.get(&moved), Some(UrlOutcome::Broken { reason }) if reason.contains("does not resolve")),
        "{:?}",
        results.get(&moved)
    );
    assert_eq!(server.hits("/missing"), 1);
    // A valid entry next to poisoned ones is still used.
    write_cache(
        dir.path(),
        &serde_json::json!({
            ok.clone(): { "checked_at": now, "outcome": "ok" },
            missing.clone(): { "checked_at": now + 3600, "outcome": "ok" },
        }),
    );
    let results = check_all([&missing, &ok], &cfg);
    assert_eq!(results.from_cache, 1);
    assert_eq!(server.hits("/missing"), 2);
}

/// Runs `f` on a thread and fails if it takes longer than `limit` (a FIFO
/// read would block forever).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).expect("the check hung")
}

#[cfg(unix)]
#[test]
fn a_cache_that_is_a_link_fifo_or_device_is_not_read_or_written_through() {
    let server = Server::start(Duration::ZERO);
    let ok = server.url("/ok");
    for kind in ["dev-zero", "fifo", "file-link", "dir-link"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(".loclint-cache");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("cache.json"), "precious").unwrap();
        match kind {
            "dev-zero" => {
                std::fs::create_dir_all(root.join("links")).unwrap();
                std::os::unix::fs::symlink("/dev/zero", root.join("links/cache.json")).unwrap();
            }
            "fifo" => {
                std::fs::create_dir_all(root.join("links")).unwrap();
                let made = std::process::Command::new("mkfifo")
                    .arg(root.join("links/cache.json"))
                    .status()
                    .unwrap();
                assert!(made.success());
            }
            "file-link" => {
                std::fs::create_dir_all(root.join("links")).unwrap();
                std::os::unix::fs::symlink(
                    outside.join("cache.json"),
                    root.join("links/cache.json"),
                )
                .unwrap();
            }
            _ => {
                std::fs::create_dir_all(&root).unwrap();
                std::os::unix::fs::symlink(&outside, root.join("links")).unwrap();
            }
        }
        let cfg = config(&root);
        let url = ok.clone();
        let results = within(Duration::from_secs(30), move || check_all([url], &cfg));
        assert_eq!(results.get(&ok), Some(&UrlOutcome::Ok), "{kind}");
        assert_eq!(
            std::fs::read_to_string(outside.join("cache.json")).unwrap(),
            "precious",
            "{kind}: written through a link"
        );
        assert!(
            results.notes.iter().any(|n| n.contains("link cache")),
            "{kind}: {:?}",
            results.notes
        );
    }
}

#[test]
fn the_cache_folder_ignores_itself_in_git() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("cache");
    check_all([server.url("/ok")], &config(&root));
    let gitignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "*"), "{gitignore}");
    assert!(root.join("links/cache.json").is_file());
}

// The 1,000-URL comparison with the lychee CLI is a benchmark, not a test:
// `python3 scripts/bench_online.py --lychee PATH`.
