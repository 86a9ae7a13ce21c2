//! Helpers shared by the integration tests: run the real binary, on fixtures
//! or on temporary copies, with deterministic output settings; find the
//! shared real-docs corpus, or say plainly that a test is skipped without it.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// The shared real-docs corpus, `../shared/corpus` beside the repository.
/// CI has it; a clone on its own does not, and `cargo test` must pass there.
/// When it is absent, says on stderr that `test` is skipped and returns `None`.
///
/// The line goes to the real stderr, not through `eprintln!`: the test
/// harness captures `eprintln!` of a passing test, and a skip nobody sees
/// reads as a pass.
pub fn shared_corpus(test: &str) -> Option<PathBuf> {
    let corpus = root().join("../shared/corpus");
    if corpus.is_dir() {
        return Some(corpus);
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test} needs ../shared/corpus (the shared real-docs corpus, present in CI only)"
    );
    None
}

/// Runs `loclint ARGS` in `cwd`, without colour, at a fixed width.
pub fn loclint_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_loclint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run loclint");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Runs `loclint ARGS` from the repository root (fixture paths print relative).
pub fn loclint(args: &[&str]) -> Run {
    loclint_in(&root(), args)
}

/// Copies fixture files into a fresh temp dir; returns the dir.
pub fn temp_copy(files: &[&Path]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for f in files {
        let name = f.file_name().expect("file name");
        std::fs::copy(f, dir.path().join(name)).expect("copy fixture");
    }
    dir
}

/// Copies a whole fixture folder (recursively) into a temp dir.
pub fn temp_tree(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(src, dir.path());
    dir
}

pub fn copy_tree(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("mkdir");
    for e in std::fs::read_dir(src).expect("read_dir") {
        let e = e.expect("entry");
        let to = dst.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
}

/// Files of a rule's fixture folder whose names start with `prefix` ("bad" or "good").
pub fn rule_fixtures(rule: &str, prefix: &str) -> Vec<PathBuf> {
    let dir = fixture(rule);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(prefix))
                        && matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "mdx"))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Path of a file relative to the repository root, with `/`.
pub fn rel(p: &Path) -> String {
    p.strip_prefix(root())
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Runs `git ARGS` in `dir` with a fixed identity and dates, so that commit
/// ids and the dates in messages are the same on every machine.
pub fn git(dir: &Path, date: &str, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Loclint Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A fixture folder as a git repository with history: the first commit has
/// the files of `before/` in place of the current ones (and no `before/`),
/// the second the folder as it is. A page translated from the older source
/// is then behind by one commit.
pub fn history_site(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(src, dir.path());
    let before = dir.path().join("before");
    let now = tempfile::tempdir().expect("tempdir");
    let has_before = before.is_dir();
    if has_before {
        copy_tree(&before, now.path());
        std::fs::remove_dir_all(&before).expect("rm before");
        swap_tree(now.path(), dir.path());
    }
    git(dir.path(), "2024-01-01T00:00:00Z", &["init", "-q"]);
    git(dir.path(), "2024-01-01T00:00:00Z", &["add", "-A"]);
    git(
        dir.path(),
        "2024-01-01T00:00:00Z",
        &["commit", "-qm", "Translate the pages"],
    );
    if has_before {
        swap_tree(now.path(), dir.path());
        git(dir.path(), "2024-02-15T12:00:00Z", &["add", "-A"]);
        git(
            dir.path(),
            "2024-02-15T12:00:00Z",
            &["commit", "-qm", "Update the English pages"],
        );
    }
    dir
}

/// Exchanges the files of `a` (recursively) with their namesakes in `b`.
fn swap_tree(a: &Path, b: &Path) {
    for e in std::fs::read_dir(a).expect("read_dir") {
        let e = e.expect("entry");
        let there = b.join(e.file_name());
        if e.path().is_dir() {
            std::fs::create_dir_all(&there).expect("mkdir");
            swap_tree(&e.path(), &there);
        } else {
            let mine = std::fs::read(e.path()).expect("read");
            let theirs = std::fs::read(&there).expect("read");
            std::fs::write(e.path(), theirs).expect("write");
            std::fs::write(&there, mine).expect("write");
        }
    }
}
