//! `loclint check --watch`: the real binary on a temporary folder. A first
//! report, then a fresh one after a page is saved; saves that change nothing
//! checked (loclint's temporary files, `.git/`, other file types) wake no
//! re-check; Ctrl-C exits with the last check's code; flags that write are
//! refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_loclint");
const TIMEOUT: Duration = Duration::from_secs(20);

/// A Korean heading whose particle does not agree with its noun (the
/// `particle-agreement` fixture's first defect; found offline).
const BAD_PAGE: &str = "---\nlocale: ko\n---\n\n## 요금제은 무엇인가요?\n";

struct Watch {
    child: Child,
    lines: Receiver<String>,
    stderr: Receiver<String>,
}

impl Watch {
    fn start(cwd: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(BIN)
            .args([
                "check", "--watch", "--format", "concise", "--color", "never",
            ])
            .args(args)
            .current_dir(cwd)
            .env_remove("GITHUB_STEP_SUMMARY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start loclint check --watch");
        let (tx, lines) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let (tx, stderr) = channel();
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            let _ = tx.send(s);
        });
        Watch {
            child,
            lines,
            stderr,
        }
    }

    /// The lines of the next report, up to and including its summary line.
    fn next_report(&self) -> Vec<String> {
        let deadline = Instant::now() + TIMEOUT;
        let mut report = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no report within {TIMEOUT:?}; so far: {report:?}"));
            let end = line.starts_with("All clean:") || line.starts_with("Found ");
            report.push(line);
            if end {
                return report;
            }
        }
    }

    /// Ends the watch (Ctrl-C, where there is `kill`); its exit code and stderr.
    fn stop(mut self) -> (Option<i32>, String) {
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .args(["-INT", &self.child.id().to_string()])
                .status();
            let deadline = Instant::now() + TIMEOUT;
            while Instant::now() < deadline {
                if let Ok(Some(status)) = self.child.try_wait() {
                    let stderr = self.stderr.recv_timeout(TIMEOUT).unwrap_or_default();
                    return (status.code(), stderr);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let stderr = self.stderr.recv_timeout(TIMEOUT).unwrap_or_default();
        (None, stderr)
    }
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/intro.md"), "# Hello\n\nSome text.\n").unwrap();
    dir
}

#[test]
fn a_saved_page_is_checked_again() {
    let dir = site();
    let watch = Watch::start(dir.path(), &["docs"]);
    let first = watch.next_report();
    assert_eq!(first, ["All clean: 1 file checked."]);

    std::fs::write(dir.path().join("docs/ko.md"), BAD_PAGE).unwrap();
    let second = watch.next_report();
    assert!(
        second[0].starts_with("docs/ko.md:5:7: particle-agreement"),
        "{second:?}"
    );
    assert_eq!(second.len(), 2, "{second:?}");
    assert!(second[1].starts_with("Found 1 error"), "{second:?}");

    // A new folder is watched too.
    std::fs::create_dir(dir.path().join("docs/sub")).unwrap();
    std::fs::write(dir.path().join("docs/sub/more.md"), BAD_PAGE).unwrap();
    let mut third = watch.next_report();
    // The folder and its page can come as one batch or two.
    if third.len() == 2 {
        third = watch.next_report();
    }
    assert!(third[1].starts_with("docs/sub/more.md:5:7"), "{third:?}");
    assert!(third[2].starts_with("Found 2 errors"), "{third:?}");

    let (code, stderr) = watch.stop();
    if cfg!(unix) {
        assert_eq!(
            code,
            Some(1),
            "Ctrl-C exits with the last check's code\n{stderr}"
        );
    }
    assert!(stderr.contains("[watch] watching"), "{stderr}");
    assert!(
        stderr.contains("[watch] 1 file changed, re-checked"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn changes_to_nothing_checked_wake_no_check() {
    let dir = site();
    std::fs::create_dir(dir.path().join("docs/.git")).unwrap();
    let watch = Watch::start(dir.path(), &["docs"]);
    assert_eq!(watch.next_report(), ["All clean: 1 file checked."]);

    let docs = dir.path().join("docs");
    std::fs::write(docs.join(".loclint-a1b2c3.tmp"), "temp").unwrap();
    std::fs::write(docs.join(".git/index"), "git").unwrap();
    std::fs::write(docs.join("notes.txt"), "not a page").unwrap();
    std::fs::create_dir_all(docs.join(".loclint-cache/links")).unwrap();
    std::fs::write(docs.join(".loclint-cache/links/cache.json"), "{}").unwrap();
    // Reading a page (as the check itself does) is no change either.
    let _ = std::fs::read(docs.join("intro.md")).unwrap();
    // Past the debounce, so these would have been a batch of their own.
    std::thread::sleep(Duration::from_millis(1500));
    std::fs::write(docs.join("ko.md"), BAD_PAGE).unwrap();

    let next = watch.next_report();
    assert!(
        next.last().unwrap().starts_with("Found 1 error"),
        "the first re-check is the page's, not the noise's: {next:?}"
    );
    let (_, stderr) = watch.stop();
    assert_eq!(
        stderr.matches("re-checked").count(),
        1,
        "one re-check only\n{stderr}"
    );
}

#[test]
fn a_config_change_is_a_change() {
    let dir = site();
    std::fs::write(dir.path().join("docs/ko.md"), BAD_PAGE).unwrap();
    let watch = Watch::start(dir.path(), &["docs"]);
    let first = watch.next_report();
    assert!(
        first.last().unwrap().starts_with("Found 1 error"),
        "{first:?}"
    );

    // A config above the named folder (where discovery finds it) turns the rule off.
    std::fs::write(
        dir.path().join("loclint.toml"),
        "[rules]\nparticle-agreement = \"off\"\n",
    )
    .unwrap();
    let next = watch.next_report();
    assert_eq!(next, ["All clean: 2 files checked."]);
    let (_, stderr) = watch.stop();
    assert!(stderr.contains("[watch] 1 file changed"), "{stderr}");
}

#[test]
fn flags_that_write_are_refused() {
    let dir = site();
    // Each refused use exits 2 at once: a flag that writes, standard input,
    // and a path that does not exist (it cannot be watched).
    for (args, says) in [
        (&["--fix", "docs"][..], "cannot be used with '--fix'"),
        (&["--diff", "docs"][..], "cannot be used with '--diff'"),
        (
            &["--output-file", "out.txt", "docs"][..],
            "cannot be used with '--output-file",
        ),
        (
            &["--stdin-filename", "docs/a.md", "docs"][..],
            "cannot be used with '--stdin-filename",
        ),
        (
            &["--write-baseline", "b.json", "docs"][..],
            "cannot be used with '--write-baseline",
        ),
        (&["-"][..], "cannot check standard input"),
        (&["missing"][..], "path does not exist: missing"),
    ] {
        let out = Command::new(BIN)
            .args(["check", "--watch"])
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
