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

#[test]
fn a_link_broken_by_a_space_is_joined_when_the_english_page_links_it() {
    let dir = url_rules_support::temp_copy(&[
        (
            "fixtures/url-glued-to-text/paired/en/versioning.md",
            "en/versioning.md",
        ),
        (
            "fixtures/url-glued-to-text/paired/ko/versioning.md",
            "ko/versioning.md",
        ),
        (
            "fixtures/url-glued-to-text/paired/ko/loclint.toml",
            "ko/loclint.toml",
        ),
    ]);
    let d = url_rules_support::diagnostics(dir.path(), "ko/versioning.md", RULE);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["fix"]["applicability"], "safe");
    url_rules_support::run(
        dir.path(),
        &["check", "-q", "--fix", "--select", RULE, "ko/versioning.md"],
    );
    let fixed = std::fs::read_to_string(dir.path().join("ko/versioning.md")).unwrap();
    assert_eq!(
        fixed,
        "# 버전 관리\n\n릴리스는 [유의적 버전 관리](https://semver.org/)를 따릅니다.\n"
    );
    assert!(url_rules_support::diagnostics(dir.path(), "ko/versioning.md", RULE).is_empty());
}
