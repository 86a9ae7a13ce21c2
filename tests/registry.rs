//! The registry keeps every rule documented, with fixtures, and listed in the README.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use loclint::checks::{self, DOC_SECTIONS, doc_section};

#[test]
fn every_rule_is_documented() {
    for r in checks::all() {
        let m = r.meta();
        assert!(
            m.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: kebab-case",
            m.name
        );
        assert!(
            m.doc.starts_with(&format!("# {}\n", m.name)),
            "{}: doc must start with `# {}`",
            m.name,
            m.name
        );
        for s in DOC_SECTIONS {
            let body = doc_section(m.doc, s).unwrap_or_default();
            assert!(
                !body.is_empty(),
                "{}: doc section `## {s}` missing or empty",
                m.name
            );
        }
        let example = doc_section(m.doc, "Example").unwrap_or_default();
        assert!(
            example.contains("Use instead"),
            "{}: Example needs a `Use instead` part",
            m.name
        );
    }
}

#[test]
fn rules_are_sorted_and_unique() {
    let names: Vec<_> = checks::all().iter().map(|r| r.meta().name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
}

#[test]
fn every_rule_has_fixtures_and_a_readme_row() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    for r in checks::all() {
        let name = r.meta().name;
        assert!(
            !common::rule_fixtures(name, "bad").is_empty(),
            "{name}: fixtures/{name}/bad.md missing"
        );
        assert!(
            !common::rule_fixtures(name, "good").is_empty(),
            "{name}: fixtures/{name}/good.md missing"
        );
        assert!(
            readme.contains(&format!("| <a id=\"rule-{name}\"></a>`{name}` |")),
            "{name}: README rule table has no row with its anchor"
        );
    }
}

#[test]
fn rule_command_prints_the_doc() {
    for r in checks::all() {
        let out = common::loclint(&["rule", r.meta().name]);
        assert_eq!(out.code, 0);
        assert_eq!(out.stdout.trim_end(), r.meta().doc.trim_end());
    }
    let all = common::loclint(&["rule", "--all", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&all.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(checks::all().len()));
    let bad = common::loclint(&["rule", "no-such-rule"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("no-such-rule"));
}
