//! `stale-translation` on real git repositories made in a temp folder: a
//! source edited after its translation, a whitespace-only edit, an ignored
//! commit message, a pinned source commit, a shallow clone, no repository.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{git, loclint_in};
use std::path::Path;

const KO: &str = "i18n/ko/docusaurus-plugin-content-docs/current/page.md";
const JA: &str = "i18n/ja/docusaurus-plugin-content-docs/current/page.md";

const SOURCE: &str = "# Install\n\nRun the installer and follow its steps.\n\n## Linux\n\nUse `apt install tool`.\n\n## macOS\n\nUse `brew install tool`.\n";
const KO_TEXT: &str = "# 설치\n\n설치 프로그램을 실행하세요.\n\n## 리눅스\n\n`apt install tool`을 사용하세요.\n\n## macOS\n\n`brew install tool`을 사용하세요.\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn commit(dir: &Path, date: &str, message: &str) {
    git(dir, date, &["add", "-A"]);
    git(dir, date, &["commit", "-qm", message]);
}

/// A site whose source is committed on Jan 1 and its Korean page on Jan 2.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "docusaurus.config.js", "module.exports = {};\n");
    write(d, "docs/page.md", SOURCE);
    git(d, "2024-01-01T00:00:00Z", &["init", "-q"]);
    commit(d, "2024-01-01T00:00:00Z", "Add the install page");
    write(d, KO, KO_TEXT);
    commit(d, "2024-01-02T00:00:00Z", "Translate the install page");
    dir
}

fn head(dir: &Path) -> String {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn findings(dir: &Path) -> Vec<serde_json::Value> {
    let out = loclint_in(
        dir,
        &[
            "check",
            "--select",
            "stale-translation",
            "--format",
            "json",
            ".",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn messages(dir: &Path) -> Vec<String> {
    findings(dir)
        .iter()
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn source_edited_after_the_translation_is_stale() {
    let dir = site();
    let d = dir.path();
    write(
        d,
        "docs/page.md",
        &SOURCE.replace("apt install tool", "apt install tool-cli"),
    );
    commit(d, "2024-01-12T00:00:00Z", "Rename the package");
    write(
        d,
        "docs/page.md",
        &format!("{SOURCE}\n## Windows\n\nUse `winget`.\n"),
    );
    commit(d, "2024-01-22T00:00:00Z", "Document Windows");
    let f = findings(d);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["path"], KO);
    let m = f[0]["message"].as_str().unwrap();
    assert!(
        m.starts_with("translation is 2 commits and 20 days behind docs/page.md"),
        "{m}"
    );
    assert!(m.contains("\"Document Windows\""), "{m}");
    assert!(m.contains("\"Rename the package\""), "{m}");
    assert_eq!(f[0]["severity"], "warning");
}

#[test]
fn a_translation_committed_after_the_source_is_fresh() {
    let dir = site();
    assert!(messages(dir.path()).is_empty());
}

#[test]
fn whitespace_only_source_commits_do_not_count() {
    let dir = site();
    let d = dir.path();
    let reflowed = SOURCE
        .replace("installer and follow", "installer\nand follow")
        .replace("\n\n## macOS", "\n\n\n## macOS  ");
    write(d, "docs/page.md", &reflowed);
    commit(d, "2024-01-05T00:00:00Z", "Reflow");
    assert!(messages(d).is_empty());
}

#[test]
fn ignored_commit_messages_do_not_count() {
    let dir = site();
    let d = dir.path();
    write(
        d,
        "docs/page.md",
        &SOURCE.replace("follow its", "follow all its"),
    );
    commit(d, "2024-01-05T00:00:00Z", "Wording [skip i18n]");
    assert!(messages(d).is_empty(), "default pattern");
    write(
        d,
        "docs/page.md",
        &SOURCE.replace("follow its", "follow every one of its"),
    );
    commit(d, "2024-01-06T00:00:00Z", "typo: wording");
    assert_eq!(messages(d).len(), 1, "not ignored by default");
    write(
        d,
        "loclint.toml",
        "[freshness]\nignore-commits = [\"^typo:\", \"\\\\[skip i18n\\\\]\"]\n",
    );
    assert!(messages(d).is_empty(), "configured pattern");
}

#[test]
fn a_pinned_commit_names_the_changed_sections() {
    let dir = site();
    let d = dir.path();
    let pinned = head(d);
    let new_source = SOURCE
        .replace(
            "Use `apt install tool`.",
            "Use `apt install tool` or `dnf install tool`.",
        )
        .replace(
            "## macOS\n\nUse `brew install tool`.\n",
            "## Windows\n\nUse `winget install tool`.\n",
        );
    write(d, "docs/page.md", &new_source);
    commit(d, "2024-02-01T00:00:00Z", "Add dnf and Windows, drop macOS");
    // The translation is touched later (a typo fix) but still pins the old source.
    write(
        d,
        KO,
        &format!("---\ntranslation_of: {pinned}\n---\n{KO_TEXT}"),
    );
    commit(d, "2024-02-03T00:00:00Z", "Fix a Korean typo");
    let m = messages(d);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("1 commit and 30 days behind"), "{}", m[0]);
    assert!(
        m[0].contains(&format!("pinned source {}", &pinned[..7])),
        "{}",
        m[0]
    );
    assert!(
        m[0].ends_with("; changed sections: `## Linux`, `## Windows` (new), `## macOS` (removed)"),
        "{}",
        m[0]
    );
    let f = findings(d);
    assert_eq!(
        f[0]["start"]["line"], 2,
        "the finding is on the pin: {:?}",
        f[0]
    );
    // Pinned at the current source commit: fresh, whatever the dates say.
    let now = head(d);
    write(
        d,
        KO,
        &format!("---\ntranslation_of: {now}\n---\n{KO_TEXT}"),
    );
    assert!(messages(d).is_empty());
}

#[test]
fn a_pin_to_no_commit_is_reported() {
    let dir = site();
    let d = dir.path();
    write(
        d,
        KO,
        &format!("---\ntranslation_of: 0123456789abcdef\n---\n{KO_TEXT}"),
    );
    let m = messages(d);
    assert_eq!(
        m,
        vec!["`translation_of: 0123456789abcdef` names no commit of this repository"]
    );
}

#[test]
fn a_shallow_clone_says_once_that_it_cannot_run() {
    let dir = site();
    let d = dir.path();
    write(d, JA, "# インストール\n\nインストーラーを実行します。\n");
    commit(d, "2024-01-03T00:00:00Z", "Translate to Japanese");
    write(
        d,
        "docs/page.md",
        &SOURCE.replace("follow its", "follow all its"),
    );
    commit(d, "2024-01-05T00:00:00Z", "Wording");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", d.display());
    git(
        clone.path(),
        "2024-01-05T00:00:00Z",
        &["clone", "-q", "--depth", "1", &url, "site"],
    );
    let site = clone.path().join("site");
    let out = loclint_in(&site, &["check", "--select", "stale-translation", "."]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(!out.stdout.contains("stale-translation]"), "{}", out.stdout);
    let notes: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("shallow clone"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", out.stderr);
    assert!(
        notes[0].starts_with("note: stale-translation did not run for"),
        "{}",
        notes[0]
    );
    // The full repository reports both pages.
    assert_eq!(messages(d).len(), 2);
}

#[test]
fn outside_a_repository_it_says_once_that_it_cannot_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "docusaurus.config.js", "module.exports = {};\n");
    write(d, "docs/page.md", SOURCE);
    write(d, KO, KO_TEXT);
    write(d, JA, "# インストール\n\nインストーラーを実行します。\n");
    let out = loclint_in(d, &["check", "."]);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert!(!out.stdout.contains("stale-translation"), "{}", out.stdout);
    let notes: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.contains("not inside a git repository"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", out.stderr);
    // Selecting other rules does not read the history, and says nothing of it.
    let other = loclint_in(d, &["check", "--select", "missing-section", "."]);
    assert!(
        !other.stderr.contains("stale-translation"),
        "{}",
        other.stderr
    );
}
