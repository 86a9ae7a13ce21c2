//! The link cache from the command line: `--no-cache`, `--cache-dir`, the
//! `.gitignore`, and a cache planted in the checkout (poisoned entries, a
//! FIFO, a folder that is a link). Against an HTTP server on 127.0.0.1
//! started by the test.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod http_server;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_server::Server;

struct Run {
    stdout: String,
    stderr: String,
}

/// The binary under test; `LOCLINT_BIN` runs the same checks against another
/// build (to show that a defect existed before its fix).
fn binary() -> PathBuf {
    std::env::var_os("LOCLINT_BIN")
        .map_or_else(|| env!("CARGO_BIN_EXE_loclint").into(), PathBuf::from)
}

/// Runs `loclint check --online --allow-private-hosts ARGS page.md` in `cwd`,
/// killed after 60 s (a FIFO read blocks forever).
fn check(cwd: &Path, args: &[&str]) -> Run {
    run(cwd, &[&["--isolated"], args].concat())
}

/// [`check`] with the configs found from `cwd`.
fn run(cwd: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(binary())
        .args([
            "check",
            "--select",
            "dead-link",
            "--online",
            "--allow-private-hosts",
        ])
        .args(args)
        .arg("page.md")
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("loclint hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn page(dir: &Path, server: &Server) {
    std::fs::write(
        dir.join("page.md"),
        format!(
            "# Links\n\n[ok]({}) [gone]({})\n",
            server.url("/ok"),
            server.url("/missing")
        ),
    )
    .unwrap();
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn no_cache_requests_every_time_and_writes_nothing() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    page(dir.path(), &server);
    check(dir.path(), &["--no-cache"]);
    check(dir.path(), &["--no-cache"]);
    assert_eq!(server.hits("/ok"), 2);
    assert!(!dir.path().join(".loclint-cache").exists());
}

#[test]
fn cache_dir_holds_the_cache_and_its_gitignore() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    page(dir.path(), &server);
    check(dir.path(), &["--cache-dir", "build/lint-cache"]);
    check(dir.path(), &["--cache-dir", "build/lint-cache"]);
    assert_eq!(server.hits("/ok"), 1, "the second run read the cache");
    let root = dir.path().join("build/lint-cache");
    assert!(root.join("links/cache.json").is_file());
    let gitignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "*"), "{gitignore}");
    assert!(!dir.path().join(".loclint-cache").exists());
    // The default folder gets its .gitignore too.
    check(dir.path(), &[]);
    assert!(dir.path().join(".loclint-cache/.gitignore").is_file());
}

#[test]
fn a_poisoned_cache_neither_hides_a_404_nor_prints_escapes() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    page(dir.path(), &server);
    let links = dir.path().join(".loclint-cache/links");
    std::fs::create_dir_all(&links).unwrap();
    let entries = serde_json::json!({ "entries": {
        server.url("/missing"): { "checked_at": u64::MAX, "outcome": "ok" },
        server.url("/ok"): { "checked_at": now(), "outcome": "broken",
                             "reason": "\u{1b}]0;owned\u{7}\u{1b}[2Jgone" },
    }});
    std::fs::write(links.join("cache.json"), entries.to_string()).unwrap();
    let run = check(dir.path(), &[]);
    assert!(
        run.stdout
            .contains("/missing` is dead: the server answered 404"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("owned"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'));
    assert_eq!(server.hits("/missing"), 1);
}

#[cfg(unix)]
#[test]
fn a_fifo_as_cache_does_not_hang() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    page(dir.path(), &server);
    let links = dir.path().join(".loclint-cache/links");
    std::fs::create_dir_all(&links).unwrap();
    let made = Command::new("mkfifo")
        .arg(links.join("cache.json"))
        .status()
        .unwrap();
    assert!(made.success());
    let run = check(dir.path(), &[]);
    assert!(run.stdout.contains("is dead"), "{}", run.stdout);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_cache_folder_that_is_a_link_is_not_written_through() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let checkout = dir.path().join("checkout");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&checkout).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    page(&checkout, &server);
    std::os::unix::fs::symlink(&outside, checkout.join(".loclint-cache")).unwrap();
    let run = check(&checkout, &[]);
    assert!(run.stdout.contains("is dead"), "{}", run.stdout);
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "wrote through the link"
    );
    assert!(run.stderr.contains("is a symbolic link"), "{}", run.stderr);
}

#[test]
fn a_config_cannot_put_the_cache_outside_the_working_folder() {
    let server = Server::start(Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let checkout = dir.path().join("checkout");
    std::fs::create_dir_all(&checkout).unwrap();
    page(&checkout, &server);
    std::fs::write(
        checkout.join("loclint.toml"),
        "[links]\ncache-dir = \"../outside\"\n",
    )
    .unwrap();
    let out = run(&checkout, &[]);
    assert!(out.stdout.contains("is dead"), "{}", out.stdout);
    assert!(!dir.path().join("outside").exists());
    assert!(
        out.stderr.contains("leaves the working folder"),
        "{}",
        out.stderr
    );
    // The person running loclint may put it anywhere.
    let elsewhere = dir.path().join("elsewhere");
    check(&checkout, &["--cache-dir", elsewhere.to_str().unwrap()]);
    assert!(elsewhere.join("links/cache.json").is_file());
}
