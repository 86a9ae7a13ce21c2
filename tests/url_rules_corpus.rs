//! The URL rules on the real corpus (`../shared/corpus`, read at test time,
//! never copied): the real defects are found and the legitimately localized
//! links (Korean Wikipedia, MDN `/ko/` fragments, Korean anchors, emails
//! followed by a particle, URLs in code spans) stay silent.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;
mod url_rules_support;
use url_rules_support::{RULES, compact, diagnostics};

#[test]
fn corpus_findings_are_the_real_defects() {
    let Some(corpus) = common::shared_corpus("corpus_findings_are_the_real_defects") else {
        return;
    };
    let parent = corpus.parent().unwrap();
    let diags = diagnostics(parent, "corpus", RULES);
    let found: Vec<(String, String, u64)> = diags
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap().replace('\\', "/");
            (
                d["rule"].as_str().unwrap().to_string(),
                path,
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let count = |rule: &str| found.iter().filter(|(r, _, _)| r == rule).count();

    // The seven bare URLs glued to the text after them: five Korean, two Chinese.
    let glued = [
        (
            "helm-helm-www/i18n/ko/docusaurus-plugin-content-blog/2020-10-26-new-location-stable-incubator-charts.md",
            17,
        ),
        (
            "helm-helm-www/i18n/ko/docusaurus-plugin-content-docs/version-3/chart_template_guide/function_list.md",
            2081,
        ),
        (
            "JanLahmann-doQumentation/i18n/ko/docusaurus-plugin-content-docs/current/guides/latest-updates.mdx",
            299,
        ),
        (
            "JanLahmann-doQumentation/i18n/ko/docusaurus-plugin-content-docs/current/guides/latest-updates.mdx",
            301,
        ),
        (
            "JanLahmann-doQumentation/i18n/ko/docusaurus-plugin-content-docs/current/guides/qiskit-code-assistant.mdx",
            110,
        ),
        (
            "helm-helm-www/i18n/zh/docusaurus-plugin-content-docs/version-3/chart_template_guide/function_list.md",
            2082,
        ),
        (
            "helm-helm-www/i18n/zh/docusaurus-plugin-content-docs/version-3/faq/troubleshooting.md",
            18,
        ),
    ];
    for (path, line) in glued {
        assert!(
            found
                .iter()
                .any(|(r, p, l)| r == "url-glued-to-text" && p.ends_with(path) && *l == line),
            "missed {path}:{line}\n{}",
            compact(&diags)
        );
    }
    // Ten more are links broken by a space (`[Quay] (http://...)에서도`): the
    // bare URL in parentheses swallows `)에서도` just the same.
    let broken_links = found
        .iter()
        .filter(|(r, p, l)| {
            r == "url-glued-to-text" && !glued.iter().any(|(gp, gl)| p.ends_with(gp) && gl == l)
        })
        .count();
    assert_eq!(broken_links, 10, "{}", compact(&diags));
    assert_eq!(count("url-glued-to-text"), 17);

    // The machine-translated Chinese path.
    assert!(found.iter().any(|(r, p, l)| r == "localized-url"
        && p.ends_with("reactjs-zh-hans.react.dev/src/content/reference/react/Component.md")
        && *l == 784));
    assert_eq!(count("localized-url"), 1, "{}", compact(&diags));
    assert_eq!(count("localized-email"), 0, "{}", compact(&diags));
    insta::assert_snapshot!(compact(&diags));
}
