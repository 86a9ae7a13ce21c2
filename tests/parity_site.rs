//! The parity fixture site (`fixtures/sites/parity`): an English page and
//! its Korean, Japanese and Chinese translations, committed together (so
//! each is translated at the current source commit). Every planted defect
//! is found, once, by its rule, and nothing else: the look-alikes
//! (translated code comments and strings, a section moved with its id kept,
//! an English glossary term, a fresh translation) stay clean.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{fixture, git, loclint_in, temp_tree};
use std::collections::BTreeSet;

const PARITY: &str = "code-changed,extra-section,heading-id-dropped,markup-translated,missing-section,stale-translation,untranslated-paragraph";

fn page(locale: &str) -> String {
    format!("i18n/{locale}/docusaurus-plugin-content-docs/current/guide.mdx")
}

#[test]
fn every_planted_defect_and_no_look_alike() {
    let dir = temp_tree(&fixture("sites/parity"));
    let d = dir.path();
    git(d, "2024-03-01T00:00:00Z", &["init", "-q"]);
    git(d, "2024-03-01T00:00:00Z", &["add", "-A"]);
    git(
        d,
        "2024-03-01T00:00:00Z",
        &["commit", "-qm", "Site and translations"],
    );
    let out = loclint_in(d, &["check", "--select", PARITY, "--format", "json", "."]);
    assert!(!out.stderr.contains("did not run"), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let found: BTreeSet<(String, String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let (ko, ja, zh) = (page("ko"), page("ja"), page("zh"));
    let expected: BTreeSet<(String, String, u64)> = [
        (&ko, "heading-id-dropped", 13),
        (&ko, "code-changed", 19),
        (&ko, "markup-translated", 22),
        (&ja, "untranslated-paragraph", 47),
        (&ja, "missing-section", 59),
        (&zh, "markup-translated", 2),
        (&zh, "markup-translated", 13),
        (&zh, "extra-section", 61),
    ]
    .into_iter()
    .map(|(p, r, l)| (p.clone(), r.to_string(), l))
    .collect();
    assert_eq!(found, expected, "{}", out.stdout);
    let human = loclint_in(d, &["check", "--select", PARITY, "."]);
    insta::assert_snapshot!("parity_site_human", human.stdout);
}

#[test]
fn the_source_edited_after_the_translations_makes_them_stale() {
    let dir = temp_tree(&fixture("sites/parity"));
    let d = dir.path();
    git(d, "2024-03-01T00:00:00Z", &["init", "-q"]);
    git(d, "2024-03-01T00:00:00Z", &["add", "-A"]);
    git(
        d,
        "2024-03-01T00:00:00Z",
        &["commit", "-qm", "Site and translations"],
    );
    let src = d.join("docs/guide.mdx");
    let text = std::fs::read_to_string(&src).unwrap();
    std::fs::write(&src, text.replace("say why.", "say why in the comment.")).unwrap();
    git(
        d,
        "2024-03-08T00:00:00Z",
        &["commit", "-qam", "Troubleshooting: wording"],
    );
    let out = loclint_in(
        d,
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
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, vec![page("ja"), page("ko"), page("zh")]);
}
