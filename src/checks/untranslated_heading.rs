//! `untranslated-heading`: a heading left wholly in English on a translated page.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::checks::translation::page::{self, View};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::mixing::{Untranslated, analyse, untranslated};
use crate::lang::script::has_latin_runs;

pub(crate) const DOC: &str = r#"# untranslated-heading

## What it does
Reports a heading, `<summary>` title, admonition title, front-matter `title` or
`sidebar_label`, or table header cell written wholly in English on a page that
is otherwise translated (ko, ja, zh).

A heading counts as English when it reads as English words rather than names:
a function word or verb with another English word ("Can we use a wildcard SSL
certificate with Freshdesk?"), or a support-glossary noun among three words or
more ("TLS 1.0 Support Deprecation"). Names, acronyms, code, one-word labels
("Reference", "Props"), and conference or product titles ("React Summit 2023")
stay silent, and so do pages that are still wholly English (an untranslated
page is not a page with an untranslated heading).

## Why is this bad?
Headings are what readers scan and what the sidebar and table of contents
show. An English heading on a Korean page usually means the section under it
was skipped by the translation too.

## Example
```markdown
<summary>Can we use a wildcard SSL certificate with Freshdesk?</summary>
```

Use instead:
```markdown
<summary>Freshdesk에서 와일드카드 SSL 인증서를 사용할 수 있나요?</summary>
```

## Fix safety
No automatic fix. When the page has an English source, the finding quotes the
source heading as display-only context.

## Options
The severity (`[rules] untranslated-heading = "off"`), and `[glossary] keep`
in `loclint.toml` for names that stay in English.

## Data
`rules/en.toml`: `function_words`, `verbs`, `keep`, `ui_words`;
`rules/<locale>.toml`: `glossary`, `keep`.
"#;

static META: RuleMeta = RuleMeta {
    name: "untranslated-heading",
    category: Category::Translation,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_source(Input::Repaired),
    repairs: false,
};

pub struct UntranslatedHeading;

impl Rule for UntranslatedHeading {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some((locale, lex)) = page::translated_lexicon(doc, &ctx.config.glossary) else {
            return;
        };
        let source = page::Source::new(ctx.source);
        let mut found = Vec::new();
        for h in page::heading_like(doc) {
            let view = View::new(doc, h.pieces());
            let shown = view.text.trim();
            // Both findings need two English words or more (see `untranslated`).
            if !has_latin_runs(shown, 2) {
                continue;
            }
            let a = analyse(&view.text, &lex, source.words());
            if let Some(strength) = untranslated(&view.text, &a, &lex) {
                let lead = view.text.len() - view.text.trim_start().len();
                found.push((h, view.range_to_doc(&(lead..lead + shown.len())), strength));
            }
        }
        // Weak findings look like product names; they count only on a page
        // that demonstrably left headings in English.
        if !found.iter().any(|(_, _, s)| *s == Untranslated::Strong) {
            return;
        }
        if !page::is_translated(doc, &locale) {
            return;
        }
        for (h, range, _) in found {
            let shown = doc.text.get(range.clone()).unwrap_or_default();
            let src = page::source_text_of(doc, source.doc(), h);
            // The source heading is shown by the display-only fix, not repeated here.
            let help = format!("translate the {} into {}", h.describe(), lex.pack.name);
            let mut d = Diagnostic::new(
                META.name,
                META.severity,
                doc.path.clone(),
                range.clone(),
                format!(
                    "{} is still in English on a {} page: \"{shown}\"",
                    h.describe(),
                    lex.pack.name
                ),
            )
            .with_help(help);
            if let Some(s) = src {
                d = d.with_fix(Fix::display_only(format!("source: '{s}'"), Vec::new()));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use crate::checks::translation::test_support::check_in;

    const BODY: &str = "\n\n이 문서는 한국어로 번역되었습니다. 설정 방법을 설명합니다.\n";

    fn check(locale: &str, heading: &str) -> usize {
        let body = match locale {
            "ja" => "\n\nこの文書は日本語に翻訳されています。設定方法を説明します。\n",
            "zh" => "\n\n本文档已翻译成中文。这里说明设置方法。\n",
            _ => BODY,
        };
        let s = format!("{heading}{body}");
        check_in("untranslated-heading", locale, &s).len()
    }

    #[test]
    fn fails() {
        for (loc, s) in [
            (
                "ko",
                "# Can we use a wildcard SSL certificate with Freshdesk?",
            ),
            ("ko", "# Data storage and data security in Freshdesk"),
            ("ko", "# Enabling TLS 1.2 in Internet Explorer"),
            (
                "ko",
                "<details>\n<summary><strong>How do I delete user data?</strong></summary>\n\n본문\n</details>",
            ),
            (
                "ja",
                "## How to delete old tickets in a given period of time?",
            ),
            ("zh", "## My hidden components have unwanted side effects"),
        ] {
            assert_eq!(check(loc, s), 1, "{s}");
        }
    }

    #[test]
    fn passes() {
        for (loc, s) in [
            ("ko", "# React Summit 2023"),
            ("ko", "# Reference"),
            ("ko", "# Props"),
            ("ko", "# Past Conferences"),
            ("ko", "# `useState`"),
            ("ko", "# React DOM Server"),
            ("ko", "# SSL 및 보안 FAQ"),
            ("ja", "## Server Components"),
            ("zh", "## Next.js"),
        ] {
            assert_eq!(check(loc, s), 0, "{s}");
        }
    }

    #[test]
    fn weak_findings_need_a_strong_one_on_the_page() {
        assert_eq!(check("ko", "# TLS 1.0 Support Deprecation"), 0);
        assert_eq!(check("ko", "# Qiskit Runtime Service"), 0);
        assert_eq!(
            check(
                "ko",
                "## TLS 1.0 Support Deprecation\n\n## How do I delete user data?"
            ),
            2
        );
    }

    #[test]
    fn commands_and_directives_stay_silent() {
        for s in [
            "# helm get all",
            "# use memo",
            "# use no memo",
            "# set-state-in-effect",
            "# How-to",
            "# queued update",
            "###### Auto generated by spf13/cobra on 14-Jan-2026",
        ] {
            assert_eq!(check("ko", s), 0, "{s}");
        }
    }

    #[test]
    fn english_pages_are_not_translated_pages() {
        let s = "# Can we use a wildcard certificate?\n\nThis page has not been translated yet, so it is all English.\n";
        let d = check_in("untranslated-heading", "ko", s);
        assert!(d.is_empty());
    }
}
