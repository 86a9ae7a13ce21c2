//! `--write-baseline` then `--baseline` on the seed pages: old findings stay
//! quiet after edits elsewhere in the page; a new defect is reported alone.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{fixture, loclint_in};
use serde_json::Value;

const SEED: &str = "001_b7e4836e97a521a9.txt";

fn seeds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for name in ["loclint.toml", "000_1e44dd774abfb1ca.txt", SEED] {
        std::fs::copy(fixture("seeds").join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn diagnostics(stdout: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn only_the_new_defect_is_reported_after_an_edit_elsewhere() {
    let dir = seeds();
    let all = loclint_in(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(all.code, 1);
    let before = diagnostics(&all.stdout).len();
    assert!(before > 10, "{before}");

    let written = loclint_in(
        dir.path(),
        &["check", "--write-baseline", "loclint-baseline.json", "."],
    );
    assert_eq!(written.code, 0, "{}{}", written.stdout, written.stderr);
    assert!(
        written
            .stderr
            .contains(&format!("{before} findings in the baseline")),
        "{}",
        written.stderr
    );
    let file = std::fs::read_to_string(dir.path().join("loclint-baseline.json")).unwrap();
    assert!(
        !file.contains("\"line\""),
        "a baseline does not record lines"
    );

    // An edit near the top shifts every line below it; a new garbled
    // sentence goes at the end.
    let page = dir.path().join(SEED);
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replacen(
        "sidebar_position: 1\n---\n",
        "sidebar_position: 1\n---\n\nA new first paragraph.\n",
        1,
    );
    assert_ne!(edited, text);
    let added = "\ní•œêµ\u{AD}ì–´ ë¬¸ì„œ\n";
    std::fs::write(&page, format!("{edited}{added}")).unwrap();

    let run = loclint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "loclint-baseline.json",
            ".",
        ],
    );
    let left = diagnostics(&run.stdout);
    assert_eq!(left.len(), 1, "{left:#?}");
    assert_eq!(left[0]["rule"], "mojibake");
    assert!(
        left[0]["message"]
            .as_str()
            .unwrap()
            .contains("reads `한국어 문서`"),
        "{}",
        left[0]
    );
    assert_eq!(run.code, 1);

    // Without the new defect the baselined page is clean.
    std::fs::write(&page, edited).unwrap();
    let clean = loclint_in(
        dir.path(),
        &["check", "--baseline", "loclint-baseline.json", "."],
    );
    assert_eq!(clean.code, 0, "{}", clean.stdout);
}

#[test]
fn a_missing_baseline_is_an_error_that_names_it() {
    let dir = seeds();
    let run = loclint_in(dir.path(), &["check", "--baseline", "nope.json", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nope.json"), "{}", run.stderr);
}
