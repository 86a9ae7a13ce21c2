//! `untranslated-heading`: a heading left wholly in English on a translated page.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::checks::parity::has_native;
use crate::checks::translation::page::{self, View};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::Lexicon;
use crate::lang::mixing::{Analysis, SourceWords, Untranslated, WordClass, analyse, untranslated};
use crate::lang::script::has_latin_runs;
use std::collections::HashSet;
use std::ops::Range;

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

The decision is per heading: a page with at least one translated heading is
a translation, however much English prose and code it still holds. A heading
that is word for word a heading of the English source was copied, and is
judged on its own words (the source's names do not excuse it): English title
case around a lowercase function word ("Logic and Flow Control Functions") or
a question ("What's next?") is enough.

On a page written in the site's own language (in a site, outside `i18n/`,
without an English source), a heading wholly in bold or quotes that is not a
question is a UI label or message name and stays silent.

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
        let copies = source_heading_texts(ctx.source);
        let authored = page::is_authored(doc, ctx);
        let heads = page::heading_like(doc);
        let mut native_heads = 0usize;
        let mut found = Vec::new();
        for h in heads {
            let view = View::new(doc, h.pieces());
            if has_native(&view.text, &locale) {
                native_heads += 1;
                continue;
            }
            let shown = view.text.trim();
            // Both findings need two English words or more (see `untranslated`).
            if !has_latin_runs(shown, 2) {
                continue;
            }
            let lead = view.text.len() - view.text.trim_start().len();
            let range = view.range_to_doc(&(lead..lead + shown.len()));
            // Writers of a page in their own language quote English UI labels
            // and messages as headings of the steps that use them.
            if authored && is_quoted_label(doc, &range) {
                continue;
            }
            let copied = !copies.is_empty() && copies.contains(&collapse(h.text()));
            // A heading copied from the source is judged on its own words:
            // the source vouches for its names because it wrote this very
            // heading, which says nothing about whether it is a name.
            let a = if copied {
                analyse(&view.text, &lex, &SourceWords::new())
            } else {
                analyse(&view.text, &lex, source.words())
            };
            let strength = match untranslated(&view.text, &a, &lex) {
                Some(s) => s,
                None if copied && reads_as_phrase(&view.text, &a, &lex) => Untranslated::Strong,
                None => continue,
            };
            found.push((h, range, strength));
        }
        // Weak findings look like product names; they count only on a page
        // that demonstrably left headings in English.
        if !found.iter().any(|(_, _, s)| *s == Untranslated::Strong) {
            return;
        }
        // Per section, not per page: a page whose translation is under way
        // holds much English prose and code, yet its translated headings say
        // it is published as a translation.
        if native_heads == 0 && !page::is_translated(doc, &locale) {
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

/// True when the heading's English is wholly set off as a quotation (bold,
/// italics or quotes around all of it) and is not a question: the name of a
/// button, menu or message, which stays in the product's language.
fn is_quoted_label(doc: &Document, range: &Range<usize>) -> bool {
    let text = doc.text.get(range.clone()).unwrap_or_default();
    // Quotes in front matter are YAML's, not the writer's.
    if text.ends_with('?') || in_front_matter(doc, range.start) {
        return false;
    }
    let before = doc.text.get(..range.start).unwrap_or_default();
    let after = doc.text.get(range.end..).unwrap_or_default();
    let line_before = before.rsplit('\n').next().unwrap_or_default();
    let line_after = after.split('\n').next().unwrap_or_default();
    const MARKS: [(&str, &str); 8] = [
        ("**", "**"),
        ("__", "__"),
        ("*", "*"),
        ("\"", "\""),
        ("'", "'"),
        ("\u{201c}", "\u{201d}"),
        ("\u{2018}", "\u{2019}"),
        ("<strong>", "</strong>"),
    ];
    MARKS
        .iter()
        .any(|(open, close)| line_before.ends_with(open) && line_after.starts_with(close))
}

fn in_front_matter(doc: &Document, offset: usize) -> bool {
    doc.front_matter
        .as_ref()
        .is_some_and(|fm| fm.range.contains(&offset))
}

/// The visible texts of the source's headings and titles, whitespace
/// collapsed and case folded: a translated heading with one of them was copied, wherever the
/// translation moved it (translations of an older source change levels).
fn source_heading_texts(src: Option<&Document>) -> HashSet<String> {
    let Some(src) = src else {
        return HashSet::new();
    };
    src.headings
        .iter()
        .map(|h| h.text.as_str())
        .chain(src.titles.iter().map(|t| t.text.as_str()))
        .map(collapse)
        .collect()
}

/// Case is folded: a copy that only changed the case of a word is a copy.
fn collapse(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a heading copied from the source reads as English words rather
/// than a name: two words or more, none of them code, a kept name or a term
/// docs keep in English, and a function word among them that title case
/// would not capitalise ("Logic and Flow Control Functions"), or any in a
/// question ("What's next?"). Titles of talks and products capitalise every
/// word ("Forget About Memo").
fn reads_as_phrase(text: &str, a: &Analysis, lex: &Lexicon<'_>) -> bool {
    let question = text.trim_end().ends_with('?');
    // English prose starts with a capital; a lowercase start is code ("quote
    // and squote", "use no memo").
    if !text
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
    {
        return false;
    }
    let mut words = 0;
    let mut function = 0;
    for w in a.words.iter().filter(|w| !w.shielded) {
        let Some(class) = w.class else { continue };
        if text[..w.range.start].ends_with('-') {
            continue;
        }
        if matches!(
            class,
            WordClass::Identifier | WordClass::Keep | WordClass::Ui
        ) {
            return false;
        }
        words += 1;
        let word = &text[w.range.clone()];
        let lower = word.to_lowercase();
        // A contraction keeps its word's class ("What's").
        let stem = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("\u{2019}s"))
            .unwrap_or(&lower);
        let lowercase = word.chars().next().is_some_and(char::is_lowercase);
        if lex.english.is_function_word(stem) && (lowercase || question) {
            function += 1;
        }
    }
    words >= 2 && function >= 1
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
    fn quoted_labels_stay_silent_on_pages_written_in_korean() {
        // A page of a site whose default locale is Korean, without a source.
        let path = std::path::Path::new("fixtures/sites/ko-default/docs/faq/labels.md");
        let run = |s: &str| {
            let text = format!("{s}{BODY}");
            crate::checks::test_support::check_bytes_at(
                "untranslated-heading",
                text.as_bytes(),
                path,
            )
        };
        for s in [
            "## **Sign in with Microsoft**\n\n## How do I delete user data?\n",
            "## \"Export all tickets\"\n\n## How do I delete user data?\n",
        ] {
            let d = run(s);
            assert_eq!(d.len(), 1, "{s}: {d:?}");
            assert!(d[0].message.contains("How do I"), "{d:?}");
        }
        // The same labels on a translated page are untranslated headings.
        let s = "## **Sign in with Microsoft**\n\n## How do I delete user data?\n";
        assert_eq!(check_in("untranslated-heading", "ko", s).len(), 2);
    }

    #[test]
    fn a_translated_heading_makes_a_page_a_translation() {
        // Much English prose, as on a page whose translation is under way.
        let s = "## 첫 컴포넌트\n\nThis section still holds the English text of the page, with plenty of words in it.\n\nAnother English paragraph follows here, and it is also long enough.\n\n## Usage\n\n## Reference\n\n## Props\n\n## What does React Compiler do?\n";
        let d = check_in("untranslated-heading", "ko", s);
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn headings_copied_from_the_source_are_judged_on_their_own_words() {
        use crate::checks::parity::test_support::check_pair_in;
        let src = "## Logic and Flow Control Functions\n\nHelm includes Logic and Flow Control Functions.\n\n## String Functions\n\n## What's next?\n\n## Forget About Memo\n\n## quote and squote\n";
        let tr = "## Logic and Flow Control Functions\n\nHelm 包含了逻辑和流控制函数。\n\n## 字符串函数\n\n## What's next?\n\n## Forget About Memo\n\n## quote and squote\n";
        let d = check_pair_in("untranslated-heading", "zh", src, tr);
        let shown: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(d.len(), 2, "{shown:?}");
        assert!(shown[0].contains("Logic and Flow"), "{shown:?}");
        assert!(shown[1].contains("What's next?"), "{shown:?}");
    }

    #[test]
    fn english_pages_are_not_translated_pages() {
        let s = "# Can we use a wildcard certificate?\n\nThis page has not been translated yet, so it is all English.\n";
        let d = check_in("untranslated-heading", "ko", s);
        assert!(d.is_empty());
    }
}
