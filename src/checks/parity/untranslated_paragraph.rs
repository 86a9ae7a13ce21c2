//! `untranslated-paragraph`: an English prose paragraph copied unchanged
//! from the source onto a translated page.

use super::{Parity, has_native};
use crate::checks::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{BlockKind, Document, TextBlock};
use crate::lang::Lexicon;
use crate::lang::pack::english;
use crate::util::Pattern;
use std::collections::HashMap;
use std::sync::LazyLock;

pub(crate) const DOC: &str = r#"# untranslated-paragraph

## What it does
Reports a prose paragraph, list item or block quote of a translated page that
is identical to one of its English source, when it reads as English prose: at
least six English words, among them at least two function words ("the",
"to", "with"), once the names and terms `[glossary] keep` lists are left out.
Names, code, URLs, commands, table cells and HTML are never prose, and a page
that is not translated at all (no text in its locale's script) is left
alone: it is an untranslated page, not a page with an untranslated paragraph.

## Why is this bad?
A paragraph left in English on a Korean page is a part of the page its
readers cannot read, and the page gives no sign that it is missing. It is
usually a paragraph added to the source after the page was translated, or
one the translator skipped.

## Example
```markdown
<!-- i18n/ko/docusaurus-plugin-content-docs/current/templates.md -->
## 템플릿

Most of this guide has been focused on writing the template language.
```

Use instead:
```markdown
## 템플릿

이 가이드의 대부분은 템플릿 언어를 작성하는 데 집중했습니다.
```

## Fix safety
No automatic fix: the paragraph has to be translated.

## Options
The severity (`[rules] untranslated-paragraph = "off"`), `[glossary] keep`
for names that stay in English, and per-page suppression
(`<!-- loclint-disable untranslated-paragraph -->`).

## Data
`rules/en.toml`: `function_words`, `keep`.
"#;

static META: RuleMeta = RuleMeta {
    name: "untranslated-paragraph",
    category: Category::Translation,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_source(Input::Original),
    repairs: false,
};

/// English words a paragraph needs to be prose rather than a label.
const MIN_WORDS: usize = 6;
/// Function words among them: a list of names has none.
const MIN_FUNCTION_WORDS: usize = 2;
/// Native letters a page needs to count as translated.
const TRANSLATED_PAGE: usize = 20;

pub struct UntranslatedParagraph;

impl Rule for UntranslatedParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(p) = Parity::new(doc, ctx) else {
            return;
        };
        let locale = doc.locale.language();
        let lex = Lexicon::new(&locale, Some(&ctx.config.glossary));
        let native = crate::lang::script::ScriptCounts::of(&doc.text).native(&locale);
        if native < TRANSLATED_PAGE {
            return;
        }
        let mut source: HashMap<String, usize> = HashMap::new();
        for b in p.src.prose.iter().filter(|b| is_prose_kind(b)) {
            let text = normalized(p.src, b);
            if !text.is_empty() {
                source.entry(text).or_insert(b.range.start);
            }
        }
        for b in doc.prose.iter().filter(|b| is_prose_kind(b)) {
            let text = normalized(doc, b);
            let Some(&at) = source.get(&text) else {
                continue;
            };
            if has_native(&text, &locale)
                || !reads_as_prose(&text, lex.as_ref())
                || !reads_as_prose(&outside_links(doc, b), lex.as_ref())
                || !is_prose_source(doc, b, &text)
            {
                continue;
            }
            let (line, _) = p.src.line_col(at);
            out.push(
                Diagnostic::new(
                    META.name,
                    META.severity,
                    &doc.path,
                    // A list item's block runs to the next line's start.
                    super::trimmed(&doc.text, &b.range),
                    format!("paragraph is the English source's, untranslated: \"{}\"", excerpt(&text)),
                )
                .with_help(format!(
                    "translate it (the source has it at line {line}), or keep names in English with `[glossary] keep`"
                )),
            );
        }
    }
}

fn is_prose_kind(b: &TextBlock) -> bool {
    matches!(
        b.kind,
        BlockKind::Paragraph | BlockKind::ListItem | BlockKind::BlockQuote
    )
}

/// Lowercase words a paragraph needs: a byline or a list of names has few.
const MIN_LOWERCASE_WORDS: usize = 4;

/// Blocks whose words are not the page's prose: an image's alt text, an
/// MDX comment, code, a bibliography entry, a changelog line crediting its
/// author, or program output shown in a console block (react.dev's
/// `<ConsoleBlock level="error">`), which stays in the language the program
/// prints.
fn is_prose_source(doc: &Document, b: &TextBlock, text: &str) -> bool {
    let written = doc.text.get(b.range.clone()).unwrap_or("").trim_start();
    let written = written.trim_start_matches(['-', '*', '+', ' ', '>']);
    if written.starts_with("![") || written.starts_with("<img") || written.starts_with("{/*") {
        return false;
    }
    let code_marks = text.chars().filter(|c| "=(){}[];".contains(*c)).count();
    let citation = text.starts_with('[') && text[1..].starts_with(|c: char| c.is_ascii_digit());
    if code_marks >= 4 || citation || text.contains(" et al.") || text.contains("by @") {
        return false;
    }
    !after_console_tag(doc, b.range.start)
}

/// True when the nearest non-blank line before `offset` opens a component
/// that shows program output.
fn after_console_tag(doc: &Document, offset: usize) -> bool {
    let before = &doc.text[..offset.min(doc.text.len())];
    let Some(line) = before.lines().rev().map(str::trim).find(|l| !l.is_empty()) else {
        return false;
    };
    line.starts_with("<Console") || (line.starts_with('<') && line.contains(" level=\""))
}

/// The block as written, without its links: a list of linked titles with
/// their authors ("[Talk](…) by [Name](…) and [Name](…)") is not prose
/// left untranslated, however many words the titles have.
fn outside_links(doc: &Document, b: &TextBlock) -> String {
    static LINK: LazyLock<Pattern> = LazyLock::new(|| Pattern::new(r"!?\[[^\]\n]*\]\([^)\n]*\)"));
    let written = doc.text.get(b.range.clone()).unwrap_or("");
    match LINK.regex() {
        Some(re) => re.replace_all(written, " ").into_owned(),
        None => written.to_string(),
    }
}

/// The visible text with runs of white space made one space.
fn normalized(doc: &Document, b: &TextBlock) -> String {
    let (joined, _) = b.joined(&doc.text);
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Six English words or more, two of them function words, not counting
/// the terms kept in English, and mostly words rather than symbols.
fn reads_as_prose(text: &str, lex: Option<&Lexicon<'_>>) -> bool {
    let Some(en) = english() else {
        return false;
    };
    if lex.is_some_and(|l| l.keeps(text.trim_end_matches(['.', ':', '!', '?']))) {
        return false;
    }
    let mut words = 0;
    let mut lowercase = 0;
    let mut function = 0;
    for w in text.split(|c: char| !(c.is_ascii_alphabetic() || c == '\'')) {
        let w = w.trim_matches('\'');
        if w.len() < 2 || lex.is_some_and(|l| l.keeps(w)) {
            continue;
        }
        words += 1;
        lowercase += usize::from(w.starts_with(|c: char| c.is_ascii_lowercase()));
        if en.is_function_word(w) {
            function += 1;
        }
    }
    let letters = text.chars().filter(char::is_ascii_alphabetic).count();
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    words >= MIN_WORDS
        && lowercase >= MIN_LOWERCASE_WORDS
        && function >= MIN_FUNCTION_WORDS
        && letters * 10 >= visible * 7
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::parity::test_support::check_pair;

    const SRC: &str = "## Templates\n\nMost of this guide has been focused on writing the template language.\n\nSee the Helm Chart Reference.\n\n- Run the install command on every node of the cluster.\n";
    const KO: &str =
        "## 템플릿\n\n이 가이드의 대부분은 템플릿 언어를 작성하는 데 집중했습니다.\n\n";

    #[test]
    fn copied_paragraph_is_reported() {
        let tr =
            format!("{KO}Most of this guide has been focused on writing the  template language.\n");
        let d = check_pair("untranslated-paragraph", SRC, &tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("\"Most of this guide"),
            "{}",
            d[0].message
        );
        let tr = format!("{KO}- Run the install command on every node of the cluster.\n");
        assert_eq!(check_pair("untranslated-paragraph", SRC, &tr).len(), 1);
    }

    #[test]
    fn names_and_short_labels_are_not_prose() {
        let tr = format!("{KO}See the Helm Chart Reference.\n");
        assert!(check_pair("untranslated-paragraph", SRC, &tr).is_empty());
    }

    #[test]
    fn bylines_citations_alt_text_and_console_output_are_not_prose() {
        let src = "## Templates\n\nOct 7, 2025 by Lauren Tan, Joe Savona, and Mofei Zhang.\n\n[1] N. Yoshioka and others. \"Diagonalization of large many-body systems\" in the journal.\n\n![Output of the previous code cell](/a.svg)\n\n<ConsoleBlock level=\"error\">\n\nYou provided a value prop to a form field without an onChange handler.\n\n</ConsoleBlock>\n";
        let tr = format!("{KO}{}", &src[13..]);
        assert!(check_pair("untranslated-paragraph", src, &tr).is_empty());
    }

    #[test]
    fn linked_titles_and_their_authors_are_not_prose() {
        let src = "## Talks\n\n- [Extending React Native beyond the Mobile and Desktop Apps](https://a.example/1) by [Chris Traganos](https://a.example/c) and [Anisha Malde](https://a.example/a)\n";
        let tr = format!("{KO}{}", &src[10..]);
        assert!(check_pair("untranslated-paragraph", src, &tr).is_empty());
        // Prose around a link still counts, and the finding ends with the item.
        let src = "## Talks\n\n- Read [the guide](https://a.example/g) to learn how the hooks of this page work.\n- 다음\n";
        let tr = format!("{KO}{}", &src[10..]);
        let d = check_pair("untranslated-paragraph", src, &tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            tr[..d[0].range.end].ends_with("work."),
            "{:?}",
            &tr[d[0].range.clone()]
        );
    }

    #[test]
    fn an_untranslated_page_is_left_alone() {
        assert!(check_pair("untranslated-paragraph", SRC, SRC).is_empty());
    }

    #[test]
    fn a_paragraph_the_source_does_not_have_is_not_this_rule() {
        let tr = format!("{KO}This paragraph was written for the Korean page in English.\n");
        assert!(check_pair("untranslated-paragraph", SRC, &tr).is_empty());
    }
}
