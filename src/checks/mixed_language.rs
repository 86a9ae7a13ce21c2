//! `mixed-language`: a prose sentence that mixes English and the page's
//! language the way machine substitution does.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::checks::translation::page::{self, View};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{BlockKind, Document, LinkKind};
use crate::lang::Lexicon;
use crate::lang::mixing::{
    Analysis, RangeSet, analyse_shielded, injected_clause, label_shields, sentences,
    shields as shields_of,
};
use crate::lang::script::has_latin_runs;
use std::ops::Range;

pub(crate) const DOC: &str = r#"# mixed-language

## What it does
Reports a sentence in prose (paragraphs, list items, table cells, block
quotes) on a translated page (ko, ja, zh) that mixes the two languages the
machine way, in either direction:
- an English sentence with target-language nouns injected into it
  ("All Freshdesk **요금제** include SSL encryption", "every **고객**'s data");
- a target-language sentence carrying a whole English clause with function
  words ("설정을 열고 **you can then select the option you want** 를 누르세요"),
  or an English clause with one or two glossary nouns injected into it, glued
  to a target-language ending ("**archive the 티켓 from last year**하려면 ...").

A target-language word counts as injected when it is a support-glossary term
or stands between English words, and an English sentence is reported only
when at least one of its injected words is a glossary term (a lone Korean
name between English words, "Both 펌뱅킹 and VAVS are ...", is quoted).
Legitimate mixing stays silent: product
names, acronyms, code and identifiers, terms kept in English ("React
컴포넌트", "SSO 및 SAML 설정"), quoted UI strings and error messages, link
texts, glosses in parentheses, and words the English source shows as code,
link text or a product name. English set off in bold or italics right before
a UI or message noun is a label quoted as shown ("**Continue with my work
account** 버튼"), and so is a message after its label ("**오류**: The request
could not be completed."). On a page written in the site's own language (in
a site, outside `i18n/`, without an English source) any set-off English is a
label, unless an ending is glued to it; and such a page that is mostly
English (an English post on a Korean site) is read as English.

## Why is this bad?
Neither a Korean nor an English reader can read the sentence. Machine
half-translation substitutes glossary nouns into English text (or leaves
English clauses inside translated text), and the result usually goes
unnoticed because each page still looks "translated" at a glance.

## Example
```markdown
All Freshdesk 요금제 include SSL encryption to keep your data safe.
```

Use instead:
```markdown
모든 Freshdesk 요금제에는 데이터를 안전하게 보호하는 SSL 암호화가 포함되어 있습니다.
```

## Fix safety
No automatic fix: the sentence needs translating. The help names the English
words the injected terms stand for (from the glossary), as a hint.

## Options
The severity (`[rules] mixed-language = "off"`), and `[glossary]` in
`loclint.toml`: `keep` for words that stay in English, `terms` for more
substitutions to recognise.

## Data
`rules/<locale>.toml`: `glossary`, `function_glossary`, `particles`, `keep`,
`label_nouns`, `message_nouns`, `clause_endings`, `question_suffixes`;
`rules/en.toml`: `function_words`, `verbs`, `keep`, `ui_words`.
"#;

static META: RuleMeta = RuleMeta {
    name: "mixed-language",
    category: Category::Translation,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_source(Input::Repaired),
    repairs: false,
};

pub struct MixedLanguage;

/// Fewest Latin words a reported sentence has: an English sentence needs 4
/// English words, a native sentence an English clause of 3 (see `report`).
const MIN_LATIN_WORDS: usize = 3;

/// Fewest English function words a reported sentence has (both kinds of
/// finding in `report` need two).
const MIN_FUNCTION_WORDS: usize = 2;

/// Longest sentence analysed, in bytes.
const MAX_SENTENCE: usize = 4_000;

impl Rule for MixedLanguage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some((locale, lex)) = page::translated_lexicon(doc, &ctx.config.glossary) else {
            return;
        };
        let source = page::Source::new(ctx.source);
        let authored = page::is_authored(doc, ctx);
        // A page of the site's own language that is mostly English (a Korean
        // company's English tech post) is an English page whatever the
        // site's default locale says: its Korean words are quoted, not injected.
        if authored && !page::is_translated(doc, &locale) {
            return;
        }
        // Link texts name other pages (often by their English titles): for
        // `<a href>` the text runs from the attribute to the closing `</a>`.
        let link_texts: Vec<Range<usize>> = doc
            .links
            .iter()
            .map(|l| match l.kind {
                LinkKind::Html => {
                    let rest = doc.text.get(l.range.end..).unwrap_or_default();
                    let mut end = rest.len().min(404);
                    while !rest.is_char_boundary(end) {
                        end -= 1;
                    }
                    let close = rest.get(..end).and_then(|r| r.find("</a>"));
                    l.range.start..close.map_or(l.range.end, |c| l.range.end + c)
                }
                _ => l.range.clone(),
            })
            .collect();
        let blocks = doc
            .prose
            .iter()
            .filter(|b| b.kind != BlockKind::Html)
            .map(|b| (&b.range, b.pieces.as_slice()));
        let paragraph_headings = doc
            .headings
            .iter()
            .filter(|h| page::is_paragraph_heading(doc, h))
            .map(|h| (&h.range, h.pieces.as_slice()));
        for (range, pieces) in blocks.chain(paragraph_headings) {
            // The raw block has at least as many Latin runs as its visible
            // text (joining pieces only merges runs): skip before building it.
            if !has_latin_runs(doc.text.get(range.clone()).unwrap_or(""), MIN_LATIN_WORDS) {
                continue;
            }
            let view = View::new(doc, pieces);
            if !has_latin_runs(&view.text, MIN_LATIN_WORDS)
                || !lex
                    .english
                    .has_function_words(&view.text, MIN_FUNCTION_WORDS)
            {
                continue;
            }
            // Only the links of this block (links are sorted by start).
            let from = link_texts.partition_point(|l| l.start < range.start);
            let to = link_texts.partition_point(|l| l.start < range.end);
            let mut shields = view.doc_ranges_to_view(link_texts.get(from..to).unwrap_or_default());
            shields.extend(shields_of(&view.text, &locale));
            shields.extend(label_shields(
                &view.text,
                &view.set_off(doc),
                lex.pack,
                authored,
            ));
            let shields = RangeSet::new(shields);
            for sentence in sentences(&view.text) {
                // Nothing this long is one sentence (machine-joined FAQ text is
                // split at "data.Our"); skipping keeps the rule linear.
                if sentence.len() > MAX_SENTENCE {
                    continue;
                }
                let text = &view.text[sentence.clone()];
                if !has_latin_runs(text, MIN_LATIN_WORDS)
                    || !lex.english.has_function_words(text, MIN_FUNCTION_WORDS)
                {
                    continue;
                }
                let local = shields.within(&sentence);
                let a = analyse_shielded(text, &lex, source.words(), local);
                if let Some(d) = report(doc, &view, sentence.start, text, &a, &lex) {
                    out.push(d);
                }
            }
        }
    }
}

fn report(
    doc: &Document,
    view: &View,
    base: usize,
    text: &str,
    a: &Analysis,
    lex: &Lexicon<'_>,
) -> Option<Diagnostic> {
    let to_doc = |r: &Range<usize>| view.range_to_doc(&(base + r.start..base + r.end));
    let function: usize = a.runs.iter().map(|r| r.function).sum();
    let english: usize = a.runs.iter().map(|r| r.english + r.names).sum();
    // An English sentence with native words injected.
    if a.native_words >= 1 && function >= 2 && english >= 4 && a.latin_words >= 3 * a.native_words {
        let injected: Vec<&crate::lang::mixing::Word> = a
            .words
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                w.class.is_none()
                    && !w.shielded
                    && (lex.is_glossary_target(&text[w.range.clone()])
                        || is_noun_with_particle(&text[w.range.clone()], lex)
                        || flanked(a, *i))
            })
            .map(|(_, w)| w)
            .collect();
        // A native word is injected by a machine when the glossary knows it;
        // one that only sits between English words ("Both 펌뱅킹 and VAVS
        // are ...") is a name the English sentence quotes, unless a glossary
        // word shows the sentence was machine-substituted.
        if !injected
            .iter()
            .any(|w| substituted(&text[w.range.clone()], lex))
        {
            return None;
        }
        let first = injected.first()?;
        let quoted: Vec<String> = injected
            .iter()
            .map(|w| format!("\"{}\"", &text[w.range.clone()]))
            .collect();
        let hints: Vec<String> = injected
            .iter()
            .filter_map(|w| {
                let word = &text[w.range.clone()];
                let en = english_for(word, lex)?;
                Some(format!("{word} = {en}"))
            })
            .collect();
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            doc.path.clone(),
            to_doc(&first.range),
            format!(
                "English sentence with {} words injected: {}",
                lex.pack.name,
                dedup(quoted).join(", ")
            ),
        );
        for w in injected.iter().skip(1) {
            d = d.with_label(to_doc(&w.range), "injected");
        }
        let help = if hints.is_empty() {
            format!("translate the whole sentence into {}", lex.pack.name)
        } else {
            format!(
                "translate the whole sentence into {} (glossary: {})",
                lex.pack.name,
                dedup(hints).join(", ")
            )
        };
        return Some(d.with_help(help));
    }
    // A native sentence carrying an English clause, whole or with native
    // nouns injected into it inside a native template.
    if a.native_words >= 2 {
        // The injected clause first: a clause inside it is only a part of it.
        let (clause, template) = match injected_clause(text, a, lex) {
            Some((english, template)) => (english, Some(template)),
            None => (
                a.runs
                    .iter()
                    .find(|r| r.is_clause() && r.function >= 2 && r.english >= 3)?
                    .range
                    .clone(),
                None,
            ),
        };
        let english_text = &text[clause.clone()];
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            doc.path.clone(),
            to_doc(&clause),
            format!(
                "{} sentence carries an untranslated English clause \"{english_text}\"",
                lex.pack.name
            ),
        );
        if let Some(t) = template {
            d = d.with_label(to_doc(&t), "template wrapped around the English");
        }
        let d = d.with_help(format!(
            "translate the clause into {}; quote it if it is UI text or a message shown as is",
            lex.pack.name
        ));
        return Some(d);
    }
    None
}

/// A glossary noun, bare or followed by a particle.
fn substituted(word: &str, lex: &Lexicon<'_>) -> bool {
    lex.is_glossary_target(word) || is_noun_with_particle(word, lex)
}

/// A glossary noun followed by a particle ("계정을").
fn is_noun_with_particle(word: &str, lex: &Lexicon<'_>) -> bool {
    crate::lang::hangul::split_particle(lex.pack, word)
        .iter()
        .any(|s| lex.is_glossary_target(s.stem))
}

/// A native word with English words on both sides ("every 고객's data").
fn flanked(a: &Analysis, i: usize) -> bool {
    let english = |w: Option<&crate::lang::mixing::Word>| {
        w.is_some_and(|w| {
            !w.shielded
                && w.class
                    .is_some_and(|c| c.is_english() || c == crate::lang::mixing::WordClass::Name)
        })
    };
    let prev = i.checked_sub(1).and_then(|j| a.words.get(j));
    english(prev) && english(a.words.get(i + 1))
}

/// The English a glossary word stands for, also behind a particle.
fn english_for(word: &str, lex: &Lexicon<'_>) -> Option<String> {
    if let Some(en) = lex.to_english(word).first() {
        return Some((*en).to_string());
    }
    crate::lang::hangul::split_particle(lex.pack, word)
        .iter()
        .find_map(|s| lex.to_english(s.stem).first().map(|e| (*e).to_string()))
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use crate::checks::translation::test_support::check_in;

    fn check(locale: &str, s: &str) -> usize {
        check_in("mixed-language", locale, s).len()
    }

    #[test]
    fn fails() {
        for (loc, s) in [
            (
                "ko",
                "All Freshdesk 요금제 include SSL encryption to keep your data safe.\n",
            ),
            (
                "ko",
                "The product is built on multi-tenant cloud architecture and every 고객's data is logically segregated.\n",
            ),
            (
                "ko",
                "As an 관리자 of your 헬프데스크 계정, you can delete the contact.\n",
            ),
            (
                "ko",
                "설정 화면에서 if you want to keep the old value, then select the option 버튼을 누르세요.\n",
            ),
            (
                "ja",
                "All Freshdesk プラン include SSL encryption to keep your data safe.\n",
            ),
            (
                "zh",
                "All Freshdesk 套餐 include SSL encryption to keep your data safe.\n",
            ),
            (
                "zh",
                "使用HTTPS传输，The transfers are all protected by HTTPS, 并且这个脚本对它获取到包做一些审核。\n",
            ),
            (
                "ko",
                "archive the 티켓 from last year하려면 보관 메뉴를 여세요.\n",
            ),
            (
                "ko",
                "**Choose the plan that fits your team**를 선택하면 결제 화면이 열립니다.\n",
            ),
        ] {
            assert_eq!(check(loc, s), 1, "{s}");
        }
    }

    #[test]
    fn passes() {
        for (loc, s) in [
            (
                "ko",
                "React 컴포넌트는 UI를 반환하는 JavaScript 함수입니다.\n",
            ),
            ("ko", "SSO 및 SAML 설정은 관리자 화면에서 할 수 있습니다.\n"),
            (
                "ko",
                "\"Cannot update optimistic state while rendering\" 에러가 발생하면 다음을 확인하세요.\n",
            ),
            (
                "ko",
                "[You Might Not Need an Effect](/learn/you-might-not-need-an-effect)를 읽어보세요.\n",
            ),
            (
                "ko",
                "state와 props는 다릅니다. Effect는 외부 시스템과 동기화합니다.\n",
            ),
            (
                "ko",
                "`useState`를 호출하면 state 변수와 setter 함수를 반환합니다.\n",
            ),
            (
                "ko",
                "감시자 중단하기(Stopping a Watcher)는 다음과 같습니다.\n",
            ),
            ("ja", "state はスナップショットのように振る舞います。\n"),
            ("zh", "根据先前的 state 更新 state。\n"),
            (
                "ko",
                "여러 Circuit 샘플이 실행됩니다. 이에 대한 자세한 내용은 <a href='https://arxiv.org/abs/1909.07534'>Constructing a virtual two-qubit gate by sampling single-qubit operations</a> 및 <a href='https://arxiv.org/abs/2312.11638'>Cutting circuits with multiple two-qubit unitaries</a>를 참고하세요.\n",
            ),
            (
                "ko",
                "카테고리로 Account (Managing your account and resources)를 선택하세요.\n",
            ),
            (
                "ja",
                "\"... is a function created with React Hook `useEffectEvent`, and can only be called from Effects\" のような警告が出る場合、関数を呼び出す場所が誤っています。\n",
            ),
            (
                "ko",
                "자바스크립트에는 if/else, 삼항 연산자, for, for-in, for-of 등 다양한 방법이 있습니다.\n",
            ),
            (
                "ko",
                "$\\frac{1}{n}\\sum_{i=1}^n \\langle Z_i \\rangle$ 및 $\\frac{1}{n-1}$의 기댓값을 측정합니다.\n",
            ),
            (
                "ko",
                "This page is all English and has no Korean words at all in it.\n",
            ),
            (
                "ko",
                "**오류**: The request could not be completed because the link has expired.\n",
            ),
            (
                "ko",
                "메시지: Thank you for your feedback, we will get back to you soon.\n",
            ),
            (
                "ko",
                "**Continue with my work account** 버튼을 누르면 다음 단계로 넘어갑니다.\n",
            ),
            (
                "ko",
                "*Mark this as the default address* 확인란을 선택하세요.\n",
            ),
            ("ko", "개인 요금제 vs 팀 요금제는 요금이 다릅니다.\n"),
            (
                "ko",
                "Both 펌뱅킹 and VAVS are fixed-length socket protocols, not JSON over HTTP.\n",
            ),
        ] {
            assert_eq!(check(loc, s), 0, "{s}");
        }
    }

    #[test]
    fn an_english_page_of_a_korean_site_is_english() {
        let s = "We moved the tables to the new warehouse and kept the old ones for a week.\n\nThe backfill was slow, so we set up a reservation before it started.\n\n(이미지 첨부: Cost during the backfill with the reservation)\n";
        // On a translated page the caption is English with glossary words injected.
        assert_eq!(check("ko", s), 1);
        // A page of a site whose default locale is Korean, mostly in English.
        let path = std::path::Path::new("fixtures/sites/ko-default/docs/faq/post.md");
        let d = crate::checks::test_support::check_bytes_at("mixed-language", s.as_bytes(), path);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn set_off_english_is_a_label_on_pages_written_in_korean() {
        // A page of a site whose default locale is Korean, without a source.
        let path = std::path::Path::new("fixtures/sites/ko-default/docs/faq/labels.md");
        let s = "**Choose the plan that fits your team**를 선택하면 결제 화면이 열립니다.\n";
        let d = crate::checks::test_support::check_bytes_at("mixed-language", s.as_bytes(), path);
        assert!(d.is_empty(), "{d:?}");
        // Glued to a clause ending it is the machine's clause there too.
        let s = "**archive the 티켓 from last year**하려면 보관 메뉴를 여세요.\n";
        let d = crate::checks::test_support::check_bytes_at("mixed-language", s.as_bytes(), path);
        assert_eq!(d.len(), 1, "{d:?}");
    }
}
