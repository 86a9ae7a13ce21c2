//! `missing-section`: sections of the English source that the translation lacks.

use super::{Gaps, Parity, runs, shown_heading, trimmed};
use crate::checks::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::util::display_path;

pub(crate) const DOC: &str = r#"# missing-section

## What it does
Reports the sections of the English source that have no counterpart on the
translated page: one finding per run of consecutive missing sections, at the
place in the translation where they belong, naming their headings.

Headings are paired by explicit id, by place among the same-level headings
of the same parent section, and by the slug of an untranslated heading.
Where the two outlines disagree between two paired headings, the leftover
headings are aligned by level and by what their sections share (inline code,
link targets, code blocks), so a translation that lacks one of three
sections reports the one whose content it does not have. Level-1 titles are
not counted: a page may take its title from front matter.

## Why is this bad?
A translation that fell behind its source, or skipped part of it, tells its
readers less than the English page, without saying so. The missing part is
often the newest (a new option, a security note).

## Example
```markdown
<!-- docs/install.md -->
## Linux
## macOS
## Windows

<!-- i18n/ja/docusaurus-plugin-content-docs/current/install.md -->
## Linux
## macOS
```

Use instead:
```markdown
## Linux
## macOS
## Windows
```

## Fix safety
No automatic fix: the section has to be translated.

## Options
The severity (`[rules] missing-section = "off"`).

## Data
None: the English source page is the reference.
"#;

static META: RuleMeta = RuleMeta {
    name: "missing-section",
    category: Category::Translation,
    severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_source(Input::Original),
    repairs: false,
};

pub struct MissingSection;

impl Rule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(p) = Parity::new(doc, ctx) else {
            return;
        };
        check(&p, &Gaps::new(&p), out);
    }
}

/// How many headings a message quotes before it says "and N more".
const QUOTED: usize = 3;

fn check(p: &Parity<'_>, gaps: &Gaps, out: &mut Vec<Diagnostic>) {
    let (src, doc) = (p.src, p.doc);
    for run in runs(&gaps.missing) {
        let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
            continue;
        };
        // They belong before the translation of the next source heading that has one.
        let next = (last + 1..src.headings.len()).find_map(|s| gaps.aligned[s]);
        let (range, place) = match next {
            Some(t) => (
                trimmed(&doc.text, &doc.headings[t].range),
                format!("before `{}`", shown_heading(doc, t)),
            ),
            None => {
                let end = doc.text.trim_end().len();
                let start = doc.text[..end].rfind('\n').map_or(0, |i| i + 1);
                (start..end, "at the end of the page".to_string())
            }
        };
        let mut names: Vec<String> = run
            .iter()
            .take(QUOTED)
            .map(|&s| format!("`{}`", shown_heading(src, s)))
            .collect();
        if run.len() > QUOTED {
            names.push(format!("and {} more", run.len() - QUOTED));
        }
        let what = if run.len() == 1 {
            "a section".to_string()
        } else {
            format!("{} sections", run.len())
        };
        let (l1, _) = src.line_col(src.headings[first].range.start);
        let end = src
            .headings
            .get(last + 1)
            .map_or(src.text.len(), |h| h.range.start);
        let (l2, _) = src.line_col(end.saturating_sub(1).max(src.headings[first].range.start));
        out.push(
            Diagnostic::new(
                META.name,
                META.severity,
                &doc.path,
                range,
                format!(
                    "the translation lacks {what} of the English source: {}",
                    names.join(", ")
                ),
            )
            .with_help(format!(
                "translate {} lines {l1}-{l2} and put {} {place}",
                display_path(&src.path),
                if run.len() == 1 { "it" } else { "them" },
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::parity::test_support::check_pair;

    const SRC: &str =
        "## Linux\n\nUse `apt`.\n\n## macOS\n\nUse `brew`.\n\n## Windows\n\nUse `winget`.\n";

    #[test]
    fn a_missing_last_section_is_named() {
        let tr = "## 리눅스\n\n`apt`를 쓰세요.\n\n## 맥OS\n\n`brew`를 쓰세요.\n";
        let d = check_pair("missing-section", SRC, tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "the translation lacks a section of the English source: `## Windows`"
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .ends_with("at the end of the page")
        );
    }

    #[test]
    fn content_picks_the_missing_middle_section() {
        let tr = "## 리눅스\n\n`apt`를 쓰세요.\n\n## 윈도우\n\n`winget`을 쓰세요.\n";
        let d = check_pair("missing-section", SRC, tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.ends_with("`## macOS`"), "{}", d[0].message);
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .ends_with("before `## 윈도우`")
        );
    }

    #[test]
    fn a_section_a_level_down_with_the_same_content_is_not_missing() {
        // The translation follows an older layout: the steps were top-level.
        let src = "## Release\n\nSteps.\n\n### 1. Branch\n\nRun `git checkout -b release` and `git push origin release`.\n\n### 2. Tag\n\nRun `git tag v1` and `git push --tags`.\n";
        let tr = "## 릴리스\n\n단계.\n\n## 1. 브랜치\n\n`git checkout -b release`와 `git push origin release`를 실행합니다.\n\n## 2. 태그\n\n`git tag v1`와 `git push --tags`를 실행합니다.\n";
        assert!(check_pair("missing-section", src, tr).is_empty());
        assert!(check_pair("extra-section", src, tr).is_empty());
        // Without shared content a level apart is still a gap.
        let tr = "## 릴리스\n\n단계.\n\n## 1. 브랜치\n\n실행합니다.\n\n## 2. 태그\n\n실행합니다.\n";
        assert_eq!(check_pair("missing-section", src, tr).len(), 1);
    }

    #[test]
    fn consecutive_missing_sections_are_one_finding() {
        let tr = "## 리눅스\n\n`apt`를 쓰세요.\n";
        let d = check_pair("missing-section", SRC, tr);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("2 sections"), "{}", d[0].message);
    }

    #[test]
    fn same_outline_is_clean() {
        let tr = "## 리눅스\n\n## 맥OS\n\n## 윈도우\n";
        assert!(check_pair("missing-section", SRC, tr).is_empty());
        // A title only the source has is not a section.
        let src = "# Install\n\n## Linux\n";
        assert!(check_pair("missing-section", src, "## 리눅스\n").is_empty());
    }
}
