//! `broken-anchor`: a `#fragment` that no heading or element of the target page produces.

use std::sync::Arc;

use super::{Category, FixAvailability, Input, Reads, Rule, RuleMeta, SiteContext};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::links::anchors::is_implicit_fragment;
use crate::links::index::PageIndex;
use crate::links::page::{Fragment, LinkDest, PageLinks, is_page_file};
use crate::links::percent_decode;
use crate::links::resolve::Resolution;

pub(crate) const DOC: &str = r#"# broken-anchor

## What it does
Checks that the fragment of a link (`#faq`, `./x.md#faq`, `/docs/x#faq`)
names an anchor of the target page. Anchors are computed as Docusaurus does:
the github-slugger v2 slug of each heading (`## 자주 묻는 질문` is
`#자주-묻는-질문`; repeated headings get `-1`, `-2`), replaced by an explicit
`{#id}`, `{/* #id */}` or `{/*id*/}`; the h1 has none; `<a id>`, `<span id>`
and `<div id>` add theirs. Matching is case-sensitive after percent-decoding.
The message names the closest anchors.

## Why is this bad?
The link still opens the page, but at the top instead of the section, and
nothing warns anybody. Translation is the usual cause: a translated heading
gets a new slug, so every link to the English slug silently stops working,
unless the heading keeps it with an explicit id.

## Example
```markdown
## 다운로더 플러그인

[플러그인](#downloader-plugins)
```

Use instead:
```markdown
## 다운로더 플러그인 {#downloader-plugins}

[플러그인](#downloader-plugins)
```

## Fix safety
Unsafe. When the English source has the same link and the target heading is
the translation of the English heading that has the anchor, the fix adds the
English id to the translated heading (same page) or points the link at the
translated heading's anchor (another page). Otherwise, when exactly one
anchor is close (a typo, a case difference), the fix points the link at it.
Both are guesses about what the author meant, so neither is applied by
`--fix` alone.

## Options
- `links.exclude`: regular expressions; matching destinations are skipped.

## Data
None.
"#;

static META: RuleMeta = RuleMeta {
    name: "broken-anchor",
    category: Category::Links,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads {
        input: Input::Index,
        source: true,
        other_pages: true,
        network: false,
        history: false,
    },
    repairs: false,
};

pub struct BrokenAnchor;

impl Rule for BrokenAnchor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_page(&self, page: &PageIndex, ctx: &SiteContext, out: &mut Vec<Diagnostic>) {
        let links = PageLinks::new(&page.path, ctx.links, ctx.config);
        let mut source_broken: Option<Vec<String>> = None;
        for link in &page.links {
            let Some(dest) = links.local_dest(link) else {
                continue;
            };
            let (fragment, target, written) = match dest {
                LinkDest::SamePage(f) => (f, None, None),
                LinkDest::Path {
                    raw,
                    resolution: Resolution::Found(p),
                    fragment: Some(f),
                    ..
                } if is_page_file(&p) => {
                    let Some(t) = ctx.pages.page(&p) else {
                        continue;
                    };
                    (f, Some(t), Some(raw))
                }
                _ => continue,
            };
            let anchors = target.as_ref().map_or(&page.anchors, |t| &t.anchors);
            let decoded = percent_decode(fragment.raw);
            if is_implicit_fragment(&decoded)
                || anchors.contains(&decoded)
                || anchors.contains(fragment.raw)
            {
                continue;
            }
            // The same link broken in the English source is reported there,
            // once, not again in every translation.
            let broken = source_broken.get_or_insert_with(|| broken_in_source(ctx));
            if broken.iter().any(|d| d == &link.dest) {
                continue;
            }
            let target_name = match written {
                Some(w) => format!("`{w}`"),
                None => "this page".to_string(),
            };
            let mut diag = Diagnostic::new(
                META.name,
                META.severity,
                &page.path,
                fragment.range.clone(),
                format!("`#{}` is not an anchor of {target_name}", fragment.raw),
            );
            if let Some(t) = &target {
                diag = diag.with_target(&t.path);
            }
            let close = anchors.closest(&decoded);
            let translated = translated_heading(page, ctx, &fragment, target.as_deref());
            if let Some(t) = &translated {
                diag = diag.with_help(format!(
                    "the English page has `#{frag}` on `{en}`; its translation `{tr}` makes `#{anchor}`. Add `{{#{frag}}}` to the translated heading to keep the English anchor",
                    frag = decoded,
                    en = t.english,
                    tr = t.heading_text,
                    anchor = t.anchor
                ));
                if target.is_none() {
                    let at = t.text_end;
                    diag = diag.with_fix(Fix::unsafe_(
                        format!("add `{{#{decoded}}}` to the heading"),
                        vec![Edit::replace(at..at, format!(" {{#{decoded}}}"))],
                    ));
                } else {
                    diag = diag.with_fix(Fix::unsafe_(
                        format!("link to `#{}`", t.anchor),
                        vec![Edit::replace(fragment.range.clone(), t.anchor.clone())],
                    ));
                }
            } else if !close.is_empty() {
                let names: Vec<String> = close.iter().map(|a| format!("`#{}`", a.id)).collect();
                diag = diag.with_help(format!("did you mean {}?", names.join(", ")));
                if let [only] = close.as_slice() {
                    diag = diag.with_fix(Fix::unsafe_(
                        format!("link to `#{}`", only.id),
                        vec![Edit::replace(fragment.range.clone(), only.id.clone())],
                    ));
                }
            } else if anchors.is_empty() {
                diag = diag.with_help("the target page has no headings with anchors".to_string());
            } else {
                diag = diag.with_help(
                    "no anchor of the target is close; check the heading it should point to"
                        .to_string(),
                );
            }
            out.push(diag);
        }
    }
}

/// The translated heading that lost the English anchor.
struct Translated {
    english: String,
    /// Where ` {#id}` goes on the translated heading line.
    text_end: usize,
    heading_text: String,
    /// The translated heading's own anchor.
    anchor: String,
}

/// When the English source has a link with the same fragment, and on the
/// English target that fragment is heading number `k`, the translated
/// target's heading number `k` (same level) is its translation.
fn translated_heading(
    page: &PageIndex,
    ctx: &SiteContext,
    fragment: &Fragment<'_>,
    target: Option<&PageIndex>,
) -> Option<Translated> {
    let source = ctx.source.as_ref()?;
    let links = PageLinks::new(&source.path, ctx.links, &source.config);
    let wanted = percent_decode(fragment.raw);
    for link in &source.links {
        let Some(dest) = links.local_dest(link) else {
            continue;
        };
        let (f, en_target) = match dest {
            LinkDest::SamePage(f) => (f, None),
            LinkDest::Path {
                resolution: Resolution::Found(p),
                fragment: Some(f),
                ..
            } => (f, Some(p)),
            _ => continue,
        };
        if percent_decode(f.raw) != wanted {
            continue;
        }
        let en_page = match &en_target {
            Some(p) => ctx.pages.page(p)?,
            None => source.clone(),
        };
        let k = en_page
            .anchors
            .anchors
            .iter()
            .find(|a| a.id == wanted.as_ref())?
            .heading?;
        let tr_page = target.unwrap_or(page);
        let en_heading = en_page.headings.get(k)?;
        let tr_heading = tr_page.headings.get(k)?;
        if en_heading.level != tr_heading.level
            || tr_heading.explicit_id.is_some()
            || en_page.headings.len() != tr_page.headings.len()
        {
            return None;
        }
        let anchor = tr_page
            .anchors
            .anchors
            .iter()
            .find(|a| a.heading == Some(k))?
            .id
            .clone();
        return Some(Translated {
            english: format!(
                "{} {}",
                "#".repeat(usize::from(en_heading.level)),
                en_heading.text
            ),
            text_end: tr_heading.text_end,
            heading_text: format!(
                "{} {}",
                "#".repeat(usize::from(tr_heading.level)),
                tr_heading.text
            ),
            anchor,
        });
    }
    None
}

/// Destinations of the English source page whose fragment is broken there too.
fn broken_in_source(ctx: &SiteContext) -> Vec<String> {
    let Some(source) = &ctx.source else {
        return Vec::new();
    };
    let links = PageLinks::new(&source.path, ctx.links, &source.config);
    let mut out = Vec::new();
    for l in &source.links {
        let (fragment, anchors): (_, Arc<crate::links::anchors::AnchorSet>) =
            match links.local_dest(l) {
                Some(LinkDest::SamePage(f)) => (f, source.anchors.clone()),
                Some(LinkDest::Path {
                    resolution: Resolution::Found(p),
                    fragment: Some(f),
                    ..
                }) if is_page_file(&p) => match ctx.pages.page(&p) {
                    Some(t) => (f, t.anchors.clone()),
                    None => continue,
                },
                _ => continue,
            };
        let decoded = percent_decode(fragment.raw);
        if !is_implicit_fragment(&decoded)
            && !anchors.contains(&decoded)
            && !anchors.contains(fragment.raw)
        {
            out.push(l.dest.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::checks::test_support::check_str;

    #[test]
    fn fails() {
        for s in [
            "## 자주 묻는 질문\n\n[FAQ](#faq)\n",
            "## shouldComponentUpdate {#shouldcomponentupdate}\n\n[x](#shouldComponentupdate)\n",
            "## UNSAFE_componentWillReceiveProps\n\n[x](#unsafe_cmoponentwillreceiveprops)\n",
            "# Title\n\n[top heading](#title)\n",
            "## Caveats\n\n[x](#caveats-1)\n",
            "## 다운로더 플러그인 {/* #downloader */}\n\n[x](#다운로더-플러그인)\n",
        ] {
            assert_eq!(check_str("broken-anchor", s).len(), 1, "{s}");
        }
    }

    #[test]
    fn passes() {
        for s in [
            "## 자주 묻는 질문\n\n[FAQ](#자주-묻는-질문)\n",
            "## 자주 묻는 질문\n\n[FAQ](#%EC%9E%90%EC%A3%BC-%EB%AC%BB%EB%8A%94-%EC%A7%88%EB%AC%B8)\n",
            "## よくある質問（FAQ）\n\n[x](#よくある質問faq)\n",
            "## 常见问题\n\n[x](#常见问题)\n",
            "## 🚀 Quick start!\n\n[x](#-quick-start)\n",
            "## Caveats\n\n## Caveats\n\n[x](#caveats-1)\n",
            "## 다운로더 플러그인 {#downloader-plugins}\n\n[x](#downloader-plugins)\n",
            "## 드라이버 {/* #driver */}\n\n[x](#driver)\n",
            "## Reference {/*reference*/}\n\n[x](#reference)\n",
            "<a id=\"custom\"></a>\n\n[x](#custom)\n",
            "<div id=\"box\">x</div>\n\n[x](#box)\n",
            "[top](#top) and [text](#:~:text=hello)\n",
            "`[x](#nothing)` in code\n",
            "## x\n\n[external](https://example.com/#nowhere)\n",
        ] {
            assert!(
                check_str("broken-anchor", s).is_empty(),
                "{s}: {:?}",
                check_str("broken-anchor", s)
            );
        }
    }

    #[test]
    fn names_the_closest_anchor_with_an_unsafe_fix() {
        let d = check_str(
            "broken-anchor",
            "## shouldComponentUpdate {#shouldcomponentupdate}\n\n[x](#shouldComponentupdate)\n",
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or_default()
                .contains("`#shouldcomponentupdate`")
        );
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, crate::diagnostic::Applicability::Unsafe);
        assert_eq!(fix.edits[0].replacement, "shouldcomponentupdate");
    }
}
