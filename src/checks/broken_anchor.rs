//! `broken-anchor`: a `#fragment` that no heading or element of the target page produces.

use std::sync::Arc;

use super::{Category, FixAvailability, Input, Reads, Rule, RuleMeta, SiteContext, url};
use crate::checks::parity::{Outlined, match_outlines};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::links::anchors::is_implicit_fragment;
use crate::links::index::PageIndex;
use crate::links::page::{Fragment, LinkDest, PageLinks, is_page_file};
use crate::links::percent_decode;
use crate::links::resolve::Resolution;
use crate::pairing::counterpart::MatchKind;
use crate::urls::localized::Reference;
use crate::util::absolute;

pub(crate) const DOC: &str = r#"# broken-anchor

## What it does
Checks that the fragment of a link (`#faq`, `./x.md#faq`, `/docs/x#faq`)
names an anchor of the target page. Anchors are computed as Docusaurus does:
the github-slugger v2 slug of each heading (`## 자주 묻는 질문` is
`#자주-묻는-질문`; repeated headings get `-1`, `-2`), replaced by an explicit
`{#id}`, `{/* #id */}` or `{/*id*/}`; the h1 has none in a site (in no
site it has one, as on GitHub); `<a id>`, `<span id>` and `<div id>` add
theirs. Matching is case-sensitive after percent-decoding.
The message names the closest anchors, or the translated heading that
stands for the English one.

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
Unsafe. When the English source has a link with the same fragment (to the
same page, or to the English original of the linked page) and the fragment
is a heading's anchor there, the rule looks for the translated heading that
stands for that heading, as the parity rules pair headings: the same
explicit id, the same text (a heading left in English, a code name), or the
same place among the same-level headings of paired sections, counted
between headings paired by id or text, and only where both sides have as
many (a section the translation added or dropped leaves its neighbours
unpaired, never paired with the wrong one). The fix adds `{#english-slug}`
to that heading (a link on the same page), or points the link at the
translated heading's own anchor (another page: a fix edits only the page it
is reported on). Even when both pages have the same headings at the same
levels, the new id replaces the heading's own anchor, which links on other
pages may use, and a rule sees only the pages its links reach, so the fix is
never safe. A translated heading that already has an id of its own gets no
second one. Without a paired heading, when exactly one anchor is close (a
typo, a case difference), the fix points the link at it. A fragment that
`localized-url` reports (a half-translated slug such as
`#고객-details-export`) is left to that rule, whichever rules are selected.

A translation that Docusaurus does not build (an `i18n/` page with no English
page in the source folder) is checked all the same, and its findings say so:
the page goes live as soon as the English page is added.

## Options
- `links.exclude`: regular expressions; matching destinations are skipped.
- `[[links.sites]] title-anchors`: the site's theme gives the page title an
  id (stock Docusaurus renders the h1 without one); the h1, or the
  front-matter `title`, then answers to its slug. A page in no site is read
  as GitHub and npm render Markdown: its h1 has an id.
- `[[links.sites]] redirects`: the host's redirects, followed before the
  target page is looked up.

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
        // Outside a site, Markdown renderers (GitHub, npm) give the h1 an id.
        let title_anchors = links.site().is_none_or(|s| s.title_anchors);
        let mut source_broken: Option<Vec<String>> = None;
        let mut references: Option<Vec<Reference>> = None;
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
            let target_page = target.as_deref().unwrap_or(page);
            let anchors = &target_page.anchors;
            let decoded = percent_decode(fragment.raw);
            if answers(target_page, title_anchors, &decoded, fragment.raw) {
                continue;
            }
            // The same link broken in the English source is reported there,
            // once, not again in every translation.
            let broken = source_broken.get_or_insert_with(|| broken_in_source(ctx));
            if broken.iter().any(|d| d == &link.dest) {
                continue;
            }
            // A translated fragment is `localized-url`'s to report, with the
            // English words it stood for; asking the same question here,
            // rather than looking at that rule's findings, keeps this rule's
            // findings the same whatever is selected.
            let refs = references.get_or_insert_with(|| localized_url_references(page, ctx));
            let as_read = link.repaired.as_deref().unwrap_or(&link.written);
            if url::page::reports_fragment(as_read, page, ctx.pages, refs) {
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
                    "the English page has `#{frag}` on `{en}`; its translation `{tr}` (found {by}) makes `#{anchor}`. Add `{{#{frag}}}` to the translated heading to keep the English anchor",
                    frag = decoded,
                    en = t.english,
                    tr = t.heading_text,
                    by = t.by,
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
            if page.never_built {
                diag = crate::links::page::never_built_note(diag);
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
    /// How the heading was paired with the English one, in the reader's words.
    by: &'static str,
}

/// When the English source has a link with the same fragment, and on the
/// English target that fragment is a heading's anchor, the translated
/// target's counterpart of that heading (`pairing::counterpart`: explicit
/// id, place among same-level headings of counterpart sections, unchanged
/// text) is its translation. A translated heading that already has an id of
/// its own is left alone: which of the two ids links rely on is not known.
fn translated_heading(
    page: &PageIndex,
    ctx: &SiteContext,
    fragment: &Fragment<'_>,
    target: Option<&PageIndex>,
) -> Option<Translated> {
    let source = ctx.source.as_ref()?;
    let links = PageLinks::new(&source.path, ctx.links, &source.config);
    let wanted = percent_decode(fragment.raw);
    let tr_page = target.unwrap_or(page);
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
        // A link to this page pairs with a link to the English page, and a
        // link elsewhere with a link to that page's English original.
        if percent_decode(f.raw) != wanted || en_target.is_some() != target.is_some() {
            continue;
        }
        let en_page = match &en_target {
            Some(p) => match ctx.pages.page(p) {
                Some(en) if is_source_of(&en, tr_page, ctx) => en,
                _ => continue,
            },
            None => source.clone(),
        };
        let Some(k) = en_page
            .anchors
            .anchors
            .iter()
            .find(|a| a.id == wanted.as_ref())
            .and_then(|a| a.heading)
        else {
            continue;
        };
        return counterpart_heading(&en_page, tr_page, k);
    }
    None
}

/// Whether `en` is the English original of `tr`.
fn is_source_of(en: &PageIndex, tr: &PageIndex, ctx: &SiteContext) -> bool {
    let source = tr
        .source_path
        .clone()
        .or_else(|| PageLinks::new(&tr.path, ctx.links, &tr.config).mirrored_source());
    source.is_some_and(|s| absolute(&s) == absolute(&en.path))
}

/// The heading of `tr` that stands for heading `k` of its English page `en`.
fn counterpart_heading(en: &PageIndex, tr: &PageIndex, k: usize) -> Option<Translated> {
    fn outline(p: &PageIndex) -> Vec<Outlined<'_>> {
        p.headings
            .iter()
            .map(|h| (h.level, h.explicit_id.as_deref(), h.text.as_str()))
            .collect()
    }
    let m = match_outlines(&outline(en), &outline(tr));
    let c = m.of_source.get(k).copied().flatten()?;
    let en_heading = en.headings.get(k)?;
    let tr_heading = tr.headings.get(c.index)?;
    if tr_heading.explicit_id.is_some() {
        return None;
    }
    let anchor = tr
        .anchors
        .anchors
        .iter()
        .find(|a| a.heading == Some(c.index))?
        .id
        .clone();
    let by = match c.by {
        MatchKind::Id => "by its id",
        MatchKind::Slug => "by its unchanged text",
        MatchKind::Position { same_shape: true } => "by its place in the same outline",
        MatchKind::Position { same_shape: false } => "by its place among same-level headings",
    };
    Some(Translated {
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
        by,
    })
}

/// The English links `localized-url` compares this page's URLs with: those
/// of the source it reads, the page's paired source (a source found only
/// through `[[links.sites]]` is not given to phase 1 rules).
fn localized_url_references(page: &PageIndex, ctx: &SiteContext) -> Vec<Reference> {
    match (&page.source_path, &ctx.source) {
        (Some(_), Some(source)) => url::page::index_references(source),
        _ => Vec::new(),
    }
}

/// Does `target` answer to the fragment (decoded and as written)?
fn answers(target: &PageIndex, title_anchors: bool, decoded: &str, raw: &str) -> bool {
    is_implicit_fragment(decoded)
        || target.anchors.contains(decoded)
        || target.anchors.contains(raw)
        || (title_anchors
            && (target.title_anchor.as_deref() == Some(decoded)
                || target.anchors.titles.iter().any(|t| t == decoded)))
}

/// Destinations of the English source page whose fragment is broken there too.
fn broken_in_source(ctx: &SiteContext) -> Vec<String> {
    let Some(source) = &ctx.source else {
        return Vec::new();
    };
    let links = PageLinks::new(&source.path, ctx.links, &source.config);
    // Outside a site, Markdown renderers (GitHub, npm) give the h1 an id.
    let title_anchors = links.site().is_none_or(|s| s.title_anchors);
    let mut out = Vec::new();
    for l in &source.links {
        let (fragment, target): (_, Arc<PageIndex>) = match links.local_dest(l) {
            Some(LinkDest::SamePage(f)) => (f, source.clone()),
            Some(LinkDest::Path {
                resolution: Resolution::Found(p),
                fragment: Some(f),
                ..
            }) if is_page_file(&p) => match ctx.pages.page(&p) {
                Some(t) => (f, t),
                None => continue,
            },
            _ => continue,
        };
        let decoded = percent_decode(fragment.raw);
        if !answers(&target, title_anchors, &decoded, fragment.raw) {
            out.push(l.dest.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::counterpart_heading;
    use crate::checks::test_support::check_str;
    use crate::links::index::PageIndex;
    use std::sync::Arc;

    fn index(text: &str) -> PageIndex {
        let doc = crate::document::parse("page.md".into(), text.to_string());
        PageIndex::new(&doc, Arc::new(crate::config::FileConfig::default()))
    }

    /// The translated heading (its text and where the id goes) that stands
    /// for the English heading whose anchor is `wanted`.
    fn paired(en: &str, tr: &str, wanted: &str) -> Option<(String, String, &'static str)> {
        let (en, tr_page) = (index(en), index(tr));
        let k = en
            .anchors
            .anchors
            .iter()
            .find(|a| a.id == wanted)?
            .heading?;
        let t = counterpart_heading(&en, &tr_page, k)?;
        let fixed = format!("{} {{#{wanted}}}{}", &tr[..t.text_end], &tr[t.text_end..]);
        Some((t.heading_text, fixed, t.by))
    }

    #[test]
    fn pairs_the_heading_when_the_outline_is_the_same() {
        let (heading, fixed, by) = paired(
            "# T\n\n## Install\n\n## Usage\n",
            "# 제목\n\n## 설치\n\n## 사용법\n",
            "usage",
        )
        .unwrap();
        assert_eq!(heading, "## 사용법");
        assert_eq!(fixed, "# 제목\n\n## 설치\n\n## 사용법 {#usage}\n");
        assert_eq!(by, "by its place in the same outline");
    }

    #[test]
    fn an_added_section_does_not_shift_the_pairing() {
        // The translator added a section before `helm dependency`; the code
        // heading keeps its text and cuts the run, so the headings after it
        // still pair by place.
        let en = "# C\n\n## Intro\n\n## `helm dependency`\n\n## Chart dependencies\n\n## FAQ\n";
        let tr = "# 차트\n\n## 소개\n\n## 메모\n\n## `helm dependency`\n\n## 차트 의존성\n\n## 자주 묻는 질문\n";
        let (heading, fixed, by) = paired(en, tr, "chart-dependencies").unwrap();
        assert_eq!(heading, "## 차트 의존성");
        assert!(
            fixed.contains("## 차트 의존성 {#chart-dependencies}\n\n## 자주"),
            "{fixed}"
        );
        assert_eq!(by, "by its place among same-level headings");
        assert_eq!(paired(en, tr, "faq").unwrap().0, "## 자주 묻는 질문");
        // Before the cut, one English heading against two: unknown which.
        assert_eq!(paired(en, tr, "intro"), None);
    }

    #[test]
    fn a_dropped_section_leaves_the_run_unpaired() {
        let en = "# P\n\n## Intro\n\n## Installing\n\n## Writing\n";
        let tr = "# 플러그인\n\n## 소개\n\n## 작성하기\n";
        assert_eq!(paired(en, tr, "installing"), None);
        assert_eq!(paired(en, tr, "writing"), None);
    }

    #[test]
    fn explicit_ids_pair_moved_headings() {
        let en = "# T\n\n## Alpha {#alpha}\n\n## Beta {#beta}\n\n## Gamma\n";
        let tr = "# 제목\n\n## 베타 {#beta}\n\n## 알파 {#alpha}\n\n## 감마\n";
        // The two swapped ids cannot both cut the run; the one kept leaves
        // Gamma alone after it on both sides.
        let (heading, _, by) = paired(en, tr, "gamma").unwrap();
        assert_eq!(heading, "## 감마");
        assert_eq!(by, "by its place among same-level headings");
    }

    #[test]
    fn a_heading_with_an_id_of_its_own_gets_no_second_one() {
        let en = "# T\n\n## Install\n\n## Usage\n";
        let tr = "# 제목\n\n## 설치\n\n## 사용법 {#how-to-use}\n";
        assert_eq!(paired(en, tr, "usage"), None);
    }

    #[test]
    fn a_docusaurus_h1_has_no_anchor() {
        let d = crate::checks::test_support::check_bytes_at(
            "broken-anchor",
            "# Title\n\n[top heading](#title)\n".as_bytes(),
            std::path::Path::new("fixtures/sites/ko-default/docs/faq/title.md"),
        );
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn fails() {
        for s in [
            "## 자주 묻는 질문\n\n[FAQ](#faq)\n",
            "## shouldComponentUpdate {#shouldcomponentupdate}\n\n[x](#shouldComponentupdate)\n",
            "## UNSAFE_componentWillReceiveProps\n\n[x](#unsafe_cmoponentwillreceiveprops)\n",
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
            // In no site, the h1 has an id, as GitHub and npm render it.
            "# 사용하기\n\n[사용하기](#사용하기)\n",
            "# 소개\n\n[사용하기](#사용하기)\n\n# 사용하기\n",
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
