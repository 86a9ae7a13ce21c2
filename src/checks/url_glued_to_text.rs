//! `url-glued-to-text`: a bare URL that swallows the text after it.

use super::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::checks::url::page;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::{Document, LinkKind};
use crate::urls::glued::{self, Style};

pub(crate) const DOC: &str = r#"# url-glued-to-text

## What it does
Reports a bare URL that runs straight into the text after it: a Korean
particle (`https://quantum.ibm.com에서`, `https://charts.helm.sh/stable이고`),
a Chinese or Japanese word, or full-width punctuation
(`https://charts.helm.sh/incubator。`). The autolink takes the glued text as
part of the URL.

Glued text either continues an ASCII word of the URL with nothing URL-like
after it (`.../stable이고`, `#URL을`, `GGUF와`), or starts a new segment and is
one of the locale's particles (`https://quantum.ibm.com/의`). A URL whose
path is a name in the language (`https://ko.wikipedia.org/wiki/메모이제이션`)
is not glued text, and neither is a URL in a code span. Email addresses are
never glued: a GFM email autolink ends at the first non-ASCII character, so
`support@qedma.com으로` links correctly.

## Why is this bad?
GFM (and remark-gfm, which Docusaurus uses) ends an autolink literal only at
whitespace, so `https://quantum.ibm.com에서` links to the host
`quantum.ibm.com에서`, which does not exist, and
`https://charts.helm.sh/incubator。你可以运行以下命令修复：` links to a page
that is not there. Korean, Chinese and Japanese put no space there, so the
defect is common in translations.

## Example
```markdown
https://quantum.ibm.com에서 IBM Quantum Platform Classic을 사용하고 있다면
```

Use instead:
```markdown
<https://quantum.ibm.com>에서 IBM Quantum Platform Classic을 사용하고 있다면
```

In `.mdx` files, and in `.md` files of a Docusaurus site (which compiles
Markdown as MDX unless configured otherwise), angle-bracket autolinks are
not supported, so the fix writes a link instead:
```markdown
[https://quantum.ibm.com](https://quantum.ibm.com)에서 IBM Quantum Platform Classic을
```

## Fix safety
Safe: the fix only makes the end of the URL explicit. The reader sees the
same characters, and the link goes where the author meant; trailing
punctuation that an autolink leaves out stays outside.

A link written with a space, `[text] (https://x.org/)를`, is fixed by
removing the space, so that the bracketed text becomes the link. That is safe
when the English source links the same URL as `[text](url)`, and unsafe
without one (the rendered text changes).

## Options
None besides the severity. The English source, when the page has one, is
read for links written `[text](url)`.

## Data
The locale pack's particles and the `particles` of `rules/url-words.toml`.
"#;

static META: RuleMeta = RuleMeta {
    name: "url-glued-to-text",
    category: Category::Links,
    severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads::with_source(Input::Repaired),
    repairs: false,
};

pub struct UrlGluedToText;

impl Rule for UrlGluedToText {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if doc.text.is_ascii() {
            return;
        }
        for link in doc.links.iter().filter(|l| l.kind == LinkKind::BareUrl) {
            let start = link.dest_range.start;
            if doc.in_code(start) || !is_bare(&doc.text[..start]) {
                continue;
            }
            // `split` reads only up to the URL's end (the next space).
            let rest = &doc.text[start..];
            let Some(g) = glued::split(rest, page::particles()) else {
                continue;
            };
            let url = &rest[g.url.clone()];
            let swallowed = &rest[g.swallowed.clone()];
            let style = style_for(doc, ctx);
            let explicit = glued::explicit(url, style);
            let shown = glued::gfm_trim(&rest[..g.swallowed.end]);
            out.push(
                Diagnostic::new(
                    META.name,
                    META.severity,
                    doc.path.clone(),
                    start..start + g.swallowed.end,
                    format!(
                        "URL `{url}` runs into the text `{swallowed}`: the autolink links `{shown}`"
                    ),
                )
                .with_label(
                    start + g.swallowed.start..start + g.swallowed.end,
                    "not part of the URL",
                )
                .with_help(help(&doc.text[..start], &explicit, swallowed))
                .with_fix(fix(doc, ctx, start, url, swallowed, &explicit)),
            );
        }
    }
}

/// False when the URL is in fact a link destination, an autolink, an
/// attribute value or code (`](url)`, `<url>`, `href="url"`, `` `url` ``):
/// the parser reports text inside MDX components as HTML, where those look bare.
fn is_bare(before: &str) -> bool {
    !(before.ends_with("](")
        || before.ends_with(['<', '`'])
        || before.ends_with("=\"")
        || before.ends_with("='"))
}

/// A `[text] (url)` with a space is a link that never was: removing the
/// space makes it the link, which is safe when the English page links the
/// same URL that way. Otherwise the end of the URL is made explicit.
fn fix(
    doc: &Document,
    ctx: &Context,
    start: usize,
    url: &str,
    swallowed: &str,
    explicit: &str,
) -> Fix {
    if doc.text[..start].ends_with("] (") && swallowed.starts_with(')') {
        let edits = vec![Edit::replace(start - 2..start - 1, "")];
        let in_source = ctx.source.is_some_and(|src| {
            src.links
                .iter()
                .any(|l| l.kind == LinkKind::Inline && l.dest == url)
        });
        let message = "remove the space in `] (` to make the bracketed text the link";
        return if in_source {
            Fix::safe(format!("{message}, as the English page does"), edits)
        } else {
            Fix::unsafe_(message, edits)
        };
    }
    Fix::safe(
        format!("write `{explicit}`"),
        vec![Edit::replace(
            start..start + url.len(),
            explicit.to_string(),
        )],
    )
}

/// What to do; a `[text] (url)` with a space is a link that never was.
fn help(before: &str, explicit: &str, swallowed: &str) -> String {
    let mut help = format!("make the end of the URL explicit: `{explicit}{swallowed}`");
    if before.ends_with("] (") && swallowed.starts_with(')') {
        help.push_str("; the space in `] (` also keeps the bracketed text from being the link: remove it to write `[text](url)`");
    }
    help
}

/// Angle-bracket autolinks break MDX: `.mdx` files, and `.md` files of a
/// Docusaurus site or translation folder (compiled as MDX by default), get a
/// link instead.
fn style_for(doc: &Document, ctx: &Context) -> Style {
    let mdx = doc
        .path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
    if mdx || crate::pairing::in_translation_folder(&doc.path) || ctx.site_root.is_some() {
        Style::Link
    } else {
        Style::Angle
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::{check_bytes_at, check_str};
    use std::path::Path;

    const RULE: &str = "url-glued-to-text";

    #[test]
    fn fails() {
        for s in [
            "https://quantum.ibm.com에서 확인하세요.",
            "*참고: 이는 https://quantum.ibm.com/의 IBM Quantum Platform Classic에만 해당됩니다.*",
            "stable 저장소의 새 위치는 https://charts.helm.sh/stable이고 incubator",
            "자세한 내용은 https://golang.org/pkg/net/url/#URL을 확인하자.",
            "更多信息，请查看 https://golang.org/pkg/net/url/#URL。",
            "其归档版本在 https://charts.helm.sh/incubator。你可以运行以下命令修复：",
            "https://huggingface.co/Qiskit/Qwen2.5-Coder-14B-Qiskit-GGUF와 같은 GGUF 모델",
            // A link broken by a space: the autolink takes `)에서도` too.
            "[도커 허브] (https://hub.docker.com/r/helmpack/tiller) 및 [Quay] (http://quay.io/helmpack/tiller)에서도 틸러를 다운로드 할 수 있다.",
        ] {
            assert_eq!(check_str(RULE, s).len(), 1, "{s}");
        }
    }

    #[test]
    fn passes() {
        for s in [
            "[메모이제이션](https://ko.wikipedia.org/wiki/메모이제이션)을 참고하세요.",
            "https://ko.wikipedia.org/wiki/메모이제이션 을 참고하세요.",
            "`https://charts.helm.sh/stable`에 있습니다.",
            "2. `❌ https://localhost:1234에서 \"general\" 방에서 연결 해제되었습니다.`",
            "support@qedma.com으로 문의하세요.",
            "<https://quantum.ibm.com>에서 확인하세요.",
            "https://quantum.ibm.com 에서 확인하세요.",
            "https://helm.sh/zh/docs/faq/#移除了Tiller 部分。",
            "<Admonition type=\"tip\" title=\"권장 사항\">\n  -  [튜토리얼](https://docs.quantum.ibm.com/tutorials)을 시도해 보세요.\n</Admonition>",
            "<Admonition type=\"info\">\n    `http://localhost:11434/`로 이동하여 확인할 수도 있어요.\n</Admonition>",
        ] {
            assert!(check_str(RULE, s).is_empty(), "{s}");
        }
    }

    #[test]
    fn fix_keeps_what_the_reader_sees() {
        let d = check_str(RULE, "https://quantum.ibm.com에서 확인하세요.");
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "<https://quantum.ibm.com>");
        let d = check_str(
            RULE,
            "[Quay] (http://quay.io/helmpack/tiller)에서도 받을 수 있다.",
        );
        // A link broken by a space gets the space removed; without an
        // English page that links it so, the fix is unsafe.
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Unsafe);
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(fix.edits[0].replacement, "");
        assert_eq!(fix.edits[0].range.len(), 1);
        assert!(d[0].help.as_ref().unwrap().contains("`] (`"));
        let d = check_bytes_at(
            RULE,
            "https://quantum.ibm.com에서 확인하세요.".as_bytes(),
            Path::new("page.mdx"),
        );
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(
            fix.edits[0].replacement,
            "[https://quantum.ibm.com](https://quantum.ibm.com)"
        );
        let d = check_bytes_at(
            RULE,
            "https://quantum.ibm.com에서 확인하세요.".as_bytes(),
            Path::new("i18n/ko/docusaurus-plugin-content-blog/post.md"),
        );
        assert_eq!(
            d[0].fix.as_ref().unwrap().edits[0].replacement,
            "[https://quantum.ibm.com](https://quantum.ibm.com)"
        );
    }
}
