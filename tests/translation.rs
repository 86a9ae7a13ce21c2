//! Acceptance of the translation rules (issue 4) on the seed pages, on a
//! small Docusaurus site with an English source, and on the real corpus in
//! `../shared/corpus` (false positives; skipped when the corpus is absent).

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{loclint, root, shared_corpus};
use serde_json::Value;
use std::collections::BTreeMap;

const RULES: &str =
    "half-translated-heading,untranslated-heading,mixed-language,particle-agreement";

fn diagnostics(args: &[&str]) -> Vec<Value> {
    let out = loclint(args);
    let v: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("json ({e}): {}\n{}", out.stdout, out.stderr));
    v["diagnostics"].as_array().cloned().unwrap_or_default()
}

fn counts(diags: &[Value]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for d in diags {
        *m.entry(d["rule"].as_str().unwrap_or("").to_string())
            .or_default() += 1;
    }
    m
}

fn text_of(path: &str, d: &Value) -> String {
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_default();
    let (s, e) = (
        d["start"]["offset"].as_u64().unwrap_or(0) as usize,
        d["end"]["offset"].as_u64().unwrap_or(0) as usize,
    );
    text.get(s..e).unwrap_or_default().to_string()
}

/// The second seed page's translation findings (issue 4): 9 half-translated
/// titles, 5 English ones, one particle and English sentences with Korean
/// nouns. Returns the particle finding.
fn second_seed_findings(diags: &[Value]) -> &Value {
    let c = counts(diags);
    assert_eq!(c.get("half-translated-heading"), Some(&9), "{c:?}");
    assert_eq!(c.get("untranslated-heading"), Some(&5), "{c:?}");
    assert_eq!(c.get("particle-agreement"), Some(&1), "{c:?}");
    assert!(c.get("mixed-language").copied().unwrap_or(0) >= 20, "{c:?}");
    diags
        .iter()
        .find(|d| d["rule"] == "particle-agreement")
        .expect("particle")
}

/// The machine half-translated seed page, mojibake repaired by hand.
#[test]
fn second_seed_page() {
    let path = "fixtures/translation/seed-001-repaired.md";
    let diags = diagnostics(&["check", "--select", RULES, "--format", "json", path]);
    let particle = second_seed_findings(&diags);
    assert_eq!(particle["fix"]["applicability"], "safe");
    assert_eq!(particle["fix"]["edits"][0]["replacement"], "는");
    assert_eq!(text_of(path, particle), "은");
    // Every mixed-language finding points at a Korean word inside English text.
    let mixed: Vec<String> = diags
        .iter()
        .filter(|d| d["rule"] == "mixed-language")
        .map(|d| text_of(path, d))
        .collect();
    for word in ["요금제", "고객", "관리자", "헬프데스크", "계정"] {
        assert!(
            mixed.iter().any(|m| m == word),
            "no mixed-language at {word}: {mixed:?}"
        );
    }
    let human = loclint(&["check", "--select", RULES, path]);
    insta::assert_snapshot!("seed_001_repaired_human", human.stdout);
}

/// The raw second seed page, still mojibake: one run reports the mojibake
/// and, on the text as it reads once repaired, the translation defects, with
/// spans on the original bytes. A fix that would also write a guessed
/// (lost-byte) repair is not safe.
#[test]
fn raw_second_seed_gets_both_kinds_of_findings() {
    let path = "fixtures/seeds/001_b7e4836e97a521a9.txt";
    let diags = diagnostics(&["check", "--format", "json", path]);
    let c = counts(&diags);
    assert!(c.get("mojibake").copied().unwrap_or(0) > 100, "{c:?}");
    let particle = second_seed_findings(&diags);
    // "요금제은" lost bytes on the way: its repair is a guess.
    assert_eq!(particle["fix"]["applicability"], "unsafe");
    let edit = &particle["fix"]["edits"][0];
    assert!(
        edit["replacement"].as_str().unwrap().contains("요금제는"),
        "{edit}"
    );
    // Half-translated titles point at mojibake bytes of the original.
    let half = diags
        .iter()
        .find(|d| d["rule"] == "half-translated-heading")
        .expect("half-translated");
    let span = text_of(path, half);
    assert!(
        span.contains("when we try") && span.contains("ì˜¤ë¥˜"),
        "{span}"
    );
}

/// The seed page before substitution: English titles on a Korean page.
#[test]
fn first_seed_page() {
    let path = "fixtures/translation/seed-000-repaired.md";
    let diags = diagnostics(&["check", "--select", RULES, "--format", "json", path]);
    let c = counts(&diags);
    assert_eq!(c.get("untranslated-heading"), Some(&14), "{c:?}");
    assert_eq!(
        c.len(),
        1,
        "its Korean headings and paragraphs are clean: {c:?}"
    );
    for d in &diags {
        let title = text_of(path, d);
        assert!(
            !title.chars().any(|ch| ('가'..='힣').contains(&ch)),
            "{title}"
        );
    }
}

/// With an English source, findings quote the source heading as display-only context.
#[test]
fn source_heading_is_quoted() {
    let path = "fixtures/translation/site/i18n/ko/docusaurus-plugin-content-docs/current/faq.md";
    let diags = diagnostics(&["check", "--select", RULES, "--format", "json", path]);
    let c = counts(&diags);
    assert_eq!(c.get("half-translated-heading"), Some(&2), "{c:?}");
    assert_eq!(c.get("untranslated-heading"), Some(&1), "{c:?}");
    assert_eq!(
        c.get("mixed-language"),
        None,
        "link text and source names are not findings: {c:?}"
    );
    let first = &diags[0];
    assert_eq!(first["fix"]["applicability"], "display-only");
    assert_eq!(
        first["fix"]["message"],
        "source: 'How do I request a new SSL certificate?'"
    );
    let human = loclint(&["check", "--select", RULES, path]);
    insta::assert_snapshot!("site_faq_human", human.stdout);
}

/// The real corpus: the known half-translated heading is found and false
/// positives stay rare (see the closing report of issue 4 for the review).
#[test]
fn corpus_false_positives() {
    let Some(corpus) = shared_corpus("corpus_false_positives") else {
        return;
    };
    let corpus = corpus.to_string_lossy().into_owned();
    let diags = diagnostics(&[
        "check",
        "--isolated",
        "--select",
        RULES,
        "--format",
        "json",
        &corpus,
    ]);
    let c = counts(&diags);
    let known = diags.iter().any(|d| {
        d["rule"] == "half-translated-heading"
            && d["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("learn/queueing-a-series-of-state-updates.md"))
    });
    assert!(known, "React state batches 업데이트 not found: {c:?}");
    // 12,893 headings and titles in ko/ja/zh: under 1 per 1,000 may be wrong.
    // Both heading rules report real untranslated headings too; the bounds
    // here guard against regressions, the review is in the report.
    assert!(
        c.get("half-translated-heading").copied().unwrap_or(0) <= 5,
        "{c:?}"
    );
    assert!(
        c.get("untranslated-heading").copied().unwrap_or(0) <= 40,
        "{c:?}"
    );
    assert!(c.get("mixed-language").copied().unwrap_or(0) <= 5, "{c:?}");
    // Errors of particle-agreement (certain cases) only where the Korean is wrong.
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d["rule"] == "particle-agreement" && d["severity"] == "error")
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(errors.iter().all(|m| m.contains("\"오류\"")), "{errors:?}");
}

/// A site whose `docusaurus.config.ts` sets `i18n.defaultLocale: 'ko'` keeps
/// its Korean pages in `docs/`: a page with long English answers under a
/// Korean title is still a Korean page, and gets its translation findings.
#[test]
fn korean_default_site_page_with_english_answers() {
    let diags = diagnostics(&[
        "check",
        "--isolated",
        "--format",
        "json",
        "fixtures/sites/ko-default/docs/faq/tickets.md",
    ]);
    let c = counts(&diags);
    assert_eq!(c.get("half-translated-heading"), Some(&1), "{c:?}");
    assert_eq!(c.get("untranslated-heading"), Some(&1), "{c:?}");
}

/// Partly translated corpus pages, paired with their sources through
/// `fixtures/corpus/loclint.toml`: headings copied from the source are found
/// on pages whose translated headings say they are translations, however
/// much English prose and code they still hold.
#[test]
fn corpus_partly_translated_pages() {
    let Some(corpus) = shared_corpus("corpus_partly_translated_pages") else {
        return;
    };
    let pages = [
        "reactjs-ko.react.dev/src/content/learn/describing-the-ui.md",
        "reactjs-ko.react.dev/src/content/reference/react/Fragment.md",
        "helm-helm-www/i18n/zh/docusaurus-plugin-content-docs/version-3/chart_template_guide/function_list.md",
    ];
    let paths: Vec<String> = pages
        .iter()
        .map(|p| corpus.join(p).to_string_lossy().into_owned())
        .collect();
    let mut args = vec![
        "check",
        "--config",
        "fixtures/corpus/loclint.toml",
        "--select",
        "untranslated-heading",
        "--format",
        "json",
    ];
    args.extend(paths.iter().map(String::as_str));
    let diags = diagnostics(&args);
    let found: Vec<String> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect();
    for heading in [
        "\"What's next?\"",
        "\"Caching a global IntersectionObserver\"",
        "\"Which children does a Fragment ref target?\"",
        "\"Logic and Flow Control Functions\"",
    ] {
        assert!(
            found.iter().any(|m| m.contains(heading)),
            "{heading} not found: {found:#?}"
        );
    }
    // Function names copied as headings are code, not English.
    assert!(
        !found.iter().any(|m| m.contains("quote and squote")),
        "{found:#?}"
    );
}
