//! `loclint config --schema`: the JSON Schema accepts every `loclint.toml`
//! the fixtures ship (and the one `loclint init` writes), and rejects what
//! the loader rejects: unknown keys at any depth, unknown rules, bad
//! severities.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{loclint, loclint_in, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn validator() -> jsonschema::Validator {
    let run = loclint(&["config", "--schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn as_json(toml_text: &str) -> Value {
    toml::from_str::<Value>(toml_text).unwrap()
}

fn errors(v: &jsonschema::Validator, text: &str) -> Vec<String> {
    v.iter_errors(&as_json(text))
        .map(|e| e.to_string())
        .collect()
}

fn config_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            config_files(&path, out);
        } else if path
            .file_name()
            .is_some_and(|n| n == "loclint.toml" || n == ".loclint.toml")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_config_is_valid() {
    let v = validator();
    let mut files = Vec::new();
    config_files(&root().join("fixtures"), &mut files);
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let errs = errors(&v, &text);
        assert!(errs.is_empty(), "{}: {errs:?}", file.display());
    }
}

#[test]
fn the_readme_example_and_every_section_are_valid() {
    let v = validator();
    let full = r#"
        extend = "../loclint.base.toml"
        include = ["**/*.md"]
        exclude = ["**/drafts/**"]
        [rules]
        untranslated-heading = "warning"
        replacement-character = "off"
        [locales]
        "content/ko/**" = "ko"
        [site]
        root = "website"
        default-locale = "ko"
        routes = { "/learn" = "src/content/learn" }
        [links]
        online = false
        timeout = 20
        exclude = ["^https://internal\\."]
        [[links.sites]]
        root = "ko.react.dev"
        kind = "static"
        url = "https://ko.react.dev"
        source = "react.dev"
        routes = [{ prefix = "/", dir = "src/content" }]
        [[links.sites.docs]]
        path = "docs"
        versions = [{ name = "3", path = "v3" }]
        [glossary]
        keep = ["Freshdesk"]
        [glossary.terms.ko]
        plan = "요금제"
    "#;
    assert_eq!(errors(&v, full), Vec::<String>::new());
}

#[test]
fn unknown_keys_rules_and_values_are_rejected() {
    let v = validator();
    for bad in [
        "sitee = {}",
        "[site]\nrooot = \"website\"",
        "[links]\nonlien = true",
        "[[links.sites]]\nroot = \".\"\nkind = \"hugo\"",
        "[rules]\nmojibak = \"error\"",
        "[rules]\nmojibake = \"fatal\"",
        "[links]\ntimeout = \"soon\"",
    ] {
        assert!(!errors(&v, bad).is_empty(), "accepted: {bad}");
        // The loader agrees: the schema and the types it is derived from
        // reject the same files.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("loclint.toml"), bad).unwrap();
        std::fs::write(dir.path().join("a.md"), "# A\n").unwrap();
        let run = loclint_in(dir.path(), &["check", "a.md"]);
        assert_eq!(run.code, 2, "loader accepted: {bad}");
    }
}

#[test]
fn the_starter_file_of_init_is_valid() {
    let v = validator();
    let dir = common::temp_tree(&common::fixture("sites/versioned"));
    let run = loclint_in(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("loclint.toml")).unwrap();
    assert_eq!(errors(&v, &text), Vec::<String>::new());
}
