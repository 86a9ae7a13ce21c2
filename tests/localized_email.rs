//! `localized-email`: fixture snapshots and fixes.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod url_rules_support;
use url_rules_support::{fix_text, fixed, human, read};

const RULE: &str = "localized-email";

#[test]
fn bad_md() {
    insta::assert_snapshot!(human("fixtures/localized-email/bad.md", RULE));
    // Without an English source the fixes are glossary guesses: `--fix` alone keeps them.
    let (text, left) = fix_text("fixtures/localized-email/bad.md", RULE, false);
    assert_eq!(text, read("fixtures/localized-email/bad.md"));
    assert_eq!(left.len(), 5);
}

#[test]
fn bad_md_unsafe_fixed() {
    insta::assert_snapshot!(fixed("fixtures/localized-email/bad.md", RULE, true));
}

#[test]
fn bad_ja() {
    insta::assert_snapshot!(human("fixtures/localized-email/bad.ja.md", RULE));
    insta::assert_snapshot!(
        "bad_ja_fixed",
        fixed("fixtures/localized-email/bad.ja.md", RULE, true)
    );
}

#[test]
fn good_is_clean() {
    assert_eq!(human("fixtures/localized-email/good.md", RULE), "");
}
