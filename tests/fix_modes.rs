//! The fix modes agree with a fresh check: what `--fix` reports as
//! remaining is exactly what a new `check` of the fixed tree finds, and a
//! second `--fix` changes nothing (one run reaches a fixed point), for the
//! cross-file rules as well as the single-file ones.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{fixture, loclint_in, temp_tree};
use std::path::Path;

fn json_findings(stdout: &str) -> Vec<(String, String, u64, String)> {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("json");
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["offset"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn assert_fix_report_is_fresh(mode: &[&str]) {
    let dir = temp_tree(&fixture("site"));
    let root = dir.path();
    let fixed = loclint_in(
        root,
        &[&["check", "--isolated", "--format", "json"], mode, &["."]].concat(),
    );
    let summary: serde_json::Value = serde_json::from_str(&fixed.stdout).unwrap();
    assert!(
        summary["summary"]["fixed"].as_u64().unwrap() > 0,
        "the site fixture has fixable findings: {}",
        fixed.stdout
    );
    let after = snapshot(root);
    let fresh = loclint_in(root, &["check", "--isolated", "--format", "json", "."]);
    assert_eq!(
        json_findings(&fixed.stdout),
        json_findings(&fresh.stdout),
        "{mode:?}: the report after fixing is a fresh check of the fixed files"
    );
    let again = loclint_in(
        root,
        &[&["check", "--isolated", "--format", "json"], mode, &["."]].concat(),
    );
    let again: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(
        again["summary"]["fixed"], 0,
        "{mode:?}: a second run fixes nothing"
    );
    assert_eq!(
        snapshot(root),
        after,
        "{mode:?}: a second run changes no byte"
    );
}

#[test]
fn safe_fix_report_is_a_fresh_check() {
    assert_fix_report_is_fresh(&["--fix"]);
}

#[test]
fn unsafe_fix_report_is_a_fresh_check() {
    assert_fix_report_is_fresh(&["--fix", "--unsafe-fixes"]);
}

#[test]
fn diff_writes_nothing_and_matches_fix() {
    let dir = temp_tree(&fixture("site"));
    let root = dir.path();
    let before = snapshot(root);
    let diff = loclint_in(root, &["check", "--isolated", "--diff", "."]);
    assert_eq!(snapshot(root), before, "--diff must not write");
    assert!(diff.stdout.contains("+++ "), "{}", diff.stdout);
    let fix = loclint_in(root, &["check", "--isolated", "--fix", "."]);
    assert!(fix.code == 0 || fix.code == 1, "{}", fix.stderr);
    assert_ne!(snapshot(root), before, "--fix writes what --diff showed");
}
