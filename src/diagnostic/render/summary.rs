//! The GitHub job summary (`GITHUB_STEP_SUMMARY`): Markdown tables of the
//! files, the rules, and what `--fix` would repair.
//!
//! The summary is a list of sections ([`SECTIONS`]), each a function that
//! returns its Markdown or `None` when it has nothing to say. A new section
//! (say, a per-locale parity table) is one more function in the list; data the
//! diagnostics do not carry (pages per locale) becomes a field of [`Summary`],
//! filled by the caller.

use super::{RenderInput, display_path, escape_controls, plural};
use crate::diagnostic::{Applicability, Diagnostic};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What the sections read.
pub struct Summary<'a> {
    pub input: &'a RenderInput<'a>,
    /// The checked pages that have an English source, and their locales.
    pub translations: &'a BTreeMap<PathBuf, String>,
}

/// A part of the summary: its Markdown, or `None` to leave it out.
pub type Section = fn(&Summary) -> Option<String>;

/// The sections, in the order they are written.
pub const SECTIONS: &[Section] = &[totals, parity, files, rules, fixes];

/// Most rows of the files table; the rest are counted in its last row.
const MAX_FILES: usize = 50;

pub fn render(summary: &Summary) -> String {
    let mut out = String::from("## loclint\n\n");
    for section in SECTIONS {
        if let Some(s) = section(summary) {
            out.push_str(&s);
            out.push('\n');
        }
    }
    out
}

/// A table cell: one line, no pipes, no control characters.
fn cell(s: &str) -> String {
    escape_controls(s).replace('|', "\\|")
}

fn code(s: &str) -> String {
    format!("`{}`", cell(s).replace('`', "'"))
}

fn fix_counts(ds: &[&Diagnostic]) -> (usize, usize) {
    let of = |a| {
        ds.iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    (of(Applicability::Safe), of(Applicability::Unsafe))
}

fn totals(s: &Summary) -> Option<String> {
    let t = s.input.totals();
    if s.input.diagnostics.is_empty() {
        return Some(format!(
            "All clean: {} checked.\n",
            plural(s.input.files, "file")
        ));
    }
    Some(format!(
        "{}, {} in {} of {}.\n",
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        t.files_with_findings,
        plural(s.input.files.max(t.files_with_findings), "file")
    ))
}

fn files(s: &Summary) -> Option<String> {
    let slices = super::file_slices(s.input.diagnostics);
    if slices.is_empty() {
        return None;
    }
    let mut out = String::from(
        "| file | errors | warnings | findings | `--fix` repairs | `--fix --unsafe-fixes` adds |\n| --- | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for ds in slices.iter().take(MAX_FILES) {
        let all: Vec<&Diagnostic> = ds.iter().collect();
        let errors = ds
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count();
        let warnings = ds
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Warning)
            .count();
        let (safe, unsafe_) = fix_counts(&all);
        out.push_str(&format!(
            "| {} | {errors} | {warnings} | {} | {safe} | {unsafe_} |\n",
            code(&display_path(&ds[0].path)),
            ds.len()
        ));
    }
    if slices.len() > MAX_FILES {
        out.push_str(&format!(
            "| and {} more | | | | | |\n",
            plural(slices.len() - MAX_FILES, "file")
        ));
    }
    Some(out)
}

fn rules(s: &Summary) -> Option<String> {
    let mut by_rule: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in s.input.diagnostics {
        by_rule.entry(d.rule).or_default().push(d);
    }
    if by_rule.is_empty() {
        return None;
    }
    let mut out = String::from(
        "| rule | findings | files | `--fix` repairs | `--fix --unsafe-fixes` adds |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    for (rule, ds) in &by_rule {
        let mut paths: Vec<&std::path::Path> = ds.iter().map(|d| d.path.as_path()).collect();
        paths.dedup();
        let (safe, unsafe_) = fix_counts(ds);
        out.push_str(&format!(
            "| {} | {} | {} | {safe} | {unsafe_} |\n",
            code(rule),
            ds.len(),
            paths.len()
        ));
    }
    Some(out)
}

fn fixes(s: &Summary) -> Option<String> {
    let t = s.input.totals();
    if t.safe_fixes + t.unsafe_fixes == 0 {
        return None;
    }
    let mut out = String::new();
    if t.safe_fixes > 0 {
        out.push_str(&format!(
            "`loclint check --fix` repairs {} (certain).",
            plural(t.safe_fixes, "finding")
        ));
    }
    if t.unsafe_fixes > 0 {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!(
            "`loclint check --fix --unsafe-fixes` also applies {} (guesses: review the diff from `loclint check --diff --unsafe-fixes`).",
            plural(t.unsafe_fixes, "fix")
        ));
    }
    out.push('\n');
    Some(out)
}

/// One locale's row of the parity table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ParityRow {
    pub locale: String,
    /// Checked pages of the locale that have an English source.
    pub pages: usize,
    /// Pages with a `stale-translation` finding.
    pub stale: usize,
    /// `missing-section` findings (each a run of consecutive sections).
    pub missing_sections: usize,
    pub untranslated_paragraphs: usize,
}

/// Per locale, sorted: how many pages are translated and how far they are
/// from their sources, from the parity rules' findings.
pub fn parity_rows(
    diagnostics: &[Diagnostic],
    translations: &BTreeMap<PathBuf, String>,
) -> Vec<ParityRow> {
    let mut rows: BTreeMap<&str, ParityRow> = BTreeMap::new();
    for locale in translations.values() {
        rows.entry(locale).or_default().pages += 1;
    }
    let mut stale: BTreeSet<&PathBuf> = BTreeSet::new();
    for d in diagnostics {
        let Some(locale) = translations.get(&d.path) else {
            continue;
        };
        let Some(row) = rows.get_mut(locale.as_str()) else {
            continue;
        };
        match d.rule {
            "stale-translation" if stale.insert(&d.path) => row.stale += 1,
            "missing-section" => row.missing_sections += 1,
            "untranslated-paragraph" => row.untranslated_paragraphs += 1,
            _ => {}
        }
    }
    rows.into_iter()
        .map(|(locale, row)| ParityRow {
            locale: locale.to_string(),
            ..row
        })
        .collect()
}

fn parity(s: &Summary) -> Option<String> {
    let rows = parity_rows(s.input.diagnostics, s.translations);
    if rows.is_empty() {
        return None;
    }
    let mut out = String::from(
        "| locale | pages translated | stale | missing sections | untranslated paragraphs |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            code(&r.locale),
            r.pages,
            r.stale,
            r.missing_sections,
            r.untranslated_paragraphs
        ));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use std::collections::HashMap;

    fn finding(rule: &'static str, path: &str) -> Diagnostic {
        Diagnostic::new(
            rule,
            Severity::Warning,
            PathBuf::from(path),
            0..1,
            "m".to_string(),
        )
    }

    #[test]
    fn parity_table_per_locale() {
        let translations: BTreeMap<PathBuf, String> =
            [("ko/a.md", "ko"), ("ko/b.md", "ko"), ("ja/a.md", "ja")]
                .into_iter()
                .map(|(p, l)| (PathBuf::from(p), l.to_string()))
                .collect();
        let ds = vec![
            finding("stale-translation", "ko/a.md"),
            finding("untranslated-paragraph", "ko/a.md"),
            finding("untranslated-paragraph", "ko/b.md"),
            finding("missing-section", "ja/a.md"),
            finding("missing-section", "ja/a.md"),
            finding("mojibake", "ja/a.md"),
            finding("stale-translation", "docs/a.md"),
        ];
        let texts = HashMap::new();
        let input = RenderInput {
            diagnostics: &ds,
            texts: &texts,
            files: 4,
            fixed: 0,
        };
        let s = Summary {
            input: &input,
            translations: &translations,
        };
        assert_eq!(
            parity(&s).as_deref(),
            Some(
                "| locale | pages translated | stale | missing sections | untranslated paragraphs |\n\
                 | --- | ---: | ---: | ---: | ---: |\n\
                 | `ja` | 1 | 0 | 2 | 0 |\n\
                 | `ko` | 2 | 1 | 0 | 2 |\n"
            )
        );
        let none = BTreeMap::new();
        let s = Summary {
            input: &input,
            translations: &none,
        };
        assert_eq!(parity(&s), None);
    }
}
