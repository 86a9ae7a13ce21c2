//! Selection only filters what is reported: for every rule R, the findings of
//! `--select R` equal the R findings of the full run, and turning the
//! mojibake rule off (`--ignore`, or `"off"` in the config) changes nothing
//! the other rules find. On the seeds, every fixture, and the shared corpus.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{loclint, root};
use std::collections::BTreeSet;

type Finding = (String, String, u64, u64, String);

fn findings(args: &[&str]) -> Vec<Finding> {
    let run = loclint(args);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["offset"].as_u64().unwrap(),
                d["end"]["offset"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rule_names() -> Vec<String> {
    let run = loclint(&["rule", "--all", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

fn only(all: &[Finding], rule: &str) -> Vec<Finding> {
    all.iter().filter(|f| f.1 == rule).cloned().collect()
}

fn assert_selection_independent(target: &str) {
    let base = ["check", "--isolated", "--format", "json", target];
    let full = findings(&base);
    let rules: BTreeSet<String> = full.iter().map(|f| f.1.clone()).collect();
    assert!(!rules.is_empty(), "{target}: the full run found nothing");
    for rule in rule_names() {
        let selected = findings(&[&base[..], &["--select", &rule]].concat());
        assert_eq!(selected, only(&full, &rule), "{target}: --select {rule}");
    }
    let without = findings(&[&base[..], &["--ignore", "mojibake"]].concat());
    let expected: Vec<Finding> = full.into_iter().filter(|f| f.1 != "mojibake").collect();
    assert_eq!(without, expected, "{target}: --ignore mojibake");
}

#[test]
fn select_equals_full_run_on_the_seeds() {
    assert_selection_independent("fixtures/seeds");
}

#[test]
fn select_equals_full_run_on_every_fixture() {
    assert_selection_independent("fixtures");
}

#[test]
fn mojibake_off_in_config_changes_no_other_finding() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("faq.md");
    std::fs::copy(
        root().join("fixtures/seeds/001_b7e4836e97a521a9.txt"),
        &page,
    )
    .unwrap();
    let page = page.to_str().unwrap();
    let full = findings(&["check", "--isolated", "--format", "json", page]);
    let translation = |f: &Finding| f.1 != "mojibake";
    assert!(
        full.iter().any(|f| f.1 == "half-translated-heading"),
        "the raw second seed has half-translated headings"
    );
    let cfg = dir.path().join("loclint.toml");
    std::fs::write(&cfg, "[rules]\nmojibake = \"off\"\n").unwrap();
    let off = findings(&[
        "check",
        "--config",
        cfg.to_str().unwrap(),
        "--format",
        "json",
        page,
    ]);
    let expected: Vec<Finding> = full.into_iter().filter(translation).collect();
    assert_eq!(off, expected);
}

#[test]
fn select_equals_full_run_on_the_corpus() {
    let Some(corpus) = common::shared_corpus("select_equals_full_run_on_the_corpus") else {
        return;
    };
    assert_selection_independent(corpus.to_str().unwrap());
}
