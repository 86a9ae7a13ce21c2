//! `localized-url`: fixture snapshots and fixes, and the acceptance test on the
//! real seed page (`fixtures/site`): every corrupted URL, email and fragment is
//! reported and restored byte for byte from the English source.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod url_rules_support;
use url_rules_support::{
    RULES, compact, diagnostics, fix_text, fixed, human, read, run, temp_copy,
};

const RULE: &str = "localized-url";
const KO_PAGE: &str = "i18n/ko/docusaurus-plugin-content-docs/current/faq/ssl-security.md";
const EN_PAGE: &str = "docs/faq/ssl-security.md";

#[test]
fn bad_md() {
    insta::assert_snapshot!(human("fixtures/localized-url/bad.md", RULE));
    let (text, left) = fix_text("fixtures/localized-url/bad.md", RULE, false);
    assert_eq!(
        text,
        read("fixtures/localized-url/bad.md"),
        "glossary guesses are unsafe"
    );
    assert_eq!(left.len(), 6);
    insta::assert_snapshot!(
        "bad_md_unsafe_fixed",
        fixed("fixtures/localized-url/bad.md", RULE, true)
    );
}

#[test]
fn bad_zh_machine_translated_path() {
    insta::assert_snapshot!(human("fixtures/localized-url/bad.zh.md", RULE));
}

#[test]
fn good_is_clean() {
    assert_eq!(human("fixtures/localized-url/good.md", RULE), "");
}

/// The fixture site in a temporary folder (so that `--fix` can write), with
/// `korean` as the Korean page and, if `with_source`, the English source.
fn site(korean: &str, with_source: bool) -> tempfile::TempDir {
    let mut files = vec![
        (
            "fixtures/site/docusaurus.config.js",
            "site/docusaurus.config.js".to_string(),
        ),
        (korean, format!("site/{KO_PAGE}")),
    ];
    if with_source {
        files.push((
            "fixtures/site/docs/faq/ssl-security.md",
            format!("site/{EN_PAGE}"),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    temp_copy(&files)
}

const SEED_KO: &str =
    "fixtures/site/i18n/ko/docusaurus-plugin-content-docs/current/faq/ssl-security.md";
const REPAIRED_KO: &str = "fixtures/localized-url/seed-ko-repaired.md";

/// Links and addresses in a page, roughly: enough to compare two pages.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("](") {
        let rest = &text[i + 2..];
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_string());
        }
    }
    for (i, _) in text.match_indices("https://") {
        let rest = &text[i..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '*'))
            .unwrap_or(rest.len());
        out.push(rest[..end].to_string());
    }
    for (i, _) in text.match_indices('@') {
        let start = text[..i]
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '*' | ':'))
            .map_or(0, |s| s + 1);
        let rest = &text[i..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '*'))
            .unwrap_or(rest.len());
        out.push(text[start..i + end].trim_end_matches('.').to_string());
    }
    out
}

fn acceptance(korean: &str, snapshot: &str) {
    let dir = site(korean, true);
    let root = dir.path();
    let path = format!("site/{KO_PAGE}");
    let before = diagnostics(root, &path, RULES);
    insta::assert_snapshot!(snapshot, compact(&before));
    assert_eq!(before.len(), 37);
    assert!(
        before.iter().all(|d| d["fix"]["applicability"] == "safe"),
        "{}",
        compact(&before)
    );

    run(root, &["check", "-q", "--fix", "--select", RULES, &path]);
    let after = diagnostics(root, &path, RULES);
    assert!(after.is_empty(), "second run:\n{}", compact(&after));

    // Every link and address of the fixed page is, byte for byte, one of the source's.
    let fixed = std::fs::read_to_string(root.join(&path)).unwrap();
    let english = std::fs::read_to_string(root.join("site").join(EN_PAGE)).unwrap();
    let english_links = links(&english);
    let stray: Vec<String> = links(&fixed)
        .into_iter()
        .filter(|l| !english_links.contains(l))
        .collect();
    assert!(stray.is_empty(), "not on the English page: {stray:#?}");
}

#[test]
fn seed_page_is_restored_from_the_english_source() {
    acceptance(SEED_KO, "seed_with_source");
}

#[test]
fn repaired_seed_page_is_restored_from_the_english_source() {
    acceptance(REPAIRED_KO, "repaired_seed_with_source");
}

#[test]
fn without_source_the_same_findings_are_glossary_guesses() {
    for (korean, snapshot) in [
        (SEED_KO, "seed_without_source"),
        (REPAIRED_KO, "repaired_seed_without_source"),
    ] {
        let dir = site(korean, false);
        let diags = diagnostics(dir.path(), &format!("site/{KO_PAGE}"), RULES);
        insta::assert_snapshot!(snapshot, compact(&diags));
        assert_eq!(diags.len(), 37);
        assert!(
            diags.iter().all(|d| d["fix"]["applicability"] == "unsafe"),
            "{}",
            compact(&diags)
        );
    }
}

/// Links the translator localized on purpose pair with source links of the
/// same shape (`#설치` with `#installation`), yet reach real anchors or
/// localized sites: nothing to report.
#[test]
fn legitimately_localized_links_stay_silent_with_a_source() {
    let page =
        "fixtures/site/i18n/ko/docusaurus-plugin-content-docs/current/faq/localized-links.md";
    assert_eq!(human(page, RULES), "");
    let diags = diagnostics(&url_rules_support::repo(), page, RULES);
    assert!(diags.is_empty(), "{}", compact(&diags));
}

/// Without an English source, a glossary word is read in the form the page's
/// own URLs use at the same place: `/api/v2/tickets` and `/api/v2/agents`
/// make `티켓` `tickets` and `상담원` `agents` (the glossary lists the
/// singular first); `/support/solutions/` says nothing about `/해결책/`.
#[test]
fn site_words_pick_the_form() {
    const PAGE: &str = "fixtures/localized-url/site-words.md";
    insta::assert_snapshot!(human(PAGE, RULE));
    let fixed_text = fixed(PAGE, RULE, true);
    assert!(fixed_text.contains("https://example.freshdesk.com/api/v2/tickets 으로"));
    assert!(fixed_text.contains("(https://example.freshdesk.com/api/v2/agents)"));
    assert!(fixed_text.contains("(https://example.freshdesk.com/solution/articles/2)"));
    insta::assert_snapshot!("site_words_fixed", fixed_text);
}
