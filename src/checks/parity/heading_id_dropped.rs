//! `heading-id-dropped`: a translated heading that lost its source's explicit id.

use super::{Parity, id_is_translated, shown_heading, trimmed};
use crate::checks::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::links::index::heading_text_end;
use crate::pairing::counterpart::MatchKind;

pub(crate) const DOC: &str = r#"# heading-id-dropped

## What it does
Reports a heading of a translated page whose English source heading has an
explicit id (`{#id}`, `{/* #id */}`, `{/*id*/}`) when the translated heading
has none, or another one.

The translated heading is found by the same id, then by its place among the
same-level headings of the same parent section, then by the slug of its text
when it was left in English. A heading the translation moved keeps its match
through its id; a translated id (`{#소개}`) is `markup-translated`'s finding.

## Why is this bad?
An explicit id is an anchor that other pages, other sites and the sidebar
link to. Without it the translated heading gets the slug of its translated
text, and every `#id` link to it lands at the top of the page.

## Example
```markdown
<!-- docs/setup.md -->
## Installing the CLI {#install}

<!-- i18n/ko/docusaurus-plugin-content-docs/current/setup.md -->
## CLI 설치하기
```

Use instead:
```markdown
## CLI 설치하기 {#install}
```

## Fix safety
The fix adds the source's id marker, as the source writes it, to the
translated heading (or puts it in place of a different id). It is safe when
the heading was matched by position in sections whose outline is the same on
both sides; otherwise (the outlines differ, or the match is by slug) it is
unsafe. There is no fix when the page already uses the id elsewhere.

## Options
The severity (`[rules] heading-id-dropped = "warning"`).

## Data
None: the English source page is the reference.
"#;

static META: RuleMeta = RuleMeta {
    name: "heading-id-dropped",
    category: Category::Translation,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: DOC,
    reads: Reads::with_source(Input::Original),
    repairs: false,
};

pub struct HeadingIdDropped;

impl Rule for HeadingIdDropped {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(p) = Parity::new(doc, ctx) else {
            return;
        };
        check(&p, out);
    }
}

fn check(p: &Parity<'_>, out: &mut Vec<Diagnostic>) {
    let (src, doc) = (p.src, p.doc);
    for (s, t, by) in p.heads.pairs() {
        let sh = &src.headings[s];
        let (Some(id), Some(id_range)) = (&sh.explicit_id, &sh.id_range) else {
            continue;
        };
        let th = &doc.headings[t];
        if th.explicit_id.as_deref() == Some(id.as_str()) {
            continue;
        }
        if th.explicit_id.as_deref().is_some_and(id_is_translated) {
            continue;
        }
        let marker = src.text.get(id_range.clone()).unwrap_or_default().trim();
        let (line, _) = src.line_col(sh.range.start);
        let (message, edit) = match (&th.explicit_id, &th.id_range) {
            (Some(other), Some(r)) => (
                format!("heading has id `{other}` where the English source has `{id}`"),
                Edit::replace(trimmed(&doc.text, r), marker.to_string()),
            ),
            _ => {
                let at = heading_text_end(&doc.text, th.range.clone());
                (
                    format!("heading dropped the English source's id `{id}`"),
                    Edit::replace(at..at, format!(" {marker}")),
                )
            }
        };
        let range = trimmed(&doc.text, &th.range);
        let mut d = Diagnostic::new(META.name, META.severity, &doc.path, range, message).with_help(
            format!(
                "the source heading is `{}` (line {line}); links to `#{id}` miss this heading",
                shown_heading(src, s)
            ),
        );
        let id_used_elsewhere = doc
            .headings
            .iter()
            .enumerate()
            .any(|(i, h)| i != t && h.explicit_id.as_deref() == Some(id.as_str()))
            || doc.html_ids.iter().any(|(h, _)| h == id);
        if !id_used_elsewhere {
            let title = format!("restore `{marker}` from the English source");
            d = d.with_fix(match by {
                MatchKind::Position { same_shape: true } => Fix::safe(title, vec![edit]),
                _ => Fix::unsafe_(title, vec![edit]),
            });
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::parity::test_support::{check_pair, fix_pair};

    const SRC: &str =
        "# Setup\n\n## Install the CLI {#install}\n\nText.\n\n## Configure {#configure}\n\nMore.\n";

    #[test]
    fn dropped_id_is_reported_and_restored_safely() {
        let tr = "# 설정\n\n## CLI 설치 ##\n\n내용.\n\n## 구성 {#configure}\n\n더.\n";
        let d = check_pair("heading-id-dropped", SRC, tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "heading dropped the English source's id `install`"
        );
        assert_eq!(
            fix_pair("heading-id-dropped", SRC, tr, false),
            "# 설정\n\n## CLI 설치 {#install} ##\n\n내용.\n\n## 구성 {#configure}\n\n더.\n"
        );
    }

    #[test]
    fn other_id_is_replaced() {
        let tr = "# 설정\n\n## CLI 설치 {#setup-cli}\n\n## 구성 {#configure}\n";
        let d = check_pair("heading-id-dropped", SRC, tr);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`setup-cli`"), "{}", d[0].message);
        assert!(
            fix_pair("heading-id-dropped", SRC, tr, false).contains("## CLI 설치 {#install}\n")
        );
    }

    #[test]
    fn reordered_headings_keeping_ids_are_clean() {
        let tr = "# 설정\n\n## 구성 {#configure}\n\n## CLI 설치 {#install}\n";
        assert!(check_pair("heading-id-dropped", SRC, tr).is_empty());
    }

    #[test]
    fn translated_ids_are_left_to_markup_translated() {
        let tr = "# 설정\n\n## CLI 설치 {#설치}\n\n## 구성 {#configure}\n";
        assert!(check_pair("heading-id-dropped", SRC, tr).is_empty());
    }

    #[test]
    fn loose_match_gives_an_unsafe_fix() {
        // A top-level h3 the translation lacks: the outlines differ.
        let src = "### Z\n\n## A {#a}\n\n## B {#b}\n";
        let tr = "## 가\n\n## 나 {#b}\n";
        let d = check_pair("heading-id-dropped", src, tr);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].fix.as_ref().map(|f| f.applicability),
            Some(crate::diagnostic::Applicability::Unsafe)
        );
        assert_eq!(fix_pair("heading-id-dropped", src, tr, false), tr);
        assert_eq!(
            fix_pair("heading-id-dropped", src, tr, true),
            "## 가 {#a}\n\n## 나 {#b}\n"
        );
    }

    #[test]
    fn pages_without_a_source_are_not_checked() {
        let d = crate::checks::test_support::check_str(
            "heading-id-dropped",
            "---\nlocale: ko\n---\n## 설치\n",
        );
        assert!(d.is_empty());
    }
}
