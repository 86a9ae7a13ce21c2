//! `localized-url`: words translated inside a URL.

use super::url::{page, report};
use super::{Category, Context, FixAvailability, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::urls::localized::{self, Input};
use crate::urls::shape;

pub(crate) const DOC: &str = r#"# localized-url

## What it does
Reports a URL on a translated page whose host labels, user name
(`http://지원@freshdesk.com`), path segments, query keys or fragment hold
target-language words that translate ASCII words of
the original: `https://지원.freshdesk.com/해결책/articles/222861-...` for
`https://support.freshdesk.com/solution/articles/222861-...`. It checks link
destinations, image sources, autolinks, bare URLs, URLs in link text and in
raw HTML `href`/`src`, and `#fragment` links to the same page.

The evidence is the English source page when there is one: a link there of
the same shape (same scheme, same number of host labels, path segments,
query pairs and fragment) that is equal wherever this URL is ASCII. Without
a source, or when no source link fits, every target-language word of a part
must be a glossary word (`지원` = `support`), a fragment must keep English
words beside it (`#고객-details-export`, a half-translated slug) and reach no
anchor on the page, and a file extension written with an ideographic full
stop (`状态。html`) counts on its own.

When a glossary word has several English forms (`티켓`: `ticket`,
`tickets`), the back-translation takes the one the site's own URLs write at
the same place: an ASCII path segment of the same domain after the same
segment, in a URL of this page or of its English source
(`/api/v2/tickets/12` makes `/api/v2/티켓` read `/api/v2/tickets`). The
plural or singular of a glossary form counts too (`상담원` is `agent`; a site
that writes `/api/v2/agents` gets `agents`). The same word elsewhere in a
path is no evidence: Freshdesk writes both `/solution/articles/` and
`/support/solutions/articles/`. Other pages of the site are not read.

Links that are meant to be in the page's language stay silent: a locale host
label or path segment (`ko.wikipedia.org/wiki/전송_계층_보안`,
`developer.mozilla.org/ko/docs/...#속성`), a country-code domain (`.kr`), a
wiki or local portal, an internationalized domain (`도메인.한국`), non-ASCII
query values (`?q=비밀번호`), a host label that is not a glossary word, a
path that also holds a folder or file name in the target language that no
glossary reads (`/uploads/결제서비스/이용안내/홈.png`: the site names its
paths in its language), unless the page links that domain with ASCII paths, and
an English link the translator replaced by an equivalent localized page.

## Why is this bad?
A machine translator that does not recognise a URL translates the words in
it. The link then points at a host that does not exist or a page that is not
there; readers get an error instead of the article, and nothing in the
rendered page shows why.

## Example
```markdown
[termination](https://지원.freshdesk.com/지원/solutions/articles/227558-can-i-delete/)
![이미지](https://s3.amazonaws.com/cdn.freshdesk.com/data/헬프데스크/attachments/1/a.png)
```

Use instead (the links of the English page):
```markdown
[termination](https://support.freshdesk.com/support/solutions/articles/227558-can-i-delete/)
![이미지](https://s3.amazonaws.com/cdn.freshdesk.com/data/helpdesk/attachments/1/a.png)
```

## Fix safety
Safe when exactly one link of the English source fits, word for word, and
the glossary contradicts none of its words: the fix puts back the source's
parts byte for byte. Unsafe when several source links fit (the message lists
them), when the parts only fit loosely (`不需要派生状态。html` against
`dont-need-derived-state.html`), and for glossary back-translations without
a source (`지원` -> `support`; `티켓` may have been `tickets`), which name
their alternatives, even when the site's URLs chose the form. No fix when
a word is in no glossary.

## Options
`[glossary.terms.<locale>]` in `loclint.toml` adds glossary pairs
(`support = "지원"`), used to recognise and back-translate URL words.

## Data
The locale pack's `glossary` (`rules/ko.toml`, `ja.toml`, `zh.toml`), and
`rules/url-words.toml`: `words` (mailbox and path words), `locale_markers`,
`cctlds` and `localized_hosts` (links that are meant to be localized).
"#;

static META: RuleMeta = RuleMeta {
    name: "localized-url",
    category: Category::Links,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads {
        input: super::Input::Repaired,
        source: true,
        other_pages: true,
        network: false,
        history: false,
    },
    repairs: false,
};

pub struct LocalizedUrl;

impl Rule for LocalizedUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if doc.text.is_ascii() {
            return;
        }
        let all = page::occurrences(doc, page::particles());
        let candidates: Vec<_> = all
            .iter()
            .filter(|o| !o.is_email && shape::is_localized(&doc.text[o.range.clone()]))
            .collect();
        if candidates.is_empty() {
            return;
        }
        let source = ctx.source;
        let references = source.map(page::references).unwrap_or_default();
        let source_name = source
            .map(|s| page::source_name(ctx, s))
            .unwrap_or_default();
        let lexicon = page::lexicon(ctx.config);
        let site_words = page::site_words(doc, &all, &references);
        let anchors = crate::links::state::page_anchors(doc);
        let resolve = |s: &shape::Shape<'_>| page::local_target(ctx.pages, &doc.path, &anchors, s);
        let input = Input {
            lexicon: &lexicon,
            references: &references,
            resolve: &resolve,
            site_words: &site_words,
        };
        for occ in candidates {
            let url = &doc.text[occ.range.clone()];
            let Some(shape) = shape::parse_url(url) else {
                continue;
            };
            if page::is_email_shape(&shape) {
                continue;
            }
            // What this rule reports of a fragment, `broken-anchor` leaves
            // alone (`page::reports_fragment` asks the same question).
            if let Some(finding) = localized::analyze(&shape, &input) {
                out.push(report::diagnostic(
                    &META,
                    doc,
                    occ.range.start,
                    url,
                    &finding,
                    &source_name,
                    report::What::Url,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_str;

    const RULE: &str = "localized-url";

    #[test]
    fn fails() {
        for s in [
            "문서는 [여기](https://지원.freshdesk.com/지원/solutions/articles/227558-x/)에 있습니다.",
            "이미지: ![이미지](https://s3.amazonaws.com/cdn.freshdesk.com/data/헬프데스크/attachments/1/a.png)",
            "자세한 내용은 https://tlstest.freshdesk.com/api/v2/티켓 을 참고하세요.",
            "자세한 내용은 <https://지원.freshdesk.com/> 을 참고하세요.",
            "다음 링크로 연결을 확인하실 수 있습니다: [https://tlstest.freshdesk.com/api/v2/티켓](https://tlstest.freshdesk.com/api/v2/tickets) 입니다.",
            "링크 <a href=\"https://지원.freshdesk.com/a\">지원</a> 입니다.",
            "문의는 <a href=\"http://지원@freshdesk.com\">지원@freshdesk.com</a> 으로 보내세요.",
            "[내보내기](#고객-details-export) 항목을 보세요.",
            "[삭제](https://x.freshdesk.com/a/edit#Delete-티켓-option) 옵션을 보세요.",
            "문서는 [여기](https://example.com/docs/%EC%A7%80%EC%9B%90/intro)에 있습니다.",
            "サポートは [サポート](https://サポート.example.com/) にあります。",
            "ヘルプは [ヘルプ](https://example.com/ヘルプ/start) にあります。",
            "帮助见 [帮助](https://example.com/帮助/start)。",
            "이미지는 <img src=\"https://cdn.example.com/이미지/a.png\" /> 입니다.",
            "[참고] 문서를 보세요.\n\n[참고]: https://지원.example.com/a",
            "参见[这里](https://legacy.reactjs.org/blog/2018/06/07/you-probously-不需要派生状态。html#recommendation)。",
        ] {
            assert_eq!(check_str(RULE, s).len(), 1, "{s}");
        }
    }

    #[test]
    fn quoted_url_ends_at_its_quote() {
        let s = "스크립트: location.href='https://지원.freshdesk.com/a';This 문서입니다.";
        let d = check_str(RULE, s);
        assert_eq!(d.len(), 1);
        assert_eq!(&s[d[0].range.clone()], "https://지원.freshdesk.com/a");
    }

    #[test]
    fn passes() {
        for s in [
            "[메모이제이션](https://ko.wikipedia.org/wiki/메모이제이션)을 참고하세요.",
            "[TLS](https://ko.wikipedia.org/wiki/전송_계층_보안) 문서입니다.",
            "[계산된 프로퍼티명](https://developer.mozilla.org/ko/docs/Web/JavaScript/Reference/Operators/Object_initializer#계산된_프로퍼티명) 문법입니다.",
            "[검색](https://example.com/search?q=비밀번호) 결과입니다.",
            "[도메인](https://한글도메인.example.com/) 예시입니다.",
            "[제목](#고객-지원) 으로 이동합니다.",
            "## 고객 details\n\n[위](#고객-details)로 이동합니다.",
            "`https://지원.freshdesk.com/`에 접속합니다.",
            "https://quantum.ibm.com에서 확인하세요.",
            "[link](https://support.freshdesk.com/support/solutions) 입니다.",
            "[メモ化](https://ja.wikipedia.org/wiki/メモ化)を参照してください。",
            "[记忆化](https://zh.wikipedia.org/wiki/记忆化)和[属性](https://developer.mozilla.org/zh-CN/docs/Web#属性)。",
            "[지원 안내](https://example.com/ko/지원)와 [검색](https://search.naver.com/search.naver?query=지원) 결과입니다.",
            "[한국어 도메인](https://한국어.example.com/)과 [정부](https://www.gov.kr/지원)는 그대로 둡니다.",
            "support@qedma.com으로 문의하세요.",
        ] {
            assert!(check_str(RULE, s).is_empty(), "{s}");
        }
    }
}
