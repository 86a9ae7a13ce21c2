//! `localized-email`: words translated inside an email address.

use super::url::{page, report};
use super::{Category, Context, FixAvailability, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::urls::localized::{self, Input, LocalTarget, SiteWords};
use crate::urls::shape;

pub(crate) const DOC: &str = r#"# localized-email

## What it does
Reports an email address on a translated page whose mailbox name or domain
holds target-language words: `지원@freshdesk.com` for
`support@freshdesk.com`, `결제@`, `サポート@`. It checks addresses in text,
in link text, and in `mailto:` links.

With an English source, the address pairs with the source's address on the
same domain. Without one, every target-language word of the mailbox name must
be a glossary word (`지원` = `support`); a domain label counts the same way
under an ASCII domain. Addresses on an internationalized domain
(`사용자@도메인.한국`), mailbox names that are not glossary words
(`홍길동@example.com`), and ASCII addresses followed by a particle
(`support@qedma.com으로`: the autolink stops at the first non-ASCII
character, so it renders correctly) stay silent.

## Why is this bad?
Mail to `지원@freshdesk.com` bounces: the mailbox does not exist, and most
mail servers do not accept non-ASCII mailbox names at all. Readers who write
to the address never reach support, and the page gives no hint why.

## Example
```markdown
티켓은 [지원@freshdesk.com](mailto:지원@freshdesk.com)으로 보내 주세요.
```

Use instead:
```markdown
티켓은 [support@freshdesk.com](mailto:support@freshdesk.com)으로 보내 주세요.
```

## Fix safety
Safe when exactly one address of the English source fits (same domain, and
the glossary contradicts no word): the mailbox name is restored byte for
byte. Unsafe when several fit, and for glossary back-translations without a
source (`관리자` may be `admin` or `administrator`), which name their
alternatives.

## Options
`[glossary.terms.<locale>]` in `loclint.toml` adds glossary pairs.

## Data
The locale pack's `glossary` and the mailbox words of `rules/url-words.toml`
(`sales`, `contact`, `billing`, ...).
"#;

static META: RuleMeta = RuleMeta {
    name: "localized-email",
    category: Category::Links,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads::with_source(super::Input::Repaired),
    repairs: false,
};

pub struct LocalizedEmail;

impl Rule for LocalizedEmail {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if doc.text.is_ascii() || !doc.text.contains('@') {
            return;
        }
        let candidates: Vec<_> = page::occurrences(doc, page::particles())
            .into_iter()
            .filter(|o| o.is_email && !doc.text[o.range.clone()].is_ascii())
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
        // The site's URL words are evidence for path segments; an address has none.
        let site_words = SiteWords::default();
        let no_target = |_: &shape::Shape<'_>| LocalTarget::default();
        let input = Input {
            lexicon: &lexicon,
            references: &references,
            resolve: &no_target,
            site_words: &site_words,
        };
        for occ in candidates {
            let address = &doc.text[occ.range.clone()];
            let Some(shape) = shape::parse_any(address) else {
                continue;
            };
            if !page::is_email_shape(&shape) {
                continue;
            }
            if let Some(finding) = localized::analyze(&shape, &input) {
                out.push(report::diagnostic(
                    &META,
                    doc,
                    occ.range.start,
                    address,
                    &finding,
                    &source_name,
                    report::What::Email,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_str;

    const RULE: &str = "localized-email";

    #[test]
    fn fails() {
        for (s, n) in [
            ("티켓은 지원@freshdesk.com 으로 보내 주세요.", 1),
            ("**지원@freshdesk.com**으로 문의하세요.", 1),
            (
                "[지원@freshdesk.com](mailto:지원@freshdesk.com)으로 보내 주세요.",
                2,
            ),
            (
                "추가 문의사항은 [고객지원팀에 문의](mailto:지원@freshdesk.com)해 주세요.",
                1,
            ),
            ("お問い合わせは サポート@example.com まで。", 1),
            ("帮助请发邮件到 支持@example.com 。", 1),
            ("더 궁금한 점은 고객지원@example.com 으로 문의해 주세요.", 1),
        ] {
            assert_eq!(check_str(RULE, s).len(), n, "{s}");
        }
    }

    #[test]
    fn passes() {
        for s in [
            "support@qedma.com으로 문의하세요.",
            "[support@freshdesk.com](mailto:support@freshdesk.com)으로 보내 주세요.",
            "홍길동@example.com 으로 보내세요.",
            "사용자@도메인.한국 주소입니다.",
            "`지원@freshdesk.com` 형식은 틀립니다.",
        ] {
            assert!(check_str(RULE, s).is_empty(), "{s}");
        }
    }
}
