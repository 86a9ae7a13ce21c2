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

/// A translated `#fragment` (a half-translated slug, also on a page whose
/// mojibake the repaired view undoes) is reported once, by `localized-url`:
/// `broken-anchor` leaves it alone whether it runs alone or with every rule,
/// and keeps reporting the broken anchors that are its own.
#[test]
fn a_localized_fragment_is_reported_once_whatever_is_selected() {
    for (target, fragment) in [
        (
            "fixtures/broken-anchor/good-localized.md",
            "#고객-details-export",
        ),
        ("fixtures/localized-url/bad.md", "#고객-details-export"),
        (
            "fixtures/site/i18n/ko/docusaurus-plugin-content-docs/current/faq/ssl-security.md",
            "-details-export-%C2%A0",
        ),
    ] {
        let base = ["check", "--format", "json", target];
        let full = findings(&base);
        let alone = findings(&[&base[..], &["--select", "broken-anchor"]].concat());
        assert_eq!(alone, only(&full, "broken-anchor"), "{target}");
        let text = std::fs::read_to_string(root().join(target)).unwrap();
        let at = |f: &Finding| {
            text.get(f.2 as usize..f.3 as usize)
                .unwrap_or("")
                .to_string()
        };
        let on_fragment = |f: &&Finding| at(f).contains(fragment.trim_start_matches('#'));
        let by_rule: Vec<&str> = full
            .iter()
            .filter(on_fragment)
            .map(|f| f.1.as_str())
            .collect();
        assert_eq!(by_rule, ["localized-url"], "{target}: {full:?}");
    }
}
