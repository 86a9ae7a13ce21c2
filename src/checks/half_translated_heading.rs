//! `half-translated-heading`: a heading that mixes the page's language with
//! an untranslated English clause, the way machine half-translation does.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::checks::translation::page::{self, View};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::lang::mixing::{
    HalfTranslated, analyse_shielded, half_translated, label_shields, shields,
};
use crate::lang::script::has_latin_runs;

pub(crate) const DOC: &str = r#"# half-translated-heading

## What it does
Reports a heading, `<summary>` title, admonition title, front-matter `title` or
`sidebar_label`, or table header cell on a translated page (ko, ja, zh) that
mixes the page's language with an English clause nobody translated.

The evidence is what machine half-translation leaves behind and careful
translators do not:
- an English clause with function words outside quotes or parentheses
  ("왜 **are we getting a** 'connection insecure' 오류 ...");
- English wrapped in one of the locale's question templates
  ("**request a new SSL certificate**하는 방법은 무엇인가요?"), also with one or
  two glossary nouns injected into it ("**merge the 티켓 with Slack**하는 방법은?");
- target-language words that are all support-glossary substitutions next to
  ordinary English ("TLS 1.0 지원 **Deprecation**", "React state **batches** 업데이트").

Legitimate mixing stays silent: product names and acronyms ("SSO 및 SAML 설정"),
code, terms the locale keeps in English ("React 컴포넌트", "state", "props"),
quoted UI strings and error messages, glosses in parentheses
("감시자 중단하기(Stopping a Watcher)"), and words the English source shows
as code, link text or a product name, "vs" between terms ("관리자 URL vs 포털
URL"), and English set off in bold or italics before a UI noun ("**Use my
current location** 옵션 끄기"); on a page written in the site's own language,
any set-off English not glued to an ending.

## Why is this bad?
A reader of the Korean page meets a heading that is half in another
language: it reads as broken, it is hard to scan in a table of contents, and
the slug built from it is a mix of both. The rest of the section was usually
left in English as well.

## Example
```markdown
<summary>request a new SSL certificate하는 방법은 무엇인가요?</summary>
```

Use instead:
```markdown
<summary>새 SSL 인증서를 요청하려면 어떻게 하나요?</summary>
```

## Fix safety
No automatic fix: translating is a human's job. When the page has an English
source, the finding quotes the source heading as display-only context.

## Options
The severity (`[rules] half-translated-heading = "warning"`), and the
`[glossary]` section of `loclint.toml`: `keep = ["Canned Responses"]` adds
words never treated as untranslated English; `[glossary.terms.ko]` adds
English -> Korean terms recognised as substitutions.

## Data
`rules/<locale>.toml`: `question_prefixes`, `question_suffixes`,
`clause_endings`, `label_nouns`, `glossary`, `function_glossary`, `particles`,
`keep`; `rules/en.toml`: `function_words`,
`verbs`, `keep`, `ui_words`.
"#;

static META: RuleMeta = RuleMeta {
    name: "half-translated-heading",
    category: Category::Translation,
    severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_source(Input::Repaired),
    repairs: false,
};

pub struct HalfTranslatedHeading;

impl Rule for HalfTranslatedHeading {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some((locale, lex)) = page::translated_lexicon(doc, &ctx.config.glossary) else {
            return;
        };
        let source = page::Source::new(ctx.source);
        let authored = page::is_authored(doc, ctx);
        for h in page::heading_like(doc) {
            let view = View::new(doc, h.pieces());
            if !has_latin_runs(&view.text, 1) {
                continue;
            }
            let mut shielded = shields(&view.text, &locale);
            shielded.extend(label_shields(
                &view.text,
                &view.set_off(doc),
                lex.pack,
                authored,
            ));
            let a = analyse_shielded(&view.text, &lex, source.words(), shielded);
            let Some(found) = half_translated(&view.text, &a, &lex) else {
                continue;
            };
            let range = view.range_to_doc(found.english());
            let english = doc.text.get(range.clone()).unwrap_or_default();
            let mut d = Diagnostic::new(
                META.name,
                META.severity,
                doc.path.clone(),
                range,
                format!(
                    "{} mixes {} with untranslated English \"{english}\"",
                    h.describe(),
                    lex.pack.name
                ),
            );
            d = match &found {
                HalfTranslated::Template { template, .. } => d.with_label(
                    view.range_to_doc(template),
                    "question template wrapped around the English",
                ),
                HalfTranslated::Substitution { native, .. } => d.with_label(
                    view.range_to_doc(native),
                    "glossary word substituted into English",
                ),
                HalfTranslated::Clause { .. } => d,
            };
            let src = page::source_text_of(doc, source.doc(), h);
            // The source heading is shown by the display-only fix, not repeated here.
            let help = format!(
                "translate the whole {} into {}",
                h.describe(),
                lex.pack.name
            );
            d = d.with_help(help);
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

    fn check(locale: &str, s: &str) -> usize {
        check_in("half-translated-heading", locale, s).len()
    }

    #[test]
    fn fails() {
        for (loc, s) in [
            (
                "ko",
                "# request a new SSL certificate하는 방법은 무엇인가요?\n",
            ),
            (
                "ko",
                "# 왜 are we getting a 'connection insecure' 오류 when we try to access our 지원 URL인가요?\n",
            ),
            ("ko", "# TLS 1.0 지원 Deprecation\n"),
            ("ko", "## React state batches 업데이트\n"),
            (
                "ko",
                "<details>\n<summary><strong>delete user data하는 방법은 무엇인가요?</strong></summary>\n\n본문\n</details>\n",
            ),
            ("ja", "# delete user dataする方法は？\n"),
            ("ja", "# なぜ is the form not loading on my website？\n"),
            ("zh", "# 如何 delete old tickets？\n"),
            ("zh", "# why is the 工单 not loading on my website\n"),
            ("ko", "## merge the 티켓 with Slack하는 방법은?\n"),
            (
                "ko",
                "<details>\n<summary>add a 상담원 to Freshdesk할 수 있나요?</summary>\n\n본문\n</details>\n",
            ),
        ] {
            assert_eq!(check(loc, s), 1, "{s}");
        }
    }

    #[test]
    fn passes() {
        for (loc, s) in [
            ("ko", "# React 컴포넌트\n"),
            ("ko", "# SSO 및 SAML 설정\n"),
            ("ko", "### 감시자 중단하기(Stopping a Watcher)\n"),
            (
                "ko",
                "### \"Cannot update optimistic state while rendering\" 에러가 발생합니다\n",
            ),
            ("ko", "## state와 props의 차이\n"),
            ("ko", "## Qiskit Runtime Sampler 사용하기\n"),
            ("ko", "## IBM Cloud 계정을 어떻게 닫나요?\n"),
            ("ko", "## `useEffect`로 Effect 동기화하기\n"),
            (
                "ko",
                "# Can we use a wildcard SSL certificate with Freshdesk?\n",
            ),
            ("ja", "## state はスナップショットである\n"),
            ("ja", "## Node.js ストリーム用のサーバ API\n"),
            ("zh", "## 根据先前的 state 更新 state\n"),
            ("zh", "## 什么是 mutation？\n"),
            ("ko", "## 관리자 URL vs 포털 URL\n"),
            ("ko", "## **Use my current location** 옵션 끄기\n"),
            (
                "ko",
                "## \"Sign up for a free trial\" 링크가 보이지 않을 때\n",
            ),
            (
                "ja",
                "## **Sign up for a free trial** ボタンが表示されない\n",
            ),
            (
                "en",
                "# request a new SSL certificate하는 방법은 무엇인가요?\n",
            ),
        ] {
            assert_eq!(check(loc, s), 0, "{s}");
        }
    }
}
