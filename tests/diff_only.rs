//! `--diff-only REF` on a temporary git repository with two commits: old
//! findings stay quiet, findings on lines changed since REF (committed or
//! only in the working tree), in untracked files, and broken anchors whose
//! target page changed are reported; no repository or an unknown revision
//! is exit 2.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::loclint_in;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        // Independent of the machine's git config and of the clock.
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env("GIT_AUTHOR_DATE", "2024-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-01-01T00:00:00Z")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// (rule, path, line) of each finding.
fn findings(stdout: &str) -> Vec<(String, String, u64)> {
    let v: Value = serde_json::from_str(stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const GUIDE: &str = "# Guide\n\n## Install\n\nRun the installer.\n\n## Usage\n\nOpen it.\n";

/// Commit 1: a page with an old defect, a guide, a page linking into it.
/// Commit 2: a new defect in the first page.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(
        d,
        "docs/a.md",
        "# A\n\nOld damage \u{FFFD} here.\n\nA clean line.\n\nAnother clean line.\n",
    );
    write(d, "docs/guide.md", GUIDE);
    write(
        d,
        "docs/links.md",
        "# Links\n\nSee [install](./guide.md#install).\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first"]);
    write(
        d,
        "docs/a.md",
        "# A\n\nOld damage \u{FFFD} here.\n\nA clean line.\n\nNew damage \u{FFFD} too.\n",
    );
    git(d, &["commit", "-q", "-am", "second"]);
    dir
}

fn check(dir: &Path, rev: &str) -> common::Run {
    loclint_in(
        dir,
        &["check", "--format", "json", "--diff-only", rev, "docs"],
    )
}

#[test]
fn only_lines_changed_since_the_revision_are_reported() {
    let dir = repository();
    let all = loclint_in(dir.path(), &["check", "--format", "json", "docs"]);
    assert_eq!(
        findings(&all.stdout),
        [
            ("replacement-character".into(), "docs/a.md".into(), 3),
            ("replacement-character".into(), "docs/a.md".into(), 7),
        ]
    );

    let since_first = check(dir.path(), "HEAD~1");
    assert_eq!(since_first.code, 1, "{}", since_first.stderr);
    assert_eq!(
        findings(&since_first.stdout),
        [("replacement-character".into(), "docs/a.md".into(), 7)]
    );
    assert!(
        since_first
            .stderr
            .contains("1 finding on lines unchanged since HEAD~1 not reported"),
        "{}",
        since_first.stderr
    );

    // Nothing changed since HEAD: nothing is reported, and the run is clean.
    let since_head = check(dir.path(), "HEAD");
    assert_eq!(since_head.code, 0, "{}", since_head.stdout);
    assert_eq!(findings(&since_head.stdout), []);
    // The alias names a branch just as well.
    let alias = loclint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--changed-since",
            "main",
            "docs",
        ],
    );
    assert_eq!(findings(&alias.stdout), []);
}

#[test]
fn working_tree_edits_and_untracked_files_count() {
    let dir = repository();
    let d = dir.path();
    // An uncommitted edit above the old defect moves it down a line; it stays quiet.
    write(
        d,
        "docs/a.md",
        "# A\n\nA new line \u{FFFD} here.\nOld damage \u{FFFD} here.\n\nA clean line.\n\nNew damage \u{FFFD} too.\n",
    );
    write(d, "docs/new.md", "# New\n\nUntracked \u{FFFD} page.\n");
    let run = check(d, "HEAD");
    assert_eq!(
        findings(&run.stdout),
        [
            ("replacement-character".into(), "docs/a.md".into(), 3),
            ("replacement-character".into(), "docs/new.md".into(), 3),
        ]
    );
}

#[test]
fn a_broken_anchor_counts_when_its_target_page_changed() {
    let dir = repository();
    let d = dir.path();
    // The guide renames its heading; the unchanged page linking to it breaks.
    write(d, "docs/guide.md", &GUIDE.replace("## Install", "## Setup"));
    let run = check(d, "HEAD");
    let got = findings(&run.stdout);
    assert_eq!(
        got,
        [("broken-anchor".into(), "docs/links.md".into(), 3)],
        "{}",
        run.stdout
    );
}

#[test]
fn outside_a_repository_or_with_an_unknown_revision_is_exit_2() {
    let dir = repository();
    let unknown = check(dir.path(), "no-such-branch");
    assert_eq!(unknown.code, 2, "{}", unknown.stdout);
    assert!(
        unknown.stderr.contains("unknown revision `no-such-branch`"),
        "{}",
        unknown.stderr
    );

    let plain = tempfile::tempdir().unwrap();
    write(plain.path(), "docs/a.md", "# A\n\nText.\n");
    let outside = check(plain.path(), "HEAD");
    assert_eq!(outside.code, 2, "{}", outside.stdout);
    assert!(
        outside.stderr.contains("is not inside a git repository"),
        "{}",
        outside.stderr
    );
}
