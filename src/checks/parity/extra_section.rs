//! `extra-section`: sections of a translation that its English source does not have.

use super::{Gaps, Parity, runs, shown_heading, trimmed};
use crate::checks::{Category, Context, FixAvailability, Input, Reads, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::util::display_path;

pub(crate) const DOC: &str = r#"# extra-section

## What it does
Reports headings of a translated page that have no counterpart in its English
source: one finding per run of consecutive extra sections. Pairing and
alignment are `missing-section`'s; level-1 titles are not counted.

## Why is this bad?
An extra section is either kept from an older version of the source (the
English page removed or renamed it), or added by the translators. The first
is outdated text; the second may be fine, and is worth a look. The rule is
informational for that reason.

## Example
```markdown
<!-- docs/install.md -->
## Linux

<!-- i18n/zh/docusaurus-plugin-content-docs/current/install.md -->
## Linux
## 旧版安装方式
```

Use instead:
```markdown
## Linux
```

## Fix safety
No automatic fix.

## Options
The severity (`[rules] extra-section = "off"`).

## Data
None: the English source page is the reference.
"#;

static META: RuleMeta = RuleMeta {
    name: "extra-section",
    category: Category::Translation,
    severity: Severity::Info,
    fix: FixAvailability::Never,
    doc: DOC,
    reads: Reads::with_source(Input::Original),
    repairs: false,
};

pub struct ExtraSection;

impl Rule for ExtraSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(p) = Parity::new(doc, ctx) else {
            return;
        };
        let gaps = Gaps::new(&p);
        for run in runs(&gaps.extra) {
            let Some(&first) = run.first() else { continue };
            let what = if run.len() == 1 {
                format!("`{}` has", shown_heading(doc, first))
            } else {
                let more = run.len() - 1;
                format!(
                    "`{}` and {more} more heading{} after it have",
                    shown_heading(doc, first),
                    if more == 1 { "" } else { "s" }
                )
            };
            out.push(
                Diagnostic::new(
                    META.name,
                    META.severity,
                    &doc.path,
                    trimmed(&doc.text, &doc.headings[first].range),
                    format!("{what} no counterpart in the English source"),
                )
                .with_help(format!(
                    "{} has no such section: remove it if the source dropped it, or keep it if it was added on purpose",
                    display_path(&p.src.path)
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::parity::test_support::check_pair;

    #[test]
    fn an_added_section_is_reported_once_per_run() {
        let src = "## Linux\n\n## macOS\n";
        let tr = "## 리눅스\n\n## 옛 방식\n\n### 자세히\n\n## 맥OS\n";
        let d = check_pair("extra-section", src, tr);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "`## 옛 방식` and 1 more heading after it have no counterpart in the English source"
        );
    }

    #[test]
    fn same_outline_is_clean() {
        assert!(check_pair("extra-section", "## A\n\n## B\n", "## 가\n\n## 나\n").is_empty());
    }
}
