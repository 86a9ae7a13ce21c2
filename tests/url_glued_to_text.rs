//! `url-glued-to-text`: fixture snapshots and fixes.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod url_rules_support;
use url_rules_support::{fixed, human};

const RULE: &str = "url-glued-to-text";

#[test]
fn bad_md() {
    insta::assert_snapshot!(human("fixtures/url-glued-to-text/bad.md", RULE));
    insta::assert_snapshot!(
        "bad_md_fixed",
        fixed("fixtures/url-glued-to-text/bad.md", RULE, false)
    );
}

#[test]
fn bad_mdx_gets_links_not_autolinks() {
    insta::assert_snapshot!(human("fixtures/url-glued-to-text/bad.mdx", RULE));
    insta::assert_snapshot!(
        "bad_mdx_fixed",
        fixed("fixtures/url-glued-to-text/bad.mdx", RULE, false)
    );
}

#[test]
fn bad_zh() {
    insta::assert_snapshot!(human("fixtures/url-glued-to-text/bad.zh.md", RULE));
    insta::assert_snapshot!(
        "bad_zh_fixed",
        fixed("fixtures/url-glued-to-text/bad.zh.md", RULE, false)
    );
}

#[test]
fn good_is_clean() {
    assert_eq!(human("fixtures/url-glued-to-text/good.md", RULE), "");
}
